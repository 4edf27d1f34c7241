// Instant arithmetic without the zone machinery, and remembered answers: each gives what the zone-aware way gives.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { BusinessCalendar } from '../../src/domain';
import { addBusinessDays, addDays, addHours, inZone, localDate } from '../../src/domain';

const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());

describe('hours and days in UTC', () => {
  it('are what luxon adds in UTC, whatever the instant and the amount (property)', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -2_000, max: 2_000 }), fc.double({ min: -72, max: 72, noNaN: true }), (at, days, hours) => {
        const luxon = (plus: { days?: number; hours?: number }) => DateTime.fromISO(at, { zone: 'utc' }).plus(plus).toUTC().toISO({ suppressMilliseconds: false });
        expect(addDays(at, days)).toBe(luxon({ days }));
        expect(addHours(at, hours)).toBe(luxon({ hours }));
      }),
      { numRuns: 2_000 },
    );
  });

  it('take an instant written with an offset, and answer nothing for something that is not an instant', () => {
    expect(addHours('2026-03-29T01:30:00+01:00', 1)).toBe('2026-03-29T01:30:00.000Z');
    expect(addDays('not a date', 1)).toBe('');
  });
});

describe('remembered answers', () => {
  const berlin: BusinessCalendar = { timeZone: 'Europe/Berlin', workingDays: [1, 2, 3, 4, 5], holidays: ['2026-12-24'] };

  it('are the same answers asked again, and never one calendar’s answer for another', () => {
    const first = addBusinessDays('2026-12-22T10:00:00.000Z', 2, berlin);
    expect(addBusinessDays('2026-12-22T10:00:00.000Z', 2, berlin)).toBe(first);
    expect(first).toBe('2026-12-25T10:00:00.000Z'); // the 24th is a holiday
    const noHolidays = { ...berlin, holidays: [] };
    expect(addBusinessDays('2026-12-22T10:00:00.000Z', 2, noHolidays)).toBe('2026-12-24T10:00:00.000Z');
    expect(localDate('2026-12-22T23:30:00.000Z', berlin)).toBe('2026-12-23');
    expect(localDate('2026-12-22T23:30:00.000Z', inZone(berlin, 'America/New_York'))).toBe('2026-12-22');
  });

  it('are shared by everyone in one zone: a calendar read in a zone is one object', () => {
    expect(inZone(berlin, 'Asia/Tokyo')).toBe(inZone(berlin, 'Asia/Tokyo'));
    expect(inZone(berlin, 'Asia/Tokyo')).toEqual({ ...berlin, timeZone: 'Asia/Tokyo' });
    expect(inZone(berlin, 'Europe/Berlin')).toBe(berlin);
    expect(inZone(berlin, undefined)).toBe(berlin);
  });
});
