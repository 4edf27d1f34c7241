// The sample data beside each template (cards/<name>.data.json), built by the real view builders from
// realistic cases. samples.test.ts checks the committed files still have this shape; run it with
// UPDATE_CARD_SAMPLES=1 to rewrite them after a builder changes.
import type { CaseState } from '../../../src/domain';
import { DEFAULT_HEALTH_SETTINGS } from '../../../src/domain';
import { expandCard } from '../../../src/teams/cards/render';
import type { Story } from './fixtures';
import { ADMINS, IDS, ORG, PARTNER, PEOPLE, TIME_ZONE, stories } from './fixtures';
import { actionDoneData } from '../../../src/teams/cards/actionDone';
import { caseCardData } from '../../../src/teams/cards/case';
import { closeCaseData } from '../../../src/teams/cards/closeCase';
import { decisionFormData } from '../../../src/teams/cards/decision';
import { decisionApprovalData } from '../../../src/teams/cards/decisionApproval';
import { evidenceAddData } from '../../../src/teams/cards/evidenceAdd';
import { flagFormData } from '../../../src/teams/cards/flagForm';
import { flagPostedData } from '../../../src/teams/cards/flagPosted';
import { gmMeetingData } from '../../../src/teams/cards/gmMeeting';
import { helpData } from '../../../src/teams/cards/help';
import { historyData } from '../../../src/teams/cards/history';
import { managerDecisionData } from '../../../src/teams/cards/managerDecision';
import { movedOnData } from '../../../src/teams/cards/movedOn';
import { noticeData } from '../../../src/teams/cards/notice';
import { orgData } from '../../../src/teams/cards/org';
import { partnerMeetingData } from '../../../src/teams/cards/partnerMeeting';
import { partnersData } from '../../../src/teams/cards/partners';
import { reassignOwnerData } from '../../../src/teams/cards/reassignOwner';
import { resetApprovalData } from '../../../src/teams/cards/resetApproval';
import { resetAttemptData } from '../../../src/teams/cards/resetAttempt';
import { reviewData } from '../../../src/teams/cards/review';
import { riskFormData } from '../../../src/teams/cards/risk';
import { salesMeetingData } from '../../../src/teams/cards/salesMeeting';
import { spotSuggestionData } from '../../../src/teams/cards/spotSuggestion';
import { stakeholderEmailData } from '../../../src/teams/cards/stakeholderEmail';
import { triggersData } from '../../../src/teams/cards/triggers';
import { unknownPartnerData } from '../../../src/teams/cards/unknownPartner';
import { welcomeData } from '../../../src/teams/cards/welcome';
import { withdrawCorrectData } from '../../../src/teams/cards/withdrawCorrect';
import { healthFitsData } from '../../../src/teams/cards/healthFits';
import { healthRateData } from '../../../src/teams/cards/healthRate';
import { healthStageData } from '../../../src/teams/cards/healthStage';
import { healthSymptomData } from '../../../src/teams/cards/healthSymptom';
import { partnerCardData } from '../../../src/teams/cards/partner';
import { partnerViewOf } from './partnerViews';
import type { MineView } from '../../../src/teams/cards/mine';
import { mineData, mineList } from '../../../src/teams/cards/mine';
import { unreachedData } from '../../../src/teams/cards/unreached';
import { workOf } from '../../../src/domain';
import type { ViewInput } from './views';
import { viewOf } from './views';

export function optsFor(story: Story, viewer: string | undefined, extra: Partial<ViewInput> = {}): ViewInput {
  return {
    ...(viewer ? { viewer } : {}),
    people: PEOPLE,
    partnerName: PARTNER.name,
    events: story.events,
    admins: ADMINS,
    directory: ORG,
    timeZone: TIME_ZONE,
    now: story.now,
    ...extra,
  };
}

const EMAIL = {
  subject: 'Partner escalation: Contoso Cloud Services (case 1, strike 3)',
  emlUrl: 'https://partner-fit.northwind.example/api/email/contoso/contoso-0001/stakeholder.eml?exp=1742515200&sig=4f1c0e8a9b2d',
  recipients: [IDS.vera, IDS.gina, IDS.sam, IDS.manny, IDS.ivy, IDS.ian],
};

