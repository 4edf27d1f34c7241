// The steps of docs/workflow.md, row by row: every step entered from case open through the commands people send,
// asserting what they would notice (step, phase, level, owner, who is told what).
import { ownerOf } from '../../src/domain';
import { P, Scenario, action, cmd, recipients, told } from './builders';

describe('every step is reached from case open', () => {
  const rows = [
    { step: 'ic-reset', phase: 'attempt', enteredWhen: 'level 1 (case opens)', go: (s: Scenario) => s.open(), level: 1, owner: P.ivy, waitingOn: P.ivy },
    { step: 'manager-reset', phase: 'attempt', enteredWhen: 'level 2', go: (s: Scenario) => s.toManagerReset(), level: 2, owner: P.manny, waitingOn: P.manny },
    {
      step: 'internal-improvement',
      phase: 'actions',
      enteredWhen: 'take ownership',
      go: (s: Scenario) => {
        s.toManagerReset();
        s.do(P.manny, cmd.logAttempt());
        return s.do(P.manny, cmd.takeOwnership());
      },
      level: 2,
      owner: P.manny,
      waitingOn: undefined,
    },
    { step: 'vp-review', phase: 'risk', enteredWhen: 'level 3', go: (s: Scenario) => s.toVpReview(), level: 3, owner: P.vera, waitingOn: P.manny },
    { step: 'sales-escalation', phase: 'sales-meeting', enteredWhen: 'GM meeting recorded', go: (s: Scenario) => s.toSalesEscalation(), level: 3, owner: P.vera, waitingOn: P.vera },
    { step: 'decision', phase: 'proposal', enteredWhen: 'email confirmed', go: (s: Scenario) => s.toDecision(), level: 3, owner: P.vera, waitingOn: P.vera },
    { step: 'review-period', phase: 'actions', enteredWhen: 'fixable approved', go: (s: Scenario) => s.toReviewPeriod(), level: 3, owner: P.vera, waitingOn: undefined },
    { step: 'disengaging', phase: 'partner-meeting', enteredWhen: 'not fixable approved', go: (s: Scenario) => s.toDisengaging(), level: 3, owner: P.vera, waitingOn: P.vera },
  ];

  it.each(rows)('$step is entered when $enteredWhen, owned by $owner', ({ step, phase, go, level, owner, waitingOn }) => {
    const s = new Scenario();
    go(s);
    expect(s.case).toMatchObject({ status: 'open', step, phase, level });
    expect(ownerOf(s.case)).toBe(owner);
    expect(s.case.waitingOn).toBe(waitingOn);
    // A step that waits on someone has a due time; watching and action-driven phases do not.
    expect(s.case.dueAt !== undefined).toBe(waitingOn !== undefined);
  });
});

