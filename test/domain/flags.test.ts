// The rules about flags (docs/workflow.md#strikes): occurrences and levels, the merge window, levels beyond 3,
// withdrawing and correcting a flag, adding evidence, and a flag on a closed case.
import type { Trigger } from '../../src/domain';
import { ownerOf } from '../../src/domain';
import { P, Scenario, cmd, evidence, evidenceList, plusHours, plusMs, recipients, told } from './builders';

describe('merge window: overlapping flags within 24 h of the strike’s first flag are one occurrence', () => {
  const cases: {
    name: string;
    by: string;
    triggers: Trigger[];
    hoursLater: number;
    newOccurrence?: boolean;
    merged: boolean;
  }[] = [
    { name: 'the same person again (a double submit)', by: P.ivy, triggers: ['misaligned-expectations'], hoursLater: 0, merged: true },
    { name: 'someone else, same meeting', by: P.ian, triggers: ['misaligned-expectations'], hoursLater: 3, merged: true },
    { name: 'someone else, one of several triggers overlaps', by: P.ian, triggers: ['profitability', 'misaligned-expectations'], hoursLater: 23, merged: true },
    { name: 'someone outside the team (a stranger to the directory)', by: P.otto, triggers: ['misaligned-expectations'], hoursLater: 12, merged: true },
    { name: 'exactly at the end of the window', by: P.ian, triggers: ['misaligned-expectations'], hoursLater: 24, merged: true },
    { name: 'no overlapping trigger', by: P.ian, triggers: ['poor-communication'], hoursLater: 1, merged: false },
    { name: 'marked as a new occurrence', by: P.ian, triggers: ['misaligned-expectations'], hoursLater: 1, newOccurrence: true, merged: false },
    { name: 'the same person, marked as a new occurrence', by: P.ivy, triggers: ['misaligned-expectations'], hoursLater: 0, newOccurrence: true, merged: false },
    { name: 'after the window', by: P.ian, triggers: ['misaligned-expectations'], hoursLater: 25, merged: false },
  ];

  it.each(cases)('$name → merged: $merged', ({ by, triggers, hoursLater, newOccurrence, merged }) => {
    const s = new Scenario();
    s.open(P.ivy, ['misaligned-expectations', 'resource-mismatch']);
    const d = s.later(hoursLater).do(by, cmd.flag(triggers, newOccurrence === undefined ? {} : { newOccurrence }));
    const flag = s.case.flags[1]!;
    expect(flag).toMatchObject({ reporterId: by, merged });
    if (merged) {
      expect(s.case).toMatchObject({ level: 1, occurrences: 1, step: 'ic-reset' });
      expect(flag.strikeNo).toBe(s.case.flags[0]!.strikeNo);
    } else {
      expect(s.case).toMatchObject({ level: 2, occurrences: 2, step: 'manager-reset' });
      expect(flag.strikeNo).not.toBe(s.case.flags[0]!.strikeNo);
    }
    expect(recipients(d.notices, 'flag-raised')).toEqual([P.manny]);
  });

  it('a millisecond past the window is a new occurrence', () => {
    const s = new Scenario();
    s.open();
    s.at(plusMs(plusHours(s.now, 24), 1)).do(P.ian, cmd.flag());
    expect(s.case).toMatchObject({ level: 2, occurrences: 2 });
  });

  it('the window runs from the strike’s first flag, not from the latest merged one', () => {
    const s = new Scenario();
    s.open();
    s.later(20).do(P.ian, cmd.flag());
    expect(s.case.level).toBe(1);
    s.later(5).do(P.selma, cmd.flag()); // 25 h after the first flag
    expect(s.case).toMatchObject({ level: 2, occurrences: 2 });
  });

  it('a merged flag adds its evidence to the current strike; the step does not move and nobody new owes anything', () => {
    const s = new Scenario();
    s.open();
    s.do(P.ivy, cmd.logAttempt());
    const d = s.later(2).do(P.ian, cmd.flag(['misaligned-expectations'], { evidence: evidenceList(3) }));
    expect(s.case).toMatchObject({ step: 'ic-reset', phase: 'approval', level: 1, occurrences: 1 });
    expect(s.case.flags[1]).toMatchObject({ merged: true, evidenceCount: 3, strikeNo: 1 });
    expect(recipients(d.notices, 'your-turn')).toEqual([]);
  });

  it('a flag with several triggers counts once; duplicate triggers are kept once', () => {
    const s = new Scenario();
    s.do(P.ivy, cmd.flag(['misaligned-values', 'profitability', 'misaligned-values']));
    expect(s.case).toMatchObject({ level: 1, occurrences: 1 });
    expect(s.case.flags[0]).toMatchObject({ triggers: ['misaligned-values', 'profitability'], confidential: true });
  });
});

