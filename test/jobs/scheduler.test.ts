// The in-process scheduler on a ManualClock: what a tick runs, catch-up once after a gap, retries of jobs that
// are not done, and the weekly digest moment in a zone with daylight-saving changes (croner's calendar maths).
import type { JobOutcome, ScheduledJob } from '../../src/jobs/scheduler';
import { JobScheduler } from '../../src/jobs/scheduler';
import { DigestJobs, digestPattern } from '../../src/jobs/digest';
import { ManualClock } from '../../src/service/clock';

function recorder(name: string, pattern: string, timeZone: string, outcomes: (JobOutcome | Error)[] = []) {
  const runs: string[] = [];
  const job: ScheduledJob = {
    name,
    pattern,
    timeZone,
    run: async (now) => {
      runs.push(now.toISOString());
      const next = outcomes.shift() ?? { done: true };
      if (next instanceof Error) throw next;
      return next;
    },
  };
  return { job, runs };
}

const BERLIN = 'Europe/Berlin';

describe('JobScheduler', () => {
  it('runs every job on the first tick (catch-up after start-up), then each at its moments', async () => {
    const clock = new ManualClock(new Date('2025-10-22T10:00:30.000Z'));
    const minutely = recorder('timers', '* * * * *', 'UTC');
    const weekly = recorder('digest', '0 9 * * 1', BERLIN);
    const s = new JobScheduler([minutely.job, weekly.job], { clock });

    await s.tick();
    expect([minutely.runs, weekly.runs]).toEqual([['2025-10-22T10:00:30.000Z'], ['2025-10-22T10:00:30.000Z']]);

    clock.set('2025-10-22T10:00:50.000Z');
    expect((await s.tick()).runs).toEqual([]); // same minute: nothing

    clock.set('2025-10-22T10:01:00.000Z');
    expect((await s.tick()).runs.map((r) => r.name)).toEqual(['timers']);
  });

  it('catches up once however many moments a gap skipped', async () => {
    const clock = new ManualClock(new Date('2025-10-01T00:00:00.000Z'));
    const minutely = recorder('timers', '* * * * *', 'UTC');
    const weekly = recorder('digest', '0 9 * * 1', BERLIN);
    const s = new JobScheduler([minutely.job, weekly.job], { clock });
    await s.tick();
    clock.set('2025-10-29T12:00:00.000Z'); // four Mondays and 40,000 minutes later
    await s.tick();
    expect(minutely.runs.length).toBe(2);
    expect(weekly.runs).toEqual(['2025-10-01T00:00:00.000Z', '2025-10-29T12:00:00.000Z']);
  });

  it('finds Monday 09:00 Berlin before and after the end of summer time', async () => {
    const clock = new ManualClock(new Date('2025-10-19T00:00:00.000Z'));
    const weekly = recorder('digest', '0 9 * * 1', BERLIN);
    const s = new JobScheduler([weekly.job], { clock });
    await s.tick();
    const due = (at: string) => s.dueJobs(new Date(at)).length > 0;
    expect(due('2025-10-20T06:59:00.000Z')).toBe(false);
    expect(due('2025-10-20T07:00:00.000Z')).toBe(true); // 09:00 CEST
    await s.tick(new Date('2025-10-20T07:00:00.000Z'));
    expect(due('2025-10-27T07:00:00.000Z')).toBe(false); // 08:00 CET: not yet
    expect(due('2025-10-27T08:00:00.000Z')).toBe(true); // 09:00 CET
    expect(s.nextMoment(new Date('2025-10-20T07:00:00.000Z'))?.toISOString()).toBe('2025-10-27T08:00:00.000Z');
  });

  it('runs a job again on the next tick while it reports it is not done, or failed', async () => {
    const clock = new ManualClock(new Date('2025-10-27T08:00:00.000Z'));
    const weekly = recorder('digest', '0 9 * * 1', BERLIN, [{ done: false }, new Error('storage down'), { done: true }]);
    const s = new JobScheduler([weekly.job], { clock });
    const first = await s.tick();
    expect(first.runs[0]?.outcome).toEqual({ done: false });
    clock.advance(60_000);
    const second = await s.tick();
    expect(second.runs[0]?.error).toBe('storage down');
    clock.advance(60_000);
    await s.tick();
    clock.advance(60_000);
    await s.tick(); // done: nothing pending, no moment
    expect(weekly.runs).toEqual(['2025-10-27T08:00:00.000Z', '2025-10-27T08:01:00.000Z', '2025-10-27T08:02:00.000Z']);
  });

  it('skips a tick while the previous one still runs', async () => {
    const clock = new ManualClock(new Date('2025-10-27T08:00:00.000Z'));
    let release!: () => void;
    const slow: ScheduledJob = { name: 'slow', pattern: '* * * * *', timeZone: 'UTC', run: () => new Promise((r) => (release = () => r({ done: true }))) };
    const s = new JobScheduler([slow], { clock });
    const first = s.tick();
    expect(await s.tick(new Date('2025-10-27T08:01:00.000Z'))).toMatchObject({ skipped: true, runs: [] });
    release();
    expect((await first).runs.map((r) => r.name)).toEqual(['slow']);
  });

  it('starts and stops its every-minute driver', async () => {
    const s = new JobScheduler([recorder('timers', '* * * * *', 'UTC').job], { clock: new ManualClock(new Date()) });
    s.start();
    s.start(); // idempotent
    await s.stop();
  });
});

describe('the weekly digest moment', () => {
  const jobs = (day: 'MON' | 'SUN', time: string, timeZone: string) =>
    new DigestJobs({
      stores: {} as never,
      sender: { post: async () => ({ ok: true }) },
      settings: { calendar: { timeZone, workingDays: [1, 2, 3, 4, 5], holidays: [] }, day, time, topN: 10 },
      clock: new ManualClock(new Date()),
      instanceId: 't',
    });

  it('is a croner pattern from DIGEST_DAY and DIGEST_TIME', () => {
    expect(digestPattern({ day: 'MON', time: '09:00' })).toBe('0 9 * * 1');
    expect(digestPattern({ day: 'SUN', time: '23:30' })).toBe('30 23 * * 0');
  });

  it('is the latest moment at or before now, in TIME_ZONE', () => {
    const d = jobs('MON', '09:00', 'America/New_York');
    // US summer time ends Sun 2 Nov 2025: Monday 09:00 is 13:00Z before, 14:00Z after.
    expect(d.latestMoment(new Date('2025-10-27T12:59:00.000Z'))?.toISOString()).toBe('2025-10-20T13:00:00.000Z');
    expect(d.latestMoment(new Date('2025-10-27T13:00:00.000Z'))?.toISOString()).toBe('2025-10-27T13:00:00.000Z');
    expect(d.latestMoment(new Date('2025-11-03T13:30:00.000Z'))?.toISOString()).toBe('2025-10-27T13:00:00.000Z');
    expect(d.latestMoment(new Date('2025-11-03T14:00:00.000Z'))?.toISOString()).toBe('2025-11-03T14:00:00.000Z');
  });

  it('survives a time that does not exist on the day summer time begins', () => {
    // Sun 29 Mar 2026 02:30 does not exist in Berlin (02:00 -> 03:00); croner moves it to 03:30 CEST.
    const d = jobs('SUN', '02:30', BERLIN);
    expect(d.nextMoment(new Date('2026-03-28T00:00:00.000Z'))?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(d.nextMoment(new Date('2026-03-29T02:00:00.000Z'))?.toISOString()).toBe('2026-04-05T00:30:00.000Z');
  });
});