describe('ic-reset', () => {
  it('the first flag opens case 1 at level 1 with one occurrence, and the manager is told', () => {
    const s = new Scenario();
    const d = s.open();
    expect(s.case).toMatchObject({ caseNo: 1, caseId: 'contoso-0001', step: 'ic-reset', phase: 'attempt', level: 1, occurrences: 1, status: 'open' });
    expect(s.case.people).toMatchObject({ reporter: P.ivy, manager: P.manny, vp: P.vera, gm: P.gina, salesDirectors: [P.sam] });
    expect(told(d.notices)).toEqual(['flag-raised -> manny']);
  });

  it('a flag from a team channel keeps its case card there', () => {
    const s = new Scenario();
    const d = s.do(P.ivy, cmd.flag(), { channel: '19:team-sync' });
    expect(s.case.channel).toBe('19:team-sync');
    expect(told(d.notices)).toContain('case-card -> #19:team-sync');
    const next = s.do(P.ivy, cmd.logAttempt());
    expect(told(next.notices)).toContain('case-card -> #19:team-sync');
  });

  it('the reporter logs the reset attempt and the manager is asked to approve it', () => {
    const s = new Scenario();
    s.open();
    const d = s.do(P.ivy, cmd.logAttempt('Weekly sync with their PM', '2025-03-03'));
    expect(s.case).toMatchObject({ step: 'ic-reset', phase: 'approval', waitingOn: P.manny });
    expect(s.case.resetAttempts).toEqual([expect.objectContaining({ by: P.ivy, agreed: 'Weekly sync with their PM', agreedOn: '2025-03-03' })]);
    expect(recipients(d.notices, 'your-turn')).toEqual([P.manny]);
  });

  it('approve: the case watches, with no due time and nobody owing anything', () => {
    const s = new Scenario();
    s.open();
    s.do(P.ivy, cmd.logAttempt());
    const d = s.do(P.manny, cmd.approveReset());
    expect(s.case).toMatchObject({ step: 'ic-reset', phase: 'watching', level: 1 });
    expect(s.case.dueAt).toBeUndefined();
    expect(s.case.waitingOn).toBeUndefined();
    expect(s.case.resetAttempts[0]).toMatchObject({ outcome: 'approved' });
    expect(recipients(d.notices, 'handed-over')).toEqual([P.ivy]);
  });

  it('send back with a comment: the reporter tries again, and a second attempt can be approved', () => {
    const s = new Scenario();
    s.open();
    s.do(P.ivy, cmd.logAttempt());
    const d = s.do(P.manny, cmd.sendBackReset('Agree a date with them'));
    expect(s.case).toMatchObject({ step: 'ic-reset', phase: 'attempt', waitingOn: P.ivy });
    expect(s.case.resetAttempts[0]).toMatchObject({ outcome: 'sent-back', comment: 'Agree a date with them' });
    expect(recipients(d.notices, 'your-turn')).toEqual([P.ivy]);

    s.do(P.ivy, cmd.logAttempt('Delivery on 14 March', '2025-03-03'));
    s.do(P.manny, cmd.approveReset());
    expect(s.case.phase).toBe('watching');
    expect(s.case.resetAttempts.map((a) => a.outcome)).toEqual(['sent-back', 'approved']);
  });

  it('send back needs a comment', () => {
    const s = new Scenario();
    s.open();
    s.do(P.ivy, cmd.logAttempt());
    expect(s.rejects(P.manny, { type: 'send-back-reset' })).toBe('INPUT.INVALID');
    expect(s.rejects(P.manny, cmd.sendBackReset('   '))).toBe('INPUT.INVALID');
  });

  it.each(['attempt', 'approval', 'watching'] as const)('escalate now (from %s) raises the level to 2 without an occurrence', (phase) => {
    const s = new Scenario();
    s.open();
    if (phase !== 'attempt') s.do(P.ivy, cmd.logAttempt());
    if (phase === 'watching') s.do(P.manny, cmd.approveReset());
    expect(s.case.phase).toBe(phase);
    const d = s.do(P.manny, cmd.escalateNow());
    expect(s.case).toMatchObject({ step: 'manager-reset', phase: 'attempt', level: 2, occurrences: 1, waitingOn: P.manny });
    expect(recipients(d.notices, 'handed-over')).toEqual([P.ivy]);
    if (phase === 'approval') expect(s.case.resetAttempts[0]).toMatchObject({ outcome: 'escalated' });
  });

  it('the manager is told of every flag, every time: opening, merged, new occurrence, beyond level 3', () => {
    const s = new Scenario();
    const flags = [
      s.open(),
      s.later(1).do(P.ian, cmd.flag(['misaligned-expectations'])), // merged
      s.later(1).do(P.ivy, cmd.flag(['misaligned-expectations'])), // merged, same person (double submit)
      s.later(48).do(P.ian, cmd.flag(['resource-mismatch'])), // level 2
    ];
    s.do(P.manny, cmd.escalateNow());
    flags.push(s.later(48).do(P.selma, cmd.flag(['profitability']))); // level 4
    for (const d of flags) expect(recipients(d.notices, 'flag-raised')).toEqual([P.manny]);
    expect(s.case.level).toBe(4);
  });
});

