// Loads what a card about a case needs (I/O): the people it names and who may act, who the bot could not reach,
// its events, and the email link. Handlers and pings both build their CaseView here; the cards stay pure.
// Everything is read by key (people, the case's events) so a card costs the same in a team of 50 or 100,000.
import { TeamsInfo } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import type { CaseState } from '../domain';
import { stakeholdersOf, usersWithRole } from '../domain';
import { directoryFor } from '../service/directoryView';
import type { PartnerRecord, Person, PersonInput, Stores } from '../storage/ports';
import { reachOf } from '../storage/ports';
import type { CaseView } from './cards/caseView';
import type { People } from './cards/parts';
import type { MentionRef } from './commandText';
import type { EmailLinks } from './email';
import { emailRecipients, emailSubject } from './email';

export interface CaseViewDeps {
  stores: Stores;
  emailLinks: EmailLinks;
  nowMs: number;
  /** ADMIN_AAD_OBJECT_IDS (directory admins are added here). */
  admins: readonly string[];
  timeZone: string;
  /** The app's link in Teams, for the people the bot cannot reach yet (README "Reaching people"). */
  installLink?: string;
}

/** Whom a card about this case names: the case's people, everyone who acted on it, action owners, the viewer. */
export function namedOnCase(state: CaseState, viewer: string | undefined): string[] {
  return [
    ...stakeholdersOf(state),
    ...state.resetAttempts.map((a) => a.by),
    ...(state.decision ? [state.decision.by, ...state.decision.actions.map((a) => a.ownerId)] : []),
    ...(state.riskDraft ? [state.riskDraft.by] : []),
    ...(state.closedBy ? [state.closedBy] : []),
    ...(viewer ? [viewer] : []),
  ];
}

/** People by key (from the instance's cache when it is current), as a map. */
export async function peopleOf(stores: Stores, ids: readonly (string | undefined)[]): Promise<Map<string, Person>> {
  return stores.directory.getMany(ids.filter((id): id is string => !!id));
}

/** What cards show of a person: their name, Teams id (mentions, per-user views) and email. */
export function toPeople(people: ReadonlyMap<string, Person>): People {
  const out: People = {};
  for (const [id, p] of people) {
    out[id] = { ...(p.name ? { name: p.name } : {}), ...(p.teamsId ? { teamsId: p.teamsId } : {}), ...(p.email ? { email: p.email } : {}) };
  }
  return out;
}

/**
 * The people on the case the bot cannot reach in a 1:1 chat (README "Reaching people"): a ping to them was held, or
 * the case waits on someone it has never seen in Teams (imported, never talked to the bot).
 */
export function unreachableOf(state: CaseState, people: ReadonlyMap<string, Person>): string[] {
  return stakeholdersOf(state).filter((id) => {
    const person = people.get(id);
    return !!person?.reach || (id === state.waitingOn && !!person && reachOf(person) !== 'reachable');
  });
}

/**
 * A card's view of a case. Reads: the people the case names and their management chains (by key), and the
 * events this instance has not seen yet; warm, nothing at all.
 */
export async function loadCaseView(
  deps: CaseViewDeps,
  partner: PartnerRecord,
  state: CaseState,
  viewer: string | undefined,
  extra: { headline?: string } = {},
): Promise<CaseView> {
  const named = namedOnCase(state, viewer);
  const [directory, people, events, admins] = await Promise.all([
    directoryFor(deps.stores.directory, named),
    peopleOf(deps.stores, named),
    deps.stores.cases.events(state.partnerId, state.caseId, state.version),
    deps.stores.directory.withRole('admin'),
  ]);
  const view: CaseView = {
    state,
    partnerName: partner.name,
    ...(viewer ? { viewer } : {}),
    people: toPeople(people),
    permissions: { directory, admins: [...new Set([...deps.admins, ...admins])] },
    timeZone: deps.timeZone,
    now: new Date(deps.nowMs).toISOString(),
    events,
    unreachable: unreachableOf(state, people),
    ...(deps.installLink ? { installLink: deps.installLink } : {}),
    ...(extra.headline ? { headline: extra.headline } : {}),
    assignable: [...people.keys()],
    salesDirectorCandidates: usersWithRole(directory, 'sales-director'),
  };
  if (state.status === 'open' && (state.phase === 'email' || state.step === 'decision' || state.step === 'review-period' || state.step === 'disengaging')) {
    const kind = state.phase === 'email' || state.step === 'decision' ? 'stakeholder' : 'decision';
    view.email = { emlUrl: deps.emailLinks.url(partner.partnerId, state.caseId, kind, deps.nowMs), subject: emailSubject(kind, state, partner), recipients: emailRecipients(state) };
  }
  return view;
}

/**
 * A person @mentioned in a command: from the directory by Teams id, else asked of Teams in this conversation
 * (TeamsInfo.getMember) and added to the directory.
 */
export async function resolveMention(context: TurnContext, stores: Stores, mention: MentionRef): Promise<Person | undefined> {
  const found = await lookUpMention(context, stores, mention);
  if (found?.learnt) return stores.directory.upsertPerson(found.learnt);
  return found?.person;
}

/**
 * The same without writing: `learnt` is what Teams told that the directory lacks. The caller saves it once its
 * command was allowed and done, so a refused command writes nothing.
 */
export async function lookUpMention(context: TurnContext, stores: Stores, mention: MentionRef): Promise<{ person: Person; learnt?: PersonInput } | undefined> {
  const known = await stores.directory.byTeamsId(mention.teamsId);
  // Someone known only from talking to the bot has no email yet (activities do not carry it): ask Teams.
  if (known?.email) return { person: known };
  try {
    const member = await TeamsInfo.getMember(context, mention.teamsId);
    if (!member?.aadObjectId) return known ? { person: known } : undefined;
    const learnt: PersonInput = {
      userId: member.aadObjectId,
      name: member.name || mention.name,
      ...(member.email ? { email: member.email } : {}),
      teamsId: member.id,
      ...(member.tenantId ? { tenantId: member.tenantId } : {}),
    };
    return { person: { roles: [], ...known, ...learnt }, learnt };
  } catch {
    return known ? { person: known } : undefined;
  }
}
