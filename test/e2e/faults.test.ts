// Faults on the way to Teams, over real HTTP: throttling, server errors, people who blocked the bot or never
// installed it, and a bot restarted between a transition and its pings. The dispatcher never sleeps: a retry
// is a later `notBefore` on the outbox row; the test moves the clock and runs the dispatcher.
import { TableClient } from '@azure/data-tables';
import { silentLogger } from '../../src/log';
import type { RunningBot } from '../../src/main';
import { startBot } from '../../src/main';
import { createTableStorage } from '../../src/storage';
import { azuriteConnectionString, freePort } from '../../src/storage/azurite';
import type { OutboxItem } from '../../src/storage/ports';
import { inConversation, isNewMessage } from '../support/channel';
import type { ChannelRequest } from '../support/channel';
import { testConnectionString, uniqueTablePrefix } from '../support/storage';
import { TeamsClient, mention, teamsUser } from '../support/teams';
import type { TeamsUser } from '../support/teams';
import { activityText, answerText, caseOf, flagInChannel, flagInChat, outboxOf, sayAndRead, setUpOrg } from './edgeKit';
import type { Harness } from './harness';
import { startHarness } from './harness';

const TEAM = { teamId: '19:faults-team@thread.tacv2', channelId: '19:faults-syncs@thread.tacv2' };

let h: Harness;
let p: Harness['people'];

beforeAll(async () => {
  h = await startHarness();
  p = h.people;
  await setUpOrg(h, { partners: ['Adventure Works', 'Blue Yonder', 'Coho Winery', 'Fourth Coffee', 'Wide World Importers', 'Tailspin Toys', 'Alpine Ski House', 'Bellows College'] });
}, 60_000);

afterAll(async () => {
  // Let the pings the last test caused finish before the bot and the stand-in go away.
  await h?.deliver();
  await h?.stop();
});

/** The 1:1 chat of a person, as the stand-in knows it. */
function chatOf(user: TeamsUser): string {
  return h.teams.personalConversation(user).id;
}

/** New messages (sends and replies) the stand-in accepted into a person's 1:1 chat about a partner. */
function pingsAbout(user: TeamsUser, partnerName: string): string[] {
  return h.channel
    .messagesTo(chatOf(user))
    .map(activityText)
    .filter((t) => t.includes(partnerName));
}

/** Requests the bot made to write into a conversation, with how the stand-in answered. */
function writesTo(conversationId: string): Array<{ status: number | 'reset'; fault?: string }> {
  return h.channel.requests.filter((r) => isNewMessage(r) && r.conversationId === conversationId).map((r) => ({ status: r.status, ...(r.fault ? { fault: r.fault } : {}) }));
}

function toManager(partnerId: string) {
  return async (): Promise<OutboxItem> => {
    const items = await outboxOf(h, partnerId);
    const item = items.find((i) => i.notice.kind === 'flag-raised' && 'user' in i.notice.to && i.notice.to.user === p.manager.aadObjectId);
    if (!item) throw new Error(`no flag-raised notice for the manager on ${partnerId}: ${JSON.stringify(items.map((i) => i.notice))}`);
    return item;
  };
}

function advance(ms: number): void {
  h.clock.advance(ms);
}

const toManagersChat = (req: ChannelRequest): boolean => isNewMessage(req) && inConversation(chatOf(p.manager))(req);