describe('manager-reset', () => {
  it('a second occurrence moves the case to level 2: the manager owns it and the reporter hears where it went', () => {
    const s = new Scenario();
    const d = s.toManagerReset();
    expect(s.case).toMatchObject({ step: 'manager-reset', phase: 'attempt', level: 2, occurrences: 2, waitingOn: P.manny });
    // One ping for the manager: the flag's, whose card carries the reset buttons.
    expect(told(d.notices).sort()).toEqual(['flag-raised -> manny', 'handed-over -> ivy']);
  });

  it('the manager logs their attempt, then chooses', () => {
    const s = new Scenario();
    s.toManagerReset();
    s.do(P.manny, cmd.logAttempt('Account plan refreshed'));
    expect(s.case).toMatchObject({ step: 'manager-reset', phase: 'choice', waitingOn: P.manny });
    expect(s.case.resetAttempts.at(-1)).toMatchObject({ step: 'manager-reset', by: P.manny });
  });

  it('continue: the case watches and the VP is told', () => {
    const s = new Scenario();
    s.toManagerReset();
    s.do(P.manny, cmd.logAttempt());
    const d = s.do(P.manny, cmd.continue());
    expect(s.case).toMatchObject({ step: 'manager-reset', phase: 'watching', level: 2 });
    expect(s.case.dueAt).toBeUndefined();
    expect(recipients(d.notices, 'vp-informed')).toEqual([P.vera]);
  });

  it('take ownership: the red flag is ours to fix, each action owner is pinged', () => {
    const s = new Scenario();
    s.toManagerReset();
    s.do(P.manny, cmd.logAttempt());
    const d = s.do(P.manny, cmd.takeOwnership([action('Staff the backlog', P.ian, '2025-03-14'), action('Fix invoicing', P.ivy, '2025-03-21')]));
    expect(s.case).toMatchObject({ step: 'internal-improvement', phase: 'actions', level: 2 });
    expect(s.case.actions.map((a) => [a.ownerId, a.dueOn])).toEqual([
      [P.ian, '2025-03-14'],
      [P.ivy, '2025-03-21'],
    ]);
    expect(recipients(d.notices, 'action-assigned')).toEqual([P.ian, P.ivy]);
  });

  it('continue and take ownership wait for the logged attempt', () => {
    const s = new Scenario();
    s.toManagerReset();
    expect(s.rejects(P.manny, cmd.continue())).toBe('STEP.WRONG');
    expect(s.rejects(P.manny, cmd.takeOwnership())).toBe('STEP.WRONG');
  });

  it('escalate now from manager-reset raises the level to 3 (vp-review) without an occurrence', () => {
    const s = new Scenario();
    const d = s.toVpReview();
    expect(s.case).toMatchObject({ step: 'vp-review', level: 3, occurrences: 2 });
    expect(recipients(d.notices, 'your-turn')).toEqual([P.vera]);
  });
});

