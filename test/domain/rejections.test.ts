// Every rejection code of errors.ts, and who may do what: permissions come from the case and the directory,
// never from input data. A rejection never changes the case (Scenario.rejects checks that too).
import type { RejectionCode } from '../../src/domain';
import { decide, ownerOf } from '../../src/domain';
import { ADMINS, ORG, P, Scenario, action, cmd, directoryOf, evidence, evidenceList, person, recipients, told } from './builders';

describe('CASE.NOT_FOUND: anything but a flag needs a case', () => {
  it.each([
    cmd.escalateNow(),
    cmd.addEvidence(),
    cmd.withdraw('contoso-0001-f1'),
    cmd.logAttempt(),
    cmd.approveReset(),
    cmd.reassign(P.ian),
    cmd.proposeNotFixable(),
  ])('$type', (command) => {
    const s = new Scenario();
    expect(s.rejects(P.ivy, command)).toBe('CASE.NOT_FOUND');
  });
});

describe('CASE.CLOSED: a closed case accepts no workflow action', () => {
  const all = [
    cmd.escalateNow(),
    cmd.addEvidence(),
    cmd.withdraw('contoso-0001-f1'),
    cmd.correct('contoso-0001-f1', ['profitability']),
    cmd.logAttempt(),
    cmd.approveReset(),
    cmd.sendBackReset(),
    cmd.continue(),
    cmd.takeOwnership(),
    cmd.markDone('contoso-0001-a1'),
    cmd.draftRisk(),
    cmd.confirmRisk(),
    cmd.gmMeeting(),
    cmd.salesMeeting(),
    cmd.confirmEmail(),
    cmd.proposeNotFixable(),
    cmd.approveDecision(),
    cmd.sendBackDecision(),
    cmd.answerReview(true),
    cmd.partnerMeeting(),
    cmd.reassign(P.ian),
  ];

  it.each(all)('$type, by the VP and by an admin', (command) => {
    const s = new Scenario();
    s.toDisengaging();
    s.do(P.vera, cmd.partnerMeeting());
    expect(s.rejects(P.vera, command)).toBe('CASE.CLOSED');
    expect(s.rejects(P.ada, command)).toBe('CASE.CLOSED');
  });

  it('every command type is covered above', () => {
    const covered = new Set(all.map((c) => c.type));
    expect(covered.size).toBe(21); // all 22 command types but `flag`, which opens a new case
  });
});

describe('CASE.MOVED_ON: a card from an earlier stage', () => {
  it('two clicks on the same approval card: exactly one transition happens', () => {
    const s = new Scenario();
    s.open();
    s.do(P.ivy, cmd.logAttempt());
    const cardStage = s.case.stage;
    s.do(P.manny, cmd.approveReset(cardStage));
    expect(s.rejects(P.manny, cmd.sendBackReset('no', cardStage))).toBe('CASE.MOVED_ON');
    expect(s.rejects(P.manny, cmd.approveReset(cardStage))).toBe('CASE.MOVED_ON');
    expect(s.case.resetAttempts).toHaveLength(1);
    expect(s.case.resetAttempts[0]!.outcome).toBe('approved');
  });

  it.each([
    { name: 'escalate now from an old card', command: (st: number) => cmd.escalateNow(st) },
    { name: 'reset attempt from an old card', command: (st: number) => cmd.logAttempt('x', '2025-03-03', st) },
    { name: 'reassignment from an old card', command: (st: number) => cmd.reassign(P.ian, undefined, st) },
  ])('$name', ({ command }) => {
    const s = new Scenario();
    s.open();
    const old = s.case.stage;
    s.do(P.ivy, cmd.logAttempt());
    const who = command(old).type === 'reassign-owner' ? P.ada : command(old).type === 'escalate-now' ? P.manny : P.ivy;
    expect(s.rejects(who, command(old))).toBe('CASE.MOVED_ON');
    expect(s.rejects(who, command(old + 5))).toBe('CASE.MOVED_ON');
  });

  it('the current stage is accepted', () => {
    const s = new Scenario();
    s.toDecision();
    s.do(P.vera, { ...cmd.proposeNotFixable(), stage: s.case.stage });
    s.do(P.gina, cmd.approveDecision(s.case.stage));
    expect(s.case.step).toBe('disengaging');
  });

  it('marking an action done twice', () => {
    const s = new Scenario();
    s.toReviewPeriod();
    const id = s.case.actions[0]!.actionId;
    s.do(P.manny, cmd.markDone(id));
    expect(s.rejects(P.manny, cmd.markDone(id))).toBe('CASE.MOVED_ON');
  });
});

