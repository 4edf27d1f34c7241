// Issue 12, "The workflow", as pure rules: the strike count carries on across closed cases within the strike window,
// who owns the first steps when a manager or a VP flags, an admin closes a case with a reason, and dates of things
// that happened cannot be in the future (docs/workflow.md#strikes, #people, #steps).
import { DEFAULT_SETTINGS } from '../../src/domain';
import { P, Scenario, cmd, directoryOf, evidence, person, recipients } from './builders';

const DAY = 24;

/** Ivy flags; Manny approves her reset; the quiet period closes the case `resolved`. */
function resolvedStrike(s: Scenario): void {
  s.do(P.ivy, cmd.flag());
  s.do(P.ivy, cmd.logAttempt('Weekly sync, shared backlog', s.now.slice(0, 10)));
  s.do(P.manny, cmd.approveReset());
  s.tick(new Date(Date.parse(s.now) + (DEFAULT_SETTINGS.quietPeriodDays + 1) * 86_400_000).toISOString());
  expect(s.case).toMatchObject({ status: 'closed', outcome: 'resolved' });
}

describe('the strike count carries on across closed cases within the strike window', () => {
  it('a red flag that comes back after each quiet period reaches the VP the third time in 12 months', () => {
    const s = new Scenario();
    resolvedStrike(s);
    s.later(DAY);
    s.do(P.ivy, cmd.flag());
    expect(s.case).toMatchObject({ caseNo: 2, level: 2, occurrences: 1, step: 'manager-reset', waitingOn: P.manny });
    expect(s.case.carried).toEqual({ windowMonths: 12, strikes: [{ at: expect.any(String), caseId: 'contoso-0001' }] });

    s.do(P.manny, cmd.logAttempt('Re-agreed the scope', s.now.slice(0, 10)));
    s.do(P.manny, cmd.continue());
    s.tick(new Date(Date.parse(s.now) + 91 * 86_400_000).toISOString());
    expect(s.case).toMatchObject({ caseNo: 2, status: 'closed', outcome: 'resolved' });

    s.later(DAY);
    const third = s.do(P.ivy, cmd.flag());
    expect(s.case).toMatchObject({ caseNo: 3, level: 3, step: 'vp-review', previousCaseId: 'contoso-0002' });
    expect(s.case.carried?.strikes.map((c) => c.caseId)).toEqual(['contoso-0001', 'contoso-0002']);
    expect(recipients(third.notices, 'your-turn')).toEqual(expect.arrayContaining([P.vera]));
  });

  it('strikes older than the window no longer count: the count starts again at strike 1', () => {
    const s = new Scenario();
    resolvedStrike(s);
    s.later(DAY * 370);
    s.do(P.ivy, cmd.flag());
    expect(s.case).toMatchObject({ caseNo: 2, level: 1, step: 'ic-reset' });
    expect(s.case.carried).toBeUndefined();
  });

  it('the window is a setting: STRIKE_WINDOW_MONTHS=0 starts every case at strike 1', () => {
    const s = new Scenario({ settings: { ...DEFAULT_SETTINGS, strikeWindowMonths: 0 } });
    resolvedStrike(s);
    s.later(DAY);
    s.do(P.ivy, cmd.flag());
    expect(s.case).toMatchObject({ caseNo: 2, level: 1, step: 'ic-reset' });
  });

  it('withdrawing the only flag of a continued case closes it `withdrawn`, and the earlier strikes still count on', () => {
    const s = new Scenario();
    resolvedStrike(s);
    s.later(DAY);
    s.do(P.ivy, cmd.flag());
    s.do(P.ivy, cmd.withdraw(s.case.flags[0]!.flagId));
    expect(s.case).toMatchObject({ caseNo: 2, status: 'closed', outcome: 'withdrawn', level: 1 });
    s.later(DAY);
    s.do(P.ivy, cmd.flag());
    expect(s.case).toMatchObject({ caseNo: 3, level: 2, step: 'manager-reset' });
  });

  it('a case an admin closed passes no strikes on', () => {
    const s = new Scenario();
    s.open();
    s.do(P.ada, { type: 'close-case', reason: 'A mistaken flag: it was about another partner.' });
    s.later(DAY);
    s.do(P.ivy, cmd.flag());
    expect(s.case).toMatchObject({ caseNo: 2, level: 1, step: 'ic-reset' });
  });
});

