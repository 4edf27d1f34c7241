// Who is talking, from where: read from the Teams activity only (never from card data), and remembered
// (directory entry, conversation reference) so the bot can reach people later.
import { TeamsInfo, TurnContext } from 'botbuilder';
import type { Activity } from 'botbuilder';
import { isValidZone } from '../domain';
import type { ConversationStore, DirectoryStore } from '../storage/ports';

export interface TurnIdentity {
  aadObjectId: string;
  teamsId: string;
  name: string;
  tenantId: string;
  conversationId: string;
  conversationType: 'personal' | 'channel' | 'groupChat';
  /** The team channel conversation, when the activity came from one. */
  channel?: string;
}

export function identify(activity: Activity): TurnIdentity | undefined {
  const from = activity.from;
  const tenantId = activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? '';
  if (!from?.aadObjectId || !from.id || !activity.conversation?.id) return undefined;
  const rawType = activity.conversation.conversationType;
  const conversationType = rawType === 'channel' ? 'channel' : rawType === 'groupChat' ? 'groupChat' : 'personal';
  return {
    aadObjectId: from.aadObjectId,
    teamsId: from.id,
    name: from.name ?? '',
    tenantId,
    conversationId: activity.conversation.id,
    conversationType,
    ...(conversationType === 'channel' ? { channel: activity.conversation.id } : {}),
  };
}

/** The team channel itself (`channelData.channel.id`), not the thread the activity came from; undefined outside channels. */
export function channelIdOf(activity: Partial<Activity>): string | undefined {
  if (activity.conversation?.conversationType !== 'channel') return undefined;
  const id = (activity.channelData as { channel?: { id?: unknown } } | undefined)?.channel?.id;
  return typeof id === 'string' && id ? id : activity.conversation.id.split(';messageid=')[0];
}

export function tenantAllowed(identity: TurnIdentity, allowed: readonly string[]): boolean {
  return allowed.length === 0 || allowed.includes(identity.tenantId);
}

/** In channels and group chats the bot answers only when @mentioned. */
export function mentionsBot(activity: Activity): boolean {
  const botId = activity.recipient?.id;
  return (activity.entities ?? []).some((e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === botId);
}

/** The IANA zone Teams sends with the activity (`localTimezone`, or the `clientInfo` entity), if it is one. */
export function zoneOf(activity: Partial<Activity>): string | undefined {
  const info = (activity.entities ?? []).find((e) => e.type === 'clientInfo') as { timezone?: unknown } | undefined;
  const zone = typeof activity.localTimezone === 'string' && activity.localTimezone ? activity.localTimezone : info?.timezone;
  return typeof zone === 'string' && zone.length <= 64 && isValidZone(zone) ? zone : undefined;
}

/** What `remember` found: whether the person could not be reached until now (what was held for them is due). */
export interface Remembered {
  cameBack: boolean;
}

/** People whose address this bot asked Teams for already, per directory (once per person; a guest may have none). */
const askedForEmail = new WeakMap<DirectoryStore, Set<string>>();

function firstAsk(directory: DirectoryStore, userId: string): boolean {
  let asked = askedForEmail.get(directory);
  if (!asked || asked.size > 50_000) askedForEmail.set(directory, (asked = new Set()));
  if (asked.has(userId)) return false;
  asked.add(userId);
  return true;
}

export async function remember(context: TurnContext, identity: TurnIdentity, stores: { directory: DirectoryStore; conversations: ConversationStore }): Promise<Remembered> {
  const ref = TurnContext.getConversationReference(context.activity) as unknown as Record<string, unknown>;
  // The message id changes every turn; keeping it would rewrite the reference on every message.
  delete ref.activityId;
  const messageAction = String(context.activity.name ?? '').startsWith('composeExtension/');
  let known = await stores.directory.get(identity.aadObjectId);
  // First contact: an import may have listed them by email only (README "Using it in Teams"); Teams knows the address.
  if (!known?.email && !messageAction && firstAsk(stores.directory, identity.aadObjectId)) {
    const member = await TeamsInfo.getMember(context, identity.teamsId).catch(() => undefined);
    const addresses = [member?.email, member?.userPrincipalName].filter((a): a is string => !!a && a.includes('@'));
    if (addresses.length) known = (await stores.directory.claimEmail(identity.aadObjectId, addresses)) ?? known;
    if (member?.email && !known?.email) known = await stores.directory.upsertPerson({ userId: identity.aadObjectId, email: member.email });
  }
  const timeZone = zoneOf(context.activity);
  if (!known || known.teamsId !== identity.teamsId || known.tenantId !== identity.tenantId || (!known.name && identity.name) || (timeZone && known.timeZone !== timeZone)) {
    await stores.directory.upsertPerson({
      userId: identity.aadObjectId,
      name: known?.name || identity.name,
      teamsId: identity.teamsId,
      tenantId: identity.tenantId,
      ...(timeZone ? { timeZone } : {}),
    });
  }
  // A message action comes from whatever chat the message is in, often one the bot is not part of (a 1:1 between
  // two people): it tells who the person is, never where the bot can write.
  if (messageAction) return { cameBack: false };
  // Talking to the bot (or installing it) makes someone reachable again.
  const cameBack = !!known?.reach;
  if (cameBack) await stores.directory.setReach(identity.aadObjectId, 'reachable');
  if (identity.conversationType === 'personal') await stores.conversations.savePersonal(identity.aadObjectId, ref);
  // A shared conversation's reference is the same whoever speaks: without the speaker, it is written once, not per person.
  const { user: _speaker, ...shared } = ref;
  await stores.conversations.saveConversation(identity.conversationId, identity.conversationType === 'personal' ? ref : shared);
  // A team the bot is in: its roster gives the Teams id of people the bot never met (README "Reaching people").
  const teamId = (context.activity.channelData as { team?: { id?: unknown } } | undefined)?.team?.id;
  if (typeof teamId === 'string' && teamId && identity.tenantId) await stores.conversations.saveTeam(identity.tenantId, teamId, { ...ref, conversation: { id: teamId, isGroup: true, conversationType: 'channel', tenantId: identity.tenantId } });
  return { cameBack };
}
