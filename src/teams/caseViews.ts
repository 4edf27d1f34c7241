// Loads what a card about a case needs (I/O): the people it names and who may act, who the bot could not reach,
// its events, and the email link. Handlers and pings both build their CaseView here; the cards stay pure.
import { TeamsInfo } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import type { CaseState, Directory } from '../domain';
import { usersWithRole } from '../domain';
import type { PartnerRecord, Person, Stores } from '../storage/ports';
import type { CaseView } from './cards/caseView';
import type { People } from './cards/parts';
import type { MentionRef } from './commandText';
import type { EmailLinks } from './email';
import { draftEmail, emailRecipients } from './email';

export interface CaseViewDeps {
  stores: Stores;
  emailLinks: EmailLinks;
  nowMs: number;
  /** ADMIN_AAD_OBJECT_IDS (directory admins are added here). */
  admins: readonly string[];
  timeZone: string;
}

export async function peopleMap(stores: Stores): Promise<Map<string, Person>> {
  return new Map((await stores.directory.list()).map((p) => [p.userId, p]));
}

/** What cards show of a person: their name, Teams id (mentions, per-user views) and email. */
export function toPeople(people: ReadonlyMap<string, Person>): People {
  const out: People = {};
  for (const [id, p] of people) {
    out[id] = { ...(p.name ? { name: p.name } : {}), ...(p.teamsId ? { teamsId: p.teamsId } : {}), ...(p.email ? { email: p.email } : {}) };
  }
  return out;
}

export async function unreachableFor(stores: Stores, state: CaseState): Promise<string[]> {
  const items = await stores.outbox.forCase(state.partnerId, state.caseId);
  const failed = items.filter((i) => i.status === 'failed' && 'user' in i.notice.to).map((i) => (i.notice.to as { user: string }).user);
  const delivered = new Set(items.filter((i) => i.status === 'delivered' && 'user' in i.notice.to).map((i) => (i.notice.to as { user: string }).user));
  // Someone reached later (they installed the app) is no longer unreachable.
  return [...new Set(failed)].filter((u) => !delivered.has(u));
}

export async function loadCaseView(
  deps: CaseViewDeps,
  partner: PartnerRecord,
  state: CaseState,
  viewer: string | undefined,
  extra: { headline?: string; people?: ReadonlyMap<string, Person> } = {},
): Promise<CaseView> {
  const [people, unreachable, events] = await Promise.all([
    extra.people ?? peopleMap(deps.stores),
    unreachableFor(deps.stores, state),
    deps.stores.cases.events(state.partnerId, state.caseId),
  ]);
  // The people already read are the directory: no second scan of the directory table per card.
  const directory: Directory = { entries: Object.fromEntries(people) };
  const view: CaseView = {
    state,
    partnerName: partner.name,
    ...(viewer ? { viewer } : {}),
    people: toPeople(people),
    permissions: { directory, admins: [...new Set([...deps.admins, ...usersWithRole(directory, 'admin')])] },
    timeZone: deps.timeZone,
    now: new Date(deps.nowMs).toISOString(),
    events,
    unreachable,
    ...(extra.headline ? { headline: extra.headline } : {}),
    assignable: [...people.keys()],
    salesDirectorCandidates: usersWithRole(directory, 'sales-director'),
  };
  if (state.status === 'open' && (state.phase === 'email' || state.step === 'decision' || state.step === 'review-period' || state.step === 'disengaging')) {
    const kind = state.phase === 'email' || state.step === 'decision' ? 'stakeholder' : 'decision';
    const draft = draftEmail(kind, state, partner, [], people);
    view.email = { emlUrl: deps.emailLinks.url(partner.partnerId, state.caseId, kind, deps.nowMs), subject: draft.subject, recipients: emailRecipients(state) };
  }
  return view;
}

/**
 * A person @mentioned in a command: from the directory by Teams id, else asked of Teams in this conversation
 * (TeamsInfo.getMember) and added to the directory.
 */
export async function resolveMention(context: TurnContext, stores: Stores, mention: MentionRef): Promise<Person | undefined> {
  const known = (await stores.directory.list()).find((p) => p.teamsId === mention.teamsId);
  // Someone known only from talking to the bot has no email yet (activities do not carry it): ask Teams.
  if (known?.email) return known;
  try {
    const member = await TeamsInfo.getMember(context, mention.teamsId);
    if (!member?.aadObjectId) return known;
    return await stores.directory.upsertPerson({
      userId: member.aadObjectId,
      name: member.name || mention.name,
      ...(member.email ? { email: member.email } : {}),
      teamsId: member.id,
      ...(member.tenantId ? { tenantId: member.tenantId } : {}),
    });
  } catch {
    return known;
  }
}