describe('who owns the first steps, by role: the line manager approves the reset, the VP is the VP of the reporter’s organisation', () => {
  // gina (gm) <- vera (vp) <- manny (manager) <- ivy (IC); vera's line manager is gina.
  it('an IC flags: their manager approves, the VP above them reviews', () => {
    const s = new Scenario();
    s.open(P.ivy);
    expect(s.case.people).toMatchObject({ reporter: P.ivy, manager: P.manny, vp: P.vera, gm: P.gina });
    expect(s.case.missing).toEqual([]);
  });

  it('a manager flags: their own manager approves their reset, and the VP step is still their VP’s', () => {
    const s = new Scenario();
    s.open(P.manny);
    expect(s.case.people).toMatchObject({ reporter: P.manny, manager: P.vera, vp: P.vera, gm: P.gina });
    s.do(P.manny, cmd.logAttempt());
    expect(s.case.waitingOn).toBe(P.vera);
    s.do(P.vera, cmd.approveReset());
    expect(s.case.phase).toBe('watching');
  });

  it('a VP flags: their line manager approves the reset, and the VP step is theirs (not a VP further up)', () => {
    const dir = directoryOf(person(P.ivy, P.manny), person(P.manny, P.vera), person(P.vera, 'victor', 'vp'), person('victor', P.gina, 'vp'), person(P.gina, undefined, 'gm'));
    const s = new Scenario({ directory: dir });
    s.open(P.vera);
    expect(s.case.people).toMatchObject({ reporter: P.vera, manager: 'victor', vp: P.vera, gm: P.gina });
    s.do(P.vera, cmd.logAttempt());
    expect(s.case.waitingOn).toBe('victor');
  });

  it('a deep IC (an IC under a team lead under a manager) still reaches the VP of their organisation at strike 3', () => {
    const dir = directoryOf(person('ida', 'lea'), person('lea', P.manny), person(P.manny, P.vera), person(P.vera, P.gina, 'vp'), person(P.gina, undefined, 'gm'));
    const s = new Scenario({ directory: dir });
    s.open('ida');
    expect(s.case.people).toMatchObject({ reporter: 'ida', manager: 'lea', vp: P.vera });
  });
});

describe('an admin closes a case with a reason', () => {
  it('at any step: recorded with the reason, and everyone who took part is told', () => {
    const s = new Scenario();
    s.toVpReview();
    const d = s.do(P.ada, { type: 'close-case', reason: 'Contoso was acquired by Fabrikam.' });
    expect(s.case).toMatchObject({ status: 'closed', outcome: 'cancelled', closeReason: 'Contoso was acquired by Fabrikam.' });
    expect(d.events.at(-1)).toMatchObject({ type: 'case-closed', outcome: 'cancelled', reason: 'Contoso was acquired by Fabrikam.', actor: P.ada });
    expect(recipients(d.notices, 'outcome')).toEqual(expect.arrayContaining([P.ivy, P.ian, P.manny, P.vera]));
  });

  it('only an admin, and only with a reason', () => {
    const s = new Scenario();
    s.open();
    expect(s.rejects(P.manny, { type: 'close-case', reason: 'Not a real problem' })).toBe('ACTOR.NOT_ALLOWED');
    expect(s.rejects(P.vera, { type: 'close-case', reason: 'Not a real problem' })).toBe('ACTOR.NOT_ALLOWED');
    expect(s.rejects(P.ada, { type: 'close-case', reason: '   ' })).toBe('INPUT.INVALID');
    expect(s.rejects(P.ada, { type: 'close-case' })).toBe('INPUT.INVALID');
  });

  it('a closed case cannot be closed again', () => {
    const s = new Scenario();
    s.open();
    s.do(P.ada, { type: 'close-case', reason: 'A mistaken flag.' });
    expect(s.rejects(P.abe, { type: 'close-case', reason: 'Again' })).toBe('CASE.CLOSED');
  });
});

