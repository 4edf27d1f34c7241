// Realistic maximum data: ten evidence items of 2,000 characters per flag, many flags, long names, many
// people. Every card still parses cleanly and stays within Teams' 80 KB.
import type { CaseState, Evidence } from '../../src/domain';
import { LIMITS } from '../../src/domain';
import { MAX_CARD_BYTES, cardBytes, expandCard, renderCard } from '../../src/teams/cards/render';
import { ADMINS, IDS, ORG, PEOPLE, Story } from './support/fixtures';
import { expectCleanCard } from './support/checks';
import { actionDoneData } from '../../src/teams/cards/actionDone';
import { caseCardData } from '../../src/teams/cards/case';
import { decisionFormData } from '../../src/teams/cards/decision';
import { decisionApprovalData } from '../../src/teams/cards/decisionApproval';
import { evidenceAddData } from '../../src/teams/cards/evidenceAdd';
import { flagFormData } from '../../src/teams/cards/flagForm';
import { flagPostedData } from '../../src/teams/cards/flagPosted';
import { gmMeetingData } from '../../src/teams/cards/gmMeeting';
import { historyData } from '../../src/teams/cards/history';
import { managerDecisionData } from '../../src/teams/cards/managerDecision';
import { movedOnData } from '../../src/teams/cards/movedOn';
import { noticeData } from '../../src/teams/cards/notice';
import { orgData } from '../../src/teams/cards/org';
import { partnerMeetingData } from '../../src/teams/cards/partnerMeeting';
import { partnersData } from '../../src/teams/cards/partners';
import type { People } from '../../src/teams/cards/parts';
import { reassignOwnerData } from '../../src/teams/cards/reassignOwner';
import { resetApprovalData } from '../../src/teams/cards/resetApproval';
import { resetAttemptData } from '../../src/teams/cards/resetAttempt';
import { reviewData } from '../../src/teams/cards/review';
import { riskFormData } from '../../src/teams/cards/risk';
import { salesMeetingData } from '../../src/teams/cards/salesMeeting';
import { stakeholderEmailData } from '../../src/teams/cards/stakeholderEmail';
import { unknownPartnerData } from '../../src/teams/cards/unknownPartner';
import { withdrawCorrectData } from '../../src/teams/cards/withdrawCorrect';
import type { ViewInput } from './support/views';
import { viewOf } from './support/views';

/** Realistic prose with the punctuation people type (escaping grows it), cut to exactly `n` characters. */
function prose(n: number, seed: number): string {
  const base = `Item ${seed}: in the weekly sync (see notes_v2 *draft*) the partner's lead said [again] that "the go-live is a rough target" & asked us to cover #migration work - 3 of 5 tasks; costs > budget. `;
  return base.repeat(Math.ceil(n / base.length)).slice(0, n);
}

const LONG_NAME = 'Maximiliane-Alexandra Konstantina von Hohenzollern-Sigmaringen de la Cruz Fernández-Oyelaran Nakamura-Bergström (Partner Development Manager, EMEA Strategic Alliances)'.padEnd(200, ' x');
const PARTNER_NAME = 'Contoso Cloud Services & Digital Transformation Consulting International Holdings (EMEA, APAC and Americas regional delivery centres) — Strategic Global Systems Integrator Tier 1'.padEnd(200, '!');

const people: People = Object.fromEntries(
  Object.entries(PEOPLE).map(([id, p]) => [id, { ...p, name: `${LONG_NAME.slice(0, 190)} ${p.name}`.slice(0, 200) }]),
);
const crowd = Array.from({ length: 300 }, (_, i) => `crowd-${i}`);
for (const id of crowd) people[id] = { name: `${LONG_NAME.slice(0, 180)} #${id}`, teamsId: `29:1${id}-${'x'.repeat(60)}`, email: `${id}@northwind.example` };