describe('STEP.WRONG: the command belongs to another step or phase', () => {
  const rows: { name: string; go: (s: Scenario) => unknown; actor: string; command: unknown }[] = [
    { name: 'approve before an attempt is logged', go: (s) => s.open(), actor: P.manny, command: cmd.approveReset() },
    { name: 'log a second attempt while one waits for approval', go: (s) => (s.open(), s.do(P.ivy, cmd.logAttempt())), actor: P.ivy, command: cmd.logAttempt() },
    { name: 'continue in ic-reset', go: (s) => (s.open(), s.do(P.ivy, cmd.logAttempt())), actor: P.manny, command: cmd.continue() },
    { name: 'draft risk in manager-reset', go: (s) => s.toManagerReset(), actor: P.manny, command: cmd.draftRisk() },
    { name: 'escalate now in vp-review', go: (s) => s.toVpReview(), actor: P.manny, command: cmd.escalateNow() },
    { name: 'confirm the email in vp-review', go: (s) => s.toVpReview(), actor: P.vera, command: cmd.confirmEmail() },
    { name: 'confirm the email before the sales meeting', go: (s) => s.toSalesEscalation(), actor: P.vera, command: cmd.confirmEmail() },
    { name: 'approve a decision not yet proposed', go: (s) => s.toDecision(), actor: P.gina, command: cmd.approveDecision() },
    { name: 'propose while the GM decides', go: (s) => (s.toDecision(), s.do(P.vera, cmd.proposeNotFixable())), actor: P.vera, command: cmd.proposeNotFixable() },
    { name: 'answer the review in decision', go: (s) => s.toDecision(), actor: P.vera, command: cmd.answerReview(true) },
    { name: 'record the partner meeting in review-period', go: (s) => s.toReviewPeriod(), actor: P.vera, command: cmd.partnerMeeting() },
    { name: 'mark an action done in vp-review', go: (s) => s.toVpReview(), actor: P.manny, command: cmd.markDone('contoso-0001-a1') },
    { name: 'take ownership in vp-review', go: (s) => s.toVpReview(), actor: P.manny, command: cmd.takeOwnership() },
  ];
  it.each(rows)('$name', ({ go, actor, command }) => {
    const s = new Scenario();
    go(s);
    expect(s.rejects(actor, command)).toBe('STEP.WRONG');
  });
});

describe('ACTOR.NOT_ALLOWED: only the person the step names may act', () => {
  const rows: { name: string; go: (s: Scenario) => unknown; actors: string[]; command: unknown }[] = [
    { name: 'log the IC attempt', go: (s) => s.open(), actors: [P.manny, P.ian, P.vera, P.ada, P.otto], command: cmd.logAttempt() },
    { name: 'approve the IC attempt', go: (s) => (s.open(), s.do(P.ivy, cmd.logAttempt())), actors: [P.ivy, P.ian, P.vera, P.gina, P.ada, P.otto], command: cmd.approveReset() },
    { name: 'send back the IC attempt', go: (s) => (s.open(), s.do(P.ivy, cmd.logAttempt())), actors: [P.ivy, P.vera, P.ada], command: cmd.sendBackReset() },
    { name: 'escalate now', go: (s) => s.open(), actors: [P.ivy, P.ian, P.vera, P.gina, P.ada], command: cmd.escalateNow() },
    { name: 'log the manager attempt', go: (s) => s.toManagerReset(), actors: [P.ivy, P.ian, P.vera], command: cmd.logAttempt() },
    { name: 'continue', go: (s) => (s.toManagerReset(), s.do(P.manny, cmd.logAttempt())), actors: [P.ivy, P.vera, P.ada], command: cmd.continue() },
    { name: 'take ownership', go: (s) => (s.toManagerReset(), s.do(P.manny, cmd.logAttempt())), actors: [P.ivy, P.vera, P.ada], command: cmd.takeOwnership() },
    { name: 'record the GM meeting', go: (s) => (s.toVpReview(), s.do(P.vera, cmd.confirmRisk())), actors: [P.ivy, P.gina, P.ada], command: cmd.gmMeeting() },
    { name: 'record the sales meeting', go: (s) => s.toSalesEscalation(), actors: [P.ivy, P.manny, P.sam, P.ada], command: cmd.salesMeeting() },
    { name: 'record the partner meeting', go: (s) => s.toDisengaging(), actors: [P.ivy, P.manny, P.gina, P.ada], command: cmd.partnerMeeting() },
  ];
  it.each(rows)('$name', ({ go, actors, command }) => {
    const s = new Scenario();
    go(s);
    for (const actor of actors) expect([actor, s.rejects(actor, command)]).toEqual([actor, 'ACTOR.NOT_ALLOWED']);
  });

  it('a command without a known actor is refused', () => {
    const s = new Scenario();
    const d = decide(undefined, cmd.flag(), s.ctx(''));
    expect(d.ok ? 'accepted' : d.rejection.code).toBe('ACTOR.NOT_ALLOWED');
  });

  it('identity comes from the context: a userId inside the command is not accepted', () => {
    const s = new Scenario();
    s.open();
    s.do(P.ivy, cmd.logAttempt());
    expect(s.rejects(P.ivy, { ...cmd.approveReset(), actor: P.manny })).toBe('INPUT.INVALID');
    expect(s.rejects(P.ivy, cmd.approveReset())).toBe('ACTOR.NOT_ALLOWED');
  });
});

