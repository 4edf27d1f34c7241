// A stand-in for Microsoft Teams' Bot Connector service (the activity's `serviceUrl`) on 127.0.0.1.
// It answers the Connector API v3 calls botbuilder's ConnectorClient / TeamsConnectorClient make,
// records every request and every activity the bot sends, and can be told to fail like Teams does.
//
// Paths, status codes and error bodies follow the Bot Connector REST reference and Teams'
// "Status codes from bot conversational APIs" table:
//   POST   /v3/conversations                                   create (1:1 or a new channel thread) -> 201 { id, activityId? }
//   POST   /v3/conversations/{conversationId}/activities       send -> 201 { id }
//   POST   /v3/conversations/{conversationId}/activities/{id}  reply -> 201 { id }
//   PUT    /v3/conversations/{conversationId}/activities/{id}  update -> 200 { id }
//   DELETE /v3/conversations/{conversationId}/activities/{id}  delete -> 200
//   GET    /v3/conversations/{conversationId}/members[/{userId}] and /pagedmembers
//   GET    /v3/teams/{teamId} and /v3/teams/{teamId}/conversations
// botbuilder URL-encodes every path parameter (`19:x@thread.tacv2;messageid=1` arrives as
// `19%3Ax%40thread.tacv2%3Bmessageid%3D1`); the stand-in decodes them before recording.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the channel knows about a person: the TeamsChannelAccount that `TeamsInfo.getMember` returns. */
export interface RosterMember {
  id: string; // '29:…'
  name: string;
  aadObjectId: string;
  email: string;
  tenantId: string;
  userPrincipalName?: string;
  userRole?: 'user' | 'guest' | 'anonymous';
  givenName?: string;
  surname?: string;
  /** false: the app is not installed for them, so creating a 1:1 chat answers 403 ForbiddenOperationException. */
  installed?: boolean;
}

export interface TeamInfo {
  id: string; // '19:…@thread.tacv2'
  name: string;
  aadGroupId?: string;
  channels?: Array<{ id: string; name?: string }>;
}

export type ChannelOperation =
  | 'createConversation'
  | 'getConversations'
  | 'sendToConversation'
  | 'replyToActivity'
  | 'updateActivity'
  | 'deleteActivity'
  | 'getMember'
  | 'getMembers'
  | 'getPagedMembers'
  | 'getTeamDetails'
  | 'getTeamChannels'
  | 'file'
  | 'unknown';

const WRITE_OPERATIONS: ReadonlySet<ChannelOperation> = new Set<ChannelOperation>([
  'createConversation',
  'sendToConversation',
  'replyToActivity',
  'updateActivity',
  'deleteActivity',
]);

/** One HTTP request as the stand-in understood it (ids decoded). Passed to `match` predicates. */
export interface ChannelRequest {
  seq: number;
  method: string;
  /** The raw path as it arrived (still URL-encoded), without the query string. */
  rawPath: string;
  query: Record<string, string>;
  operation: ChannelOperation;
  conversationId?: string;
  activityId?: string;
  userId?: string;
  teamId?: string;
  fileName?: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  at: Date;
}

/** A request plus how the stand-in answered it. */
export interface ChannelExchange extends ChannelRequest {
  status: number | 'reset';
  responseBody: unknown;
  /** Set when the answer came from `failNext` or `block` rather than the normal behaviour. */
  fault?: string;
}

export type SentKind = 'send' | 'reply' | 'update' | 'delete';

/** An activity the bot put into a conversation (accepted by the stand-in). */
export interface SentActivity {
  seq: number;
  kind: SentKind;
  conversationId: string;
  /** The activity's id in the conversation: new for send/reply, the target for update/delete. */
  activityId: string;
  /** For replies: the id in the URL (botbuilder's proactive sends reply to the continuation's random id). */
  replyToId?: string;
  /** The JSON body as the bot sent it (empty object for deletes). */
  activity: OutgoingActivity;
  at: Date;
}

/** The loose shape of what the bot sends; only fields the tests read are typed. */
export interface OutgoingActivity {
  type?: string;
  id?: string;
  text?: string;
  textFormat?: string;
  summary?: string;
  replyToId?: string;
  attachments?: Array<{ contentType?: string; content?: unknown; contentUrl?: string; name?: string }>;
  entities?: Array<Record<string, unknown>>;
  channelData?: Record<string, unknown>;
  conversation?: { id?: string; isGroup?: boolean; conversationType?: string; tenantId?: string };
  from?: { id?: string; name?: string };
  recipient?: { id?: string; name?: string; aadObjectId?: string };
  [key: string]: unknown;
}