describe('throttling and server errors', () => {
  test('429 with Retry-After: not retried before Retry-After, then delivered exactly once', async () => {
    const before = writesTo(chatOf(p.manager)).length;
    h.channel.failNext({ status: 429, retryAfterSeconds: 30, match: toManagersChat });
    const flaggedAt = h.clock.now().getTime();
    expect(answerText(await flagInChat(h, p.ic, 'Adventure Works'))).toContain('Flag recorded');
    await h.deliver();
    const row = toManager('adventure-works');

    const throttled = await row();
    expect(throttled).toMatchObject({ status: 'pending', attempts: 1 });
    expect(throttled.lastError).toMatch(/^429/);
    expect(Date.parse(throttled.notBefore) - flaggedAt).toBe(30_000);
    expect(pingsAbout(p.manager, 'Adventure Works')).toEqual([]);

    // One second early: nothing is sent.
    advance(29_000);
    await h.deliver();
    expect(writesTo(chatOf(p.manager)).slice(before)).toEqual([{ status: 429, fault: 'failNext 429' }]);
    expect((await row()).status).toBe('pending');

    advance(1_000);
    await h.deliver();
    expect(pingsAbout(p.manager, 'Adventure Works')).toHaveLength(1);
    expect(await row()).toMatchObject({ status: 'delivered', attempts: 2 });

    // Later runs send nothing more.
    advance(120_000);
    await h.deliver();
    expect(pingsAbout(p.manager, 'Adventure Works')).toHaveLength(1);
    expect(writesTo(chatOf(p.manager)).slice(before).map((w) => w.status)).toEqual([429, 201]);
  });

  test('500s are retried with growing backoff (never early), then delivered once', async () => {
    const before = writesTo(chatOf(p.manager)).length;
    h.channel.failNext({ status: 500, times: 3, match: toManagersChat });
    expect(answerText(await flagInChat(h, p.ic, 'Blue Yonder'))).toContain('Flag recorded');
    await h.deliver();
    const row = toManager('blue-yonder');

    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const item = await row();
      expect(item).toMatchObject({ status: 'pending', attempts: attempt });
      expect(item.lastError).toMatch(/^500/);
      const wait = Date.parse(item.notBefore) - h.clock.now().getTime();
      waits.push(wait);
      // Just before its time the row is left alone.
      advance(wait - 1);
      await h.deliver();
      expect((await row()).attempts).toBe(attempt);
      advance(1);
      await h.deliver();
    }
    // Equal jitter on a doubling ceiling (2 s, 4 s, 8 s): with the harness' random() = 0.5, 1.5 s, 3 s, 6 s.
    expect(waits).toEqual([1_500, 3_000, 6_000]);
    expect(await row()).toMatchObject({ status: 'delivered', attempts: 4 });
    expect(pingsAbout(p.manager, 'Blue Yonder')).toHaveLength(1);
    expect(writesTo(chatOf(p.manager)).slice(before).map((w) => w.status)).toEqual([500, 500, 500, 201]);
  });
});

describe('connections that drop', () => {
  test('reset before Teams accepted the message: retried, delivered exactly once', async () => {
    const before = writesTo(chatOf(p.manager)).length;
    h.channel.failNext({ reset: 'before-accept', match: toManagersChat });
    expect(answerText(await flagInChat(h, p.ic, 'Alpine Ski House'))).toContain('Flag recorded');
    await h.deliver();
    const row = toManager('alpine-ski-house');
    expect(await row()).toMatchObject({ status: 'pending', attempts: 1 });
    advance(Date.parse((await row()).notBefore) - h.clock.now().getTime());
    await h.deliver();
    expect(await row()).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(pingsAbout(p.manager, 'Alpine Ski House')).toHaveLength(1);
    expect(writesTo(chatOf(p.manager)).slice(before).map((w) => w.status)).toEqual(['reset', 201]);
  });

  test('reset after Teams accepted it: the one case where at-least-once delivery shows a duplicate', async () => {
    h.channel.failNext({ reset: 'after-accept', match: toManagersChat });
    expect(answerText(await flagInChat(h, p.ic, 'Bellows College'))).toContain('Flag recorded');
    await h.deliver();
    const row = toManager('bellows-college');
    expect(await row()).toMatchObject({ status: 'pending', attempts: 1 });
    advance(Date.parse((await row()).notBefore) - h.clock.now().getTime());
    await h.deliver();
    expect(await row()).toMatchObject({ status: 'delivered', attempts: 2 });
    // Nothing lost; the bot could not know the first one arrived (README, "How it is built": at-least-once delivery).
    expect(pingsAbout(p.manager, 'Bellows College')).toHaveLength(2);
  });
});