describe('levels beyond 3: the occurrence is added, the owner and the manager are pinged, the step stays', () => {
  const steps = [
    { step: 'vp-review', phase: 'risk', go: (s: Scenario) => s.toVpReview() },
    {
      step: 'vp-review',
      phase: 'gm-meeting',
      go: (s: Scenario) => {
        s.toVpReview();
        s.do(P.manny, cmd.draftRisk());
        return s.do(P.vera, cmd.confirmRisk());
      },
    },
    { step: 'sales-escalation', phase: 'sales-meeting', go: (s: Scenario) => s.toSalesEscalation() },
    {
      step: 'sales-escalation',
      phase: 'email',
      go: (s: Scenario) => {
        s.toSalesEscalation();
        return s.do(P.vera, cmd.salesMeeting());
      },
    },
    { step: 'decision', phase: 'proposal', go: (s: Scenario) => s.toDecision() },
    {
      step: 'decision',
      phase: 'gm-approval',
      go: (s: Scenario) => {
        s.toDecision();
        return s.do(P.vera, cmd.proposeNotFixable());
      },
    },
    { step: 'disengaging', phase: 'partner-meeting', go: (s: Scenario) => s.toDisengaging() },
  ];

  it.each(steps)('a flag during $step ($phase)', ({ step, phase, go }) => {
    const s = new Scenario();
    go(s);
    const before = { stage: s.case.stage, dueAt: s.case.dueAt, waitingOn: s.case.waitingOn };
    const d = s.later(48).do(P.ivy, cmd.flag(['misaligned-values'], { evidence: [evidence('Abusive email to our PM')] }));
    expect(s.case).toMatchObject({ step, phase, level: 4, occurrences: 3, ...before });
    expect(s.case.flags.at(-1)).toMatchObject({ merged: false, confidential: true });
    expect(recipients(d.notices, 'flag-raised')).toEqual([P.manny]);
    expect(recipients(d.notices, 'strike-added')).toEqual([ownerOf(s.case)]);

    s.later(48).do(P.ian, cmd.flag(['profitability']));
    expect(s.case).toMatchObject({ step, phase, level: 5, occurrences: 4 });
  });

  it('a flag during the review period goes back to decision (level 4)', () => {
    const s = new Scenario();
    s.toReviewPeriod();
    s.later(48).do(P.ivy, cmd.flag(['profitability']));
    expect(s.case).toMatchObject({ step: 'decision', phase: 'proposal', level: 4 });
  });

  it('during the review question too', () => {
    const s = new Scenario();
    s.toReviewPeriod();
    s.tick('2025-06-30T09:00:00.000Z');
    expect(s.case.phase).toBe('review-question');
    s.later(1).do(P.ivy, cmd.flag(['profitability']));
    expect(s.case).toMatchObject({ step: 'decision', phase: 'proposal' });
  });
});