describe('ACTOR.OWN_ATTEMPT: nobody approves their own reset attempt, whatever their roles', () => {
  it('a reporter who is their own manager', () => {
    const s = new Scenario();
    s.open(P.selma);
    expect(s.case.people).toMatchObject({ reporter: P.selma, manager: P.selma });
    s.do(P.selma, cmd.logAttempt());
    expect(s.rejects(P.selma, cmd.approveReset())).toBe('ACTOR.OWN_ATTEMPT');
    // She can still send it back or escalate; the approval can be reassigned (she is her own manager).
    s.do(P.selma, cmd.reassign(P.ada, 'manager'));
    s.do(P.ada, cmd.approveReset());
    expect(s.case.phase).toBe('watching');
  });

  it('an admin who reports with no manager: another admin stands in, and the reporter still cannot approve', () => {
    const s = new Scenario();
    s.open(P.ada);
    expect(s.case.people.manager).toBe(P.abe);
    s.do(P.ada, cmd.logAttempt());
    expect(s.case.waitingOn).toBe(P.abe);
    // Ada is an admin too, so she may act for the missing manager, but not on her own attempt.
    expect(s.rejects(P.ada, cmd.approveReset())).toBe('ACTOR.OWN_ATTEMPT');
    s.do(P.abe, cmd.approveReset());
  });

  it('the only admin reports with no manager: they are asked to set one, and the approval goes to that manager', () => {
    const s = new Scenario({ admins: [P.ada] });
    const opened = s.open(P.ada);
    expect(s.case).toMatchObject({ missing: ['manager', 'vp'] });
    expect(told(opened.notices)).toContain('missing-link -> admins');
    s.directory = { entries: { ...s.directory.entries, [P.ada]: { ...s.directory.entries[P.ada]!, managerId: P.manny } } };
    s.do(P.ada, cmd.logAttempt());
    expect(s.case.people.manager).toBe(P.manny);
    expect(s.case.waitingOn).toBe(P.manny);
    s.do(P.manny, cmd.approveReset());
  });

  it('a manager who took over the reporter’s part and logged the attempt', () => {
    const s = new Scenario();
    s.open();
    s.do(P.manny, cmd.reassign(P.manny)); // ivy's manager moves her part to himself
    expect(s.case.waitingOn).toBe(P.manny);
    s.do(P.manny, cmd.logAttempt());
    expect(s.rejects(P.manny, cmd.approveReset())).toBe('ACTOR.OWN_ATTEMPT');
  });
});

describe('ACTOR.OWN_PROPOSAL: nobody approves their own decision', () => {
  it('a VP who also holds the GM part', () => {
    const s = new Scenario();
    s.toDecision();
    s.do(P.ada, cmd.reassign(P.vera, 'gm'));
    s.do(P.vera, cmd.proposeNotFixable());
    expect(s.case.waitingOn).toBe(P.vera);
    expect(s.rejects(P.vera, cmd.approveDecision())).toBe('ACTOR.OWN_PROPOSAL');
  });

  it('a directory where the VP is also the GM', () => {
    const dir = directoryOf(person(P.ivy, P.manny), person(P.manny, P.vera), person(P.vera, undefined, 'vp', 'gm'), person(P.ada, undefined, 'admin'));
    const s = new Scenario({ directory: dir, admins: [P.ada] });
    s.toDecision();
    expect(s.case.people).toMatchObject({ vp: P.vera, gm: P.vera });
    s.do(P.vera, cmd.proposeNotFixable());
    expect(s.rejects(P.vera, cmd.approveDecision())).toBe('ACTOR.OWN_PROPOSAL');
  });
});

