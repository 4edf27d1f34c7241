// Who sees which buttons, what the channel sees, and what never reaches a shared card.
import type { CaseState } from '../../src/domain';
import { expandCard } from '../../src/teams/cards/render';
import type { Story } from './support/fixtures';
import { EVIDENCE, IDS, PARTNER, PEOPLE, stories } from './support/fixtures';
import { optsFor } from './support/samples';
import { expectCleanCard } from './support/checks';
import { executeActions } from '../support/cards';
import { caseCardData } from '../../src/teams/cards/case';
import { formFor, refreshUserIds } from '../../src/teams/cards/caseView';
import { decisionApprovalData } from '../../src/teams/cards/decisionApproval';
import { flagFormData } from '../../src/teams/cards/flagForm';
import { flagPostedData } from '../../src/teams/cards/flagPosted';
import { FORMS } from '../../src/teams/cards/forms';
import { historyData } from '../../src/teams/cards/history';
import { movedOnData } from '../../src/teams/cards/movedOn';
import { noticeData } from '../../src/teams/cards/notice';
import { partnersData } from '../../src/teams/cards/partners';
import type { People } from '../../src/teams/cards/parts';
import { MAX_REFRESH_USERS } from '../../src/teams/cards/parts';
import { resetApprovalData } from '../../src/teams/cards/resetApproval';
import { salesMeetingData } from '../../src/teams/cards/salesMeeting';
import { stakeholderEmailData } from '../../src/teams/cards/stakeholderEmail';
import { unknownPartnerData } from '../../src/teams/cards/unknownPartner';
import type { ViewInput } from './support/views';
import { viewOf } from './support/views';
import type { Notice, NoticeKind } from '../../src/domain';
import { formCard } from '../../src/teams/cards/caseForms';
import { STEP_NAMES } from '../../src/teams/cards/labels';
import { headlineFor, pingCard } from '../../src/teams/cards/ping';
import { formOf } from '../../src/teams/verbs';

function notice(kind: NoticeKind, story: Story, to: string | undefined): Notice {
  return { kind, to: { user: to ?? IDS.vera }, caseId: story.current.caseId, partnerId: story.current.partnerId, stage: story.current.stage, by: IDS.vera };
}

const EVERYONE = Object.values(IDS);

function verbsOn(card: unknown): string[] {
  return executeActions(card)
    .filter((a) => a.verb !== 'refresh')
    .map((a) => (a.verb === 'show-card' ? `show-card:${String(a.data?.form)}` : String(a.verb)));
}

function caseCard(story: Story, viewer: string | undefined, extra: Partial<ViewInput> = {}) {
  return expandCard('case', caseCardData(viewOf(story.current, { ...optsFor(story, viewer), ...extra })));
}

