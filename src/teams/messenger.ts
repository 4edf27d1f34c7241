// The capability the app asks for ("send a direct message", "update a card"), over botbuilder's CloudAdapter.
// Errors are mapped by HTTP status so the dispatcher can retry, wait or record who is unreachable.
import { TeamsInfo, TurnContext } from 'botbuilder';
import type { Activity, CloudAdapter, ConversationParameters, ConversationReference } from 'botbuilder';
import type { ConversationStore, DirectoryStore, Person } from '../storage/ports';

export type SendResult =
  | { ok: true; activityId?: string; conversationId: string }
  | { ok: false; status: number; code?: string; retryAfterMs?: number; permanent: boolean; message: string };

export interface Messenger {
  /** A 1:1 message; creates the personal conversation when the bot has none with this person yet. */
  sendToUser(userId: string, activity: Partial<Activity>): Promise<SendResult>;
  sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<SendResult>;
  updateInConversation(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<SendResult>;
  /**
   * A new post in a team channel (not a reply in a thread): what the bot posts on its own (the weekly digest, a case
   * card nobody just asked for). `conversationId` is the channel or any thread of it; the new thread's id comes back.
   * In a group chat (no threads) it is a message in the chat.
   */
  postInChannel(conversationId: string, activity: Partial<Activity>): Promise<SendResult>;
}

/** A team channel's own id: Teams names a thread "<channel>;messageid=<root post>". */
export function channelOf(conversationId: string): string {
  return conversationId.split(';messageid=')[0]!;
}

interface HttpishError {
  statusCode?: number;
  status?: number;
  code?: string;
  message?: string;
  body?: unknown;
  details?: unknown;
  response?: { status?: number; headers?: { get?(name: string): string | undefined | null } | Record<string, string>; bodyAsText?: string; parsedBody?: unknown };
}

function header(err: HttpishError, name: string): string | undefined {
  const headers = err.response?.headers;
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(n: string): string | null | undefined }).get(name) ?? undefined;
  const record = headers as Record<string, string>;
  return record[name] ?? record[name.toLowerCase()];
}

