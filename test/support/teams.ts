// Builds activities the way Microsoft Teams sends them to a bot, and POSTs them to the bot's
// /api/messages over real HTTP. Shapes follow the Teams docs (conversation types, channelData,
// mention entities) and the Universal Actions `adaptiveCard/action` invoke.
// No Authorization header is sent: the bot under test runs in local mode (no app id, no token checks).
import { createHash } from 'node:crypto';
import { personalConversationId } from './channel';

export { personalConversationId };

/** A person in Teams. Structurally a `RosterMember`, so it can go straight into `channel.addMembers`. */
export interface TeamsUser {
  aadObjectId: string;
  /** The Teams user id, '29:…'. */
  id: string;
  name: string;
  email: string;
  tenantId: string;
  userPrincipalName?: string;
  userRole?: 'user' | 'guest' | 'anonymous';
  givenName?: string;
  surname?: string;
  installed?: boolean;
}

export interface BotIdentity {
  /** '28:<MicrosoftAppId>' */
  id: string;
  name: string;
}

export const TEST_TENANT_ID = '9b1f4c2e-0000-4000-8000-00000000c0de';
export const DEFAULT_BOT: BotIdentity = { id: '28:6f1c7b1e-0000-4000-8000-000000000b07', name: 'Partner Fit' };

function hashHex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A deterministic person: the same key always gives the same ids. */
export function teamsUser(key: string, overrides: Partial<TeamsUser> = {}): TeamsUser {
  const h = hashHex(`aad|${key}`);
  const aadObjectId = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  const slug = key.toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '') || 'user';
  const name = overrides.name ?? key.replace(/(^|\s)\S/g, (c) => c.toUpperCase());
  const email = overrides.email ?? `${slug}@contoso.example`;
  return {
    aadObjectId,
    id: `29:1${createHash('sha256').update(`29|${key}`).digest('base64url').slice(0, 40)}`,
    name,
    email,
    userPrincipalName: email,
    tenantId: TEST_TENANT_ID,
    userRole: 'user',
    ...overrides,
  };
}

/** `<at>Name</at>`, the text Teams puts where a person is @mentioned. */
export function mention(user: { name: string }): string {
  return `<at>${user.name}</at>`;
}

export type TeamsConversation =
  | { kind: 'personal'; id: string; tenantId: string }
  | { kind: 'channel'; id: string; tenantId: string; teamId?: string; channelId: string; teamName?: string }
  | { kind: 'groupChat'; id: string; tenantId: string };

/** A conversation from an id alone (e.g. the conversation a card was sent to): 'a:…' personal, '@thread.tacv2'/'@thread.skype' channel, else group chat. */
export function conversationFromId(id: string, tenantId = TEST_TENANT_ID, team?: { teamId?: string; teamName?: string }): TeamsConversation {
  if (id.startsWith('a:')) return { kind: 'personal', id, tenantId };
  if (/@thread\.(tacv2|skype)/.test(id)) {
    const channelId = id.split(';messageid=')[0]!;
    return { kind: 'channel', id, tenantId, channelId, ...(team?.teamId ? { teamId: team.teamId } : {}), ...(team?.teamName ? { teamName: team.teamName } : {}) };
  }
  return { kind: 'groupChat', id, tenantId };
}

export interface Mentioned {
  name: string;
  id: string;
}

/** What Teams POSTs; loose on purpose so tests can also build malformed ones. */
export interface TeamsActivity {
  type: string;
  id: string;
  timestamp: string;
  localTimestamp: string;
  localTimezone: string;
  channelId: 'msteams';
  serviceUrl: string;
  from: { id: string; name: string; aadObjectId: string };
  recipient: { id: string; name: string };
  conversation: { id: string; conversationType: 'personal' | 'channel' | 'groupChat'; tenantId: string; isGroup?: boolean; name?: string };
  channelData: Record<string, unknown> & { tenant: { id: string } };
  entities?: Array<Record<string, unknown>>;
  locale: string;
  text?: string;
  textFormat?: string;
  name?: string;
  value?: unknown;
  replyToId?: string;
  action?: string;
  membersAdded?: Array<{ id: string; name?: string; aadObjectId?: string }>;
  membersRemoved?: Array<{ id: string; name?: string; aadObjectId?: string }>;
  attachments?: Array<{ contentType: string; content?: unknown; contentUrl?: string; name?: string }>;
  [key: string]: unknown;
}

