// Who is talking, from where: read from the Teams activity only (never from card data), and remembered
// (directory entry, conversation reference) so the bot can reach people later.
import { TurnContext } from 'botbuilder';
import type { Activity } from 'botbuilder';
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

export function tenantAllowed(identity: TurnIdentity, allowed: readonly string[]): boolean {
  return allowed.length === 0 || allowed.includes(identity.tenantId);
}

/** In channels and group chats the bot answers only when @mentioned. */
export function mentionsBot(activity: Activity): boolean {
  const botId = activity.recipient?.id;
  return (activity.entities ?? []).some((e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === botId);
}

export async function remember(context: TurnContext, identity: TurnIdentity, stores: { directory: DirectoryStore; conversations: ConversationStore }): Promise<void> {
  const ref = TurnContext.getConversationReference(context.activity) as unknown as Record<string, unknown>;
  // The message id changes every turn; keeping it would rewrite the reference on every message.
  delete ref.activityId;
  const known = await stores.directory.get(identity.aadObjectId);
  if (!known || known.teamsId !== identity.teamsId || known.tenantId !== identity.tenantId || (!known.name && identity.name)) {
    await stores.directory.upsertPerson({
      userId: identity.aadObjectId,
      name: known?.name || identity.name,
      teamsId: identity.teamsId,
      tenantId: identity.tenantId,
    });
  }
  // A message action comes from whatever chat the message is in, often one the bot is not part of (a 1:1 between
  // two people): it tells who the person is, never where the bot can write.
  if (String(context.activity.name ?? '').startsWith('composeExtension/')) return;
  // Talking to the bot makes someone reachable again.
  if (known?.reach) await stores.directory.setReach(identity.aadObjectId, false);
  if (identity.conversationType === 'personal') await stores.conversations.savePersonal(identity.aadObjectId, ref);
  await stores.conversations.saveConversation(identity.conversationId, ref);
}