/** A `POST /v3/conversations` the stand-in accepted. */
export interface CreatedConversation {
  seq: number;
  conversationId: string;
  activityId?: string;
  isGroup: boolean;
  tenantId?: string;
  members: Array<{ id: string; name?: string; aadObjectId?: string }>;
  bot?: { id?: string; name?: string };
  channelData?: Record<string, unknown>;
  topicName?: string;
  /** The roster members the request named (resolved by 29: id or aadObjectId). */
  resolvedMembers: RosterMember[];
  at: Date;
}

export type ForbiddenCode =
  | 'ConversationBlockedByUser'
  | 'BotNotInConversationRoster'
  | 'BotDisabledByAdmin'
  | 'ForbiddenOperationException'
  | 'MessageWritesBlocked'
  | 'NotEnoughPermissions'
  | 'InvalidBotApiHost';

export interface HttpFault {
  /** 429, 500, 502, 503, 504, 403, 404, 412, 413, … */
  status: number;
  /** error.code in the body. Defaults: 429 Throttled, 5xx ServiceError, 403 ConversationBlockedByUser, 404 ConversationNotFound, 412 PreconditionFailed, 413 MessageSizeTooBig. */
  code?: ForbiddenCode | (string & {});
  message?: string;
  /** Sent as the Retry-After header (seconds; fractions allowed, e.g. 0.05). */
  retryAfterSeconds?: number;
}

export interface ResetFault {
  /**
   * Destroy the socket instead of answering. 'before-accept': nothing recorded (Teams never saw it).
   * 'after-accept': the activity is recorded as delivered, then the connection dies — the client cannot
   * know Teams accepted it (the one case where at-least-once delivery duplicates).
   */
  reset: 'before-accept' | 'after-accept';
}

export type FaultOptions = (HttpFault | ResetFault) & {
  /** How many matching requests get this answer (default 1). */
  times?: number;
  /** Which requests (default: every Connector API call that writes — create, send, reply, update, delete). */
  match?: (req: ChannelRequest) => boolean;
};

export interface BlockTarget {
  conversationId?: string;
  /** 29: id or aadObjectId of a person: blocks their 1:1 conversation and creating it. */
  user?: string;
}

export interface WaitOptions {
  timeoutMs?: number;
  /** Said first in the timeout error. */
  message?: string;
}

export interface StartChannelOptions {
  /** Timestamps of the record come from here (default: real time). */
  clock?: () => Date;
  roster?: RosterMember[];
  teams?: TeamInfo[];
  /** Updates/deletes of an activity the bot never sent answer 404 ActivityNotFoundInConversation (default true). */
  strictUpdates?: boolean;
  /**
   * Enforce Teams' send limits on new messages, as Teams does: per conversation 7 per second and 60 per 30 s, per
   * tenant 50 per second; beyond them 429 with Retry-After. Measured on the stand-in's clock.
   */
  enforceLimits?: boolean;
}

export interface FakeChannel {
  /** `http://127.0.0.1:<port>/` — put it in every inbound activity's serviceUrl. */
  readonly serviceUrl: string;
  readonly port: number;
  /** Every activity the bot sent, replied, updated or deleted, in arrival order. */
  readonly sent: readonly SentActivity[];
  /** Every `POST /v3/conversations` accepted. */
  readonly conversations: readonly CreatedConversation[];
  /** Every HTTP request and its answer, faults included (use it to count botbuilder's own retries). */
  readonly requests: readonly ChannelExchange[];
  /** Requests to routes the stand-in does not implement (answered 404). Should stay empty. */
  readonly unhandled: readonly ChannelExchange[];
  /** Requests currently held by `pause()`. */
  readonly pendingCount: number;

  // Configuration (survives reset()).
  addMembers(...members: RosterMember[]): void;
  /** Give one conversation (or team id) its own roster; otherwise the global roster answers. */
  setConversationMembers(conversationId: string, members: RosterMember[]): void;
  addTeam(team: TeamInfo): void;
  /** Serve a file at `/files/:name` (e.g. for a file download attachment); returns its URL. */
  serveFile(name: string, content: string | Buffer, contentType?: string): string;
  member(idOrAadObjectId: string): RosterMember | undefined;