export interface TeamsActivitiesOptions {
  /** The stand-in's `serviceUrl` (channel.serviceUrl). */
  serviceUrl: string;
  bot?: BotIdentity;
  /** Timestamps come from here when given (default: real time). */
  clock?: () => Date;
  locale?: string;
  timezone?: string;
}

export interface MessageOptions {
  /** People @mentioned in the text (use `mention(user)` in the text); an entity is added for each. */
  mentions?: Array<Mentioned | TeamsUser>;
  /** Prefix the text with an @mention of the bot and add its entity (default: true in channels and group chats, false in 1:1). */
  mentionBot?: boolean;
  attachments?: TeamsActivity['attachments'];
  /** Fields merged last, to build odd or hostile activities. */
  extra?: Record<string, unknown>;
}

export interface ChannelMessageOptions extends MessageOptions {
  teamId: string;
  channelId: string;
  text: string;
  teamName?: string;
  channelName?: string;
  /** Reply inside an existing thread (its root message id); otherwise a new post. */
  threadId?: string;
}

export interface GroupChatMessageOptions extends MessageOptions {
  conversationId?: string;
  text: string;
}

export interface InvokeOptions {
  /** The id of the message holding the card that was clicked. */
  replyToId?: string;
  /** 'manual' for a click, 'automatic' for a refresh (default 'manual'). */
  trigger?: 'manual' | 'automatic';
  actionId?: string;
  extra?: Record<string, unknown>;
}

export interface FileMessageOptions {
  name: string;
  downloadUrl: string;
  fileType?: string;
  uniqueId?: string;
  text?: string;
}

/** Builders for activities as Teams sends them. */
export class TeamsActivities {
  readonly serviceUrl: string;
  readonly bot: BotIdentity;
  private readonly clock: () => Date;
  private readonly locale: string;
  private readonly timezone: string;
  private seq = 0;

  constructor(options: TeamsActivitiesOptions) {
    this.serviceUrl = options.serviceUrl;
    this.bot = options.bot ?? DEFAULT_BOT;
    this.clock = options.clock ?? (() => new Date());
    this.locale = options.locale ?? 'en-US';
    this.timezone = options.timezone ?? 'Etc/UTC';
  }

  personalConversation(user: TeamsUser): TeamsConversation {
    return { kind: 'personal', id: personalConversationId(user.id), tenantId: user.tenantId };
  }

  channelConversation(options: { teamId: string; channelId: string; threadId: string; tenantId?: string; teamName?: string }): TeamsConversation {
    return {
      kind: 'channel',
      id: `${options.channelId};messageid=${options.threadId}`,
      tenantId: options.tenantId ?? TEST_TENANT_ID,
      teamId: options.teamId,
      channelId: options.channelId,
      ...(options.teamName ? { teamName: options.teamName } : {}),
    };
  }

  groupChatConversation(id = `19:${hashHex('group').slice(0, 32)}@thread.v2`, tenantId = TEST_TENANT_ID): TeamsConversation {
    return { kind: 'groupChat', id, tenantId };
  }

  /** A message in the person's 1:1 chat with the bot. */
  personalMessage(user: TeamsUser, text: string, options: MessageOptions = {}): TeamsActivity {
    return this.message(user, this.personalConversation(user), text, { mentionBot: false, ...options });
  }

  /** A post (or a reply in a thread) in a team channel, @mentioning the bot by default. */
  channelMessage(user: TeamsUser, options: ChannelMessageOptions): TeamsActivity {
    const id = this.nextMessageId();
    const conversation = this.channelConversation({
      teamId: options.teamId,
      channelId: options.channelId,
      threadId: options.threadId ?? id,
      tenantId: user.tenantId,
      ...(options.teamName ? { teamName: options.teamName } : {}),
    });
    const activity = this.message(user, conversation, options.text, { mentionBot: true, ...options }, id);
    if (options.channelName) (activity.channelData.channel as Record<string, unknown>).name = options.channelName;
    return activity;
  }

  /** A message in a group (or meeting) chat, @mentioning the bot by default. */
  groupChatMessage(user: TeamsUser, options: GroupChatMessageOptions): TeamsActivity {
    const conversation = this.groupChatConversation(options.conversationId, user.tenantId);
    return this.message(user, conversation, options.text, { mentionBot: true, ...options });
  }