describe('the case card for each viewer', () => {
  const waits: [string, () => Story, string, string][] = [
    ['the reporter logs the IC reset', stories.icAttempt, IDS.ivy, 'show-card:reset-attempt'],
    ['the manager approves it', stories.icApproval, IDS.manny, 'show-card:reset-approval'],
    ['the manager logs the manager reset', stories.managerAttempt, IDS.manny, 'show-card:manager-decision'],
    ['the manager continues or takes ownership', stories.managerChoice, IDS.manny, 'show-card:manager-decision'],
    ['the manager drafts the risk', stories.vpRisk, IDS.manny, 'show-card:risk'],
    ['the VP confirms the risk', stories.riskConfirmation, IDS.vera, 'show-card:risk'],
    ['the VP records the GM meeting', stories.gmMeeting, IDS.vera, 'show-card:gm-meeting'],
    ['the VP records the sales meeting', () => stories.salesMeeting(), IDS.vera, 'show-card:sales-meeting'],
    ['the VP confirms the email', stories.email, IDS.vera, 'show-card:stakeholder-email'],
    ['the VP proposes a decision', stories.proposal, IDS.vera, 'show-card:decision'],
    ['the GM approves it', stories.gmApproval, IDS.gina, 'show-card:decision-approval'],
    ['the VP answers the review', stories.review, IDS.vera, 'show-card:review'],
    ['the VP records the partner meeting', stories.disengaging, IDS.vera, 'show-card:partner-meeting'],
  ];

  it.each(waits)('%s: that person gets the button, a stranger and the shared view get none', (_what, make, waiting, verb) => {
    const story = make();
    expect(verbsOn(caseCard(story, waiting))).toContain(verb);
    expect(verbsOn(caseCard(story, IDS.stranger))).toEqual([]);
    expect(verbsOn(caseCard(story, undefined))).toEqual([]);
    expect(formFor(viewOf(story.current, optsFor(story, waiting)))).toBe(verb.split(':')[1]);
    expect(formFor(viewOf(story.current, optsFor(story, IDS.stranger)))).toBeUndefined();
  });

  it('the person waited on is told it is their turn; others who can act are told what they can do', () => {
    const story = stories.icApproval();
    expect(caseCardData(viewOf(story.current, optsFor(story, IDS.manny))).actionArea.intro).toBe('Your turn:');
    const ivy = caseCardData(viewOf(story.current, optsFor(story, IDS.ivy)));
    expect(ivy.actionArea.on).toBe(false);
    expect(verbsOn(caseCard(story, IDS.ivy))).toEqual(['show-card:evidence-add', 'show-card:withdraw-correct', 'show-card:history']);
  });

  it('the manager can escalate now from the IC reset, behind a confirmation', () => {
    const story = stories.icAttempt();
    const data = caseCardData(viewOf(story.current, optsFor(story, IDS.manny)));
    expect(data.actionArea.confirms.map((c) => c.verb)).toEqual(['escalate-now']);
    expect(data.actionArea.confirms[0]!.data).toEqual({ partnerId: 'contoso', caseId: 'contoso-0001', stage: story.current.stage });
  });

  it('an admin may reassign and add evidence; the owner\'s manager may reassign', () => {
    const story = stories.icApproval();
    expect(verbsOn(caseCard(story, IDS.ada))).toEqual(expect.arrayContaining(['show-card:reassign-owner', 'show-card:evidence-add', 'show-card:history']));
    // The approval waits on Manny; his manager is Vera.
    expect(verbsOn(caseCard(story, IDS.vera))).toContain('show-card:reassign-owner');
    expect(verbsOn(caseCard(story, IDS.ian))).toEqual([]);
  });

  it('action owners mark their own actions done; the manager any of them', () => {
    const story = stories.improvement();
    const rows = (viewer: string) => caseCardData(viewOf(story.current, optsFor(story, viewer))).actionList.items.map((r) => r.canMark);
    expect(rows(IDS.ivy)).toEqual([true, false]);
    expect(rows(IDS.manny)).toEqual([true, true]);
    expect(rows(IDS.stranger)).toEqual([false, false]);
    const card = caseCard(story, IDS.ivy);
    const marks = executeActions(card).filter((a) => a.verb === 'mark-action-done');
    expect(marks.map((a) => a.data)).toEqual([{ partnerId: 'contoso', caseId: 'contoso-0001', stage: story.current.stage, actionId: 'contoso-0001-a1' }]);
  });

  it('a closed case shows its outcome and no buttons to anyone', () => {
    const story = stories.closed();
    for (const viewer of EVERYONE) expect(verbsOn(caseCard(story, viewer)).filter((v) => v !== 'show-card:history')).toEqual([]);
    const data = caseCardData(viewOf(story.current, optsFor(story, IDS.vera)));
    expect(data.closed).toEqual({ on: true, text: 'This case is closed. Fixed: the partnership is working.' });
    expect(data.refresh.on).toBe(false);
  });

  it('steps are named in words', () => {
    expect(caseCardData(viewOf(stories.salesMeeting().current, optsFor(stories.salesMeeting(), undefined))).facts[0]).toEqual({ title: 'Step', value: 'GM and Sales' });
    expect([STEP_NAMES['ic-reset'], STEP_NAMES['internal-improvement'], STEP_NAMES.disengaging]).toEqual(['IC reset', 'Internal improvement', 'Disengaging']);
  });
});