/** The same case on another partner, for lists. */
export function renamed(state: CaseState, partnerId: string): CaseState {
  return { ...state, partnerId, caseId: `${partnerId}-${String(state.caseNo).padStart(4, '0')}` };
}

function withState<T>(story: Story, build: (state: CaseState, story: Story) => T): T {
  return build(story.current, story);
}

/** Ivy's cases across four partners: her action, a step waiting on her, one she reported, one closed. */
export function ivysWork(): MineView {
  const cases = [
    { partnerName: 'Fabrikam Consulting', state: renamed(stories.improvement().current, 'fabrikam') },
    { partnerName: 'Litware Analytics', state: renamed(stories.icAttempt().current, 'litware') },
    { partnerName: PARTNER.name, state: stories.icApproval().current },
    { partnerName: 'Adventure Works Digital', state: renamed(stories.closed().current, 'adventure-works') },
  ];
  return {
    viewer: IDS.ivy,
    items: cases.map((c) => ({ ...c, kinds: workOf(c.state).get(IDS.ivy) ?? [] })),
    people: PEOPLE,
    now: stories.improvement().now,
  };
}

export const INSTALL_LINK = 'https://teams.microsoft.com/l/app/0b3f9c1e-5a7d-5e21-9c44-8d2f6a1b7e30';