describe('internal-improvement', () => {
  function improving() {
    const s = new Scenario();
    s.toManagerReset();
    s.do(P.manny, cmd.logAttempt());
    s.do(P.manny, cmd.takeOwnership([action('Staff the backlog', P.ian, '2025-03-14'), action('Fix invoicing', P.ivy, '2025-03-21')]));
    const [a1, a2] = s.case.actions.map((a) => a.actionId) as [string, string];
    return { s, a1, a2 };
  }

  it('each owner marks their action done; when all are done the case closes owned-internally', () => {
    const { s, a1, a2 } = improving();
    s.do(P.ian, cmd.markDone(a1));
    expect(s.case).toMatchObject({ status: 'open', step: 'internal-improvement' });
    const d = s.do(P.ivy, cmd.markDone(a2));
    expect(s.case).toMatchObject({ status: 'closed', outcome: 'owned-internally' });
    expect(recipients(d.notices, 'outcome')).toEqual([P.ian, P.ivy, P.manny]);
  });

  it('the manager may mark any action done; someone else may not', () => {
    const { s, a1, a2 } = improving();
    expect(s.rejects(P.ivy, cmd.markDone(a1))).toBe('ACTOR.NOT_ALLOWED');
    expect(s.rejects(P.vera, cmd.markDone(a1))).toBe('ACTOR.NOT_ALLOWED');
    s.do(P.manny, cmd.markDone(a1));
    s.do(P.manny, cmd.markDone(a2));
    expect(s.case.outcome).toBe('owned-internally');
  });

  it('an action already done cannot be done again, and an unknown action is refused', () => {
    const { s, a1 } = improving();
    s.do(P.ian, cmd.markDone(a1));
    expect(s.rejects(P.ian, cmd.markDone(a1))).toBe('CASE.MOVED_ON');
    expect(s.rejects(P.manny, cmd.markDone('contoso-0001-a99'))).toBe('INPUT.INVALID');
  });

  it('a new occurrence during internal improvement is level 3: vp-review', () => {
    const { s } = improving();
    s.later(48).do(P.ivy, cmd.flag(['profitability']));
    expect(s.case).toMatchObject({ step: 'vp-review', phase: 'risk', level: 3, occurrences: 3 });
  });
});

describe('vp-review', () => {
  it('level 3: the VP owns the step, the manager drafts revenue and SKUs at risk, the VP confirms', () => {
    const s = new Scenario();
    s.toVpReview();
    const drafted = s.do(P.manny, cmd.draftRisk(120_000, 'EUR', ['M365-E5', 'AZ-SQL']));
    expect(s.case).toMatchObject({ step: 'vp-review', phase: 'risk-confirmation', waitingOn: P.vera });
    expect(s.case.riskDraft).toMatchObject({ amount: 120_000, currency: 'EUR', skus: ['M365-E5', 'AZ-SQL'], by: P.manny });
    expect(recipients(drafted.notices, 'your-turn')).toEqual([P.vera]);

    s.do(P.vera, cmd.confirmRisk(150_000, 'EUR', ['M365-E5']));
    expect(s.case).toMatchObject({ phase: 'gm-meeting', waitingOn: P.vera });
    expect(s.case.risk).toMatchObject({ amount: 150_000, currency: 'EUR', skus: ['M365-E5'], by: P.vera });
  });

  it('the VP may redraft while confirming, and confirm without a draft', () => {
    const s = new Scenario();
    s.toVpReview();
    s.do(P.vera, cmd.confirmRisk());
    expect(s.case.phase).toBe('gm-meeting');
  });

  it('only the VP confirms the risk; only the manager or VP drafts it', () => {
    const s = new Scenario();
    s.toVpReview();
    expect(s.rejects(P.ivy, cmd.draftRisk())).toBe('ACTOR.NOT_ALLOWED');
    s.do(P.manny, cmd.draftRisk());
    expect(s.rejects(P.manny, cmd.confirmRisk())).toBe('ACTOR.NOT_ALLOWED');
    expect(s.rejects(P.gina, cmd.confirmRisk())).toBe('ACTOR.NOT_ALLOWED');
  });

  it('the GM meeting (date, optional link) moves the case to sales-escalation and the GM is pinged', () => {
    const s = new Scenario();
    s.toVpReview();
    s.do(P.manny, cmd.draftRisk());
    s.do(P.vera, cmd.confirmRisk());
    const d = s.do(P.vera, cmd.gmMeeting('2025-03-03', 'https://teams.microsoft.com/l/meetup-join/abc'));
    expect(s.case).toMatchObject({ step: 'sales-escalation', phase: 'sales-meeting', waitingOn: P.vera });
    expect(s.case.gmMeeting).toMatchObject({ on: '2025-03-03', link: 'https://teams.microsoft.com/l/meetup-join/abc', by: P.vera });
    expect(recipients(d.notices, 'gm-briefing')).toEqual([P.gina]);
  });

  it('the GM meeting waits for the confirmed risk', () => {
    const s = new Scenario();
    s.toVpReview();
    expect(s.rejects(P.vera, cmd.gmMeeting())).toBe('STEP.WRONG');
  });
});