describe('every card for every state', () => {
  const states: [string, () => Story][] = Object.entries(stories);

  it.each(states)('%s: the case card for each person, and each form for the person waited on, are clean cards', (_name, make) => {
    const story = make();
    for (const viewer of [undefined, ...EVERYONE]) expectCleanCard(caseCard(story, viewer, { unreachable: [IDS.gina, IDS.stranger] }));
    const viewer = story.current.waitingOn ?? IDS.vera;
    for (const form of FORMS) {
      expectCleanCard(formCard(form, viewOf(story.current, { ...optsFor(story, viewer), flagId: story.current.flags[0]!.flagId, email: { subject: 'S', emlUrl: 'https://bot.example/e.eml', recipients: [IDS.gina] } })));
    }
  });
});

describe('per-user views', () => {
  it('refresh lists the people on the case by Teams id, the one waited on first', () => {
    const story = stories.icApproval();
    const data = caseCardData(viewOf(story.current, optsFor(story, undefined)));
    expect(data.refresh.on).toBe(true);
    expect(data.refresh.userIds[0]).toBe(PEOPLE[IDS.manny]!.teamsId);
    expect(data.refresh.userIds).toContain(PEOPLE[IDS.ivy]!.teamsId);
    expect(data.refresh.userIds).not.toContain(PEOPLE[IDS.stranger]!.teamsId);
    expect(data.refresh.data).toEqual({ partnerId: 'contoso', caseId: 'contoso-0001', stage: story.current.stage });
    const card = expandCard('case', data);
    expect(card.refresh).toEqual({ action: { type: 'Action.Execute', title: 'Refresh', verb: 'refresh', data: data.refresh.data }, userIds: data.refresh.userIds });
  });

  it('never lists more than 60 people, however many are on the case', () => {
    const story = stories.improvement();
    const many = Array.from({ length: 150 }, (_, i) => `owner-${i}`);
    const people: People = { ...PEOPLE, ...Object.fromEntries(many.map((id, i) => [id, { name: `Owner ${i}`, teamsId: `29:owner-${i}` }])) };
    const state: CaseState = {
      ...story.current,
      actions: [...story.current.actions, ...many.map((ownerId, i) => ({ actionId: `a-${i}`, text: 't', ownerId, dueOn: '2025-05-01', context: 'improvement' as const, round: 0, remindersSent: 0 }))],
    };
    const ids = refreshUserIds(state, people);
    expect(ids).toHaveLength(MAX_REFRESH_USERS);
    expect(new Set(ids).size).toBe(60);
    expect(ids[0]).toBe(PEOPLE[IDS.manny]!.teamsId);
    const card = expandCard('case', caseCardData(viewOf(state, { ...optsFor(story, undefined), people })));
    expect(card.refresh?.userIds).toHaveLength(60);
  });

  it('people without a Teams id are left out rather than listed wrongly', () => {
    const story = stories.icApproval();
    const people = { ...PEOPLE, [IDS.manny]: { name: 'Manny Okafor' } };
    expect(refreshUserIds(story.current, people)).not.toContain(undefined);
    expect(refreshUserIds(story.current, people)[0]).toBe(PEOPLE[IDS.ivy]!.teamsId);
  });

  it('a notice can be a per-user placeholder (the channel flag form)', () => {
    const data = noticeData({ message: 'Ivy Chen is flagging Contoso.', refresh: { userIds: ['29:1ivy'], data: { partnerId: 'contoso', caseId: '', stage: -1, form: 'flag' } } });
    expect(expandCard('notice', data).refresh?.userIds).toEqual(['29:1ivy']);
    expect(expandCard('notice', noticeData({ message: 'x' })).refresh).toBeUndefined();
  });
});