function tenItems(seed: number, text: (n: number, s: number) => string = prose): Evidence[] {
  return Array.from({ length: LIMITS.evidencePerFlag }, (_, i) => ({
    kind: (['email', 'meeting-notes', 'feedback', 'other'] as const)[i % 4]!,
    summary: text(LIMITS.summary, seed * 10 + i),
    link: `https://northwind.sharepoint.example/sites/partners/${'evidence/'.repeat(50)}`.slice(0, LIMITS.link),
    date: '2025-02-28',
  }));
}

/** A case at VP review with 6 strikes' worth of flags, each flag and each top-up carrying ten 2,000-character items. */
function heavyStory(text?: (n: number, s: number) => string): Story {
  const s = new Story([IDS.sam, IDS.sara]);
  const reporters = [IDS.ivy, IDS.ian];
  s.act(IDS.ivy, { type: 'flag', triggers: ['misaligned-expectations', 'poor-communication', 'misaligned-values'], evidence: tenItems(1, text) }, { advanceDays: 0 });
  s.act(IDS.manny, { type: 'add-evidence', evidence: tenItems(2, text) });
  s.act(IDS.ivy, { type: 'log-reset-attempt', agreed: prose(LIMITS.shortText, 3), agreedOn: '2025-03-04' });
  s.act(IDS.manny, { type: 'send-back-reset', comment: prose(LIMITS.comment, 4) });
  s.act(IDS.ivy, { type: 'log-reset-attempt', agreed: prose(LIMITS.shortText, 5), agreedOn: '2025-03-05' });
  s.act(IDS.manny, { type: 'approve-reset' });
  for (let i = 0; i < 4; i++) {
    s.act(reporters[i % 2]!, { type: 'flag', triggers: ['resource-mismatch', 'profitability'], evidence: tenItems(10 + i, text), newOccurrence: true }, { advanceDays: 2 });
  }
  s.act(IDS.manny, { type: 'draft-risk', amount: 987_654_321_012.5, currency: 'EUR', skus: Array.from({ length: LIMITS.skus }, (_, i) => `SKU-${i}-${'X'.repeat(LIMITS.skuLength - 10)}`.slice(0, LIMITS.skuLength)) });
  return s;
}

function opts(story: Story, viewer: string | undefined, extra: Partial<ViewInput> = {}): ViewInput {
  return {
    ...(viewer ? { viewer } : {}),
    people,
    partnerName: PARTNER_NAME,
    events: story.events,
    admins: ADMINS,
    directory: ORG,
    timeZone: 'Europe/Berlin',
    now: story.now,
    headline: prose(500, 99),
    unreachable: crowd.slice(0, 120),
    assignable: Object.keys(people),
    salesDirectorCandidates: crowd,
    ...extra,
  };
}