export const SAMPLES: Record<string, () => object> = {
  welcome: () => welcomeData({ name: 'Ivy Chen', mine: mineList(ivysWork()) }),
  help: () => helpData({ isAdmin: true, mine: mineList(ivysWork()) }),
  mine: () => mineData(ivysWork()),
  unreached: () =>
    unreachedData(
      [
        { name: 'Gina Moretti', reach: 'not-yet', since: stories.gmMeeting().now, cases: [{ partnerName: PARTNER.name, state: stories.salesMeeting().current }] },
        { name: 'Sam Director', reach: 'blocked', since: stories.email().now, cases: [{ partnerName: 'Fabrikam Consulting', state: renamed(stories.email().current, 'fabrikam') }] },
      ],
      INSTALL_LINK,
    ),
  triggers: () => triggersData(),
  notice: () => noticeData({ title: 'Nothing changed', message: 'Please check Evidence 2 summary: some text.', tone: 'attention' }),
  'moved-on': () =>
    withState(stories.icWatching(), (state, story) =>
      movedOnData(expandCard('case', caseCardData(viewOf(state, optsFor(story, IDS.manny))))),
    ),
  'flag-form': () =>
    withState(stories.icWatching(), (state) =>
      flagFormData(PARTNER, { state, triggers: ['resource-mismatch'], forTeamsId: PEOPLE[IDS.ian]!.teamsId!, inChannel: true }),
    ),
  'flag-posted': () => withState(stories.managerAttempt(), (state, story) => flagPostedData(viewOf(state, optsFor(story, undefined)))),
  'unknown-partner': () =>
    unknownPartnerData('Contosso', [PARTNER, { partnerId: 'contoso-gov', name: 'Contoso Government Services' }, { partnerId: 'costco-it', name: 'Costco IT Partners' }], ['poor-communication']),
  case: () =>
    withState(stories.icApproval(), (state, story) =>
      caseCardData(viewOf(state, optsFor(story, IDS.manny, { headline: 'Your turn: Ivy Chen logged a reset attempt with Contoso Cloud Services.', unreachable: [IDS.gina], installLink: INSTALL_LINK }))),
    ),
  'reset-attempt': () => withState(stories.icAttempt(), (state, story) => resetAttemptData(viewOf(state, optsFor(story, IDS.ivy)))),
  'reset-approval': () => withState(stories.icApproval(), (state, story) => resetApprovalData(viewOf(state, optsFor(story, IDS.manny)))),
  'manager-decision': () =>
    withState(stories.managerChoice(), (state, story) => managerDecisionData(viewOf(state, optsFor(story, IDS.manny, { assignable: [IDS.ivy, IDS.ian, IDS.manny] })))),
  'action-done': () => withState(stories.improvement(), (state, story) => actionDoneData(viewOf(state, optsFor(story, IDS.ivy)))),
  risk: () => withState(stories.riskConfirmation(), (state, story) => riskFormData(viewOf(state, optsFor(story, IDS.vera)))),
  'gm-meeting': () => withState(stories.gmMeeting(), (state, story) => gmMeetingData(viewOf(state, optsFor(story, IDS.vera)))),
  'sales-meeting': () =>
    withState(stories.salesMeeting([]), (state, story) => salesMeetingData(viewOf(state, optsFor(story, IDS.vera, { salesDirectorCandidates: [IDS.sam, IDS.sara] })))),
  'stakeholder-email': () => withState(stories.email(), (state, story) => stakeholderEmailData(viewOf(state, { ...optsFor(story, IDS.vera), email: EMAIL }))),
  decision: () =>
    withState(stories.proposal(), (state, story) => decisionFormData(viewOf(state, optsFor(story, IDS.vera, { assignable: [IDS.ivy, IDS.ian, IDS.manny, IDS.vera] })))),
  'decision-approval': () => withState(stories.gmApproval(), (state, story) => decisionApprovalData(viewOf(state, optsFor(story, IDS.gina)))),
  review: () => withState(stories.review(), (state, story) => reviewData(viewOf(state, optsFor(story, IDS.vera)))),
  'partner-meeting': () => withState(stories.disengaging(), (state, story) => partnerMeetingData(viewOf(state, optsFor(story, IDS.vera)))),
  'reassign-owner': () =>
    withState(stories.icApproval(), (state, story) => reassignOwnerData(viewOf(state, optsFor(story, IDS.ada, { assignable: [IDS.manny, IDS.vera, IDS.ian] })))),
  'close-case': () => withState(stories.icApproval(), (state, story) => closeCaseData(viewOf(state, optsFor(story, IDS.ada)))),
  'evidence-add': () => withState(stories.managerAttempt(), (state, story) => evidenceAddData(viewOf(state, optsFor(story, IDS.ian)))),
  'withdraw-correct': () =>
    withState(stories.managerAttempt(), (state, story) => withdrawCorrectData(viewOf(state, { ...optsFor(story, IDS.ian), flagId: state.flags[1]!.flagId }))),
  partners: () =>
    partnersData(
      [
        { partnerId: PARTNER.partnerId, name: PARTNER.name, state: stories.vpRisk().current },
        { partnerId: 'fabrikam', name: 'Fabrikam Consulting', state: renamed(stories.icApproval().current, 'fabrikam') },
        { partnerId: 'adventure-works', name: 'Adventure Works Digital', state: renamed(stories.closed().current, 'adventure-works') },
        { partnerId: 'litware', name: 'Litware Analytics' },
      ],
      { people: PEOPLE },
    ),
  org: () =>
    orgData(
      Object.values(ORG.entries).map((e) => ({ ...e, ...(PEOPLE[e.userId]?.teamsId && e.userId !== IDS.stranger ? { teamsId: PEOPLE[e.userId]!.teamsId } : {}) })),
      { people: PEOPLE },
    ),
  history: () => withState(stories.vpRisk(), (state, story) => historyData(viewOf(state, optsFor(story, IDS.manny)))),
  'spot-suggestion': () =>
    spotSuggestionData({
      partner: PARTNER,
      triggers: ['misaligned-expectations'],
      matched: ['expects us to deliver the migration in two weeks', 'more than we can'],
      evidence: {
        kind: 'meeting-notes',
        summary: 'Ian Price wrote on 3 Mar 2025, 10:02 UTC: “Contoso expects us to deliver the migration in two weeks, way more than we can do.”',
        link: 'https://teams.microsoft.com/l/message/19:sync@thread.tacv2/1741000000000',
        date: '2025-03-03',
      },
      text: 'Contoso expects us to deliver the migration in two weeks, way more than we can do.',
      where: 'in a meeting chat',
      conversation: '19:meeting_weekly-partner-sync@thread.v2',
      day: '2025-03-03',
    }),
  // The settings of a team that expects a meeting every three weeks: the card suggests "little or no interaction".
  partner: () => partnerCardData(partnerViewOf(IDS.ivy, { headline: 'Symptom resolved.', settings: { ...DEFAULT_HEALTH_SETTINGS, noInteractionDays: 21 } })),
  'health-rate': () => healthRateData(partnerViewOf(IDS.sam)),
  'health-symptom': () => healthSymptomData(partnerViewOf(IDS.ivy, { symptom: 'little-interaction' })),
  'health-stage': () => healthStageData(partnerViewOf(IDS.ivy)),
  'health-fits': () => healthFitsData(partnerViewOf(IDS.ada)),
};
