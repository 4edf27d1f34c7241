// The Teams stand-in, exercised by botbuilder itself (no partner-fit code): these tests pin the exact
// URLs, bodies and error shapes the real bot meets, including botbuilder's own retries.
import type { AddressInfo } from 'node:net';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  CardFactory,
  MemoryStorage,
  TeamsInfo,
  TurnContext,
  type ConversationReference,
} from 'botbuilder';
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import restify from 'restify';
import { personalConversationId, startChannel, isNewMessage, type FakeChannel } from './channel';
import { DEFAULT_BOT, TeamsClient, mention, teamsUser } from './teams';

const ann = teamsUser('ann');
const manny = teamsUser('manny');
const notInstalled = teamsUser('nora', { installed: false });
const TEAM_ID = '19:team0000000000000000000000000000@thread.tacv2';
const CHANNEL_ID = '19:chan0000000000000000000000000000@thread.tacv2';

let channel: FakeChannel;
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));

beforeAll(async () => {
  channel = await startChannel({ roster: [ann, manny, notInstalled], teams: [{ id: TEAM_ID, name: 'Partners', channels: [{ id: CHANNEL_ID, name: 'Syncs' }] }] });
});
afterAll(async () => {
  await channel.stop();
});
beforeEach(() => channel.reset());

function reference(conversationId: string, conversationType: 'personal' | 'channel' = 'personal'): Partial<ConversationReference> {
  return {
    channelId: 'msteams',
    serviceUrl: channel.serviceUrl,
    conversation: { id: conversationId, conversationType, tenantId: ann.tenantId, isGroup: conversationType !== 'personal', name: '' },
    bot: DEFAULT_BOT,
  };
}

/** A proactive turn, as the outbox dispatcher will run one (local mode: empty bot app id). */
async function proactive(conversationId: string, logic: (ctx: TurnContext) => Promise<void>, type: 'personal' | 'channel' = 'personal'): Promise<void> {
  await adapter.continueConversationAsync('', reference(conversationId, type), logic);
}

/** Take botbuilder's built-in HTTP retry policy out of this turn's ConnectorClient (see "built-in retries" below). */
function withoutBuiltInRetries(ctx: TurnContext): void {
  const connector = ctx.turnState.get(ctx.adapter.ConnectorClientKey) as { client: { pipeline: { removePolicy(o: { name: string }): unknown } } };
  connector.client.pipeline.removePolicy({ name: 'defaultRetryPolicy' });
}

interface RestErrorLike extends Error {
  statusCode?: number;
  code?: string;
  details?: unknown;
  response?: { status: number; headers: { get(name: string): string | undefined } };
}

async function failure(promise: Promise<unknown>): Promise<RestErrorLike> {
  try {
    await promise;
  } catch (err) {
    return err as RestErrorLike;
  }
  throw new Error('expected the call to fail');
}

const card = (title: string) => CardFactory.adaptiveCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: title }] });