describe('INPUT.INVALID: what people type is checked before anything happens', () => {
  const longText = (n: number) => 'x'.repeat(n);
  const flagWith = (patch: Record<string, unknown>) => ({ ...cmd.flag(), ...patch });
  const rows: { name: string; command: unknown }[] = [
    { name: 'a summary longer than 2,000 characters', command: flagWith({ evidence: [evidence(longText(2001))] }) },
    { name: 'an empty summary', command: flagWith({ evidence: [evidence('   ')] }) },
    { name: 'an http (not https) link', command: flagWith({ evidence: [evidence('x', { link: 'http://contoso.example/notes' })] }) },
    { name: 'a link longer than 500 characters', command: flagWith({ evidence: [evidence('x', { link: `https://contoso.example/${longText(480)}` })] }) },
    { name: 'a link that is not a URL', command: flagWith({ evidence: [evidence('x', { link: 'https://' })] }) },
    { name: 'more than 10 evidence items', command: flagWith({ evidence: evidenceList(11) }) },
    { name: 'no evidence', command: flagWith({ evidence: [] }) },
    { name: 'an unknown evidence kind', command: flagWith({ evidence: [{ kind: 'rumour', summary: 'x' }] }) },
    { name: 'an evidence date that is not yyyy-mm-dd', command: flagWith({ evidence: [evidence('x', { date: '03/03/2025' })] }) },
    { name: 'an unknown trigger', command: flagWith({ triggers: ['bad-vibes'] }) },
    { name: 'no trigger', command: flagWith({ triggers: [] }) },
    { name: 'an unknown command', command: { type: 'delete-case' } },
    { name: 'no command at all', command: undefined },
    { name: 'an unexpected field', command: flagWith({ reporterId: P.manny }) },
  ];
  it.each(rows)('$name', ({ command }) => {
    const s = new Scenario();
    expect(s.rejects(P.ivy, command)).toBe('INPUT.INVALID');
  });

  it('exactly 2,000 characters, an https link of 500 and 10 items are fine', () => {
    const s = new Scenario();
    const items = [evidence(longText(2000), { link: `https://c.example/${longText(500 - 'https://c.example/'.length)}` }), ...evidenceList(9)];
    s.do(P.ivy, cmd.flag(['profitability'], { evidence: items }));
    expect(s.case.flags[0]!.evidenceCount).toBe(10);
  });

  it('the rejection says what to fix', () => {
    const s = new Scenario();
    const d = decide(undefined, flagWith({ evidence: [evidence('x', { link: 'http://contoso.example' })] }), s.ctx(P.ivy));
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.rejection.message).toMatch(/https/);
  });

  const later: { name: string; go: (s: Scenario) => unknown; actor: string; command: unknown }[] = [
    { name: 'an improvement action due in the past', go: (s) => (s.toManagerReset(), s.do(P.manny, cmd.logAttempt())), actor: P.manny, command: cmd.takeOwnership([action('x', P.ian, '2025-03-04')]) },
    { name: 'no improvement actions', go: (s) => (s.toManagerReset(), s.do(P.manny, cmd.logAttempt())), actor: P.manny, command: cmd.takeOwnership([]) },
    { name: 'an action without an owner', go: (s) => (s.toManagerReset(), s.do(P.manny, cmd.logAttempt())), actor: P.manny, command: cmd.takeOwnership([action('x', ' ', '2025-04-01')]) },
    { name: 'a review action due in the past', go: (s) => s.toDecision(), actor: P.vera, command: cmd.proposeFixable('2025-06-30', [action('x', P.ian, '2025-03-01')]) },
    { name: 'a review that ends in the past', go: (s) => s.toDecision(), actor: P.vera, command: cmd.proposeFixable('2025-03-01') },
    { name: 'a lower-case currency', go: (s) => s.toVpReview(), actor: P.manny, command: cmd.draftRisk(1, 'usd') },
    { name: 'a negative amount at risk', go: (s) => s.toVpReview(), actor: P.manny, command: cmd.draftRisk(-1) },
    { name: 'a meeting date that does not exist', go: (s) => (s.toVpReview(), s.do(P.vera, cmd.confirmRisk())), actor: P.vera, command: cmd.gmMeeting('2025-13-01') },
    { name: 'a picked sales director without the role', go: (s) => s.toSalesEscalation(), actor: P.vera, command: cmd.salesMeeting('2025-03-12', [P.manny]) },
    { name: 'reassigning to the person who already holds it', go: (s) => s.open(), actor: P.manny, command: cmd.reassign(P.ivy) },
    { name: 'an action of another step', go: (s) => s.toReviewPeriod(), actor: P.vera, command: cmd.markDone('contoso-0001-a99') },
  ];
  it.each(later)('$name', ({ go, actor, command }) => {
    const s = new Scenario();
    go(s);
    expect(s.rejects(actor, command)).toBe('INPUT.INVALID');
  });

  it('"past" is judged in the organisation’s time zone', () => {
    // 23:30 UTC on 5 March is already 6 March in Auckland: an action due on 5 March has passed there.
    const s = new Scenario({ settings: { ...new Scenario().settings, calendar: { timeZone: 'Pacific/Auckland', workingDays: [1, 2, 3, 4, 5], holidays: [] } } });
    s.toManagerReset();
    s.do(P.manny, cmd.logAttempt());
    s.at('2025-03-05T23:30:00.000Z');
    expect(s.rejects(P.manny, cmd.takeOwnership([action('x', P.ian, '2025-03-05')]))).toBe('INPUT.INVALID');
    s.at('2025-03-05T10:00:00.000Z');
    s.do(P.manny, cmd.takeOwnership([action('x', P.ian, '2025-03-05')]));
  });
});