describe('confidential evidence', () => {
  const secrets = ['SECRET-VALUES-EVIDENCE', 'SECRET-SECOND-EVIDENCE'];

  it('is never on the case card, the channel card or a ping, whoever looks', () => {
    const story = stories.confidential();
    for (const viewer of [undefined, ...EVERYONE]) {
      const json = JSON.stringify([
        pingCard(notice('your-turn', story, viewer), viewOf(story.current, optsFor(story, viewer))),
        expandCard('flag-posted', flagPostedData(viewOf(story.current, optsFor(story, viewer)))),
      ]);
      for (const secret of secrets) expect(json).not.toContain(secret);
    }
    expect(caseCardData(viewOf(story.current, optsFor(story, undefined))).notes.text).toMatch(/confidential/);
  });

  it('no evidence at all is on case or channel cards, confidential or not', () => {
    const story = stories.managerChoice();
    const json = JSON.stringify([caseCard(story, IDS.manny), expandCard('flag-posted', flagPostedData(viewOf(story.current, optsFor(story, undefined))))]);
    for (const e of EVIDENCE) expect(json).not.toContain(e.summary.slice(0, 30));
  });

  it('is in the history (shown only to people on the case), marked confidential', () => {
    const story = stories.confidential();
    const data = historyData(viewOf(story.current, optsFor(story, IDS.manny)));
    const json = JSON.stringify(expandCard('history', data));
    for (const secret of secrets) expect(json).toContain(secret);
    expect(data.rows.filter((r) => r.confidential)).toHaveLength(2);
  });
});

