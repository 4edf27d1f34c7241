// The one permission function: `can` answers "may this person do this now, and if not, why"; `decide`
// refuses through it, so the engine and the cards can never disagree. These are the answers people read.
import type { Directory } from '../../src/domain';
import { allowedCommands, can, mayReadHistory } from '../../src/domain';
import { ADMINS, ORG, P, Scenario, cmd, directoryOf, person } from './builders';

const NAMED: Directory = {
  entries: Object.fromEntries(Object.entries(ORG.entries).map(([id, e]) => [id, { ...e, name: id[0]!.toUpperCase() + id.slice(1) }])),
};
const ctx = { directory: NAMED, admins: ADMINS };

describe('can()', () => {
  it('says who a step is for, by name, and that an admin can reassign it', () => {
    const s = new Scenario({ directory: NAMED });
    s.open();
    s.do(P.ivy, cmd.logAttempt());
    const verdict = can(s.case, { type: 'approve-reset' }, P.ian, ctx);
    expect(verdict).toEqual({
      ok: false,
      rejection: { code: 'ACTOR.NOT_ALLOWED', message: "You can't approve the reset attempt: that is for the manager (Manny). Ask them, or an admin to reassign it." },
    });
    // decide() refuses with the very same answer.
    const decided = s.try(P.ian, cmd.approveReset());
    expect(decided.ok ? undefined : decided.rejection).toEqual(verdict.ok ? undefined : verdict.rejection);
  });

  it('a refused reassignment names who may reassign (the holder\'s manager or an admin), not the step owner', () => {
    const s = new Scenario({ directory: NAMED });
    s.open();
    const verdict = can(s.case, { type: 'reassign-owner' }, P.ian, ctx);
    expect(verdict.ok ? '' : verdict.rejection.message).toBe("You can't reassign this case: that is for Ivy's manager or an admin.");
    expect(can(s.case, { type: 'reassign-owner' }, P.manny, ctx).ok).toBe(true);
    expect(can(s.case, { type: 'reassign-owner' }, P.ada, ctx).ok).toBe(true);
  });

  it('a card shown at an earlier stage is "moved on", whoever clicks it', () => {
    const s = new Scenario({ directory: NAMED });
    s.open();
    const shownAt = s.case.stage;
    s.do(P.ivy, cmd.logAttempt());
    for (const who of [P.manny, P.ian, P.otto]) {
      const verdict = can(s.case, { type: 'approve-reset', stage: shownAt }, who, ctx);
      expect(verdict.ok ? '' : verdict.rejection.code).toBe('CASE.MOVED_ON');
    }
    expect(s.rejects(P.ian, cmd.approveReset(shownAt))).toBe('CASE.MOVED_ON');
  });

  it('nobody approves their own reset attempt or decision, whatever their roles', () => {
    // Selma is her own manager in the directory: she logs the attempt and would be the one to approve it.
    const self = new Scenario({ directory: directoryOf(person(P.selma, P.selma), person(P.ada, undefined, 'admin')), admins: [P.ada] });
    self.open(P.selma);
    self.do(P.selma, cmd.logAttempt());
    const own = can(self.case, { type: 'approve-reset' }, P.selma, { directory: self.directory, admins: [P.ada] });
    expect(own.ok ? '' : own.rejection.code).toBe('ACTOR.OWN_ATTEMPT');
    expect(allowedCommands(self.case, P.selma, { directory: self.directory, admins: [P.ada] }).has('approve-reset')).toBe(false);
    expect(allowedCommands(self.case, P.selma, { directory: self.directory, admins: [P.ada] }).has('send-back-reset')).toBe(true);

    const s = new Scenario({ directory: NAMED });
    s.toDecision();
    s.do(P.ada, cmd.reassign(P.vera, 'gm'));
    s.do(P.vera, cmd.proposeNotFixable());
    const proposal = can(s.case, { type: 'approve-decision' }, P.vera, ctx);
    expect(proposal.ok ? '' : proposal.rejection.code).toBe('ACTOR.OWN_PROPOSAL');
  });

  it('withdrawing: only the flag\'s reporter, only while its strike is current', () => {
    const s = new Scenario({ directory: NAMED });
    s.open();
    const first = s.case.flags[0]!.flagId;
    expect(can(s.case, { type: 'withdraw-flag', flagId: first }, P.ivy, ctx).ok).toBe(true);
    expect(can(s.case, { type: 'withdraw-flag', flagId: first }, P.manny, ctx)).toMatchObject({ ok: false, rejection: { code: 'ACTOR.NOT_ALLOWED' } });
    s.later(48).do(P.ian, cmd.flag(['poor-communication']));
    expect(can(s.case, { type: 'withdraw-flag', flagId: first }, P.ivy, ctx)).toMatchObject({ ok: false, rejection: { code: 'FLAG.NOT_CURRENT' } });
    // Without a flag named: "should Ivy's card offer it?" — no: her flag is on an old strike. Ian's is current.
    expect(allowedCommands(s.case, P.ivy, ctx).has('withdraw-flag')).toBe(false);
    expect(allowedCommands(s.case, P.ian, ctx).has('withdraw-flag')).toBe(true);
  });

  it('what each person may do at a step, as the table in docs/workflow.md says', () => {
    const s = new Scenario({ directory: NAMED });
    s.toVpReview();
    const of = (who: string) => [...allowedCommands(s.case, who, ctx)].sort();
    // VP review waits on the manager's risk draft: Manny drafts, Vera may draft or confirm, and as Manny's
    // manager may hand his part to someone else; the admin may reassign; Ian, a reporter, may add evidence.
    expect(of(P.manny)).toEqual(['add-evidence', 'draft-risk']);
    expect(of(P.vera)).toEqual(['add-evidence', 'confirm-risk', 'draft-risk', 'reassign-owner']);
    expect(of(P.ada)).toEqual(['add-evidence', 'close-case', 'reassign-owner']);
    expect(of(P.ian)).toEqual(['add-evidence']);
    expect(of(P.otto)).toEqual([]);
  });

  it('closed and missing cases say so', () => {
    expect(can(undefined, { type: 'escalate-now' }, P.manny, ctx)).toMatchObject({ ok: false, rejection: { code: 'CASE.NOT_FOUND' } });
    const s = new Scenario({ directory: NAMED });
    s.open();
    s.do(P.ivy, cmd.withdraw(s.case.flags[0]!.flagId));
    expect(can(s.case, { type: 'add-evidence' }, P.ivy, ctx)).toMatchObject({ ok: false, rejection: { code: 'CASE.CLOSED' } });
    expect(allowedCommands(s.case, P.ada, ctx).size).toBe(0);
  });
});

describe('mayReadHistory()', () => {
  it('people on the case, anyone up their chain, and admins; nobody else', () => {
    const s = new Scenario({ directory: NAMED });
    s.open();
    expect([P.ivy, P.manny, P.vera, P.gina, P.ada, P.sam].every((p) => mayReadHistory(s.case, p, ctx))).toBe(true);
    expect(mayReadHistory(s.case, P.ian, ctx)).toBe(false);
    expect(mayReadHistory(s.case, P.otto, ctx)).toBe(false);
  });
});