describe('sales-escalation', () => {
  it("the sales meeting pings the partner's sales directors, then the VP confirms the email and the decision is due", () => {
    const s = new Scenario({ salesDirectors: [P.sam, P.sara] });
    s.toSalesEscalation();
    const met = s.do(P.vera, cmd.salesMeeting('2025-03-03'));
    expect(s.case).toMatchObject({ step: 'sales-escalation', phase: 'email', waitingOn: P.vera });
    expect(recipients(met.notices, 'sales-briefing')).toEqual([P.sam, P.sara]);

    s.do(P.vera, cmd.confirmEmail());
    expect(s.case).toMatchObject({ step: 'decision', phase: 'proposal', waitingOn: P.vera });
    expect(s.case.emailConfirmedAt).toBe(s.now);
  });

  it('the GM may record the sales meeting too; only the VP confirms the email', () => {
    const s = new Scenario();
    s.toSalesEscalation();
    s.do(P.gina, cmd.salesMeeting());
    expect(s.case.phase).toBe('email');
    expect(s.rejects(P.gina, cmd.confirmEmail())).toBe('ACTOR.NOT_ALLOWED');
    expect(s.rejects(P.manny, cmd.confirmEmail())).toBe('ACTOR.NOT_ALLOWED');
  });

  it('a partner without sales directors: the VP must pick users with role sales-director', () => {
    const s = new Scenario({ salesDirectors: [] });
    s.toSalesEscalation();
    expect(s.rejects(P.vera, cmd.salesMeeting('2025-03-03'))).toBe('INPUT.INVALID');
    expect(s.rejects(P.vera, cmd.salesMeeting('2025-03-03', [P.manny]))).toBe('INPUT.INVALID');
    const d = s.do(P.vera, cmd.salesMeeting('2025-03-03', [P.sara]));
    expect(s.case.people.salesDirectors).toEqual([P.sara]);
    expect(recipients(d.notices, 'sales-briefing')).toEqual([P.sara]);
  });

  it('nobody with role sales-director at all: the meeting is recorded and admins are told', () => {
    const s = new Scenario({ salesDirectors: [] });
    s.directory = { entries: Object.fromEntries(Object.entries(s.directory.entries).filter(([, e]) => !e.roles.includes('sales-director'))) };
    s.toSalesEscalation();
    const d = s.do(P.vera, cmd.salesMeeting());
    expect(s.case.phase).toBe('email');
    expect(recipients(d.notices, 'missing-link')).toEqual(['admins']);
  });
});