describe('cards with realistic maximum data', () => {
  const story = heavyStory();
  const state = story.current;

  it('the heavy case really is heavy (evidence far beyond one card)', () => {
    const evidenceBytes = story.events.flatMap((e) => ('evidence' in e ? e.evidence : [])).reduce((n, e) => n + e.summary.length, 0);
    expect(evidenceBytes).toBeGreaterThan(MAX_CARD_BYTES);
    expect(state.step).toBe('vp-review');
  });

  const cards: [string, () => { name: string; data: object }][] = [
    ['case', () => ({ name: 'case', data: caseCardData(viewOf(state, opts(story, IDS.manny))) })],
    ['case, shared view', () => ({ name: 'case', data: caseCardData(viewOf(state, opts(story, undefined))) })],
    ['history', () => ({ name: 'history', data: historyData(viewOf(state, opts(story, IDS.manny))) })],
    ['history, earlier page', () => ({ name: 'history', data: historyData(viewOf(state, { ...opts(story, IDS.manny), before: 8 })) })],
    ['flag-posted', () => ({ name: 'flag-posted', data: flagPostedData(viewOf(state, opts(story, undefined))) })],
    ['flag-form, prefilled', () => ({ name: 'flag-form', data: flagFormData({ partnerId: 'contoso', name: PARTNER_NAME }, { state, evidence: tenItems(7), triggers: ['profitability'], forTeamsId: '29:1ivy', inChannel: true }) })],
    ['withdraw-correct', () => ({ name: 'withdraw-correct', data: withdrawCorrectData(viewOf(state, { ...opts(story, IDS.ian), flagId: state.flags[state.flags.length - 1]!.flagId })) })],
    ['evidence-add', () => ({ name: 'evidence-add', data: evidenceAddData(viewOf(state, opts(story, IDS.ian))) })],
    ['risk', () => ({ name: 'risk', data: riskFormData(viewOf(state, opts(story, IDS.vera))) })],
    ['manager-decision', () => ({ name: 'manager-decision', data: managerDecisionData(viewOf(state, opts(story, IDS.manny))) })],
    ['decision', () => ({ name: 'decision', data: decisionFormData(viewOf(state, opts(story, IDS.vera))) })],
    ['reassign-owner', () => ({ name: 'reassign-owner', data: reassignOwnerData(viewOf(state, opts(story, IDS.ada))) })],
    ['sales-meeting', () => ({ name: 'sales-meeting', data: salesMeetingData(viewOf({ ...state, people: { ...state.people, salesDirectors: [] } }, opts(story, IDS.vera))) })],
    ['stakeholder-email', () => ({ name: 'stakeholder-email', data: stakeholderEmailData(viewOf(state, { ...opts(story, IDS.vera), email: { subject: prose(300, 1), emlUrl: 'https://bot.example/e.eml?sig=x', recipients: crowd.slice(0, 100) } })) })],
    ['reset-attempt', () => ({ name: 'reset-attempt', data: resetAttemptData(viewOf(state, opts(story, IDS.ivy))) })],
    ['reset-approval', () => ({ name: 'reset-approval', data: resetApprovalData(viewOf(state, opts(story, IDS.manny))) })],
    ['partners, 2,000 of them', () => ({ name: 'partners', data: partnersData(Array.from({ length: 2000 }, (_, i) => ({ partnerId: `p${i}`, name: `${PARTNER_NAME.slice(0, 190)} ${i}`, state: i % 3 ? state : undefined })), { people }) })],
    ['unknown-partner', () => ({ name: 'unknown-partner', data: unknownPartnerData(PARTNER_NAME, Array.from({ length: 50 }, (_, i) => ({ partnerId: `p${i}`, name: PARTNER_NAME })), ['profitability', 'poor-communication']) })],
    ['org, 500 people', () => ({ name: 'org', data: orgData(Object.keys(people).concat(Array.from({ length: 200 }, (_, i) => `x${i}`)).map((userId) => ({ userId, name: people[userId]?.name ?? LONG_NAME, managerId: IDS.manny, roles: ['vp', 'admin'] })), { people }) })],
    ['notice', () => ({ name: 'notice', data: noticeData({ title: prose(300, 1), message: prose(5000, 2), tone: 'attention' }) })],
  ];

  it.each(cards)('%s', (_what, make) => {
    const { name, data } = make();
    const card = expandCard(name, data);
    const report = expectCleanCard(card);
    expect(report.bytes).toBeLessThanOrEqual(MAX_CARD_BYTES);
  });

  it('the history pages back through every event, each page within the limit', () => {
    let before: number | undefined;
    const seen: number[] = [];
    for (let page = 0; page < 50; page++) {
      const data = historyData(viewOf(state, { ...opts(story, IDS.manny), ...(before !== undefined ? { before } : {}) }));
      expectCleanCard(expandCard('history', data));
      seen.push(data.rows.length);
      if (!data.earlier.on) break;
      before = data.earlier.button.data.before as number;
    }
    expect(seen.reduce((a, b) => a + b, 0)).toBe(story.events.length);
    expect(seen.length).toBeGreaterThan(1);
  });

  it('a closed heavy case, decision and review cards with twenty long actions', () => {
    const actions = Array.from({ length: LIMITS.actions }, (_, i) => ({ text: prose(LIMITS.shortText, i), ownerId: crowd[i]!, dueOn: '2030-01-01' }));
    const decided: CaseState = {
      ...state,
      step: 'decision',
      phase: 'gm-approval',
      decision: { fixable: true, rationale: prose(LIMITS.shortText, 1), reviewEndsOn: '2030-06-30', actions, by: IDS.vera, at: story.now, comment: prose(LIMITS.comment, 2) },
      actions: actions.map((a, i) => ({ ...a, actionId: `a${i}`, context: 'review' as const, round: state.decisionsMade, remindersSent: 0 })),
    };
    expectCleanCard(expandCard('decision-approval', decisionApprovalData(viewOf(decided, opts(story, IDS.gina)))));
    const reviewing: CaseState = { ...decided, step: 'review-period', phase: 'actions' };
    expectCleanCard(expandCard('review', reviewData(viewOf(reviewing, opts(story, IDS.vera)))));
    expectCleanCard(expandCard('action-done', actionDoneData(viewOf(reviewing, opts(story, IDS.vera)))));
    expectCleanCard(expandCard('case', caseCardData(viewOf(reviewing, opts(story, IDS.vera)))));
    const disengaging: CaseState = { ...decided, step: 'disengaging', phase: 'partner-meeting' };
    expectCleanCard(expandCard('partner-meeting', partnerMeetingData(viewOf(disengaging, opts(story, IDS.vera)))));
    expectCleanCard(expandCard('gm-meeting', gmMeetingData(viewOf({ ...state, risk: state.riskDraft!, phase: 'gm-meeting' }, opts(story, IDS.vera)))));
  });

  it('the moved-on card around the heaviest case card', () => {
    const current = expandCard('case', caseCardData(viewOf(state, opts(story, IDS.manny))));
    expectCleanCard(expandCard('moved-on', movedOnData(current)));
  });

  it('pathological text (every character escaped, multi-byte) still fits: the history shortens what cannot fit', () => {
    const worst = heavyStory((n) => '\\"*'.repeat(n).slice(0, n));
    const history = historyData(viewOf(worst.current, opts(worst, IDS.manny)));
    expectCleanCard(expandCard('history', history));
    const emoji = heavyStory((n) => '🚩'.repeat(n / 2));
    expectCleanCard(expandCard('history', historyData(viewOf(emoji.current, opts(emoji, IDS.manny)))));
    expectCleanCard(expandCard('case', caseCardData(viewOf(worst.current, opts(worst, IDS.manny)))));
    expectCleanCard(expandCard('withdraw-correct', withdrawCorrectData(viewOf(worst.current, { ...opts(worst, IDS.ian), flagId: worst.current.flags[worst.current.flags.length - 1]!.flagId }))));
    // Three UTF-8 bytes a character: ten such items cannot go back into a correction form, but can be withdrawn.
    const cjk = heavyStory((n) => '東京の会議メモ'.repeat(n).slice(0, n));
    expectCleanCard(expandCard('history', historyData(viewOf(cjk.current, opts(cjk, IDS.manny)))));
    const flagId = cjk.current.flags[cjk.current.flags.length - 1]!.flagId;
    const correction = withdrawCorrectData(viewOf(cjk.current, { ...opts(cjk, IDS.ian), flagId }));
    expect(correction.canCorrect).toBe(false);
    expect(correction.canWithdraw).toBe(true);
    expectCleanCard(expandCard('withdraw-correct', correction));
  });

  it('renderCard swaps a card over the limit for a notice instead of failing the send', () => {
    const huge = noticeData({ message: 'x' });
    huge.message = 'y'.repeat(MAX_CARD_BYTES + 10);
    const card = renderCard('notice', huge);
    expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
    expect(JSON.stringify(card)).toContain('too large for Teams');
  });
});
