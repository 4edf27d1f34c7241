// What time alone does (tick) and when it will next do something (nextDueAt): due times in business days,
// reminders once per business day up to the limit, the second-level ping, action reminders, review ends
// and the quiet period.
import type { BusinessCalendar, WorkflowSettings } from '../../src/domain';
import { DEFAULT_SETTINGS, addBusinessDays, nextDueAt, tick } from '../../src/domain';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { P, Scenario, action, cmd, plusDays, plusMs, recipients, told } from './builders';

function withCalendar(calendar: Partial<BusinessCalendar>, more: Partial<WorkflowSettings> = {}): WorkflowSettings {
  return { ...DEFAULT_SETTINGS, ...more, calendar: { ...DEFAULT_SETTINGS.calendar, ...calendar } };
}

describe('due times are business days in the organisation’s time zone', () => {
  it.each([
    { name: 'Monday + 5 business days is next Monday', now: '2025-03-03T10:00:00.000Z', cal: {}, due: '2025-03-10T10:00:00.000Z' },
    { name: 'Friday skips the weekend', now: '2025-03-07T15:00:00.000Z', cal: {}, due: '2025-03-14T15:00:00.000Z' },
    { name: 'a flag on Saturday is due the Friday after', now: '2025-03-08T12:00:00.000Z', cal: {}, due: '2025-03-14T12:00:00.000Z' },
    { name: 'a holiday does not count', now: '2025-03-03T10:00:00.000Z', cal: { holidays: ['2025-03-05'] }, due: '2025-03-11T10:00:00.000Z' },
    {
      name: 'holidays are local dates (Auckland)',
      now: '2025-03-03T10:00:00.000Z', // 23:00 Monday in Auckland
      cal: { timeZone: 'Pacific/Auckland', holidays: ['2025-03-04'] },
      due: '2025-03-11T10:00:00.000Z', // Tue (holiday) skipped: Wed, Thu, Fri, Mon, Tue 23:00 local
    },
    {
      name: 'weekends are local too (Friday 12:00 UTC is already Saturday in Auckland)',
      now: '2025-03-07T12:00:00.000Z',
      cal: { timeZone: 'Pacific/Auckland' },
      due: '2025-03-13T12:00:00.000Z', // Friday 14 March 01:00 local; in UTC it would be 14 March 12:00
    },
    {
      name: 'the local hour holds across a daylight-saving change (Berlin)',
      now: '2025-03-28T09:00:00.000Z', // Friday 10:00 CET
      cal: { timeZone: 'Europe/Berlin' },
      due: '2025-04-04T08:00:00.000Z', // Friday 10:00 CEST
    },
    { name: 'a Sunday–Thursday working week', now: '2025-03-06T10:00:00.000Z', cal: { workingDays: [7, 1, 2, 3, 4] }, due: '2025-03-13T10:00:00.000Z' },
  ])('$name', ({ now, cal, due }) => {
    const s = new Scenario({ now, settings: withCalendar(cal) });
    s.open();
    expect(s.case.dueAt).toBe(due);
  });

  it('the number of days is a per-step setting', () => {
    const settings = { ...DEFAULT_SETTINGS, dueBusinessDays: { ...DEFAULT_SETTINGS.dueBusinessDays, 'ic-reset': 2, 'manager-reset': 10 } };
    const s = new Scenario({ settings });
    s.open();
    expect(s.case.dueAt).toBe('2025-03-05T10:00:00.000Z');
    s.do(P.manny, cmd.escalateNow());
    expect(s.case.dueAt).toBe('2025-03-17T10:00:00.000Z');
  });

  it('every waiting phase gets a fresh due time; watching has none', () => {
    const s = new Scenario();
    s.open();
    s.later(24).do(P.ivy, cmd.logAttempt());
    expect(s.case.dueAt).toBe('2025-03-11T10:00:00.000Z');
    s.later(24).do(P.manny, cmd.approveReset());
    expect(s.case.dueAt).toBeUndefined();
  });
});