describe('decision', () => {
  it('fixable, approved by the GM: review-period, the decision goes to every stakeholder, action owners are pinged', () => {
    const s = new Scenario();
    s.toDecision();
    const proposed = s.do(P.vera, cmd.proposeFixable('2025-06-30', [action('Joint delivery plan', P.manny, '2025-04-30')]));
    expect(s.case).toMatchObject({ step: 'decision', phase: 'gm-approval', waitingOn: P.gina });
    expect(recipients(proposed.notices, 'your-turn')).toEqual([P.gina]);

    const d = s.do(P.gina, cmd.approveDecision());
    expect(s.case).toMatchObject({ step: 'review-period', phase: 'actions', reviewEndsOn: '2025-06-30', decisionsMade: 1 });
    expect(recipients(d.notices, 'decision')).toEqual([P.gina, P.ian, P.ivy, P.manny, P.sam, P.vera]);
    // The action owner's one ping is the decision, whose card lists their action with its Mark done button.
    expect(recipients(d.notices, 'action-assigned')).toEqual([]);
    expect(s.case.actions.find((a) => a.context === 'review')?.ownerId).toBe(P.manny);
  });

  it('not fixable, approved by the GM: disengaging, waiting on the VP', () => {
    const s = new Scenario();
    s.toDecision();
    s.do(P.vera, cmd.proposeNotFixable());
    const d = s.do(P.gina, cmd.approveDecision());
    expect(s.case).toMatchObject({ step: 'disengaging', phase: 'partner-meeting', waitingOn: P.vera });
    expect(recipients(d.notices, 'decision')).toContain(P.ivy);
  });

  it('the GM sends it back with a comment: the VP proposes again', () => {
    const s = new Scenario();
    s.toDecision();
    s.do(P.vera, cmd.proposeNotFixable());
    const d = s.do(P.gina, cmd.sendBackDecision('Try a fix first'));
    expect(s.case).toMatchObject({ step: 'decision', phase: 'proposal', waitingOn: P.vera });
    expect(s.case.decision).toMatchObject({ fixable: false, comment: 'Try a fix first' });
    expect(recipients(d.notices, 'your-turn')).toEqual([P.vera]);
    s.do(P.vera, cmd.proposeFixable());
    s.do(P.gina, cmd.approveDecision());
    expect(s.case.step).toBe('review-period');
  });

  it('fixable needs actions with owners and due dates and a review end after today', () => {
    const s = new Scenario();
    s.toDecision();
    expect(s.rejects(P.vera, cmd.proposeFixable('2025-06-30', []))).toBe('INPUT.INVALID');
    expect(s.rejects(P.vera, { type: 'propose-decision', fixable: true, rationale: 'x', actions: [action()] })).toBe('INPUT.INVALID');
    const today = s.now.slice(0, 10);
    expect(today).toBe('2025-03-05');
    expect(s.rejects(P.vera, cmd.proposeFixable(today))).toBe('INPUT.INVALID'); // a review needs time
    expect(s.rejects(P.vera, cmd.proposeFixable('2025-06-30', [action('late', P.ian, '2025-03-04')]))).toBe('INPUT.INVALID');
    s.do(P.vera, cmd.proposeFixable('2025-03-06', [action('today is fine', P.ian, today)]));
  });

  it('only the VP proposes and only the GM approves or sends back', () => {
    const s = new Scenario();
    s.toDecision();
    expect(s.rejects(P.gina, cmd.proposeNotFixable())).toBe('ACTOR.NOT_ALLOWED');
    expect(s.rejects(P.manny, cmd.proposeNotFixable())).toBe('ACTOR.NOT_ALLOWED');
    s.do(P.vera, cmd.proposeNotFixable());
    expect(s.rejects(P.vera, cmd.approveDecision())).toBe('ACTOR.NOT_ALLOWED');
    expect(s.rejects(P.vera, cmd.sendBackDecision())).toBe('ACTOR.NOT_ALLOWED');
    expect(s.rejects(P.manny, cmd.approveDecision())).toBe('ACTOR.NOT_ALLOWED');
  });
});