describe('a flag on a closed case opens a new case linked to the earlier one', () => {
  it.each([
    { outcome: 'withdrawn', close: (s: Scenario) => s.do(P.ivy, cmd.withdraw(s.case.flags[0]!.flagId)) },
    { outcome: 'disengaged', close: (s: Scenario) => (s.toDisengaging(), s.do(P.vera, cmd.partnerMeeting())) },
  ])('after $outcome', ({ outcome, close }) => {
    const s = new Scenario();
    s.open();
    close(s);
    expect(s.case).toMatchObject({ status: 'closed', outcome });
    const first = s.case;

    // Past the strike window: the earlier strikes no longer count (docs/workflow.md#strikes).
    const d = s.later(24 * 400).do(P.sara, cmd.flag(['profitability']));
    expect(s.case).toMatchObject({
      caseNo: 2,
      caseId: 'contoso-0002',
      previousCaseId: 'contoso-0001',
      status: 'open',
      step: 'ic-reset',
      phase: 'attempt',
      level: 1,
      occurrences: 1,
      waitingOn: P.sara,
    });
    expect(s.case.people.reporter).toBe(P.sara);
    expect(d.events[0]).toMatchObject({ type: 'case-opened', previousCaseId: 'contoso-0001' });
    // History is kept: the first case's events are untouched and its state did not change.
    expect(first).toMatchObject({ status: 'closed', outcome, caseId: 'contoso-0001' });
    expect(s.events.filter((e) => e.type === 'case-opened').map((e) => (e.type === 'case-opened' ? e.caseId : ''))).toEqual(['contoso-0001', 'contoso-0002']);
  });

  it('the new case starts fresh: nobody on the old case is told it "handed over"', () => {
    const s = new Scenario();
    s.toDisengaging();
    s.do(P.vera, cmd.partnerMeeting());
    const d = s.later(24 * 400).do(P.ian, cmd.flag(['profitability']));
    expect(s.case.caseNo).toBe(2);
    expect(told(d.notices)).toEqual(['flag-raised -> manny']);
  });

  it('case 3 links to case 2', () => {
    const s = new Scenario();
    s.open();
    s.do(P.ivy, cmd.withdraw(s.case.flags[0]!.flagId));
    s.open();
    s.do(P.ivy, cmd.withdraw(s.case.flags[0]!.flagId));
    s.open();
    expect(s.case).toMatchObject({ caseNo: 3, previousCaseId: 'contoso-0002' });
  });
});