  /** A message in any conversation (mentionBot defaults to false here). */
  message(user: TeamsUser, conversation: TeamsConversation, text: string, options: MessageOptions = {}, id = this.nextMessageId()): TeamsActivity {
    const entities: Array<Record<string, unknown>> = [];
    let fullText = text;
    if (options.mentionBot) {
      fullText = `${mention(this.bot)} ${text}`;
      entities.push({ type: 'mention', text: mention(this.bot), mentioned: { id: this.bot.id, name: this.bot.name } });
    }
    for (const m of options.mentions ?? []) {
      entities.push({ type: 'mention', text: mention(m), mentioned: { id: m.id, name: m.name } });
    }
    entities.push(this.clientInfo());
    return {
      ...this.base('message', user, conversation, id),
      text: fullText,
      textFormat: 'plain',
      entities,
      ...(options.attachments ? { attachments: options.attachments } : {}),
      ...(options.extra ?? {}),
    };
  }

  /** A click on an `Action.Execute` button (or a refresh): invoke `adaptiveCard/action`; the answer comes back in the HTTP response. */
  invokeExecute(user: TeamsUser, conversation: TeamsConversation | string, action: { verb: string; data?: Record<string, unknown> }, options: InvokeOptions = {}): TeamsActivity {
    const conv = typeof conversation === 'string' ? conversationFromId(conversation, user.tenantId) : conversation;
    const base = this.base('invoke', user, conv, `f:${this.nextMessageId()}`);
    return {
      ...base,
      name: 'adaptiveCard/action',
      value: {
        action: { type: 'Action.Execute', ...(options.actionId ? { id: options.actionId } : {}), verb: action.verb, data: action.data ?? {} },
        trigger: options.trigger ?? 'manual',
      },
      ...(options.replyToId ? { replyToId: options.replyToId } : {}),
      channelData: { ...base.channelData, source: { name: 'message' }, ...(options.replyToId ? { legacy: { replyToId: options.replyToId } } : {}) },
      entities: [this.clientInfo()],
      ...(options.extra ?? {}),
    };
  }

  /** The app was installed ('add') or removed for a person (1:1 by default) or in a team/chat. */
  installationUpdate(user: TeamsUser, action: 'add' | 'remove' | 'add-upgrade' | 'remove-upgrade', conversation?: TeamsConversation): TeamsActivity {
    const conv = conversation ?? this.personalConversation(user);
    const base = this.base('installationUpdate', user, conv, this.nextMessageId());
    return { ...base, action, ...(conv.kind === 'channel' ? { channelData: { ...base.channelData, settings: { selectedChannel: { id: conv.channelId } } } } : {}) };
  }

  /** The bot (default) or people were added to a team, by `user`. */
  conversationUpdate(
    user: TeamsUser,
    options: { teamId: string; teamName?: string; channelId?: string; membersAdded?: Array<{ id: string; name?: string; aadObjectId?: string }>; membersRemoved?: Array<{ id: string; name?: string; aadObjectId?: string }> },
  ): TeamsActivity {
    const channelId = options.channelId ?? options.teamId; // the General channel shares the team's id
    const conv: TeamsConversation = { kind: 'channel', id: channelId, tenantId: user.tenantId, teamId: options.teamId, channelId, ...(options.teamName ? { teamName: options.teamName } : {}) };
    const base = this.base('conversationUpdate', user, conv, this.nextMessageId());
    const added = options.membersAdded ?? (options.membersRemoved ? undefined : [{ id: this.bot.id }]);
    return {
      ...base,
      ...(added ? { membersAdded: added } : {}),
      ...(options.membersRemoved ? { membersRemoved: options.membersRemoved } : {}),
      channelData: { ...base.channelData, eventType: added ? 'teamMemberAdded' : 'teamMemberRemoved' },
    };
  }

