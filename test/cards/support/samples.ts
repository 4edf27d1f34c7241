// The sample data beside each template (cards/<name>.data.json), built by the real view builders from
// realistic cases. samples.test.ts checks the committed files still have this shape; run it with
// UPDATE_CARD_SAMPLES=1 to rewrite them after a builder changes.
import type { CaseState } from '../../../src/domain';
import { expandCard } from '../../../src/teams/cards/render';
import * as V from '../../../src/teams/cards/views';
import type { Story } from './fixtures';
import { ADMINS, IDS, ORG, PARTNER, PEOPLE, TIME_ZONE, stories } from './fixtures';

export function optsFor(story: Story, viewer: string | undefined, extra: Partial<V.FormOptions> = {}): V.FormOptions {
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
  subject: 'Partner escalation: Contoso Cloud Services (case 1, level 3)',
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

export const SAMPLES: Record<string, () => object> = {
  welcome: () => V.welcomeData({ name: 'Ivy Chen' }),
  help: () => V.helpData({ isAdmin: true }),
  triggers: () => V.triggersData(),
  notice: () => V.noticeData({ title: 'Nothing changed', message: 'Please check Evidence 2 summary: some text.', tone: 'attention' }),
  'moved-on': () =>
    withState(stories.icWatching(), (state, story) =>
      V.movedOnData(expandCard('case', V.caseCardData(state, optsFor(story, IDS.manny)))),
    ),
  'flag-form': () =>
    withState(stories.icWatching(), (state) =>
      V.flagFormData(PARTNER, { state, triggers: ['resource-mismatch'], forTeamsId: PEOPLE[IDS.ian]!.teamsId!, inChannel: true }),
    ),
  'flag-posted': () => withState(stories.managerAttempt(), (state, story) => V.flagPostedData(state, optsFor(story, undefined))),
  'unknown-partner': () =>
    V.unknownPartnerData('Contosso', [PARTNER, { partnerId: 'contoso-gov', name: 'Contoso Government Services' }, { partnerId: 'costco-it', name: 'Costco IT Partners' }], ['poor-communication']),
  case: () =>
    withState(stories.icApproval(), (state, story) =>
      V.caseCardData(state, optsFor(story, IDS.manny, { headline: 'Your turn: Ivy Chen logged a reset attempt with Contoso Cloud Services.', unreachable: [IDS.gina] })),
    ),
  'reset-attempt': () => withState(stories.icAttempt(), (state, story) => V.resetAttemptData(state, optsFor(story, IDS.ivy))),
  'reset-approval': () => withState(stories.icApproval(), (state, story) => V.resetApprovalData(state, optsFor(story, IDS.manny))),
  'manager-decision': () =>
    withState(stories.managerChoice(), (state, story) => V.managerDecisionData(state, optsFor(story, IDS.manny, { assignable: [IDS.ivy, IDS.ian, IDS.manny] }))),
  'action-done': () => withState(stories.improvement(), (state, story) => V.actionDoneData(state, optsFor(story, IDS.ivy))),
  risk: () => withState(stories.riskConfirmation(), (state, story) => V.riskFormData(state, optsFor(story, IDS.vera))),
  'gm-meeting': () => withState(stories.gmMeeting(), (state, story) => V.gmMeetingData(state, optsFor(story, IDS.vera))),
  'sales-meeting': () =>
    withState(stories.salesMeeting([]), (state, story) => V.salesMeetingData(state, optsFor(story, IDS.vera, { salesDirectorCandidates: [IDS.sam, IDS.sara] }))),
  'stakeholder-email': () => withState(stories.email(), (state, story) => V.stakeholderEmailData(state, { ...optsFor(story, IDS.vera), email: EMAIL })),
  decision: () =>
    withState(stories.proposal(), (state, story) => V.decisionFormData(state, optsFor(story, IDS.vera, { assignable: [IDS.ivy, IDS.ian, IDS.manny, IDS.vera] }))),
  'decision-approval': () => withState(stories.gmApproval(), (state, story) => V.decisionApprovalData(state, optsFor(story, IDS.gina))),
  review: () => withState(stories.review(), (state, story) => V.reviewData(state, optsFor(story, IDS.vera))),
  'partner-meeting': () => withState(stories.disengaging(), (state, story) => V.partnerMeetingData(state, optsFor(story, IDS.vera))),
  'reassign-owner': () =>
    withState(stories.icApproval(), (state, story) => V.reassignOwnerData(state, optsFor(story, IDS.ada, { assignable: [IDS.manny, IDS.vera, IDS.ian] }))),
  'evidence-add': () => withState(stories.managerAttempt(), (state, story) => V.evidenceAddData(state, optsFor(story, IDS.ian))),
  'withdraw-correct': () =>
    withState(stories.managerAttempt(), (state, story) => V.withdrawCorrectData(state, { ...optsFor(story, IDS.ian), flagId: state.flags[1]!.flagId })),
  partners: () =>
    V.partnersData(
      [
        { partnerId: PARTNER.partnerId, name: PARTNER.name, state: stories.vpRisk().current },
        { partnerId: 'fabrikam', name: 'Fabrikam Consulting', state: renamed(stories.icApproval().current, 'fabrikam') },
        { partnerId: 'adventure-works', name: 'Adventure Works Digital', state: renamed(stories.closed().current, 'adventure-works') },
        { partnerId: 'litware', name: 'Litware Analytics' },
      ],
      { people: PEOPLE },
    ),
  org: () =>
    V.orgData(
      Object.values(ORG.entries).map((e) => ({ ...e, ...(PEOPLE[e.userId]?.teamsId && e.userId !== IDS.stranger ? { teamsId: PEOPLE[e.userId]!.teamsId } : {}) })),
      { people: PEOPLE },
    ),
  history: () => withState(stories.vpRisk(), (state, story) => V.historyData(state, optsFor(story, IDS.manny))),
};