describe('withdraw or correct your own flag while its strike is the current one', () => {
  it('withdrawing the only flag closes the case "withdrawn" and tells the reporter and their manager the outcome', () => {
    const s = new Scenario();
    s.open();
    const d = s.do(P.ivy, cmd.withdraw(s.case.flags[0]!.flagId));
    expect(s.case).toMatchObject({ status: 'closed', outcome: 'withdrawn', level: 0, occurrences: 0 });
    expect(recipients(d.notices, 'outcome')).toEqual([P.ivy, P.manny]);
  });

  it('withdrawing the flag that made level 2 recomputes the level and returns the case to where it was', () => {
    const s = new Scenario();
    s.toManagerReset();
    const second = s.case.flags[1]!;
    s.do(P.ian, cmd.withdraw(second.flagId));
    expect(s.case).toMatchObject({ status: 'open', step: 'ic-reset', phase: 'watching', level: 1, occurrences: 1 });
    expect(s.case.flags[1]).toMatchObject({ withdrawn: true });
  });

  it('withdrawing the flag that made level 3 returns the case to manager-reset at level 2', () => {
    const s = new Scenario();
    s.toManagerReset();
    s.later(48).do(P.ivy, cmd.flag(['profitability']));
    expect(s.case).toMatchObject({ step: 'vp-review', level: 3 });
    s.do(P.ivy, cmd.withdraw(s.case.flags.at(-1)!.flagId));
    expect(s.case).toMatchObject({ step: 'manager-reset', phase: 'attempt', level: 2, occurrences: 2, waitingOn: P.manny });
  });

  it('withdrawing a merged flag leaves the occurrence', () => {
    const s = new Scenario();
    s.open();
    s.later(1).do(P.ian, cmd.flag());
    s.do(P.ian, cmd.withdraw(s.case.flags[1]!.flagId));
    expect(s.case).toMatchObject({ status: 'open', level: 1, occurrences: 1 });
  });

  it('withdrawing the first flag when others merged into its strike: the occurrence stays, carried by the next flag', () => {
    const s = new Scenario();
    s.open();
    s.later(1).do(P.ian, cmd.flag());
    s.do(P.ivy, cmd.withdraw(s.case.flags[0]!.flagId));
    expect(s.case).toMatchObject({ status: 'open', step: 'ic-reset', level: 1, occurrences: 1 });
    expect(s.case.flags.map((f) => [f.reporterId, f.withdrawn, f.merged])).toEqual([
      [P.ivy, true, false],
      [P.ian, false, false],
    ]);
    // …and withdrawing that one too closes the case.
    s.do(P.ian, cmd.withdraw(s.case.flags[1]!.flagId));
    expect(s.case).toMatchObject({ status: 'closed', outcome: 'withdrawn' });
  });

  it('a flag whose strike is no longer the current one cannot be withdrawn or corrected', () => {
    const s = new Scenario();
    s.toManagerReset();
    const first = s.case.flags[0]!.flagId;
    expect(s.rejects(P.ivy, cmd.withdraw(first))).toBe('FLAG.NOT_CURRENT');
    expect(s.rejects(P.ivy, cmd.correct(first, ['profitability']))).toBe('FLAG.NOT_CURRENT');
  });

  it('after "escalate now" the flag’s strike is no longer current', () => {
    const s = new Scenario();
    s.open();
    s.do(P.manny, cmd.escalateNow());
    expect(s.rejects(P.ivy, cmd.withdraw(s.case.flags[0]!.flagId))).toBe('FLAG.NOT_CURRENT');
  });

  it('a withdrawn flag cannot be withdrawn or corrected again', () => {
    const s = new Scenario();
    s.open();
    s.later(1).do(P.ian, cmd.flag());
    const merged = s.case.flags[1]!.flagId;
    s.do(P.ian, cmd.withdraw(merged));
    expect(s.rejects(P.ian, cmd.withdraw(merged))).toBe('FLAG.NOT_CURRENT');
    expect(s.rejects(P.ian, cmd.correct(merged, ['profitability']))).toBe('FLAG.NOT_CURRENT');
  });

  it('only the reporter of a flag withdraws or corrects it, whatever their roles', () => {
    const s = new Scenario();
    s.open();
    const id = s.case.flags[0]!.flagId;
    for (const who of [P.manny, P.vera, P.gina, P.ada, P.ian, P.otto]) {
      expect(s.rejects(who, cmd.withdraw(id))).toBe('ACTOR.NOT_ALLOWED');
      expect(s.rejects(who, cmd.correct(id, ['profitability']))).toBe('ACTOR.NOT_ALLOWED');
    }
    expect(s.rejects(P.ivy, cmd.withdraw('contoso-0001-f9'))).toBe('ACTOR.NOT_ALLOWED');
  });

  it('correcting a flag replaces its triggers and evidence; the level stays', () => {
    const s = new Scenario();
    s.open();
    const id = s.case.flags[0]!.flagId;
    s.do(P.ivy, cmd.correct(id, ['misaligned-values', 'profitability'], evidenceList(2)));
    expect(s.case).toMatchObject({ level: 1, occurrences: 1, step: 'ic-reset' });
    expect(s.case.flags[0]).toMatchObject({ triggers: ['misaligned-values', 'profitability'], evidenceCount: 2, confidential: true });
    expect(s.events.at(-1)).toMatchObject({ type: 'flag-corrected', actor: P.ivy });
  });
});