  // Record queries.
  /** Messages (type 'message') sent or replied into a conversation, in order. */
  messagesTo(conversationId: string): SentActivity[];
  /** Adaptive Card contents sent, replied or updated into a conversation, in order (every version). */
  cardsIn(conversationId: string): Array<Record<string, unknown>>;
  /** The conversation's activities as a user would see them now: latest version of each, deletions removed. */
  currentActivities(conversationId: string): Array<{ activityId: string; activity: OutgoingActivity }>;
  /** The latest version of one activity (undefined if never sent or deleted). */
  currentActivity(conversationId: string, activityId: string): OutgoingActivity | undefined;
  /** The 1:1 conversation created (POST /v3/conversations) for a person, by aadObjectId or 29: id. */
  conversationFor(userAadObjectIdOrId: string): string | undefined;
  /** Messages in a person's 1:1 chat with the bot (created by the bot or started by the person). */
  personalMessages(userAadObjectIdOrId: string): SentActivity[];
  /** Cards in a person's 1:1 chat with the bot. */
  personalCards(userAadObjectIdOrId: string): Array<Record<string, unknown>>;
  /** Poll until `predicate` returns something truthy; resolves with it. Fails with a dump of the record. */
  waitFor<T>(predicate: (channel: FakeChannel) => T | undefined | null | false, options?: WaitOptions): Promise<T>;
  /** A readable summary of the record, for failure messages. */
  dump(): string;

  // Faults.
  failNext(fault: FaultOptions): void;
  /** Enforce Teams' send limits from now on (as `enforceLimits` does from the start), or stop enforcing them. */
  enforceLimits(on: boolean): void;
  /** Persistently answer 403 (default ConversationBlockedByUser) for a conversation or a person's 1:1 chat. */
  block(target: BlockTarget, code?: ForbiddenCode): void;
  unblock(target?: BlockTarget): void;
  /** Hold every request (unanswered) until resume(). */
  pause(): void;
  resume(): void;

  /** Forget the record, faults and blocks; resume if paused. Roster, teams and files stay. */
  reset(): void;
  stop(): Promise<void>;
}

/** The 1:1 conversation id Teams would give a person's chat with the bot (stable, 'a:1…'). */
export function personalConversationId(userId: string): string {
  return `a:1${createHash('sha256').update(`personal|${userId}`).digest('base64url').slice(0, 42)}`;
}

/** Predicates for `failNext({ match })`. */
export const isWrite = (req: ChannelRequest): boolean => WRITE_OPERATIONS.has(req.operation);
export const isNewMessage = (req: ChannelRequest): boolean =>
  req.operation === 'sendToConversation' || req.operation === 'replyToActivity';
export const inConversation =
  (conversationId: string) =>
  (req: ChannelRequest): boolean =>
    req.conversationId === conversationId;

const DEFAULT_CODES: Record<number, string> = {
  400: 'BadArgument',
  403: 'ConversationBlockedByUser',
  404: 'ConversationNotFound',
  412: 'PreconditionFailed',
  413: 'MessageSizeTooBig',
  429: 'Throttled',
  500: 'ServiceError',
  502: 'ServiceError',
};

const DEFAULT_MESSAGES: Record<string, string> = {
  BadArgument: 'Bad argument.',
  ConversationBlockedByUser: 'User blocked the conversation with the bot.',
  BotNotInConversationRoster: 'The bot is not part of the conversation roster.',
  BotDisabledByAdmin: 'The tenant admin disabled this bot',
  ForbiddenOperationException: "Bot is not installed in user's personal scope",
  NotEnoughPermissions: 'The bot does not have the permissions it needs.',
  InvalidBotApiHost: 'Invalid bot api host.',
  ConversationNotFound: 'Conversation not found.',
  ActivityNotFoundInConversation: 'Conversation not found.',
  MemberNotFoundInConversation: 'The member was not found in the conversation.',
  PreconditionFailed: 'Precondition failed, please try again.',
  MessageSizeTooBig: 'Message size too large.',
  Throttled: 'Too many requests.',
  ServiceError: 'Internal server error.',
};

/** The body Teams answers for a 403 MessageWritesBlocked (note: no `error.code`; the sub-code hides in a JSON string). */
function messageWritesBlockedBody(): unknown {
  return {
    errorCode: 209,
    message: JSON.stringify({
      subCode: 'MessageWritesBlocked',
      details: 'Thread is blocked from message writes.',
      errorCode: null,
      errorSubCode: null,
    }),
  };
}

function errorBody(status: number, code?: string, message?: string): unknown {
  const c = code ?? DEFAULT_CODES[status] ?? (status >= 500 ? 'ServiceError' : 'BadArgument');
  if (c === 'MessageWritesBlocked') return messageWritesBlockedBody();
  return { error: { code: c, message: message ?? DEFAULT_MESSAGES[c] ?? c } };
}

interface ActiveFault {
  spec: FaultOptions;
  remaining: number;
}

interface Held {
  run: () => void;
}

interface Route {
  operation: ChannelOperation;
  conversationId?: string;
  activityId?: string;
  userId?: string;
  teamId?: string;
  fileName?: string;
}