describe('review-period', () => {
  function reviewing() {
    const s = new Scenario();
    s.toDecision();
    s.do(P.vera, cmd.proposeFixable('2025-06-30', [action('Joint plan', P.manny, '2025-04-30'), action('Weekly sync', P.ian, '2025-04-30')]));
    s.do(P.gina, cmd.approveDecision());
    const ids = s.case.actions.filter((a) => a.context === 'review').map((a) => a.actionId);
    return { s, ids };
  }

  it('action owners (or the VP) mark actions done; the case keeps reviewing until the end date', () => {
    const { s, ids } = reviewing();
    s.do(P.manny, cmd.markDone(ids[0]!));
    expect(s.rejects(P.ivy, cmd.markDone(ids[1]!))).toBe('ACTOR.NOT_ALLOWED');
    s.do(P.vera, cmd.markDone(ids[1]!));
    expect(s.case).toMatchObject({ status: 'open', step: 'review-period', phase: 'actions' });
    expect(s.case.actions.filter((a) => a.context === 'review').every((a) => a.doneAt)).toBe(true);
  });

  it('at the end date tick asks the VP "is the partnership working?"; yes closes it fixed', () => {
    const { s } = reviewing();
    const asked = s.tick('2025-06-30T09:00:00.000Z');
    expect(s.case).toMatchObject({ step: 'review-period', phase: 'review-question', waitingOn: P.vera });
    expect(recipients(asked.notices, 'your-turn')).toEqual([P.vera]);
    const d = s.do(P.vera, cmd.answerReview(true));
    expect(s.case).toMatchObject({ status: 'closed', outcome: 'fixed' });
    expect(recipients(d.notices, 'outcome')).toEqual(expect.arrayContaining([P.ivy, P.ian, P.manny, P.vera, P.gina, P.sam]));
  });

  it('no: back to decision', () => {
    const { s } = reviewing();
    s.tick('2025-06-30T09:00:00.000Z');
    s.do(P.vera, cmd.answerReview(false));
    expect(s.case).toMatchObject({ status: 'open', step: 'decision', phase: 'proposal', waitingOn: P.vera, level: 3 });
  });

  it('the VP may conclude the review before the end date; nobody else answers it', () => {
    const { s } = reviewing();
    expect(s.rejects(P.gina, cmd.answerReview(true))).toBe('ACTOR.NOT_ALLOWED');
    s.do(P.vera, cmd.answerReview(true));
    expect(s.case.outcome).toBe('fixed');
  });

  it('a new flag during review goes straight back to decision', () => {
    const { s } = reviewing();
    const d = s.later(72).do(P.ivy, cmd.flag(['poor-communication']));
    expect(s.case).toMatchObject({ step: 'decision', phase: 'proposal', level: 4, occurrences: 3, waitingOn: P.vera });
    expect(recipients(d.notices, 'flag-raised')).toEqual([P.manny]);
    expect(recipients(d.notices, 'your-turn')).toEqual([P.vera]);
  });
});

describe('disengaging', () => {
  it('the VP records the meeting with the partner and the case closes disengaged', () => {
    const s = new Scenario();
    s.toDisengaging();
    expect(s.rejects(P.gina, cmd.partnerMeeting())).toBe('ACTOR.NOT_ALLOWED');
    const d = s.do(P.vera, { type: 'record-partner-meeting', on: '2025-03-03', link: 'https://contoso.example/minutes' });
    expect(s.case).toMatchObject({ status: 'closed', outcome: 'disengaged', closedAt: s.now });
    expect(s.case.partnerMeeting).toMatchObject({ on: '2025-03-03', by: P.vera });
    expect(recipients(d.notices, 'outcome')).toEqual(expect.arrayContaining([P.ivy, P.ian, P.manny, P.vera, P.gina, P.sam]));
  });
});

describe('the whole road in one case', () => {
  it('ic-reset → manager-reset → vp-review → sales-escalation → decision → review-period → closed fixed', () => {
    const s = new Scenario();
    s.toReviewPeriod();
    s.tick('2025-06-30T09:00:00.000Z');
    s.do(P.vera, cmd.answerReview(true));
    const steps = s.events.filter((e) => e.type === 'stage-changed').map((e) => (e.type === 'stage-changed' ? e.step : ''));
    expect([...new Set(steps)]).toEqual(['ic-reset', 'manager-reset', 'vp-review', 'sales-escalation', 'decision', 'review-period']);
    expect(s.case).toMatchObject({ status: 'closed', outcome: 'fixed', level: 3, occurrences: 2 });
  });
});
