// Realistic cases for the card tests and the sample data beside each template: one partner driven
// through the real engine (decide) by the people of a small org, so every state is one the bot can meet.
import type { CaseEvent, CaseState, Command, DecideContext, Directory, Evidence, Trigger } from '../../../src/domain';
import { DEFAULT_SETTINGS, decide } from '../../../src/domain';
import type { People } from '../../../src/teams/cards/parts';

export const IDS = {
  ivy: 'a1f0c2d4-1111-4c6e-9b1a-ivy000000001',
  ian: 'a1f0c2d4-2222-4c6e-9b1a-ian000000002',
  manny: 'b2e1d3c5-3333-4d7f-8c2b-manny0000003',
  vera: 'c3d2e4b6-4444-4e80-9d3c-vera00000004',
  gina: 'd4c3f5a7-5555-4f91-ae4d-gina00000005',
  sam: 'e5b4a6f8-6666-40a2-bf5e-sam000000006',
  sara: 'f6a5b7e9-7777-41b3-c06f-sara00000007',
  ada: '07b6c8fa-8888-42c4-d170-ada000000008',
  stranger: '18c7d90b-9999-43d5-e281-stranger0009',
} as const;

export const PEOPLE: People = {
  [IDS.ivy]: { name: 'Ivy Chen', teamsId: '29:1ivyChenTeamsIdAbCdEf', email: 'ivy.chen@northwind.example' },
  [IDS.ian]: { name: 'Ian Fraser', teamsId: '29:1ianFraserTeamsIdGhIj', email: 'ian.fraser@northwind.example' },
  [IDS.manny]: { name: 'Manny Okafor', teamsId: '29:1mannyOkaforTeamsIdKl', email: 'manny.okafor@northwind.example' },
  [IDS.vera]: { name: 'Vera Lindqvist', teamsId: '29:1veraLindqvistTeamsId', email: 'vera.lindqvist@northwind.example' },
  [IDS.gina]: { name: 'Gina Mbeki', teamsId: '29:1ginaMbekiTeamsIdMnOp', email: 'gina.mbeki@northwind.example' },
  [IDS.sam]: { name: 'Sam Ortiz', teamsId: '29:1samOrtizTeamsIdQrSt', email: 'sam.ortiz@northwind.example' },
  [IDS.sara]: { name: 'Sara Kowalski', teamsId: '29:1saraKowalskiTeamsId', email: 'sara.kowalski@northwind.example' },
  [IDS.ada]: { name: 'Ada Nwosu', teamsId: '29:1adaNwosuTeamsIdUvWx', email: 'ada.nwosu@northwind.example' },
  [IDS.stranger]: { name: 'Stan Gerber', teamsId: '29:1stanGerberTeamsIdYz' },
};

export const ORG: Directory = {
  entries: {
    [IDS.ivy]: { userId: IDS.ivy, name: 'Ivy Chen', managerId: IDS.manny, roles: [] },
    [IDS.ian]: { userId: IDS.ian, name: 'Ian Fraser', managerId: IDS.manny, roles: [] },
    [IDS.manny]: { userId: IDS.manny, name: 'Manny Okafor', managerId: IDS.vera, roles: [] },
    [IDS.vera]: { userId: IDS.vera, name: 'Vera Lindqvist', managerId: IDS.gina, roles: ['vp'] },
    [IDS.gina]: { userId: IDS.gina, name: 'Gina Mbeki', roles: ['gm'] },
    [IDS.sam]: { userId: IDS.sam, name: 'Sam Ortiz', roles: ['sales-director'] },
    [IDS.sara]: { userId: IDS.sara, name: 'Sara Kowalski', roles: ['sales-director'] },
    [IDS.ada]: { userId: IDS.ada, name: 'Ada Nwosu', roles: ['admin'] },
    [IDS.stranger]: { userId: IDS.stranger, name: 'Stan Gerber', roles: [] },
  },
};

export const ADMINS = [IDS.ada];
export const PARTNER = { partnerId: 'contoso', name: 'Contoso Cloud Services' };
export const TIME_ZONE = 'Europe/Berlin';