describe('FLAG.NOT_CURRENT', () => {
  it('withdraw or correct a flag of an earlier strike, or one already withdrawn', () => {
    const s = new Scenario();
    s.toManagerReset();
    const codes: RejectionCode[] = [
      s.rejects(P.ivy, cmd.withdraw(s.case.flags[0]!.flagId)),
      s.rejects(P.ivy, cmd.correct(s.case.flags[0]!.flagId, ['profitability'])),
    ];
    s.do(P.ian, cmd.withdraw(s.case.flags[1]!.flagId));
    codes.push(s.rejects(P.ian, cmd.withdraw(s.case.flags[1]!.flagId)));
    expect(codes).toEqual(['FLAG.NOT_CURRENT', 'FLAG.NOT_CURRENT', 'FLAG.NOT_CURRENT']);
  });
});

describe('owner reassignment: by the owner’s manager or an admin, and the case records it', () => {
  it('the reporter’s manager hands the IC reset to someone else', () => {
    const s = new Scenario();
    s.open();
    const d = s.do(P.manny, cmd.reassign(P.ian));
    expect(s.case.people.reporter).toBe(P.ian);
    expect(s.case).toMatchObject({ waitingOn: P.ian, step: 'ic-reset', phase: 'attempt' });
    expect(ownerOf(s.case)).toBe(P.ian);
    expect(s.events.at(-1)).toMatchObject({ type: 'owner-reassigned', slot: 'reporter', from: P.ivy, to: P.ian, actor: P.manny });
    expect(told(d.notices).sort()).toEqual(['handed-over -> ivy', 'your-turn -> ian']);
    s.do(P.ian, cmd.logAttempt());
  });

  it('without naming a part it moves what the case waits on now (the approval goes to the manager’s stand-in)', () => {
    const s = new Scenario();
    s.open();
    s.do(P.ivy, cmd.logAttempt());
    s.do(P.vera, cmd.reassign(P.ian)); // vera is manny's manager; the approval waits on manny
    expect(s.case.people.manager).toBe(P.ian);
    expect(s.case.waitingOn).toBe(P.ian);
    s.do(P.ian, cmd.approveReset());
  });

  it('the VP’s manager (the GM) or an admin reassigns the VP; others may not', () => {
    const s = new Scenario();
    s.toSalesEscalation();
    for (const who of [P.vera, P.manny, P.ivy, P.sam, P.otto]) expect([who, s.rejects(who, cmd.reassign(P.selma))]).toEqual([who, 'ACTOR.NOT_ALLOWED']);
    s.do(P.gina, cmd.reassign(P.selma));
    expect(s.case).toMatchObject({ waitingOn: P.selma });
    expect(ownerOf(s.case)).toBe(P.selma);
    s.do(P.abe, cmd.reassign(P.vera));
    expect(ownerOf(s.case)).toBe(P.vera);
    expect(s.case.pastOwners).toContain(P.selma);
  });

  it('the owner may not reassign themselves, nor may a peer or someone further up the chain', () => {
    const s = new Scenario();
    s.open();
    for (const who of [P.ivy, P.ian, P.vera, P.gina, P.otto]) expect([who, s.rejects(who, cmd.reassign(P.ian))]).toEqual([who, 'ACTOR.NOT_ALLOWED']);
  });

  it('a reassigned owner is told the outcome when the case closes', () => {
    const s = new Scenario();
    s.toDisengaging();
    s.do(P.ada, cmd.reassign(P.selma));
    s.do(P.ada, cmd.reassign(P.vera, 'vp'));
    const d = s.do(P.vera, cmd.partnerMeeting());
    expect(recipients(d.notices, 'outcome')).toContain(P.selma);
  });
});