describe('overdue reminders: the person the case waits on, once per business day, up to the limit', () => {
  it('nothing before the due time; then one reminder per business day, skipping the weekend, three at most', () => {
    const s = new Scenario({ now: '2025-03-07T10:00:00.000Z' }); // Friday: due next Friday 10:00
    s.open();
    expect(s.case.dueAt).toBe('2025-03-14T10:00:00.000Z');
    expect(s.tick('2025-03-14T09:59:59.999Z').events).toEqual([]);

    const first = s.tick('2025-03-14T10:00:00.000Z');
    expect(told(first.notices)).toEqual(['reminder -> ivy']);
    expect(s.tick('2025-03-14T18:00:00.000Z').events).toEqual([]); // once per business day
    expect(s.tick('2025-03-15T10:00:00.000Z').events).toEqual([]); // Saturday
    expect(s.tick('2025-03-16T10:00:00.000Z').events).toEqual([]); // Sunday
    expect(told(s.tick('2025-03-17T10:00:00.000Z').notices)).toEqual(['reminder -> ivy']); // Monday
    expect(told(s.tick('2025-03-18T10:00:00.000Z').notices)).toEqual(['reminder -> ivy']);
    expect(s.case.reminders.sent).toBe(3);
    expect(s.tick('2025-03-19T10:00:00.000Z').events).toEqual([]); // the limit
    expect(s.tick('2025-03-20T10:00:00.000Z').events).toEqual([]);
  });

  it('a scheduler that was away sends one reminder, not a burst', () => {
    const s = new Scenario();
    s.open();
    const r = s.tick('2025-03-13T12:00:00.000Z'); // dueAt + 3 business days
    expect(r.events.filter((e) => e.type === 'reminder-sent')).toEqual([expect.objectContaining({ to: P.ivy, n: 3 })]);
    expect(recipients(r.notices, 'reminder')).toEqual([P.ivy]);
  });

  it('the limit is a setting', () => {
    const s = new Scenario({ settings: { ...DEFAULT_SETTINGS, reminderLimit: 1 } });
    s.open();
    expect(told(s.tick('2025-03-10T10:00:00.000Z').notices)).toEqual(['reminder -> ivy']);
    expect(s.tick('2025-03-11T10:00:00.000Z').events).toEqual([]);
  });

  it('the reminder goes to whoever the case waits on (the approver, not the step owner)', () => {
    const s = new Scenario();
    s.open();
    s.do(P.ivy, cmd.logAttempt());
    expect(told(s.tick('2025-03-10T10:00:00.000Z').notices)).toEqual(['reminder -> manny']);
  });

  it('a new stage starts the reminder count again; the second-level ping still counts from the step', () => {
    const s = new Scenario();
    s.open(); // Monday 3 March 10:00: the step began
    s.tick('2025-03-12T10:00:00.000Z');
    expect(s.case.reminders.sent).toBe(3);
    s.do(P.ivy, cmd.logAttempt());
    expect(s.case.reminders).toEqual({ sent: 0, escalated: false });
    // 10 business days after the step began, the approver's manager hears, though the approval phase is young.
    expect(told(s.tick('2025-03-18T10:00:00.000Z').notices)).toEqual(['overdue -> vera']);
    expect(told(s.tick('2025-03-19T10:00:00.000Z').notices)).toEqual(['reminder -> manny']);
  });

  it('watching steps are never overdue', () => {
    const s = new Scenario();
    s.open();
    s.do(P.ivy, cmd.logAttempt());
    s.do(P.manny, cmd.approveReset());
    expect(s.tick(plusDays(s.now, 60)).events).toEqual([]);
  });
});

describe('second-level ping: two due periods after the step began, the waiting person’s manager hears', () => {
  it('once, at stage start + 10 business days', () => {
    const s = new Scenario();
    s.open(); // Monday 3 March 10:00, due 10 March
    expect(s.tick('2025-03-17T09:59:59.999Z').events.some((e) => e.type === 'overdue-escalated')).toBe(false);
    const r = s.tick('2025-03-17T10:00:00.000Z');
    expect(r.events).toEqual([expect.objectContaining({ type: 'overdue-escalated', to: P.manny, actor: 'system' })]);
    expect(told(r.notices)).toEqual(['overdue -> manny']);
    expect(s.tick('2025-03-18T10:00:00.000Z').events).toEqual([]);
    expect(s.tick('2025-04-30T10:00:00.000Z').events).toEqual([]);
  });

  it('for an approval, the approver’s manager', () => {
    const s = new Scenario();
    s.open();
    s.do(P.ivy, cmd.logAttempt());
    const r = s.tick('2025-03-17T10:00:00.000Z');
    expect(recipients(r.notices, 'overdue')).toEqual([P.vera]);
  });

  it('nobody above the waiting person: the first admin', () => {
    const s = new Scenario();
    s.open(P.nora);
    const r = s.tick('2025-03-17T10:00:00.000Z');
    expect(r.events.find((e) => e.type === 'overdue-escalated')).toMatchObject({ to: P.ada });
    expect(recipients(r.notices, 'overdue')).toEqual([P.ada]);
  });
});