/** Monday 3 March 2025, 09:30 UTC. */
export const START = '2025-03-03T09:30:00.000Z';

export function at(days: number, hours = 0): string {
  return new Date(Date.parse(START) + (days * 24 + hours) * 3_600_000).toISOString();
}

export const EVIDENCE: Evidence[] = [
  {
    kind: 'meeting-notes',
    summary: 'Weekly sync 28 Feb: Contoso said the March go-live for Fabrikam is "a rough target" and that they never agreed to own the data migration.',
    link: 'https://northwind.sharepoint.example/sites/partners/Contoso/sync-2025-02-28.docx',
    date: '2025-02-28',
  },
  { kind: 'email', summary: 'Their delivery lead asked us to take over the migration scripts "for now", with no date to hand them back.', date: '2025-02-26' },
];

/** One partner's case driven through the engine; `state` and `events` follow every step. */
export class Story {
  state: CaseState | undefined;
  readonly events: CaseEvent[] = [];
  day = 0;

  constructor(private readonly salesDirectors: string[] = [IDS.sam]) {}

  act(actor: string, command: Command, opts: { channel?: string; advanceDays?: number } = {}): CaseState {
    this.day += opts.advanceDays ?? 1;
    const ctx: DecideContext = {
      now: at(this.day),
      actor,
      conversationId: opts.channel ?? `a:1:personal-${actor.slice(0, 8)}`,
      ...(opts.channel ? { channel: opts.channel } : {}),
      directory: ORG,
      admins: ADMINS,
      settings: DEFAULT_SETTINGS,
      partner: { partnerId: PARTNER.partnerId, salesDirectors: this.salesDirectors },
    };
    const result = decide(this.state, command, ctx);
    if (!result.ok) throw new Error(`${command.type} by ${actor} rejected: ${result.rejection.code} ${result.rejection.message}`);
    this.state = result.state;
    this.events.push(...result.events);
    return result.state;
  }

  get now(): string {
    return at(this.day, 2);
  }

  get current(): CaseState {
    if (!this.state) throw new Error('no case yet');
    return this.state;
  }
}

const flag = (triggers: Trigger[], evidence: Evidence[] = EVIDENCE, newOccurrence?: boolean): Command => ({
  type: 'flag',
  triggers,
  evidence,
  ...(newOccurrence ? { newOccurrence } : {}),
});