function decode(segment: string | undefined): string | undefined {
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function route(method: string, path: string): Route {
  const parts = path.split('/').filter((p) => p.length > 0);
  const [p0, p1, p2, p3, p4] = parts;
  if (p0 === 'files' && method === 'GET' && parts.length === 2) return { operation: 'file', fileName: decode(p1) };
  if (p0 !== 'v3') return { operation: 'unknown' };
  if (p1 === 'conversations') {
    if (parts.length === 2) {
      if (method === 'POST') return { operation: 'createConversation' };
      if (method === 'GET') return { operation: 'getConversations' };
      return { operation: 'unknown' };
    }
    const conversationId = decode(p2);
    if (p3 === 'activities') {
      if (parts.length === 4 && method === 'POST') return { operation: 'sendToConversation', conversationId };
      if (parts.length === 5) {
        const activityId = decode(p4);
        if (activityId === 'history') return { operation: 'unknown', conversationId };
        if (method === 'POST') return { operation: 'replyToActivity', conversationId, activityId };
        if (method === 'PUT') return { operation: 'updateActivity', conversationId, activityId };
        if (method === 'DELETE') return { operation: 'deleteActivity', conversationId, activityId };
      }
      return { operation: 'unknown', conversationId };
    }
    if (p3 === 'members' && method === 'GET') {
      if (parts.length === 4) return { operation: 'getMembers', conversationId };
      if (parts.length === 5) return { operation: 'getMember', conversationId, userId: decode(p4) };
    }
    if (p3 === 'pagedmembers' && method === 'GET' && parts.length === 4) return { operation: 'getPagedMembers', conversationId };
    return { operation: 'unknown', conversationId };
  }
  if (p1 === 'teams' && method === 'GET') {
    const teamId = decode(p2);
    if (parts.length === 3) return { operation: 'getTeamDetails', teamId };
    if (parts.length === 4 && p3 === 'conversations') return { operation: 'getTeamChannels', teamId };
  }
  return { operation: 'unknown' };
}

function isAdaptiveCard(a: { contentType?: string }): boolean {
  return a.contentType === 'application/vnd.microsoft.card.adaptive';
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function summarize(a: OutgoingActivity | undefined): string {
  if (!a) return '';
  const cards = (a.attachments ?? []).filter(isAdaptiveCard).length;
  const text = typeof a.text === 'string' ? JSON.stringify(a.text.length > 80 ? `${a.text.slice(0, 77)}...` : a.text) : '';
  return [a.type ?? '?', text, cards ? `${cards} card(s)` : ''].filter(Boolean).join(' ');
}

/** Start the stand-in on 127.0.0.1 with a free port. */
export async function startChannel(options: StartChannelOptions = {}): Promise<FakeChannel> {
  const clock = options.clock ?? (() => new Date());
  const strictUpdates = options.strictUpdates ?? true;
  const roster: RosterMember[] = [...(options.roster ?? [])];
  const conversationRosters = new Map<string, RosterMember[]>();
  const teams = new Map<string, TeamInfo>((options.teams ?? []).map((t) => [t.id, t]));
  const files = new Map<string, { content: Buffer; contentType: string }>();

  const sent: SentActivity[] = [];
  const conversations: CreatedConversation[] = [];
  const requests: ChannelExchange[] = [];
  const unhandled: ChannelExchange[] = [];
  const live = new Map<string, Map<string, OutgoingActivity>>(); // conversationId -> activityId -> current
  let faults: ActiveFault[] = [];
  let blocks: Array<{ target: BlockTarget; code: ForbiddenCode }> = [];
  let paused = false;
  let held: Held[] = [];
  let seq = 0;
  let idSeq = 0;
  const sockets = new Set<import('node:net').Socket>();

  const newActivityId = (): string => String(1_700_000_000_000 + ++idSeq);

  // Teams' documented bot send limits, kept here independently of the bot's own limiter.
  const accepted = new Map<string, number[]>();
  const WINDOWS = { conversation: [{ limit: 7, ms: 1_000 }, { limit: 60, ms: 30_000 }], tenant: [{ limit: 50, ms: 1_000 }] };
  /** Milliseconds until this message would be within the limits; undefined: within them now (and counted). */
  let limitsOn = options.enforceLimits ?? false;
  const overLimit = (req: ChannelRequest): number | undefined => {
    const now = clock().getTime();
    const keys: [string, { limit: number; ms: number }[]][] = [[`c|${req.conversationId ?? ''}`, WINDOWS.conversation], ['tenant', WINDOWS.tenant]];
    let wait = 0;
    for (const [key, windows] of keys) {
      const times = (accepted.get(key) ?? []).filter((t) => t > now - 30_000);
      accepted.set(key, times);
      for (const w of windows) {
        const inWindow = times.filter((t) => t > now - w.ms);
        if (inWindow.length >= w.limit) wait = Math.max(wait, inWindow[inWindow.length - w.limit]! + w.ms - now);
      }
    }
    if (wait > 0) return wait;
    for (const [key] of keys) accepted.get(key)!.push(now);
    return undefined;
  };

  const findMember = (idOrAad: string, conversationId?: string): RosterMember | undefined => {
    const scoped = conversationId !== undefined ? conversationRosters.get(conversationId) : undefined;
    const list = scoped ?? roster;
    return list.find((m) => m.id === idOrAad || m.aadObjectId === idOrAad);
  };
  const membersOf = (conversationId: string | undefined): RosterMember[] =>
    (conversationId !== undefined ? conversationRosters.get(conversationId) : undefined) ?? roster;

  const conversationIdsFor = (idOrAad: string): string[] => {
    const m = findMember(idOrAad);
    const ids = new Set<string>();
    for (const c of conversations) {
      if (c.isGroup) continue;
      if (c.members.some((x) => x.id === idOrAad || x.aadObjectId === idOrAad || (m && (x.id === m.id || x.aadObjectId === m.aadObjectId)))) {
        ids.add(c.conversationId);
      }
    }
    if (m) ids.add(personalConversationId(m.id));
    else if (idOrAad.startsWith('29:')) ids.add(personalConversationId(idOrAad));
    return [...ids];
  };

  const blockedCode = (req: ChannelRequest): ForbiddenCode | undefined => {
    for (const b of blocks) {
      if (b.target.conversationId !== undefined && req.conversationId === b.target.conversationId) return b.code;
      if (b.target.user !== undefined) {
        const convs = conversationIdsFor(b.target.user);
        if (req.conversationId !== undefined && convs.includes(req.conversationId)) return b.code;
        if (req.operation === 'createConversation') {
          const m = findMember(b.target.user);
          const members = asRecord(req.body).members;
          if (
            Array.isArray(members) &&
            members.some((x) => {
              const r = asRecord(x);
              return r.id === b.target.user || r.aadObjectId === b.target.user || (m !== undefined && (r.id === m.id || r.aadObjectId === m.aadObjectId));
            })
          ) {
            return b.code;
          }
        }
      }
    }
    return undefined;
  };

  const takeFault = (req: ChannelRequest): FaultOptions | undefined => {
    for (const f of faults) {
      if (f.remaining <= 0) continue;
      const matches = f.spec.match ? f.spec.match(req) : isWrite(req);
      if (!matches) continue;
      f.remaining -= 1;
      faults = faults.filter((x) => x.remaining > 0);
      return f.spec;
    }
    return undefined;
  };

  const liveOf = (conversationId: string): Map<string, OutgoingActivity> => {
    let m = live.get(conversationId);
    if (!m) {
      m = new Map();
      live.set(conversationId, m);
    }
    return m;
  };

  const record = (kind: SentKind, conversationId: string, activityId: string, activity: OutgoingActivity, replyToId?: string): void => {
    sent.push({ seq: ++seq, kind, conversationId, activityId, ...(replyToId !== undefined ? { replyToId } : {}), activity, at: clock() });
    const l = liveOf(conversationId);
    if (kind === 'delete') l.delete(activityId);
    else l.set(activityId, { ...activity, id: activityId });
  };

  type Answer = { status: number; body?: unknown; headers?: Record<string, string>; raw?: { content: Buffer; contentType: string } };

  /** The normal behaviour: apply the request to the record and say what Teams would answer. */
  const perform = (req: ChannelRequest): Answer => {
    const body = asRecord(req.body);
    switch (req.operation) {
      case 'createConversation': {
        const members = (Array.isArray(body.members) ? body.members : []).map((x) => {
          const r = asRecord(x);
          return {
            id: String(r.id ?? ''),
            ...(typeof r.name === 'string' ? { name: r.name } : {}),
            ...(typeof r.aadObjectId === 'string' ? { aadObjectId: r.aadObjectId } : {}),
          };
        });
        const channelData = asRecord(body.channelData);
        const tenantId = typeof body.tenantId === 'string' ? body.tenantId : typeof asRecord(channelData.tenant).id === 'string' ? String(asRecord(channelData.tenant).id) : undefined;
        const isGroup = body.isGroup === true;
        const channelId = asRecord(channelData.channel).id;
        const resolvedMembers = members.map((x) => findMember(x.id) ?? (x.aadObjectId ? findMember(x.aadObjectId) : undefined)).filter((x): x is RosterMember => x !== undefined);
        let conversationId: string;
        if (typeof channelId === 'string') {
          // A new thread in a channel: the root message's id becomes part of the conversation id.
          const rootId = newActivityId();
          conversationId = `${channelId};messageid=${rootId}`;
          const activity = asRecord(body.activity) as OutgoingActivity;
          const created: CreatedConversation = { seq: ++seq, conversationId, activityId: rootId, isGroup: true, ...(tenantId ? { tenantId } : {}), members, ...(body.bot ? { bot: asRecord(body.bot) as { id?: string } } : {}), channelData, resolvedMembers, at: clock() };
          conversations.push(created);
          if (body.activity) record('send', conversationId, rootId, activity);
          return { status: 201, body: { id: conversationId, activityId: rootId } };
        }
        if (isGroup || members.length !== 1) {
          return { status: 400, body: errorBody(400, 'BadArgument', 'Bots can only create 1:1 chats or channel threads.') };
        }
        const only = members[0]!;
        const person = resolvedMembers[0];
        if (person?.installed === false) {
          return { status: 403, body: errorBody(403, 'ForbiddenOperationException') };
        }
        if (!only.id.startsWith('29:') && !person) {
          return { status: 400, body: errorBody(400, 'BadArgument', `Invalid user identity in provided tenant: ${only.id}`) };
        }
        conversationId = personalConversationId(person?.id ?? only.id);
        let activityId: string | undefined;
        if (body.activity) {
          activityId = newActivityId();
          record('send', conversationId, activityId, asRecord(body.activity) as OutgoingActivity);
        }
        conversations.push({
          seq: ++seq,
          conversationId,
          ...(activityId ? { activityId } : {}),
          isGroup: false,
          ...(tenantId ? { tenantId } : {}),
          members,
          ...(body.bot ? { bot: asRecord(body.bot) as { id?: string } } : {}),
          channelData,
          ...(typeof body.topicName === 'string' ? { topicName: body.topicName } : {}),
          resolvedMembers,
          at: clock(),
        });
        return { status: 201, body: { id: conversationId, ...(activityId ? { activityId } : {}) } };
      }
      case 'getConversations':
        return { status: 200, body: { conversations: conversations.map((c) => ({ id: c.conversationId, members: c.members })) } };
      case 'sendToConversation': {
        const id = newActivityId();
        record('send', req.conversationId!, id, body as OutgoingActivity);
        return { status: 201, body: { id } };
      }
      case 'replyToActivity': {
        const id = newActivityId();
        record('reply', req.conversationId!, id, body as OutgoingActivity, req.activityId);
        return { status: 201, body: { id } };
      }
      case 'updateActivity':
      case 'deleteActivity': {
        const known = live.get(req.conversationId!)?.has(req.activityId!) ?? false;
        if (strictUpdates && !known) return { status: 404, body: errorBody(404, 'ActivityNotFoundInConversation') };
        if (req.operation === 'updateActivity') {
          record('update', req.conversationId!, req.activityId!, body as OutgoingActivity);
          return { status: 200, body: { id: req.activityId } };
        }
        record('delete', req.conversationId!, req.activityId!, {});
        return { status: 200 };
      }
      case 'getMember': {
        const m = findMember(req.userId!, req.conversationId);
        if (!m) {
          return { status: 404, body: errorBody(404, 'MemberNotFoundInConversation', `Member ${req.userId} was not found in conversation ${req.conversationId}.`) };
        }
        return { status: 200, body: channelAccount(m) };
      }
      case 'getMembers':
        return { status: 200, body: membersOf(req.conversationId).map(channelAccount) };
      case 'getPagedMembers': {
        const all = membersOf(req.conversationId);
        const pageSize = Math.max(1, Math.min(500, Number(req.query.pageSize ?? 200) || 200));
        const start = Number(req.query.continuationToken ?? 0) || 0;
        const page = all.slice(start, start + pageSize);
        const next = start + pageSize < all.length ? String(start + pageSize) : undefined;
        return { status: 200, body: { members: page.map(channelAccount), ...(next ? { continuationToken: next } : {}) } };
      }
      case 'getTeamDetails': {
        const t = teams.get(req.teamId!) ?? { id: req.teamId!, name: 'Team', channels: [] };
        return {
          status: 200,
          body: { id: t.id, name: t.name, aadGroupId: t.aadGroupId ?? null, channelCount: Math.max(1, t.channels?.length ?? 1), memberCount: membersOf(t.id).length, type: 'standard' },
        };
      }
      case 'getTeamChannels': {
        const t = teams.get(req.teamId!);
        const channels = t?.channels?.length ? t.channels : [{ id: req.teamId!, name: undefined }];
        return { status: 200, body: { conversations: channels.map((c) => ({ id: c.id, ...(c.name ? { name: c.name } : {}) })) } };
      }
      case 'file': {
        const f = files.get(req.fileName!);
        if (!f) return { status: 404, body: { error: { code: 'NotFound', message: `No file ${req.fileName}` } } };
        return { status: 200, raw: f };
      }
      case 'unknown':
        return { status: 404, body: { error: { code: 'NotFound', message: `The stand-in does not implement ${req.method} ${req.rawPath}` } } };
    }
  };

  const handle = (req: ChannelRequest, res: http.ServerResponse): void => {
    const exchange = (status: number | 'reset', responseBody: unknown, fault?: string): ChannelExchange => {
      const x: ChannelExchange = { ...req, status, responseBody, ...(fault ? { fault } : {}) };
      requests.push(x);
      if (req.operation === 'unknown') unhandled.push(x);
      return x;
    };
    const reply = (answer: Answer, fault?: string): void => {
      exchange(answer.status, answer.raw ? `<${answer.raw.content.length} bytes>` : answer.body, fault);
      if (answer.raw) {
        res.writeHead(answer.status, { 'content-type': answer.raw.contentType, 'content-length': answer.raw.content.length });
        res.end(answer.raw.content);
        return;
      }
      const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
      res.writeHead(answer.status, { ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...(answer.headers ?? {}) });
      res.end(text);
    };

    const fault = req.operation === 'file' ? undefined : takeFault(req);
    if (fault && 'reset' in fault) {
      if (fault.reset === 'after-accept') perform(req);
      exchange('reset', undefined, `reset ${fault.reset}`);
      res.socket?.destroy();
      return;
    }
    if (fault) {
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      reply({ status: fault.status, body: errorBody(fault.status, fault.code, fault.message), headers }, `failNext ${fault.status}${fault.code ? ` ${fault.code}` : ''}`);
      return;
    }
    const limit = limitsOn && isNewMessage(req) ? overLimit(req) : undefined;
    if (limit !== undefined) {
      reply({ status: 429, body: errorBody(429), headers: { 'retry-after': String(Math.max(0.001, limit / 1000)) } }, 'over Teams limits');
      return;
    }
    const blocked = req.operation === 'file' ? undefined : blockedCode(req);
    if (blocked && isWrite(req)) {
      reply({ status: 403, body: errorBody(403, blocked) }, `blocked ${blocked}`);
      return;
    }
    reply(perform(req));
  };

  const server = http.createServer((incoming, res) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (c: Buffer) => chunks.push(c));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const method = (incoming.method ?? 'GET').toUpperCase();
      const r = route(method, url.pathname);
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = undefined;
      if (text.length > 0) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      const query: Record<string, string> = {};
      url.searchParams.forEach((v, k) => (query[k] = v));
      const run = (): void => {
        const req: ChannelRequest = {
          seq: ++seq,
          method,
          rawPath: url.pathname,
          query,
          operation: r.operation,
          ...(r.conversationId !== undefined ? { conversationId: r.conversationId } : {}),
          ...(r.activityId !== undefined ? { activityId: r.activityId } : {}),
          ...(r.userId !== undefined ? { userId: r.userId } : {}),
          ...(r.teamId !== undefined ? { teamId: r.teamId } : {}),
          ...(r.fileName !== undefined ? { fileName: r.fileName } : {}),
          headers: incoming.headers,
          body,
          at: clock(),
        };
        try {
          handle(req, res);
        } catch (err) {
          res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify({ error: { code: 'StandInBug', message: String(err) } }));
        }
      };
      if (paused) held.push({ run });
      else run();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const serviceUrl = `http://127.0.0.1:${port}/`;

  const channel: FakeChannel = {
    serviceUrl,
    port,
    sent,
    conversations,
    requests,
    unhandled,
    get pendingCount() {
      return held.length;
    },
    addMembers(...members) {
      for (const m of members) {
        const i = roster.findIndex((x) => x.id === m.id || x.aadObjectId === m.aadObjectId);
        if (i >= 0) roster[i] = m;
        else roster.push(m);
      }
    },
    setConversationMembers(conversationId, members) {
      conversationRosters.set(conversationId, [...members]);
    },
    addTeam(team) {
      teams.set(team.id, team);
    },
    serveFile(name, content, contentType = 'application/octet-stream') {
      files.set(name, { content: typeof content === 'string' ? Buffer.from(content, 'utf8') : content, contentType });
      return `${serviceUrl}files/${encodeURIComponent(name)}`;
    },
    member(idOrAad) {
      return findMember(idOrAad);
    },
    messagesTo(conversationId) {
      return sent.filter((s) => s.conversationId === conversationId && (s.kind === 'send' || s.kind === 'reply') && (s.activity.type ?? 'message') === 'message');
    },
    cardsIn(conversationId) {
      return sent
        .filter((s) => s.conversationId === conversationId && s.kind !== 'delete')
        .flatMap((s) => (s.activity.attachments ?? []).filter(isAdaptiveCard).map((a) => asRecord(a.content)));
    },
    currentActivities(conversationId) {
      return [...(live.get(conversationId) ?? new Map<string, OutgoingActivity>()).entries()].map(([activityId, activity]) => ({ activityId, activity }));
    },
    currentActivity(conversationId, activityId) {
      return live.get(conversationId)?.get(activityId);
    },
    conversationFor(idOrAad) {
      const m = findMember(idOrAad);
      const hit = [...conversations].reverse().find((c) => !c.isGroup && c.members.some((x) => x.id === idOrAad || x.aadObjectId === idOrAad || (m !== undefined && (x.id === m.id || x.aadObjectId === m.aadObjectId))));
      return hit?.conversationId;
    },
    personalMessages(idOrAad) {
      const ids = new Set(conversationIdsFor(idOrAad));
      return sent.filter((s) => ids.has(s.conversationId) && (s.kind === 'send' || s.kind === 'reply') && (s.activity.type ?? 'message') === 'message');
    },
    personalCards(idOrAad) {
      const ids = conversationIdsFor(idOrAad);
      return ids.flatMap((id) => channel.cardsIn(id));
    },
    async waitFor(predicate, waitOptions = {}) {
      const timeoutMs = waitOptions.timeoutMs ?? 5000;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = predicate(channel);
        if (value) return value as NonNullable<typeof value>;
        if (Date.now() >= deadline) {
          throw new Error(`${waitOptions.message ?? 'channel.waitFor timed out'} (after ${timeoutMs} ms)\n${channel.dump()}`);
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    dump() {
      const lines: string[] = [`stand-in ${serviceUrl}: ${requests.length} request(s), ${sent.length} activity record(s), ${held.length} held`];
      lines.push('conversations created:');
      for (const c of conversations) {
        lines.push(`  #${c.seq} ${c.conversationId} isGroup=${c.isGroup} members=${c.members.map((m) => `${m.id}${m.aadObjectId ? `/${m.aadObjectId}` : ''}`).join(',')} tenant=${c.tenantId ?? '-'}`);
      }
      lines.push('activities:');
      for (const s of sent) {
        lines.push(`  #${s.seq} ${s.kind} ${s.conversationId} ${s.activityId}${s.replyToId ? ` (reply to ${s.replyToId})` : ''} ${summarize(s.activity)}`);
      }
      lines.push('requests (last 30):');
      for (const r of requests.slice(-30)) {
        lines.push(`  #${r.seq} ${r.method} ${r.rawPath} -> ${r.status}${r.fault ? ` [${r.fault}]` : ''}`);
      }
      if (unhandled.length) lines.push(`UNHANDLED: ${unhandled.map((u) => `${u.method} ${u.rawPath}`).join(', ')}`);
      return lines.join('\n');
    },
    enforceLimits(on) {
      limitsOn = on;
    },
    failNext(fault) {
      faults.push({ spec: fault, remaining: fault.times ?? 1 });
    },
    block(target, code = 'ConversationBlockedByUser') {
      blocks.push({ target, code });
    },
    unblock(target) {
      if (!target) {
        blocks = [];
        return;
      }
      blocks = blocks.filter((b) => b.target.conversationId !== target.conversationId || b.target.user !== target.user);
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      const queue = held;
      held = [];
      for (const h of queue) h.run();
    },
    reset() {
      sent.length = 0;
      conversations.length = 0;
      requests.length = 0;
      unhandled.length = 0;
      live.clear();
      faults = [];
      blocks = [];
      channel.resume();
    },
    async stop() {
      paused = false;
      held = [];
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return channel;
}

function channelAccount(m: RosterMember): Record<string, unknown> {
  return {
    id: m.id,
    name: m.name,
    aadObjectId: m.aadObjectId,
    email: m.email,
    userPrincipalName: m.userPrincipalName ?? m.email,
    tenantId: m.tenantId,
    userRole: m.userRole ?? 'user',
    ...(m.givenName ? { givenName: m.givenName } : {}),
    ...(m.surname ? { surname: m.surname } : {}),
  };
}