function errorCode(err: HttpishError): string | undefined {
  const body = (err.response?.parsedBody ?? err.body ?? err.details) as { error?: { code?: string }; message?: string } | undefined;
  if (body?.error?.code) return body.error.code;
  // Teams' MessageWritesBlocked arrives as { errorCode: 209, message: "{\"subCode\":\"MessageWritesBlocked\"…}" }.
  const sub = /"subCode"\s*:\s*"([A-Za-z]+)"/.exec(`${body?.message ?? ''} ${err.message ?? ''}`);
  if (sub) return sub[1];
  const text = err.response?.bodyAsText;
  if (text) {
    try {
      return (JSON.parse(text) as { error?: { code?: string } }).error?.code;
    } catch {
      /* not JSON */
    }
  }
  return typeof err.code === 'string' && !/^\d+$/.test(err.code) ? err.code : undefined;
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export function toSendFailure(error: unknown, nowMs: number): Extract<SendResult, { ok: false }> {
  const err = (error ?? {}) as HttpishError;
  const status = err.statusCode ?? err.status ?? err.response?.status ?? 0;
  const code = errorCode(err);
  const retryAfterMs = parseRetryAfter(header(err, 'retry-after'), nowMs);
  // 403 (blocked, removed) and 404 (no such member) will not get better by retrying; 429, 5xx and network errors may.
  const permanent = status === 403 || status === 404 || status === 400 || status === 401;
  return { ok: false, status, ...(code ? { code } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), permanent, message: err.message ?? String(error) };
}

/**
 * Installs the app for a person who never opened it (personal scope) and gives the id of their 1:1 chat with the bot,
 * as Microsoft's Company Communicator does through Microsoft Graph (README "Reaching people"; src/graph/ implements it).
 */
export interface AppInstaller {
  install(userId: string): Promise<{ ok: true; chatId: string } | { ok: false; status: number; message: string }>;
}

export interface BotMessengerOptions {
  adapter: CloudAdapter;
  /** Empty in local mode. */
  botAppId: string;
  conversations: ConversationStore;
  directory: DirectoryStore;
  nowMs: () => number;
  /** With Microsoft Graph configured: the app is installed for people who do not have it. */
  installer?: AppInstaller;
  /** The tenant of people the directory has no tenant for (imported from Graph). */
  defaultTenantId?: string;
}

export class BotMessenger implements Messenger {
  constructor(private readonly o: BotMessengerOptions) {}

  async sendToUser(userId: string, activity: Partial<Activity>): Promise<SendResult> {
    const ref = (await this.o.conversations.personal(userId)) as Partial<ConversationReference> | undefined;
    if (ref) return this.sendToReference(ref, activity);
    const person = await this.o.directory.get(userId);
    return this.createPersonal(person, activity);
  }

  async sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<SendResult> {
    const ref = (await this.o.conversations.conversation(conversationId)) as Partial<ConversationReference> | undefined;
    if (!ref) return { ok: false, status: 404, code: 'ConversationUnknown', permanent: true, message: `The bot has no reference for conversation ${conversationId}` };
    return this.sendToReference(ref, activity);
  }

  async updateInConversation(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<SendResult> {
    const ref = (await this.o.conversations.conversation(conversationId)) as Partial<ConversationReference> | undefined;
    if (!ref) return { ok: false, status: 404, code: 'ConversationUnknown', permanent: true, message: `The bot has no reference for conversation ${conversationId}` };
    try {
      await this.o.adapter.continueConversationAsync(this.o.botAppId, ref, async (ctx: TurnContext) => {
        await ctx.updateActivity({ ...activity, id: activityId });
      });
      return { ok: true, activityId, conversationId };
    } catch (error) {
      return toSendFailure(error, this.o.nowMs());
    }
  }

  async postInChannel(conversationId: string, activity: Partial<Activity>): Promise<SendResult> {
    const channelId = channelOf(conversationId);
    const ref =
      ((await this.o.conversations.conversation(conversationId)) as Partial<ConversationReference> | undefined) ??
      (channelId !== conversationId ? ((await this.o.conversations.conversation(channelId)) as Partial<ConversationReference> | undefined) : undefined);
    if (!ref?.serviceUrl) return { ok: false, status: 404, code: 'ConversationUnknown', permanent: true, message: `The bot has no reference for channel ${channelId}` };
    if (ref.conversation?.conversationType !== 'channel') return this.sendToReference(ref, activity);
    const tenantId = ref.conversation?.tenantId;
    // As TeamsInfo.sendMessageToTeamsChannel does: a conversation created in the channel, the activity its root post.
    const params = {
      isGroup: true,
      bot: ref.bot,
      channelData: { channel: { id: channelId }, ...(tenantId ? { tenant: { id: tenantId } } : {}) },
      activity,
      ...(tenantId ? { tenantId } : {}),
    } as unknown as ConversationParameters;
    try {
      let result: SendResult | undefined;
      await this.o.adapter.createConversationAsync(this.o.botAppId, 'msteams', ref.serviceUrl, '', params, async (ctx: TurnContext) => {
        const thread = ctx.activity.conversation?.id ?? '';
        // The root post's id is the thread's message id; it is what later updates address.
        const root = /;messageid=([^;]+)$/.exec(thread)?.[1];
        await this.o.conversations.saveConversation(thread, { ...ref, conversation: { ...ref.conversation, id: thread } } as unknown as Record<string, unknown>);
        result = { ok: true, conversationId: thread, ...(root ? { activityId: root } : {}) };
      });
      return result ?? { ok: false, status: 0, permanent: false, message: 'createConversation returned nothing' };
    } catch (error) {
      return toSendFailure(error, this.o.nowMs());
    }
  }

  private async sendToReference(ref: Partial<ConversationReference>, activity: Partial<Activity>): Promise<SendResult> {
    try {
      let activityId: string | undefined;
      await this.o.adapter.continueConversationAsync(this.o.botAppId, ref, async (ctx: TurnContext) => {
        activityId = (await ctx.sendActivity(activity))?.id;
      });
      return { ok: true, conversationId: ref.conversation?.id ?? '', ...(activityId ? { activityId } : {}) };
    } catch (error) {
      return toSendFailure(error, this.o.nowMs());
    }
  }

  /**
   * A new 1:1 chat (README "Reaching people"). Teams needs the person's 29: id (stored, or found by their Entra id in
   * the roster of a team the bot is in), their tenant and a serviceUrl the bot has seen there. When that fails because
   * the app is not installed for them, and Graph is configured, the app is installed for them and the chat it opens used.
   */
  private async createPersonal(person: Person | undefined, activity: Partial<Activity>): Promise<SendResult> {
    const tenantId = person?.tenantId ?? this.o.defaultTenantId;
    if (!person || !tenantId) {
      return { ok: false, status: 404, code: 'UserNotReachable', permanent: true, message: 'The bot has never seen this person in Teams (no Teams id yet).' };
    }
    const any = (await this.o.conversations.anyInTenant(tenantId)) as Partial<ConversationReference> | undefined;
    if (!any?.serviceUrl || !any.bot) {
      return { ok: false, status: 404, code: 'NoServiceUrl', permanent: true, message: 'The bot has not been used in this tenant yet.' };
    }
    const teamsId = person.teamsId ?? (await this.fromRoster(person, tenantId));
    const created: SendResult = teamsId
      ? await this.createWith(person, teamsId, tenantId, any, activity)
      : { ok: false, status: 404, code: 'UserNotReachable', permanent: true, message: 'No team the bot is in lists this person, and they never talked to it.' };
    if (created.ok || !this.o.installer || created.code === 'ConversationBlockedByUser') return created;
    if (created.status !== 403 && created.status !== 404) return created;
    const installed = await this.o.installer.install(person.userId);
    if (!installed.ok) return { ok: false, status: installed.status, code: 'AppNotInstalled', permanent: installed.status < 500 && installed.status !== 429, message: `Installing the app for them failed: ${installed.message}` };
    const ref = { ...any, conversation: { id: installed.chatId, conversationType: 'personal', tenantId }, user: { id: teamsId ?? '', name: person.name ?? '', aadObjectId: person.userId } } as Partial<ConversationReference>;
    delete ref.activityId;
    await this.o.conversations.savePersonal(person.userId, ref as unknown as Record<string, unknown>);
    return this.sendToReference(ref, activity);
  }

  private async createWith(person: Person, teamsId: string, tenantId: string, any: Partial<ConversationReference>, activity: Partial<Activity>): Promise<SendResult> {
    const params = {
      isGroup: false,
      bot: any.bot,
      members: [{ id: teamsId, name: person.name ?? '' }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    } as unknown as ConversationParameters;
    try {
      let result: SendResult | undefined;
      await this.o.adapter.createConversationAsync(this.o.botAppId, 'msteams', any.serviceUrl!, '', params, async (ctx: TurnContext) => {
        const ref = TurnContext.getConversationReference(ctx.activity);
        await this.o.conversations.savePersonal(person.userId, { ...ref, user: { id: teamsId, name: person.name ?? '', aadObjectId: person.userId } } as unknown as Record<string, unknown>);
        const sent = await ctx.sendActivity(activity);
        result = { ok: true, conversationId: ctx.activity.conversation?.id ?? '', ...(sent?.id ? { activityId: sent.id } : {}) };
      });
      return result ?? { ok: false, status: 0, permanent: false, message: 'createConversation returned nothing' };
    } catch (error) {
      return toSendFailure(error, this.o.nowMs());
    }
  }

  /** The person's Teams id from the roster of a team the bot is in (asked by their Entra id), kept in the directory. */
  private async fromRoster(person: Person, tenantId: string): Promise<string | undefined> {
    for (const team of await this.o.conversations.teamsIn(tenantId)) {
      try {
        let member: Awaited<ReturnType<typeof TeamsInfo.getMember>> | undefined;
        await this.o.adapter.continueConversationAsync(this.o.botAppId, team as Partial<ConversationReference>, async (ctx: TurnContext) => {
          member = await TeamsInfo.getMember(ctx, person.userId);
        });
        if (!member?.id) continue;
        await this.o.directory.upsertPerson({ userId: person.userId, teamsId: member.id, tenantId, ...(person.name ? {} : { name: member.name }), ...(person.email || !member.email ? {} : { email: member.email }) });
        return member.id;
      } catch {
        // Not in this team (404), or the team is gone: try the next one.
      }
    }
    return undefined;
  }
}