describe('a missing link in the chain never blocks a flag: an admin stands in and admins are told', () => {
  it('no manager (nor VP) in the directory', () => {
    const s = new Scenario();
    const d = s.open(P.nora);
    expect(s.case).toMatchObject({ status: 'open', step: 'ic-reset', level: 1, missing: ['manager', 'vp'] });
    expect(s.case.people).toMatchObject({ reporter: P.nora, manager: P.ada, vp: P.ada, gm: P.gina });
    expect(recipients(d.notices, 'missing-link')).toEqual(['admins']);
    expect(d.notices.find((n) => n.kind === 'missing-link')!.detail).toMatch(/manager/);
    expect(recipients(d.notices, 'flag-raised')).toEqual([P.ada]);
    s.do(P.nora, cmd.logAttempt());
    s.do(P.ada, cmd.approveReset());
    expect(s.case.phase).toBe('watching');
  });

  it('someone not in the directory at all', () => {
    const s = new Scenario();
    s.open(P.otto);
    expect(s.case.people).toMatchObject({ reporter: P.otto, manager: P.ada, vp: P.ada, gm: P.gina });
    expect(s.case.missing).toEqual(['manager', 'vp']);
  });

  it('no GM: with several GMs and none up the chain, the admin stands in', () => {
    const dir = directoryOf(...Object.values(ORG.entries).filter((e) => e.userId !== P.gina), person('g1', undefined, 'gm'), person('g2', undefined, 'gm'));
    const s = new Scenario({ directory: dir });
    const d = s.open();
    expect(s.case.people).toMatchObject({ manager: P.manny, vp: P.vera, gm: P.ada });
    expect(s.case.missing).toEqual(['gm']);
    expect(recipients(d.notices, 'missing-link')).toEqual(['admins']);
  });

  it('the nearest GM up the chain wins over other GMs', () => {
    const dir = directoryOf(...Object.values(ORG.entries), person('g2', undefined, 'gm'));
    const s = new Scenario({ directory: dir });
    s.open();
    expect(s.case.people.gm).toBe(P.gina);
  });

  it('a link found later hands over from the stand-in when its step begins', () => {
    const s = new Scenario();
    s.open(P.nora);
    expect(s.case.people.vp).toBe(P.ada);
    s.directory = directoryOf(...Object.values(ORG.entries).filter((e) => e.userId !== P.nora), person(P.nora, P.manny));
    s.do(P.ada, cmd.escalateNow());
    expect(s.case.people.manager).toBe(P.manny);
    expect(s.case.waitingOn).toBe(P.manny);
  });

  it('nothing found and no admins configured: the case still opens', () => {
    const s = new Scenario({ directory: directoryOf(), admins: [] });
    const d = s.open(P.otto);
    expect(s.case).toMatchObject({ status: 'open', level: 1, missing: ['manager', 'vp', 'gm'] });
    expect(recipients(d.notices, 'missing-link')).toEqual(['admins']);
  });

  it('admins are those of the context (ADMIN_AAD_OBJECT_IDS first): the first one stands in', () => {
    const s = new Scenario({ admins: [P.abe, ...ADMINS] });
    s.open(P.nora);
    expect(s.case.people.manager).toBe(P.abe);
  });
});