describe('other cards', () => {
  it('the flag form shows the partner, prefilled triggers, 3 evidence slots and 7 more behind a toggle', () => {
    const data = flagFormData(PARTNER, { triggers: ['poor-communication', 'profitability'] });
    expect(data.partner).toBe('Contoso Cloud Services');
    expect(data.selectedTriggers).toBe('poor-communication,profitability');
    expect(data.slots.map((s) => s.n)).toEqual([1, 2, 3]);
    expect(data.extraSlots.map((s) => s.n)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(data.newOccurrence.on).toBe(false);
    expect(data.ctx).toEqual({ partnerId: 'contoso', caseId: '', stage: -1 });
    const onOpenCase = flagFormData(PARTNER, { state: stories.icWatching().current });
    expect(onOpenCase.newOccurrence.on).toBe(true);
    expect(onOpenCase.ctx.caseId).toBe('contoso-0001');
  });

  it('a flag form for a requested partner carries the typed name instead of an id', () => {
    const data = flagFormData({ partnerId: '', name: 'Contosso' }, { pending: true });
    expect(data.ctx).toEqual({ partnerId: '', caseId: '', stage: -1, pendingName: 'Contosso' });
  });

  it('unknown partner: closest names open the flag form, and the request keeps what was typed', () => {
    const data = unknownPartnerData('Contosso', [PARTNER], ['profitability']);
    expect(data.suggestions).toEqual([{ title: 'Contoso Cloud Services', verb: 'show-card', data: { partnerId: 'contoso', caseId: '', stage: -1, form: 'flag', triggers: 'profitability' }, style: 'default' }]);
    expect(data.request.data).toEqual({ partnerId: '', caseId: '', stage: -1, name: 'Contosso', triggers: 'profitability' });
  });

  it('the stakeholder email card opens the .eml and a mailto with subject and recipients', () => {
    const story = stories.email();
    const data = stakeholderEmailData(viewOf(story.current, {
      ...optsFor(story, IDS.vera),
      email: { subject: 'Escalation: Contoso & co', emlUrl: 'https://bot.example/email/x.eml?sig=1', recipients: [IDS.gina, IDS.sam, IDS.stranger] },
    }));
    expect(data.mailto.url).toBe('mailto:gina.mbeki%40northwind.example,sam.ortiz%40northwind.example?subject=Escalation%3A%20Contoso%20%26%20co');
    expect(data.canConfirm).toBe(true);
    const card = expandCard('stakeholder-email', data);
    expect(JSON.stringify(card.actions)).toContain('"url":"https://bot.example/email/x.eml?sig=1"');
  });

  it('the sales meeting asks to pick sales directors only when the partner has none', () => {
    const none = stories.salesMeeting([]);
    expect(salesMeetingData(viewOf(none.current, { ...optsFor(none, IDS.vera), salesDirectorCandidates: [IDS.sam, IDS.sara] })).pick.on).toBe(true);
    const some = stories.salesMeeting();
    expect(salesMeetingData(viewOf(some.current, { ...optsFor(some, IDS.vera), salesDirectorCandidates: [IDS.sam, IDS.sara] })).pick.choices.map((c) => c.value)).toEqual([IDS.sara]);
    expect(salesMeetingData(viewOf(some.current, { ...optsFor(some, IDS.vera), salesDirectorCandidates: [IDS.sam, IDS.sara] })).pick.on).toBe(false);
  });

  it('nobody is offered to approve their own attempt or decision', () => {
    const story = stories.icApproval();
    const selfManaged = { ...story.current, people: { ...story.current.people, manager: IDS.ivy } };
    const data = resetApprovalData(viewOf(selfManaged, optsFor(story, IDS.ivy)));
    expect(data.canApprove).toBe(false);
    expect(data.ownNote.on).toBe(true);
    const decision = stories.gmApproval();
    const selfApproved = { ...decision.current, people: { ...decision.current.people, gm: IDS.vera } };
    expect(decisionApprovalData(viewOf(selfApproved, optsFor(decision, IDS.vera))).canApprove).toBe(false);
  });

  it('moved-on shows the notice above the current card, keeping its per-user refresh', () => {
    const story = stories.icWatching();
    const current = expandCard('case', caseCardData(viewOf(story.current, optsFor(story, IDS.manny))));
    const card = expandCard('moved-on', movedOnData(current));
    expect(JSON.stringify(card.body![0])).toContain('This case has moved on');
    expect(card.refresh).toEqual(current.refresh);
    expect((card.body![1] as { items: unknown[] }).items).toEqual(current.body);
  });

  it('formCard gives the card for every form, and the catalog names the form of each verb', () => {
    const story = stories.review();
    for (const form of FORMS) {
      expect(formCard(form, viewOf(story.current, { ...optsFor(story, IDS.vera), flagId: story.current.flags[0]!.flagId })).type).toBe('AdaptiveCard');
    }
    expect(formOf('log-reset-attempt', stories.managerAttempt().current)).toBe('manager-decision');
    expect(formOf('log-reset-attempt', stories.icAttempt().current)).toBe('reset-attempt');
    expect(formOf('approve-decision', story.current)).toBe('decision-approval');
  });

  it('every ping kind but the channel card has a headline', () => {
    const story = stories.review();
    const kinds = ['flag-raised', 'strike-added', 'your-turn', 'handed-over', 'missing-link', 'vp-informed', 'reporter-update', 'gm-briefing', 'sales-briefing', 'decision', 'action-assigned', 'action-reminder', 'reminder', 'overdue', 'outcome'] as const;
    for (const kind of kinds) expect(headlineFor(notice(kind, story, IDS.vera), viewOf(story.current, optsFor(story, IDS.vera))).length).toBeGreaterThan(10);
  });

  it('the partners list puts open cases first, each row with a button to the partner card', () => {
    const data = partnersData(
      [
        { partnerId: 'litware', name: 'Litware' },
        { partnerId: 'contoso', name: 'Contoso', state: stories.vpRisk().current },
      ],
      { people: PEOPLE },
    );
    expect(data.rows.map((r) => r.name)).toEqual(['Contoso', 'Litware']);
    expect(data.rows[0]!.state).toBe('VP review · strike 3');
    expect(data.rows[1]!.open).toEqual({ title: 'Partner', verb: 'show-partner', data: { partnerId: 'litware', caseId: '', stage: -1 }, style: 'default' });
  });
});