describe('improvement and review actions: owners are reminded after their due date', () => {
  function improving() {
    const s = new Scenario();
    s.toManagerReset();
    s.do(P.manny, cmd.logAttempt());
    s.do(P.manny, cmd.takeOwnership([action('Staff the backlog', P.ian, '2025-03-14'), action('Fix invoicing', P.ivy, '2025-03-21')]));
    return s;
  }

  it('from the first business day after the due date at the start of the workday, once a day, up to the limit', () => {
    const s = improving();
    expect(s.tick('2025-03-17T08:59:59.999Z').events).toEqual([]); // Friday 14th due: nothing over the weekend
    expect(told(s.tick('2025-03-17T09:00:00.000Z').notices)).toEqual(['action-reminder -> ian']);
    expect(s.tick('2025-03-17T17:00:00.000Z').events).toEqual([]);
    expect(told(s.tick('2025-03-18T09:00:00.000Z').notices)).toEqual(['action-reminder -> ian']);
    expect(told(s.tick('2025-03-19T09:00:00.000Z').notices)).toEqual(['action-reminder -> ian']);
    expect(s.tick('2025-03-20T09:00:00.000Z').events).toEqual([]);
    expect(told(s.tick('2025-03-24T09:00:00.000Z').notices)).toEqual(['action-reminder -> ivy']);
  });

  it('a done action is not reminded', () => {
    const s = improving();
    s.do(P.ian, cmd.markDone(s.case.actions[0]!.actionId));
    expect(s.tick('2025-03-18T09:00:00.000Z').events).toEqual([]);
  });

  it('review actions too, in the review period', () => {
    const s = new Scenario();
    s.toDecision();
    s.do(P.vera, cmd.proposeFixable('2025-06-30', [action('Joint plan', P.manny, '2025-04-30')]));
    s.do(P.gina, cmd.approveDecision());
    expect(s.tick('2025-04-30T23:59:59.999Z').events).toEqual([]);
    expect(told(s.tick('2025-05-01T09:00:00.000Z').notices)).toEqual(['action-reminder -> manny']);
  });
});

describe('the review end: tick asks the VP on the end date', () => {
  it('at the start of the workday on the end date (or the next business day)', () => {
    const s = new Scenario();
    s.toDecision();
    s.do(P.vera, cmd.proposeFixable('2025-06-28', [action('Joint plan', P.manny, '2025-04-30')])); // a Saturday
    s.do(P.gina, cmd.approveDecision());
    s.do(P.manny, cmd.markDone(s.case.actions[0]!.actionId));
    expect(s.tick('2025-06-30T08:59:59.999Z').events).toEqual([]);
    const r = s.tick('2025-06-30T09:00:00.000Z');
    expect(s.case).toMatchObject({ step: 'review-period', phase: 'review-question', waitingOn: P.vera, dueAt: '2025-07-07T09:00:00.000Z' });
    expect(recipients(r.notices, 'your-turn')).toEqual([P.vera]);
  });
});

describe('quiet period: 90 days from the later of the approval and the last flag, the case closes resolved', () => {
  it('after an approved IC reset', () => {
    const s = new Scenario();
    s.open();
    s.do(P.ivy, cmd.logAttempt());
    s.later(5).do(P.manny, cmd.approveReset());
    const approvedAt = s.now;
    expect(s.tick(plusMs(plusDays(approvedAt, 90), -1)).events).toEqual([]);
    const r = s.tick(plusDays(approvedAt, 90));
    expect(s.case).toMatchObject({ status: 'closed', outcome: 'resolved' });
    expect(recipients(r.notices, 'outcome')).toEqual([P.ivy, P.manny]);
  });

  it('a merged flag while watching restarts the count from that flag', () => {
    const s = new Scenario();
    s.open();
    s.do(P.ivy, cmd.logAttempt());
    s.later(1).do(P.manny, cmd.approveReset());
    s.later(20).do(P.ian, cmd.flag()); // 21 h after the first flag: merged
    expect(s.case).toMatchObject({ phase: 'watching', level: 1 });
    const lastFlag = s.now;
    expect(s.tick(plusMs(plusDays(lastFlag, 90), -1)).events).toEqual([]);
    s.tick(plusDays(lastFlag, 90));
    expect(s.case.outcome).toBe('resolved');
  });

  it('after "continue" in manager-reset', () => {
    const s = new Scenario();
    s.toManagerReset();
    s.do(P.manny, cmd.logAttempt());
    s.do(P.manny, cmd.continue());
    s.tick(plusDays(s.now, 90));
    expect(s.case).toMatchObject({ status: 'closed', outcome: 'resolved', level: 2 });
  });

  it('the period is a setting', () => {
    const s = new Scenario({ settings: { ...DEFAULT_SETTINGS, quietPeriodDays: 30 } });
    s.open();
    s.do(P.ivy, cmd.logAttempt());
    s.do(P.manny, cmd.approveReset());
    s.tick(plusDays(s.now, 30));
    expect(s.case.outcome).toBe('resolved');
  });

  it('a case that owes something never closes by itself', () => {
    const s = new Scenario();
    s.open();
    s.tick(plusDays(s.now, 400));
    expect(s.case.status).toBe('open');
  });
});