describe('dates of things that happened are not in the future; due dates are', () => {
  const tomorrow = '2025-03-04';
  const today = '2025-03-03';

  it('evidence dated tomorrow is refused, on a flag, added evidence and a correction', () => {
    const s = new Scenario();
    expect(s.rejects(P.ivy, cmd.flag(['misaligned-expectations'], { evidence: [evidence('Missed it', { date: tomorrow })] }))).toBe('INPUT.INVALID');
    s.do(P.ivy, cmd.flag(['misaligned-expectations'], { evidence: [evidence('Missed it', { date: today })] }));
    expect(s.rejects(P.ivy, cmd.addEvidence([evidence('Later', { date: tomorrow })]))).toBe('INPUT.INVALID');
    expect(s.rejects(P.ivy, cmd.correct(s.case.flags[0]!.flagId, ['poor-communication'], [evidence('Fixed', { date: tomorrow })]))).toBe('INPUT.INVALID');
  });

  it('a reset agreed tomorrow is refused, with the reason', () => {
    const s = new Scenario();
    s.open();
    const d = s.try(P.ivy, cmd.logAttempt('Weekly sync', tomorrow));
    expect(d).toMatchObject({ ok: false, rejection: { code: 'INPUT.INVALID', message: expect.stringMatching(/2025-03-04\) is in the future/) } });
    s.do(P.ivy, cmd.logAttempt('Weekly sync', today));
  });

  it('a meeting is recorded once it has taken place: GM, Sales and partner meetings dated tomorrow are refused', () => {
    const s = new Scenario();
    s.toVpReview();
    s.do(P.manny, cmd.draftRisk());
    s.do(P.vera, cmd.confirmRisk());
    const dayAfter = new Date(Date.parse(s.now) + 86_400_000).toISOString().slice(0, 10);
    expect(s.rejects(P.vera, cmd.gmMeeting(dayAfter))).toBe('INPUT.INVALID');
    s.do(P.vera, cmd.gmMeeting(s.now.slice(0, 10)));
    expect(s.rejects(P.vera, cmd.salesMeeting('2099-01-01'))).toBe('INPUT.INVALID');
    s.do(P.vera, cmd.salesMeeting(s.now.slice(0, 10)));
    s.do(P.vera, cmd.confirmEmail());
    s.do(P.vera, cmd.proposeNotFixable());
    s.do(P.gina, cmd.approveDecision());
    const next = new Date(Date.parse(s.now) + 86_400_000).toISOString().slice(0, 10);
    expect(s.rejects(P.vera, cmd.partnerMeeting(next))).toBe('INPUT.INVALID');
    s.do(P.vera, cmd.partnerMeeting(s.now.slice(0, 10)));
    expect(s.case.outcome).toBe('disengaged');
  });

  it('"today" is the actor’s own day: late evening in Los Angeles is still yesterday in UTC terms', () => {
    const la = directoryOf(person(P.ivy, P.manny), person(P.manny, P.vera), person(P.vera, P.gina, 'vp'), person(P.gina, undefined, 'gm'));
    la.entries[P.ivy]!.timeZone = 'America/Los_Angeles';
    // 05:00 UTC on 4 March is 21:00 on 3 March in Los Angeles: the 4th is still tomorrow for Ivy.
    const s = new Scenario({ directory: la, now: '2025-03-04T05:00:00.000Z' });
    expect(s.rejects(P.ivy, cmd.flag(['misaligned-expectations'], { evidence: [evidence('x', { date: '2025-03-04' })] }))).toBe('INPUT.INVALID');
  });

  it('due dates must not have passed: an action due yesterday and a review ending today are refused', () => {
    const s = new Scenario();
    s.toDecision();
    expect(s.rejects(P.vera, cmd.proposeFixable('2025-06-30', [{ text: 'Plan', ownerId: P.manny, dueOn: '2025-03-01' }]))).toBe('INPUT.INVALID');
    expect(s.rejects(P.vera, cmd.proposeFixable(s.now.slice(0, 10)))).toBe('INPUT.INVALID');
  });
});