  /** A file the person sent in the 1:1 chat (Teams' file download info attachment). */
  fileMessage(user: TeamsUser, file: FileMessageOptions): TeamsActivity {
    const fileType = file.fileType ?? (file.name.includes('.') ? file.name.split('.').pop()! : '');
    return this.message(user, this.personalConversation(user), file.text ?? '', {
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.file.download.info',
          contentUrl: file.downloadUrl,
          name: file.name,
          content: { downloadUrl: file.downloadUrl, uniqueId: file.uniqueId ?? hashHex(`file|${file.name}|${file.downloadUrl}`).slice(0, 32), fileType },
        },
      ],
    });
  }

  private base(type: string, user: TeamsUser, conversation: TeamsConversation, id: string): TeamsActivity {
    const now = this.clock().toISOString();
    const conv: TeamsActivity['conversation'] =
      conversation.kind === 'personal'
        ? { conversationType: 'personal', tenantId: conversation.tenantId, id: conversation.id }
        : { isGroup: true, conversationType: conversation.kind, tenantId: conversation.tenantId, id: conversation.id };
    const channelData: TeamsActivity['channelData'] = { tenant: { id: conversation.tenantId } };
    if (conversation.kind === 'channel') {
      channelData.teamsChannelId = conversation.channelId;
      channelData.channel = { id: conversation.channelId };
      if (conversation.teamId) {
        channelData.teamsTeamId = conversation.teamId;
        channelData.team = { id: conversation.teamId, ...(conversation.teamName ? { name: conversation.teamName } : {}) };
      }
    }
    return {
      type,
      id,
      timestamp: now,
      localTimestamp: now,
      localTimezone: this.timezone,
      channelId: 'msteams',
      serviceUrl: this.serviceUrl,
      from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
      recipient: { id: this.bot.id, name: this.bot.name },
      conversation: conv,
      channelData,
      locale: this.locale,
    };
  }

  private clientInfo(): Record<string, unknown> {
    return { type: 'clientInfo', locale: this.locale, country: 'US', platform: 'Web', timezone: this.timezone };
  }

  private nextMessageId(): string {
    this.seq += 1;
    return String(1_800_000_000_000 + this.seq);
  }
}

export interface BotResponse {
  status: number;
  /** The parsed JSON body (undefined when empty, the text when not JSON). */
  body: unknown;
  text: string;
  headers: Headers;
}

/** The body of an `adaptiveCard/action` invoke response. */
export interface ActionExecuteResponse {
  statusCode: number;
  type: 'application/vnd.microsoft.card.adaptive' | 'application/vnd.microsoft.activity.message' | 'application/vnd.microsoft.error' | (string & {});
  value: unknown;
}

export interface TeamsClientOptions extends TeamsActivitiesOptions {
  /** The bot's endpoint, e.g. `http://127.0.0.1:3978/api/messages`. */
  botEndpoint: string;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
}

/** Teams' side of the wire: builds activities and POSTs them to the bot. */
export class TeamsClient extends TeamsActivities {
  readonly botEndpoint: string;
  private readonly timeoutMs: number;

  constructor(options: TeamsClientOptions) {
    super(options);
    this.botEndpoint = options.botEndpoint;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** POST an activity as Teams does; resolves with the HTTP answer (invoke responses are in the body). */
  async send(activity: TeamsActivity | Record<string, unknown>, headers: Record<string, string> = {}): Promise<BotResponse> {
    const a = activity as Partial<TeamsActivity>;
    return this.sendRaw(JSON.stringify(activity), {
      ...(a.conversation?.id ? { 'x-ms-conversation-id': a.conversation.id } : {}),
      ...(a.conversation?.tenantId ? { 'x-ms-tenant-id': a.conversation.tenantId } : {}),
      ...headers,
    });
  }

  /** POST any body (malformed JSON, wrong content type…). */
  async sendRaw(body: string, headers: Record<string, string> = {}): Promise<BotResponse> {
    const res = await fetch(this.botEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  }

  /** Say something in the person's 1:1 chat. */
  say(user: TeamsUser, text: string, options?: MessageOptions): Promise<BotResponse> {
    return this.send(this.personalMessage(user, text, options));
  }

  /** Click an Action.Execute button; returns the invoke response body (throws if the HTTP answer is not one). */
  async execute(user: TeamsUser, conversation: TeamsConversation | string, action: { verb: string; data?: Record<string, unknown> }, options?: InvokeOptions): Promise<ActionExecuteResponse & { httpStatus: number }> {
    const res = await this.send(this.invokeExecute(user, conversation, action, options));
    const body = res.body as Partial<ActionExecuteResponse> | undefined;
    if (!body || typeof body !== 'object' || typeof body.statusCode !== 'number' || typeof body.type !== 'string') {
      throw new Error(`Action.Execute ${action.verb}: expected an invoke response body, got HTTP ${res.status} ${res.text.slice(0, 500)}`);
    }
    return { httpStatus: res.status, statusCode: body.statusCode, type: body.type, value: body.value };
  }
}