describe('a closed case: tick emits nothing', () => {
  it('whatever the time', () => {
    const s = new Scenario();
    s.toDisengaging();
    s.do(P.vera, cmd.partnerMeeting());
    const closed = s.case;
    for (const days of [0, 1, 10, 90, 400]) {
      const r = tick(closed, s.tickCtx(plusDays(s.now, days)));
      expect(r.events).toEqual([]);
      expect(r.notices).toEqual([]);
      expect(r.state).toBe(closed);
    }
    expect(nextDueAt(closed, s.settings)).toBeUndefined();
  });
});

describe('nextDueAt agrees with tick: at it something happens, a moment before nothing does', () => {
  const states: { name: string; go: (s: Scenario) => unknown }[] = [
    { name: 'ic-reset attempt', go: (s) => s.open() },
    { name: 'ic-reset approval', go: (s) => (s.open(), s.do(P.ivy, cmd.logAttempt())) },
    { name: 'ic-reset watching', go: (s) => (s.open(), s.do(P.ivy, cmd.logAttempt()), s.do(P.manny, cmd.approveReset())) },
    { name: 'manager-reset', go: (s) => s.toManagerReset() },
    { name: 'manager-reset watching', go: (s) => (s.toManagerReset(), s.do(P.manny, cmd.logAttempt()), s.do(P.manny, cmd.continue())) },
    { name: 'internal-improvement', go: (s) => (s.toManagerReset(), s.do(P.manny, cmd.logAttempt()), s.do(P.manny, cmd.takeOwnership())) },
    { name: 'vp-review', go: (s) => s.toVpReview() },
    { name: 'sales-escalation', go: (s) => s.toSalesEscalation() },
    { name: 'decision', go: (s) => s.toDecision() },
    { name: 'review-period', go: (s) => s.toReviewPeriod() },
    { name: 'disengaging', go: (s) => s.toDisengaging() },
    { name: 'a Berlin calendar with holidays', go: (s) => ((s.settings = withCalendar({ timeZone: 'Europe/Berlin', holidays: ['2025-03-10', '2025-03-11'] })), s.open()) },
  ];

  it.each(states)('$name, all the way until nothing is pending', ({ go }) => {
    const s = new Scenario();
    go(s);
    let steps = 0;
    for (let next = nextDueAt(s.case, s.settings); next !== undefined; next = nextDueAt(s.case, s.settings)) {
      expect(next > s.now || steps === 0).toBe(true);
      expect(tick(s.case, s.tickCtx(plusMs(next, -1))).events).toEqual([]);
      const r = s.tick(next);
      expect(r.events.length).toBeGreaterThan(0);
      steps += 1;
      expect(steps).toBeLessThan(20);
    }
    expect(steps).toBeGreaterThan(0);
    // Nothing pending: a tick much later does nothing either.
    expect(tick(s.case, s.tickCtx(plusDays(s.now, 1000))).events).toEqual([]);
  });
});

describe('calendar helpers', () => {
  it('addBusinessDays keeps the local time and skips days off', () => {
    const cal = { timeZone: 'America/New_York', workingDays: [1, 2, 3, 4, 5], holidays: ['2025-07-04'] };
    expect(addBusinessDays('2025-07-03T14:00:00.000Z', 1, cal)).toBe('2025-07-07T14:00:00.000Z');
    expect(addBusinessDays('2025-07-03T14:00:00.000Z', 0, cal)).toBe('2025-07-03T14:00:00.000Z');
  });

  it('addBusinessDays gives what stepping one local day at a time gives, across zones, holidays and DST', () => {
    // The plain definition: one day later in the zone, again and again, counting working days.
    const stepped = (iso: string, days: number, cal: BusinessCalendar) => {
      let dt = DateTime.fromISO(iso, { zone: cal.timeZone });
      for (let left = days; left > 0; ) {
        dt = dt.plus({ days: 1 });
        if (cal.workingDays.includes(dt.weekday) && !cal.holidays.includes(dt.toISODate()!)) left -= 1;
      }
      return dt.toUTC().toISO()!;
    };
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'Pacific/Chatham'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 11, 31) }),
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom(...zones),
        fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 6 }),
        (ms, days, timeZone, workingDays, offsets) => {
          const iso = new Date(ms).toISOString();
          // A local time that falls in a DST gap on some day on the way is shifted by stepping, not by the
          // calendar walk (which keeps the asked local time): not what this compares.
          fc.pre(DateTime.fromISO(iso, { zone: timeZone }).hour >= 4);
          const holidays = offsets.map((d) => new Date(ms + d * 86_400_000).toISOString().slice(0, 10));
          const cal = { timeZone, workingDays, holidays };
          expect(addBusinessDays(iso, days, cal)).toBe(stepped(iso, days, cal));
        },
      ),
      { numRuns: 2000, seed: 7 },
    );
  });
});