describe('people the bot cannot reach', () => {
  test('403 ConversationBlockedByUser: held for them, not retried, and the channel card @mentions them', async () => {
    h.channel.block({ user: p.manager.id });
    try {
      const flagged = await flagInChannel(h, p.ic, 'Coho Winery', TEAM);
      expect(answerText(flagged.answer)).toContain('Flag recorded');
      await h.deliver();
      const row = toManager('coho-winery');
      const failed = await row();
      expect(failed).toMatchObject({ status: 'held', attempts: 1 });
      expect(failed.lastError).toContain('ConversationBlockedByUser');

      const attempts = writesTo(chatOf(p.manager)).length;
      advance(3_600_000);
      await h.deliver();
      expect(writesTo(chatOf(p.manager))).toHaveLength(attempts);
      expect(await row()).toMatchObject({ status: 'held', attempts: 1 });

      // The case card in the channel names the manager, with an @mention Teams will notify.
      const card = h.channel.currentActivity(flagged.conversationId, flagged.cardId);
      expect(card).toBeDefined();
      const text = activityText({ activity: card! });
      expect(text).toMatch(/could not reach .*Manny Ortiz/);
      const entities = JSON.stringify(card!.attachments?.[0]?.content);
      expect(entities).toContain(`"mentioned":{"id":"${p.manager.id}"`);
      // And whoever looks at the case sees it too.
      const status = await sayAndRead(h, p.admin, 'status Coho Winery');
      expect(status.text).toMatch(/could not reach .*Manny Ortiz/);
    } finally {
      h.channel.unblock();
    }
  });

  test('app not installed (403 on creating the 1:1 chat): held for them, not retried, and @mentioned on the channel card', async () => {
    // Nell manages Rhea; Nell never installed the app, so the bot cannot open a 1:1 chat with her.
    const nell = teamsUser('Nell Noapp', { installed: false });
    const rhea = teamsUser('Rhea Porter');
    h.channel.addMembers(nell, rhea);
    await h.teams.say(rhea, 'hello');
    const set = await sayAndRead(h, p.admin, `org manager ${mention(rhea)} ${mention(nell)}`, [rhea, nell]);
    expect(set.text).toContain('now reports to Nell Noapp');

    const flagged = await flagInChannel(h, rhea, 'Fourth Coffee', TEAM);
    expect(answerText(flagged.answer)).toContain('Flag recorded');
    await h.deliver();
    const rows = await outboxOf(h, 'fourth-coffee');
    const toNell = rows.find((i) => 'user' in i.notice.to && i.notice.to.user === nell.aadObjectId);
    expect(toNell).toMatchObject({ status: 'held', attempts: 1 });
    expect(toNell!.lastError).toContain('403');
    const creates = h.channel.requests.filter((r) => r.operation === 'createConversation' && JSON.stringify(r.body).includes(nell.id));
    expect(creates.map((r) => r.status)).toEqual([403]);

    advance(3_600_000);
    await h.deliver();
    expect(h.channel.requests.filter((r) => r.operation === 'createConversation' && JSON.stringify(r.body).includes(nell.id))).toHaveLength(1);

    const card = h.channel.currentActivity(flagged.conversationId, flagged.cardId);
    const text = activityText({ activity: card! });
    expect(text).toMatch(/could not reach .*Nell Noapp/);
    expect(JSON.stringify(card!.attachments?.[0]?.content)).toContain(`"mentioned":{"id":"${nell.id}"`);
    expect((await caseOf(h, 'fourth-coffee')).people.manager).toBe(nell.aadObjectId);
  });
});

describe('a ping that fails before the card is refreshed', () => {
  test('a 403 on a retry, after the channel card was already updated, still shows up on the channel card', async () => {
    // The manager talks to the bot (so nothing from earlier tests marks him unreachable).
    await h.teams.say(p.manager, 'hi');
    // First attempt: a 500 (retried later). Meanwhile the channel card is updated without any warning.
    h.channel.failNext({ status: 500, match: toManagersChat });
    const flagged = await flagInChannel(h, p.ic, 'Wide World Importers', TEAM);
    expect(answerText(flagged.answer)).toContain('Flag recorded');
    await h.deliver();
    const row = toManager('wide-world-importers');
    expect(await row()).toMatchObject({ status: 'pending', attempts: 1 });
    const cardBefore = activityText({ activity: h.channel.currentActivity(flagged.conversationId, flagged.cardId)! });
    expect(cardBefore).not.toMatch(/could not reach/);

    // Then the manager blocks the bot: the retry gets a 403, and the ping is held for him.
    h.channel.block({ user: p.manager.id });
    try {
      h.clock.advance(Date.parse((await row()).notBefore) - h.clock.now().getTime());
      await h.deliver();
      expect(await row()).toMatchObject({ status: 'held', attempts: 2 });
      const card = h.channel.currentActivity(flagged.conversationId, flagged.cardId)!;
      expect(activityText({ activity: card })).toMatch(/could not reach .*Manny Ortiz/);
      expect(JSON.stringify(card.attachments?.[0]?.content)).toContain(`"mentioned":{"id":"${p.manager.id}"`);
    } finally {
      h.channel.unblock();
    }
  });
});

