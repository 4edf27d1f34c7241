// Who hears about a case and when, person by person: every reporter's manager of every flag, the outcome only to
// the people who took part, due dates in the waiting person's own zone and reminders inside their working hours.
import type { Directory } from '../../src/domain';
import { DEFAULT_SETTINGS, nextDueAt, nextWorkingMoment } from '../../src/domain';
import { P, Scenario, cmd, directoryOf, person, recipients } from './builders';

/** Two teams under one VP: manny manages ivy and ian, tess manages tom. */
function twoTeams(zones: Record<string, string> = {}): Directory {
  const dir: Directory = directoryOf(
    person(P.ivy, P.manny),
    person(P.ian, P.manny),
    person('tom', 'tess'),
    person(P.manny, P.vera),
    person('tess', P.vera),
    person(P.vera, P.gina, 'vp'),
    person(P.gina, undefined, 'gm'),
    person(P.ada, undefined, 'admin'),
  );
  return { entries: Object.fromEntries(Object.entries(dir.entries).map(([id, e]) => [id, zones[id] ? { ...e, timeZone: zones[id] } : e])) };
}

describe('every reporter’s manager is told of each flag they did not raise themselves, once per flag', () => {
  it('three reporters from two teams: both managers hear of every flag once both teams are on the case', () => {
    const s = new Scenario({ directory: twoTeams() });
    const first = s.do(P.ivy, cmd.flag(['misaligned-expectations']));
    expect(recipients(first.notices, 'flag-raised')).toEqual([P.manny]);

    s.later(1);
    const second = s.do('tom', cmd.flag(['misaligned-expectations']));
    expect(second.events.find((e) => e.type === 'flag-raised')).toMatchObject({ merged: true });
    expect(recipients(second.notices, 'flag-raised')).toEqual([P.manny, 'tess']);

    s.later(1);
    const third = s.do(P.ian, cmd.flag(['poor-communication'], { newOccurrence: true }));
    expect(recipients(third.notices, 'flag-raised')).toEqual([P.manny, 'tess']);
    // Each notice names its flag, so the ping shows that flag's evidence.
    const flagIds = third.notices.filter((n) => n.kind === 'flag-raised').map((n) => n.flagId);
    expect(flagIds).toEqual([s.case.flags[2]!.flagId, s.case.flags[2]!.flagId]);
  });

  it('a manager who flags is not told of their own flag, but the other team’s manager is', () => {
    const s = new Scenario({ directory: twoTeams() });
    s.do('tom', cmd.flag());
    s.later(1);
    const d = s.do(P.manny, cmd.flag());
    expect(recipients(d.notices, 'flag-raised')).toEqual(['tess', P.vera]);
  });
});

describe('the outcome goes to the people involved only', () => {
  it('a case resolved at strike 1 tells the reporters and their managers, not the VP, GM or sales directors', () => {
    const s = new Scenario({ directory: twoTeams() });
    s.do(P.ivy, cmd.flag());
    s.later(1);
    s.do('tom', cmd.flag());
    s.do(P.ivy, cmd.logAttempt());
    s.do(P.manny, cmd.approveReset());
    const closed = s.tick(new Date(Date.parse(s.now) + 91 * 86_400_000).toISOString());
    expect(s.case.outcome).toBe('resolved');
    expect(recipients(closed.notices, 'outcome')).toEqual([P.ivy, P.manny, 'tess', 'tom']);
  });
});

describe('time zones: due dates in the waiting person’s zone, reminders inside their working hours', () => {
  it('nextWorkingMoment keeps a moment inside working hours and moves one outside to the next working start', () => {
    const cal = { ...DEFAULT_SETTINGS.calendar, timeZone: 'America/Los_Angeles' };
    const hours = { startHour: 9, endHour: 17 };
    // Tue 3 Nov 2026 10:00 in Seattle (PST, UTC-8): inside.
    expect(nextWorkingMoment('2026-11-03T18:00:00.000Z', cal, hours)).toBe('2026-11-03T18:00:00.000Z');
    // Tue 3 Nov 2026 20:00 in Seattle: Wednesday 09:00 there.
    expect(nextWorkingMoment('2026-11-04T04:00:00.000Z', cal, hours)).toBe('2026-11-04T17:00:00.000Z');
    // Sat 31 Oct 2026 09:30 (still PDT, UTC-7): Monday 2 Nov 09:00 (PST, UTC-8), across the DST change.
    expect(nextWorkingMoment('2026-10-31T16:30:00.000Z', cal, hours)).toBe('2026-11-02T17:00:00.000Z');
    // Tue 3 Nov 2026 07:00 in Seattle: 09:00 the same day.
    expect(nextWorkingMoment('2026-11-03T15:00:00.000Z', cal, hours)).toBe('2026-11-03T17:00:00.000Z');
  });

  it('a reporter in Berlin and a manager in Seattle: each due date counts business days in its own zone, across both DST changes', () => {
    const s = new Scenario({ directory: twoTeams({ [P.ivy]: 'Europe/Berlin', [P.manny]: 'America/Los_Angeles' }), now: '2026-10-23T16:30:00.000Z' });
    // Fri 23 Oct 18:30 in Berlin (CEST, UTC+2): due five business days later at 18:30 Berlin time, now CET (UTC+1).
    s.do(P.ivy, cmd.flag());
    expect(s.case.dueAt).toBe('2026-10-30T17:30:00.000Z');
    // Fri 30 Oct 15:00 UTC = 08:00 in Seattle (PDT): the manager's approval is due Fri 6 Nov 08:00 there (PST, UTC-8).
    s.at('2026-10-30T15:00:00.000Z').do(P.ivy, cmd.logAttempt('Weekly sync', '2026-10-30'));
    expect(s.case.waitingOn).toBe(P.manny);
    expect(s.case.dueAt).toBe('2026-11-06T16:00:00.000Z');
    // 08:00 is before his working day: the first reminder waits for 09:00 Seattle time.
    expect(nextDueAt(s.case, s.settings, { directory: s.directory })).toBe('2026-11-06T17:00:00.000Z');
    expect(s.tick('2026-11-06T16:59:59.000Z').events).toEqual([]);
    expect(s.tick('2026-11-06T17:00:00.000Z').events).toMatchObject([{ type: 'reminder-sent', to: P.manny, n: 1 }]);
    // Two due periods after the step first waited (on ivy, Fri 23 Oct 09:30 in Seattle): his manager hears, 09:30 there.
    expect(s.tick('2026-11-06T17:30:00.000Z').events).toMatchObject([{ type: 'overdue-escalated', to: P.vera }]);
    // The second reminder is a business day later, Monday 9 Nov 09:00 in Seattle, never at night there.
    expect(nextDueAt(s.case, s.settings, { directory: s.directory })).toBe('2026-11-09T17:00:00.000Z');
  });

  it('without a recorded zone, the organisation’s calendar applies', () => {
    const s = new Scenario({ directory: twoTeams(), now: '2026-10-23T16:30:00.000Z' });
    s.do(P.ivy, cmd.flag());
    expect(s.case.dueAt).toBe('2026-10-30T16:30:00.000Z');
  });
});