describe('sending, replying, updating, deleting', () => {
  it('a proactive sendActivity is a reply to the continuation activity, at the URL-encoded conversation path', async () => {
    const conv = personalConversationId(ann.id);
    let answer: { id?: string } | undefined;
    await proactive(conv, async (ctx) => {
      answer = await ctx.sendActivity('hello Ann');
    });

    const [req] = channel.requests;
    expect(req?.method).toBe('POST');
    expect(req?.rawPath.startsWith(`/v3/conversations/${encodeURIComponent(conv)}/activities/`)).toBe(true);
    expect(req?.rawPath).toContain('%3A'); // 'a:1…' arrives encoded
    expect(req?.operation).toBe('replyToActivity');
    expect(req?.status).toBe(201);

    const [rec] = channel.messagesTo(conv);
    expect(rec).toMatchObject({ kind: 'reply', conversationId: conv, activityId: answer?.id, activity: { type: 'message', text: 'hello Ann' } });
    expect(rec?.replyToId).toMatch(/^[0-9a-f-]{36}$/); // botbuilder's random continuation id, not a real message
    expect(channel.personalMessages(ann.aadObjectId).map((m) => m.activity.text)).toEqual(['hello Ann']);
  });

  it('decodes channel thread ids (colon, at-sign, semicolon, equals) and records cards', async () => {
    const thread = `${CHANNEL_ID};messageid=1699999999999`;
    await proactive(thread, async (ctx) => {
      await ctx.sendActivity(MessageFactory.attachment(card('Contoso flagged')));
    }, 'channel');
    expect(channel.requests[0]?.rawPath).toContain('%3Bmessageid%3D1699999999999');
    expect(channel.messagesTo(thread)).toHaveLength(1);
    expect(channel.cardsIn(thread)).toEqual([{ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Contoso flagged' }] }]);
  });

  it('updateActivity replaces the card in place (PUT); an unknown id answers 404 ActivityNotFoundInConversation', async () => {
    const thread = `${CHANNEL_ID};messageid=1`;
    let id = '';
    await proactive(thread, async (ctx) => {
      id = (await ctx.sendActivity(MessageFactory.attachment(card('v1'))))!.id;
      const updated = await ctx.updateActivity({ ...MessageFactory.attachment(card('v2')), id });
      expect(updated).toEqual({ id });
    }, 'channel');
    const put = channel.requests.find((r) => r.method === 'PUT');
    expect(put?.rawPath).toBe(`/v3/conversations/${encodeURIComponent(thread)}/activities/${id}`);
    expect(channel.sent.map((s) => s.kind)).toEqual(['reply', 'update']);
    expect(channel.cardsIn(thread)).toHaveLength(2); // every version
    expect(channel.currentActivities(thread)).toHaveLength(1);
    expect(JSON.stringify(channel.currentActivity(thread, id))).toContain('v2');

    const err = await failure(proactive(thread, async (ctx) => {
      await ctx.updateActivity({ ...MessageFactory.text('x'), id: 'no-such-activity' });
    }, 'channel'));
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe('ActivityNotFoundInConversation');
  });

  it('deleteActivity removes it from the current view', async () => {
    const conv = personalConversationId(manny.id);
    await proactive(conv, async (ctx) => {
      const r = await ctx.sendActivity('soon gone');
      await ctx.deleteActivity(r!.id);
    });
    expect(channel.sent.map((s) => s.kind)).toEqual(['reply', 'delete']);
    expect(channel.currentActivities(conv)).toEqual([]);
    expect(channel.requests[1]).toMatchObject({ method: 'DELETE', operation: 'deleteActivity', status: 200 });
  });
});

describe('createConversationAsync (1:1)', () => {
  it('records members, tenant and isGroup, answers the stable a:1 id, and the turn can send into it', async () => {
    let turnConversation: unknown;
    await adapter.createConversationAsync('', 'msteams', channel.serviceUrl, '', { isGroup: false, bot: DEFAULT_BOT, members: [{ id: ann.id, name: '' }], tenantId: ann.tenantId, channelData: { tenant: { id: ann.tenantId } } } as never, async (ctx) => {
      turnConversation = ctx.activity.conversation;
      await ctx.sendActivity('you have a card to act on');
    });

    const conv = personalConversationId(ann.id);
    expect(channel.conversations).toHaveLength(1);
    expect(channel.conversations[0]).toMatchObject({ conversationId: conv, isGroup: false, tenantId: ann.tenantId, members: [{ id: ann.id }] });
    expect(channel.conversations[0]?.resolvedMembers[0]?.aadObjectId).toBe(ann.aadObjectId);
    expect(channel.requests[0]).toMatchObject({ method: 'POST', rawPath: '/v3/conversations', operation: 'createConversation', status: 201 });
    expect(turnConversation).toMatchObject({ id: conv, tenantId: ann.tenantId, isGroup: false });
    expect(channel.conversationFor(ann.aadObjectId)).toBe(conv);
    expect(channel.conversationFor(ann.id)).toBe(conv);
    // Inside the create turn, sendActivity replies to the "create" event whose id is the conversation id.
    expect(channel.sent[0]).toMatchObject({ kind: 'reply', conversationId: conv, replyToId: conv });
    expect(channel.personalMessages(ann.aadObjectId).map((m) => m.activity.text)).toEqual(['you have a card to act on']);
  });

  it('someone without the app answers 403 ForbiddenOperationException', async () => {
    const err = await failure(adapter.createConversationAsync('', 'msteams', channel.serviceUrl, '', { isGroup: false, members: [{ id: notInstalled.id, name: '' }], tenantId: notInstalled.tenantId } as never, async () => undefined));
    expect(err.statusCode).toBe(403);
    expect(err.code).toBe('ForbiddenOperationException');
    expect(channel.conversations).toHaveLength(0);
  });
});

describe('TeamsInfo.getMember', () => {
  it('answers a TeamsChannelAccount from the roster', async () => {
    const conv = personalConversationId(ann.id);
    let member: unknown;
    await proactive(conv, async (ctx) => {
      member = await TeamsInfo.getMember(ctx, manny.id);
    });
    expect(channel.requests[0]?.rawPath).toBe(`/v3/conversations/${encodeURIComponent(conv)}/members/${encodeURIComponent(manny.id)}`);
    expect(member).toEqual({ id: manny.id, name: manny.name, aadObjectId: manny.aadObjectId, email: manny.email, userPrincipalName: manny.email, tenantId: manny.tenantId, userRole: 'user' });
  });

  it('an unknown member is a 404 MemberNotFoundInConversation RestError', async () => {
    const err = await failure(proactive(personalConversationId(ann.id), async (ctx) => {
      await TeamsInfo.getMember(ctx, '29:nobody');
    }));
    expect(err.name).toBe('RestError');
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe('MemberNotFoundInConversation');
    expect(channel.requests).toHaveLength(1); // 404 is not retried
  });
});

describe('faults, and the retries botbuilder does on its own', () => {
  // botbuilder 4.23's ConnectorClient sits on @azure/core-client, whose default pipeline retries:
  // 429/503 carrying Retry-After (waits that long), 5xx/408 and socket errors (exponential from ~1 s),
  // up to 3 retries. 403/404/412 are not retried.
  it('built-in: a 429 with Retry-After 0, once, is retried by botbuilder and delivered once', async () => {
    const conv = personalConversationId(ann.id);
    channel.failNext({ status: 429, retryAfterSeconds: 0 });
    await proactive(conv, async (ctx) => {
      await ctx.sendActivity('after a throttle');
    });
    expect(channel.requests.map((r) => r.status)).toEqual([429, 201]);
    expect(channel.messagesTo(conv)).toHaveLength(1);
  });

  it('built-in: past 3 retries the 429 surfaces with statusCode, code and a readable Retry-After', async () => {
    channel.failNext({ status: 429, retryAfterSeconds: 0, times: 4 });
    const err = await failure(proactive(personalConversationId(ann.id), async (ctx) => {
      await ctx.sendActivity('x');
    }));
    expect(channel.requests.map((r) => r.status)).toEqual([429, 429, 429, 429]);
    expect(err.statusCode).toBe(429);
    expect(err.code).toBe('Throttled');
    expect(err.response?.headers.get('retry-after')).toBe('0');
  });

  it('without the built-in policy, a 429 surfaces at once with its Retry-After', async () => {
    channel.failNext({ status: 429, retryAfterSeconds: 7 });
    const err = await failure(proactive(personalConversationId(ann.id), async (ctx) => {
      withoutBuiltInRetries(ctx);
      await ctx.sendActivity('x');
    }));
    expect(channel.requests).toHaveLength(1);
    expect(err.statusCode).toBe(429);
    expect(err.response?.headers.get('retry-after')).toBe('7');
    expect(err.details).toEqual({ error: { code: 'Throttled', message: 'Too many requests.' } });
    expect(channel.sent).toHaveLength(0);
  });

  it('built-in: a 500, once, is retried by botbuilder after about a second and delivered once', async () => {
    const conv = personalConversationId(ann.id);
    channel.failNext({ status: 500 });
    const started = Date.now();
    await proactive(conv, async (ctx) => {
      await ctx.sendActivity('after a 500');
    });
    expect(channel.requests.map((r) => r.status)).toEqual([500, 201]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(channel.messagesTo(conv)).toHaveLength(1);
  });

  it('without the built-in policy, a 500 surfaces as ServiceError', async () => {
    channel.failNext({ status: 500 });
    const err = await failure(proactive(personalConversationId(ann.id), async (ctx) => {
      withoutBuiltInRetries(ctx);
      await ctx.sendActivity('x');
    }));
    expect(err.statusCode).toBe(500);
    expect(err.code).toBe('ServiceError');
  });

  it('403 with a Teams code surfaces at once and is not retried', async () => {
    channel.failNext({ status: 403, code: 'BotNotInConversationRoster' });
    const err = await failure(proactive(`${CHANNEL_ID};messageid=5`, async (ctx) => {
      await ctx.sendActivity('x');
    }, 'channel'));
    expect(channel.requests).toHaveLength(1);
    expect(err.statusCode).toBe(403);
    expect(err.code).toBe('BotNotInConversationRoster');
    expect(err.message).toBe('The bot is not part of the conversation roster.');
  });

  it('403 MessageWritesBlocked comes in Teams\' other body shape: no error.code, the sub-code is inside the message', async () => {
    channel.failNext({ status: 403, code: 'MessageWritesBlocked' });
    const err = await failure(proactive(personalConversationId(ann.id), async (ctx) => {
      await ctx.sendActivity('x');
    }));
    expect(err.statusCode).toBe(403);
    expect(err.code).toBeUndefined();
    expect(err.message).toContain('MessageWritesBlocked');
    expect(err.details).toMatchObject({ errorCode: 209 });
  });

  it('block() answers 403 for a person until unblock()', async () => {
    const conv = personalConversationId(ann.id);
    channel.block({ user: ann.aadObjectId });
    const err = await failure(proactive(conv, async (ctx) => {
      await ctx.sendActivity('x');
    }));
    expect(err.code).toBe('ConversationBlockedByUser');
    const err2 = await failure(adapter.createConversationAsync('', 'msteams', channel.serviceUrl, '', { isGroup: false, members: [{ id: ann.id }], tenantId: ann.tenantId } as never, async () => undefined));
    expect(err2.statusCode).toBe(403);
    channel.unblock({ user: ann.aadObjectId });
    await proactive(conv, async (ctx) => {
      await ctx.sendActivity('unblocked');
    });
    expect(channel.messagesTo(conv).map((m) => m.activity.text)).toEqual(['unblocked']);
  });

  it('a connection reset after Teams accepted: the sender sees an error, yet the message was delivered', async () => {
    const conv = personalConversationId(ann.id);
    channel.failNext({ reset: 'after-accept' });
    const err = await failure(proactive(conv, async (ctx) => {
      withoutBuiltInRetries(ctx);
      await ctx.sendActivity('did it arrive?');
    }));
    expect(err.statusCode).toBeUndefined();
    expect(channel.requests[0]?.status).toBe('reset');
    expect(channel.messagesTo(conv)).toHaveLength(1);
  });

  it('match limits a fault to some requests; the others pass', async () => {
    const conv = personalConversationId(ann.id);
    channel.failNext({ status: 403, code: 'ConversationBlockedByUser', match: (r) => isNewMessage(r) && r.conversationId === personalConversationId(manny.id) });
    await proactive(conv, async (ctx) => {
      await ctx.sendActivity('ann is fine');
    });
    expect(channel.messagesTo(conv)).toHaveLength(1);
    const err = await failure(proactive(personalConversationId(manny.id), async (ctx) => {
      await ctx.sendActivity('manny is not');
    }));
    expect(err.code).toBe('ConversationBlockedByUser');
  });

  it('pause() holds requests unanswered until resume()', async () => {
    const conv = personalConversationId(ann.id);
    channel.pause();
    let done = false;
    const sending = proactive(conv, async (ctx) => {
      await ctx.sendActivity('slow channel');
    }).then(() => (done = true));
    await channel.waitFor((c) => c.pendingCount === 1);
    expect(done).toBe(false);
    expect(channel.sent).toHaveLength(0);
    channel.resume();
    await sending;
    expect(channel.messagesTo(conv)).toHaveLength(1);
  });
});

describe('waitFor, dump and files', () => {
  it('waitFor resolves with the predicate value, and times out with a dump of the record', async () => {
    const conv = personalConversationId(ann.id);
    void proactive(conv, async (ctx) => {
      await ctx.sendActivity('eventually');
    });
    const msg = await channel.waitFor((c) => c.personalMessages(ann.aadObjectId)[0]);
    expect(msg.activity.text).toBe('eventually');

    const err = await failure(channel.waitFor((c) => c.messagesTo('nowhere').length > 0, { timeoutMs: 50, message: 'no message to nowhere' }));
    expect(err.message).toContain('no message to nowhere');
    expect(err.message).toContain(conv);
    expect(err.message).toContain('"eventually"');
  });

  it('serves registered files, and unknown routes are answered 404 and listed', async () => {
    const url = channel.serveFile('org.csv', 'aad,manager\n1,2\n', 'text/csv');
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('aad,manager\n1,2\n');
    const missing = await fetch(`${channel.serviceUrl}v3/conversations/x/activities/history`, { method: 'POST' });
    expect(missing.status).toBe(404);
    expect(channel.unhandled).toHaveLength(1);
  });
});

describe('teams.ts activities, understood by a teams-ai bot over real HTTP', () => {
  type State = TurnState;
  let server: restify.Server;
  let teams: TeamsClient;
  const seen: { text?: string; installed?: string; botAdded?: boolean; member?: unknown; file?: string } = {};

  beforeAll(async () => {
    const teamsAdapter = new TeamsAdapter({});
    const app = new Application<State>({ adapter: teamsAdapter, storage: new MemoryStorage(), startTypingTimer: false, removeRecipientMention: true });
    app.message(/^whois/i, async (ctx) => {
      const other = TurnContext.getMentions(ctx.activity).find((m) => m.mentioned.id !== ctx.activity.recipient.id);
      seen.member = await TeamsInfo.getMember(ctx, other!.mentioned.id);
      await ctx.sendActivity('ok');
    });
    app.message(/^org import/i, async (ctx) => {
      const file = ctx.activity.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.teams.file.download.info');
      const res = await fetch((file?.content as { downloadUrl: string }).downloadUrl);
      seen.file = await res.text();
      await ctx.sendActivity(`imported ${seen.file.length} bytes`);
    });
    app.activity('message', async (ctx) => {
      seen.text = ctx.activity.text;
      await ctx.sendActivity(`echo: ${ctx.activity.text}`);
    });
    app.adaptiveCards.actionExecute<{ caseId: string }>('reset.approve', async (ctx, _state, data) => ({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: `approved ${data.caseId} by ${ctx.activity.from.aadObjectId}` }],
    }) as never);
    app.activity('installationUpdate', async (ctx) => {
      seen.installed = (ctx.activity as { action?: string }).action;
    });
    app.conversationUpdate('membersAdded', async (ctx) => {
      seen.botAdded = (ctx.activity.membersAdded ?? []).some((m) => m.id === ctx.activity.recipient.id);
    });

    server = restify.createServer();
    server.use(restify.plugins.bodyParser());
    server.post('/api/messages', async (req, res) => {
      await teamsAdapter.process(req, res, (ctx) => app.run(ctx).then(() => undefined));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as AddressInfo).port;
    teams = new TeamsClient({ botEndpoint: `http://127.0.0.1:${port}/api/messages`, serviceUrl: channel.serviceUrl, clock: () => new Date('2026-03-02T09:00:00Z') });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('a 1:1 message: timestamps from the clock, the reply lands in the person\'s 1:1 conversation', async () => {
    const activity = teams.personalMessage(ann, 'hello');
    expect(activity).toMatchObject({ timestamp: '2026-03-02T09:00:00.000Z', channelId: 'msteams', serviceUrl: channel.serviceUrl, conversation: { conversationType: 'personal', id: personalConversationId(ann.id) } });
    const res = await teams.send(activity);
    expect(res.status).toBe(200);
    expect(channel.personalMessages(ann.aadObjectId).map((m) => m.activity.text)).toEqual(['echo: hello']);
    expect(channel.messagesTo(personalConversationId(ann.id))[0]?.replyToId).toBe(activity.id);
  });

  it('a channel message @mentioning the bot: teams-ai strips the mention; getMember goes to the team roster', async () => {
    const activity = teams.channelMessage(ann, { teamId: TEAM_ID, channelId: CHANNEL_ID, text: 'flag Contoso' });
    expect(activity.text).toBe('<at>Partner Fit</at> flag Contoso');
    expect(activity.conversation.id).toBe(`${CHANNEL_ID};messageid=${activity.id}`);
    await teams.send(activity);
    expect(seen.text).toBe('flag Contoso');
    expect(channel.messagesTo(activity.conversation.id).map((m) => m.activity.text)).toEqual(['echo: flag Contoso']);

    await teams.send(teams.channelMessage(ann, { teamId: TEAM_ID, channelId: CHANNEL_ID, text: `whois ${mention(manny)}`, mentions: [manny] }));
    expect(seen.member).toMatchObject({ aadObjectId: manny.aadObjectId, email: manny.email });
    const get = channel.requests.find((r) => r.operation === 'getMember');
    expect(get?.rawPath).toBe(`/v3/conversations/${encodeURIComponent(TEAM_ID)}/members/${encodeURIComponent(manny.id)}`);
  });

  it('a group chat message and a 1:1 message mentioning someone', async () => {
    await teams.send(teams.groupChatMessage(ann, { text: 'partners' }));
    expect(seen.text).toBe('partners');
    await teams.say(ann, `whois ${mention(manny)}`, { mentions: [manny] });
    expect(seen.member).toMatchObject({ id: manny.id });
  });

  it('Action.Execute: the refreshed card comes back in the HTTP response body, not at the serviceUrl', async () => {
    const answer = await teams.execute(manny, personalConversationId(manny.id), { verb: 'reset.approve', data: { caseId: 'c-1' } }, { replyToId: '1700000000001' });
    expect(answer).toMatchObject({ httpStatus: 200, statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(JSON.stringify(answer.value)).toContain(`approved c-1 by ${manny.aadObjectId}`);
    expect(channel.sent).toHaveLength(0);
  });

  it('installationUpdate and the bot added to a team reach their handlers', async () => {
    await teams.send(teams.installationUpdate(ann, 'add'));
    expect(seen.installed).toBe('add');
    await teams.send(teams.conversationUpdate(ann, { teamId: TEAM_ID, teamName: 'Partners' }));
    expect(seen.botAdded).toBe(true);
  });

  it('a file sent in the 1:1 chat can be downloaded from the stand-in', async () => {
    const downloadUrl = channel.serveFile('directory.csv', 'aadObjectId,manager\n');
    await teams.send(teams.fileMessage(ann, { name: 'directory.csv', downloadUrl, text: 'org import' }));
    expect(seen.file).toBe('aadObjectId,manager\n');
    expect(channel.personalMessages(ann.id).map((m) => m.activity.text)).toEqual(['imported 20 bytes']);
  });

  it('malformed JSON gets a 4xx from the adapter, and nothing reaches the channel', async () => {
    const res = await teams.sendRaw('{"type": "message", ');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(channel.sent).toHaveLength(0);
  });
});