describe('storage unavailable', () => {
  let down: RunningBot;
  let teams: TeamsClient;

  beforeAll(async () => {
    // A second bot on the same Teams stand-in whose storage is a closed port: every read and write fails at once.
    const closed = await freePort();
    const stores = await createTableStorage({ connectionString: azuriteConnectionString(closed), tablePrefix: uniqueTablePrefix('down'), retryOptions: { maxRetries: 0 }, ensureTables: false });
    down = await startBot({ config: h.bot.deps.config, stores, clock: h.clock, log: silentLogger, random: () => 0.5, pollOutbox: false, runJobs: false });
    teams = new TeamsClient({ botEndpoint: `${down.url}/api/messages`, serviceUrl: h.channel.serviceUrl, clock: () => h.clock.now() });
  });

  afterAll(async () => {
    await down?.stop();
  });

  const NOTHING_RECORDED = /nothing was recorded.*try again/is;

  test('a typed command gets a clear "nothing was recorded, try again" answer, and Teams gets HTTP 200', async () => {
    const conversationId = teams.personalConversation(p.ic).id;
    const before = h.channel.sent.length;
    const res = await teams.say(p.ic, 'flag Adventure Works expectations');
    expect(res.status).toBe(200);
    const answers = h.channel.sent.slice(before).filter((s) => s.conversationId === conversationId).map(activityText);
    expect(answers).toEqual([expect.stringMatching(NOTHING_RECORDED)]);
  });

  test('a card click gets the same clear answer in the invoke response, and the clicked card stays as it was', async () => {
    const data = { partnerId: 'adventure-works', caseId: '', stage: -1, triggers: 'misaligned-expectations', ev1_kind: 'email', ev1_summary: 'Typed while storage was down.' };
    const res = await teams.execute(p.ic, teams.personalConversation(p.ic), { verb: 'flag', data });
    expect(res.httpStatus).toBe(200);
    expect(res.statusCode).toBe(200);
    // A message, not a card: Teams shows it and keeps the form the person filled in, so they can press again.
    expect(res.type).toBe('application/vnd.microsoft.activity.message');
    expect(answerText(res)).toMatch(NOTHING_RECORDED);
  });

  test('the bot does not crash: it still answers, and says what is wrong on /healthz', async () => {
    const again = await teams.say(p.ic, 'help');
    expect(again.status).toBe(200);
    const health = await fetch(`${down.url}/healthz`);
    expect(health.status).toBe(503);
    // The bot on working storage was not affected.
    expect((await h.teams.say(p.ic, 'triggers')).status).toBe(200);
  });
});

// Last in the file: it stops the harness' bot (the next bot on the same tables takes over).
describe('a restart between the transition and the delivery', () => {
  test('the ping is delivered by the next bot on the same tables, exactly once', async () => {
    // The manager talks to the bot first: what earlier tests held for him arrives now, not in the middle of this one.
    await h.teams.say(p.manager, 'hi');
    // The first attempt fails (a 500), so the ping is still pending when the bot stops.
    const before = writesTo(chatOf(p.manager)).length;
    h.channel.failNext({ status: 500, match: toManagersChat });
    expect(answerText(await flagInChat(h, p.ic, 'Tailspin Toys'))).toContain('Flag recorded');
    await h.deliver();
    const row = toManager('tailspin-toys');
    const pending = await row();
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
    // As if the process died between the commit and the index write: the row's index entry is lost too.
    const index = TableClient.fromConnectionString(testConnectionString(), h.stores.tableNames.outboxIndex, { allowInsecureConnection: true });
    let dropped = 0;
    for await (const entry of index.listEntities()) {
      if (String(entry.rowKey).includes(pending.outboxId)) {
        await index.deleteEntity(entry.partitionKey!, entry.rowKey!);
        dropped += 1;
      }
    }
    expect(dropped).toBe(1);

    await h.bot.stop();
    await expect(fetch(`${h.bot.url}/healthz`)).rejects.toThrow();
    h.clock.advance(60_000);

    // The next bot repairs the index at start-up and delivers what is pending.
    const next = await startBot({ config: h.bot.deps.config, stores: h.stores, clock: h.clock, log: silentLogger, random: () => 0.5, pollOutbox: false, runJobs: false });
    try {
      await next.dispatcher.runOnce();
      expect(await row()).toMatchObject({ status: 'delivered', attempts: 2 });
      expect(pingsAbout(p.manager, 'Tailspin Toys')).toHaveLength(1);
      await next.dispatcher.runOnce();
      h.clock.advance(3_600_000);
      await next.dispatcher.runOnce();
      expect(pingsAbout(p.manager, 'Tailspin Toys')).toHaveLength(1);
      expect(writesTo(chatOf(p.manager)).slice(before).map((w) => w.status)).toEqual([500, 201]);

      // And it serves people as before.
      const client = new TeamsClient({ botEndpoint: `${next.url}/api/messages`, serviceUrl: h.channel.serviceUrl, clock: () => h.clock.now() });
      const res = await client.execute(p.manager, client.personalConversation(p.manager), { verb: 'show-status', data: { partnerId: 'tailspin-toys' } });
      expect(answerText(res)).toContain('Tailspin Toys');
    } finally {
      await next.stop();
    }
  });
});
