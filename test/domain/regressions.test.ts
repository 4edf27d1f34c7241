// Bugs the engine tests found, each pinned by what a user would have seen.
import { nextDueAt, DEFAULT_SETTINGS } from '../../src/domain';
import { P, Scenario, action, cmd, directoryOf, person, told } from './builders';

describe('impossible calendar dates', () => {
  it('an action due on 31 April is refused instead of hanging every timer', () => {
    const s = new Scenario();
    s.toManagerReset();
    s.do(P.manny, cmd.logAttempt());
    expect(s.rejects(P.manny, cmd.takeOwnership([action('Fix it', P.ian, '2025-04-31')]))).toBe('INPUT.INVALID');
    expect(nextDueAt(s.case, DEFAULT_SETTINGS)).toBeDefined();
  });

  it('a review ending on 30 February is refused', () => {
    const s = new Scenario();
    s.toDecision();
    expect(s.rejects(P.vera, cmd.proposeFixable('2026-02-30'))).toBe('INPUT.INVALID');
  });
});

describe('withdrawing a flag after the case moved on', () => {
  it('keeps the decision the GM approved since; only the level drops', () => {
    const s = new Scenario();
    s.toDecision();
    s.later(48);
    const flagged = s.do(P.ivy, cmd.flag(['poor-communication']));
    expect(flagged.state.level).toBe(4);
    const flagId = flagged.state.flags[flagged.state.flags.length - 1]!.flagId;
    s.do(P.vera, cmd.proposeNotFixable());
    s.do(P.gina, cmd.approveDecision());
    const after = s.do(P.ivy, cmd.withdraw(flagId));
    expect(after.state.level).toBe(3);
    expect([after.state.step, after.state.phase]).toEqual(['disengaging', 'partner-meeting']);
  });

  it('still moves the case back when nothing happened since the flag', () => {
    const s = new Scenario();
    s.open();
    s.later(48);
    const second = s.do(P.ivy, cmd.flag(['poor-communication']));
    expect(second.state.step).toBe('manager-reset');
    const back = s.do(P.ivy, cmd.withdraw(second.state.flags[1]!.flagId));
    expect([back.state.step, back.state.level]).toEqual(['ic-reset', 1]);
  });
});

describe('a second-level ping nobody can receive', () => {
  it('is spent once, so the timer index does not come back to it forever', () => {
    const s = new Scenario({ directory: directoryOf(person(P.nora), person(P.gina, undefined, 'gm')), admins: [] });
    s.open(P.nora);
    let guard = 0;
    for (let due = nextDueAt(s.case, DEFAULT_SETTINGS); due && guard < 20; due = nextDueAt(s.case, DEFAULT_SETTINGS), guard += 1) s.tick(due);
    expect(guard).toBeLessThan(20);
    expect(s.case.reminders.escalated).toBe(true);
  });
});

describe('review actions of an earlier decision', () => {
  it('stop counting once a new decision replaces them', () => {
    const s = new Scenario();
    s.toReviewPeriod();
    s.do(P.vera, cmd.answerReview(false));
    s.do(P.vera, cmd.proposeFixable('2025-07-31', [action('New plan', P.sam, '2025-05-30')]));
    const approved = s.do(P.gina, cmd.approveDecision());
    const old = approved.state.actions.find((a) => a.text === 'Joint delivery plan')!;
    expect(s.rejects(P.manny, cmd.markDone(old.actionId))).toBe('ACTOR.NOT_ALLOWED');
    expect(s.rejects(P.vera, cmd.markDone(old.actionId))).toBe('INPUT.INVALID');
    expect(told(s.tick('2025-05-02T09:00:00.000Z').notices)).not.toContain('action-reminder -> manny');
  });
});

describe('the second-level ping after a long review period', () => {
  it('counts from when the review question was asked, not from when the review began months earlier', () => {
    const s = new Scenario();
    s.toReviewPeriod();
    const asked = s.tick('2025-06-30T09:00:00.000Z');
    expect(asked.state.phase).toBe('review-question');
    expect(asked.events.map((e) => e.type)).not.toContain('overdue-escalated');
    expect(s.tick('2025-07-10T09:00:00.000Z').events.map((e) => e.type)).not.toContain('overdue-escalated');
    expect(s.tick('2025-07-14T09:00:00.000Z').events.map((e) => e.type)).toContain('overdue-escalated');
  });
});
