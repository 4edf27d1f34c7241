// Gathers what a case card needs (people, unreachable recipients, email links) for handlers and pings alike.
import { TeamsInfo } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import type { CaseState, Directory } from '../domain';
import { usersWithRole } from '../domain';
import type { PartnerRecord, Person, Stores } from '../storage/ports';
import type { MentionRef } from './commandText';
import type { EmailLinks } from './email';
import { draftEmail, emailRecipients } from './email';
import type { CaseView } from './ui';

export async function peopleMap(stores: Stores): Promise<Map<string, Person>> {
  return new Map((await stores.directory.list()).map((p) => [p.userId, p]));
}

export async function unreachableFor(stores: Stores, state: CaseState): Promise<string[]> {
  const items = await stores.outbox.forCase(state.partnerId, state.caseId);
  const failed = items.filter((i) => i.status === 'failed' && 'user' in i.notice.to).map((i) => (i.notice.to as { user: string }).user);
  const delivered = new Set(items.filter((i) => i.status === 'delivered' && 'user' in i.notice.to).map((i) => (i.notice.to as { user: string }).user));
  // Someone reached later (they installed the app) is no longer unreachable.
  return [...new Set(failed)].filter((u) => !delivered.has(u));
}

export interface ViewDeps {
  stores: Stores;
  emailLinks: EmailLinks;
  nowMs: number;
  /** ADMIN_AAD_OBJECT_IDS (directory admins are added here). */
  admins: readonly string[];
  timeZone: string;
}

export async function buildCaseView(
  deps: ViewDeps,
  partner: PartnerRecord,
  state: CaseState,
  viewer: string | undefined,
  extra: { headline?: string; people?: Map<string, Person> } = {},
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
    partner,
    people,
    ...(viewer ? { viewer } : {}),
    ...(extra.headline ? { headline: extra.headline } : {}),
    unreachable,
    events,
    admins: [...new Set([...deps.admins, ...usersWithRole(directory, 'admin')])],
    directory,
    timeZone: deps.timeZone,
    now: new Date(deps.nowMs).toISOString(),
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