/** Steps of the workflow, each a fresh story stopped there. */
export const stories = {
  icAttempt(sd?: string[]): Story {
    const s = new Story(sd);
    s.act(IDS.ivy, flag(['misaligned-expectations', 'poor-communication']), { channel: '19:partners-channel@thread.tacv2', advanceDays: 0 });
    return s;
  },
  icApproval(sd?: string[]): Story {
    const s = stories.icAttempt(sd);
    s.act(IDS.ivy, { type: 'log-reset-attempt', agreed: 'Call with Dana Whitfield (Contoso delivery lead): Contoso owns the data migration, go-live moves to 14 April, weekly status by Friday noon.', agreedOn: '2025-03-04' });
    return s;
  },
  icWatching(sd?: string[]): Story {
    const s = stories.icApproval(sd);
    s.act(IDS.manny, { type: 'approve-reset' });
    return s;
  },
  managerAttempt(sd?: string[]): Story {
    const s = stories.icWatching(sd);
    s.act(IDS.ian, flag(['resource-mismatch'], [{ kind: 'feedback', summary: 'Two certified engineers were promised for the Fabrikam rollout; none has joined after three weeks.', date: '2025-03-10' }]), { advanceDays: 7 });
    return s;
  },
  managerChoice(sd?: string[]): Story {
    const s = stories.managerAttempt(sd);
    s.act(IDS.manny, { type: 'log-reset-attempt', agreed: 'Met Contoso\'s practice head: two engineers named and starting 24 March; a joint staffing review every second Monday.', agreedOn: '2025-03-12' });
    return s;
  },
  improvement(sd?: string[]): Story {
    const s = stories.managerChoice(sd);
    s.act(IDS.manny, {
      type: 'take-ownership',
      actions: [
        { text: 'Write down the migration split in the joint delivery plan and get it signed', ownerId: IDS.ivy, dueOn: '2025-03-28' },
        { text: 'Staff our side of the Fabrikam rollout so we stop filling Contoso\'s gaps', ownerId: IDS.manny, dueOn: '2025-04-04' },
      ],
    });
    return s;
  },
  vpRisk(sd?: string[]): Story {
    const s = stories.managerChoice(sd);
    s.act(IDS.ivy, flag(['profitability'], [{ kind: 'email', summary: 'Contoso asks for a further 12% discount on the Fabrikam renewal, the third concession this year.', date: '2025-03-14' }]), { advanceDays: 2 });
    return s;
  },
  riskConfirmation(sd?: string[]): Story {
    const s = stories.vpRisk(sd);
    s.act(IDS.manny, { type: 'draft-risk', amount: 1_250_000, currency: 'EUR', skus: ['AZ-SQL-MI', 'M365-E5', 'D365-SALES'] });
    return s;
  },
  gmMeeting(sd?: string[]): Story {
    const s = stories.riskConfirmation(sd);
    s.act(IDS.vera, { type: 'confirm-risk', amount: 1_250_000, currency: 'EUR', skus: ['AZ-SQL-MI', 'M365-E5', 'D365-SALES'] });
    return s;
  },
  salesMeeting(sd?: string[]): Story {
    const s = stories.gmMeeting(sd);
    s.act(IDS.vera, { type: 'record-gm-meeting', on: '2025-03-14', link: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_gm-contoso' });
    return s;
  },
  email(sd?: string[]): Story {
    const s = stories.salesMeeting(sd);
    s.act(IDS.vera, { type: 'record-sales-meeting', on: '2025-03-14' });
    return s;
  },
  proposal(sd?: string[]): Story {
    const s = stories.email(sd);
    s.act(IDS.vera, { type: 'confirm-email-sent' });
    return s;
  },
  gmApproval(sd?: string[]): Story {
    const s = stories.proposal(sd);
    s.act(IDS.vera, {
      type: 'propose-decision',
      fixable: true,
      rationale: 'Contoso\'s leadership wants the partnership and has named owners; the gaps are staffing and scope, both fixable within a quarter.',
      reviewEndsOn: '2025-06-30',
      actions: [
        { text: 'Contoso staffs two certified engineers on Fabrikam', ownerId: IDS.manny, dueOn: '2025-04-15' },
        { text: 'Signed joint delivery plan with the migration split', ownerId: IDS.ivy, dueOn: '2025-04-30' },
      ],
    });
    return s;
  },
  review(sd?: string[]): Story {
    const s = stories.gmApproval(sd);
    s.act(IDS.gina, { type: 'approve-decision' });
    return s;
  },
  disengaging(sd?: string[]): Story {
    const s = stories.proposal(sd);
    s.act(IDS.vera, { type: 'propose-decision', fixable: false, rationale: 'Three resets in a quarter and a request to misreport usage: the values do not match ours.' });
    s.act(IDS.gina, { type: 'approve-decision' });
    return s;
  },
  closed(sd?: string[]): Story {
    const s = stories.review(sd);
    s.act(IDS.vera, { type: 'answer-review', working: true }, { advanceDays: 30 });
    return s;
  },
  confidential(sd?: string[]): Story {
    const s = new Story(sd);
    s.act(IDS.ivy, flag(['misaligned-values'], [{ kind: 'meeting-notes', summary: 'SECRET-VALUES-EVIDENCE: their account lead asked us to misreport usage to reach an incentive.' }]), { advanceDays: 0 });
    s.act(IDS.ian, flag(['misaligned-values', 'poor-communication'], [{ kind: 'email', summary: 'SECRET-SECOND-EVIDENCE: hostile language towards our PM in writing.' }]));
    return s;
  },
};