describe('anyone on the case adds evidence to the current strike', () => {
  it.each([P.ivy, P.ian, P.manny, P.vera, P.gina, P.sam, P.ada])('%s may add evidence', (who) => {
    const s = new Scenario();
    s.open();
    s.later(1).do(P.ian, cmd.flag()); // ian is on the case too
    s.do(who, cmd.addEvidence([evidence('Their reply', { kind: 'email', link: 'https://mail.example/123', date: '2025-03-03' })]));
    expect(s.events.at(-1)).toMatchObject({ type: 'evidence-added', actor: who });
    const total = s.case.flags.reduce((n, f) => n + f.evidenceCount, 0);
    expect(total).toBe(3);
    expect(s.case).toMatchObject({ level: 1, occurrences: 1 });
  });

  it('it lands on the current strike (the adder’s own flag there, else its first flag)', () => {
    const s = new Scenario();
    s.toManagerReset(); // strike 1: ivy, strike 2: ian
    s.do(P.ivy, cmd.addEvidence(evidenceList(2)));
    expect(s.case.flags.map((f) => f.evidenceCount)).toEqual([1, 3]);
    s.do(P.ian, cmd.addEvidence(evidenceList(1)));
    expect(s.case.flags.map((f) => f.evidenceCount)).toEqual([1, 4]);
  });

  it('someone not on the case may not', () => {
    const s = new Scenario();
    s.open();
    expect(s.rejects(P.otto, cmd.addEvidence())).toBe('ACTOR.NOT_ALLOWED');
    expect(s.rejects(P.selma, cmd.addEvidence())).toBe('ACTOR.NOT_ALLOWED');
  });

  it('at most 10 items at a time', () => {
    const s = new Scenario();
    s.open();
    expect(s.rejects(P.ivy, cmd.addEvidence(evidenceList(11)))).toBe('INPUT.INVALID');
    s.do(P.ivy, cmd.addEvidence(evidenceList(10)));
  });
});

describe('outcome notices: the reporters, their managers and whoever owned or was consulted on a step hear how it ended; nobody else', () => {
  const everyone = [P.ivy, P.ian, P.manny, P.vera, P.gina, P.sam];
  it.each([
    {
      outcome: 'owned-internally',
      close: (s: Scenario) => {
        s.toManagerReset();
        s.do(P.manny, cmd.logAttempt());
        s.do(P.manny, cmd.takeOwnership());
        return s.do(P.ian, cmd.markDone(s.case.actions[0]!.actionId));
      },
      expected: [P.ivy, P.ian, P.manny],
      untold: [P.vera, P.gina, P.sam],
    },
    {
      outcome: 'fixed',
      close: (s: Scenario) => {
        s.toReviewPeriod();
        return s.do(P.vera, cmd.answerReview(true));
      },
      expected: everyone,
      untold: [],
    },
    {
      outcome: 'disengaged',
      close: (s: Scenario) => {
        s.toDisengaging();
        return s.do(P.vera, cmd.partnerMeeting());
      },
      expected: everyone,
      untold: [],
    },
    {
      outcome: 'resolved',
      close: (s: Scenario) => {
        s.toManagerReset();
        s.do(P.manny, cmd.logAttempt());
        s.do(P.manny, cmd.continue());
        return s.tick(plusHours(s.now, 24 * 90));
      },
      expected: [P.ivy, P.ian, P.manny],
      untold: [P.vera, P.gina, P.sam],
    },
  ])('$outcome', ({ outcome, close, expected, untold }) => {
    const s = new Scenario();
    const d = close(s);
    expect(s.case).toMatchObject({ status: 'closed', outcome });
    expect(recipients(d.notices, 'outcome')).toEqual(expect.arrayContaining(expected));
    for (const p of untold) expect(recipients(d.notices, 'outcome')).not.toContain(p);
  });

  it('sales directors picked for the meeting hear it too', () => {
    const s = new Scenario({ salesDirectors: [] });
    s.toSalesEscalation();
    s.do(P.vera, cmd.salesMeeting('2025-03-03', [P.sara]));
    s.do(P.vera, cmd.confirmEmail());
    s.do(P.vera, cmd.proposeNotFixable());
    s.do(P.gina, cmd.approveDecision());
    const d = s.do(P.vera, cmd.partnerMeeting());
    expect(recipients(d.notices, 'outcome')).toContain(P.sara);
  });
});
