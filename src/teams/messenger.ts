// The capability the app asks for ("send a direct message", "update a card"), over botbuilder's CloudAdapter.
// Errors are mapped by HTTP status so the dispatcher can retry, wait or record who is unreachable.
import { TurnContext } from 'botbuilder';
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

export interface BotMessengerOptions {
  adapter: CloudAdapter;
  /** Empty in local mode. */
  botAppId: string;
  conversations: ConversationStore;
  directory: DirectoryStore;
  nowMs: () => number;
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

  /** Teams needs the person's 29: id, their tenant and a serviceUrl the bot has seen in that tenant. */
  private async createPersonal(person: Person | undefined, activity: Partial<Activity>): Promise<SendResult> {
    if (!person?.teamsId || !person.tenantId) {
      return { ok: false, status: 404, code: 'UserNotReachable', permanent: true, message: 'The bot has never seen this person in Teams (no Teams id yet).' };
    }
    const any = (await this.o.conversations.anyInTenant(person.tenantId)) as Partial<ConversationReference> | undefined;
    if (!any?.serviceUrl || !any.bot) {
      return { ok: false, status: 404, code: 'NoServiceUrl', permanent: true, message: 'The bot has not been used in this tenant yet.' };
    }
    const params = {
      isGroup: false,
      bot: any.bot,
      members: [{ id: person.teamsId, name: person.name ?? '' }],
      tenantId: person.tenantId,
      channelData: { tenant: { id: person.tenantId } },
    } as unknown as ConversationParameters;
    try {
      let result: SendResult | undefined;
      await this.o.adapter.createConversationAsync(this.o.botAppId, 'msteams', any.serviceUrl, '', params, async (ctx: TurnContext) => {
        const ref = TurnContext.getConversationReference(ctx.activity);
        await this.o.conversations.savePersonal(person.userId, { ...ref, user: { id: person.teamsId, name: person.name ?? '', aadObjectId: person.userId } } as unknown as Record<string, unknown>);
        const sent = await ctx.sendActivity(activity);
        result = { ok: true, conversationId: ctx.activity.conversation?.id ?? '', ...(sent?.id ? { activityId: sent.id } : {}) };
      });
      return result ?? { ok: false, status: 0, permanent: false, message: 'createConversation returned nothing' };
    } catch (error) {
      return toSendFailure(error, this.o.nowMs());
    }
  }
}
