// The ways in from outside the scheduler: `POST /jobs/:name` (runJob), the digest commands in Teams
// (the digest commands), and the sender that posts through the bot's messenger. Also a digest send that fails.
import type { TurnContext } from 'botbuilder';
import { bearerMatches, messengerSender } from '../../src/jobs';
import { chatRoutes } from '../../src/teams/app';
import type { BotDeps } from '../../src/teams/deps';
import type { Instance } from './support';
import { ManualClock, RecordingSender, act, addPartner, cmd, newPrefix, seedOrg, startInstance, testConfig } from './support';

describe('runJob: POST /jobs/:name', () => {
  const clock = new ManualClock(new Date('2025-10-20T08:00:00.000Z'));
  const sender = new RecordingSender(clock);
  let inst: Instance;

  beforeAll(async () => {
    inst = await startInstance('http', newPrefix('jobhttp'), clock, sender);
    await seedOrg(inst.stores);
    await addPartner(inst.stores, 'contoso');
    await act(inst.service, 'contoso', 'ivy', cmd.flag());
    await inst.jobs.digest.subscribe('19:ops@thread.tacv2', 'ada');
  });

  it('compares the bearer token in constant time, and only a bearer token', () => {
    expect(bearerMatches('Bearer test-jobs-secret', 'test-jobs-secret')).toBe(true);
    expect(bearerMatches('bearer   test-jobs-secret ', 'test-jobs-secret')).toBe(true);
    expect(bearerMatches('Bearer test-jobs-secreT', 'test-jobs-secret')).toBe(false);
    expect(bearerMatches('Basic test-jobs-secret', 'test-jobs-secret')).toBe(false);
    expect(bearerMatches('Bearer x', '')).toBe(false);
    expect(bearerMatches(undefined, 'test-jobs-secret')).toBe(false);
  });

  it('answers 401 without the secret, for known and unknown jobs alike', async () => {
    expect((await inst.jobs.runJob('timers', undefined)).status).toBe(401);
    expect((await inst.jobs.runJob('timers', 'Bearer wrong')).status).toBe(401);
    expect((await inst.jobs.runJob('nope', 'Bearer wrong')).status).toBe(401);
  });

  it('answers 404 for an unknown job', async () => {
    expect(await inst.jobs.runJob('nope', 'Bearer test-jobs-secret')).toMatchObject({ status: 404 });
  });

  it('runs the timers and the digest, idempotently', async () => {
    clock.set('2025-10-27T09:00:00.000Z');
    const timers = await inst.jobs.runJob('timers', 'Bearer test-jobs-secret');
    expect(timers).toMatchObject({ status: 200, body: { job: 'timers', report: { due: 1, ticked: 1, events: 1 } } });
    expect((await inst.jobs.runJob('timers', 'Bearer test-jobs-secret')).body).toMatchObject({ report: { due: 0 } });

    const digest = await inst.jobs.runJob('digest', 'Bearer test-jobs-secret');
    expect(digest).toMatchObject({ status: 200, body: { job: 'digest', report: { done: true, weekId: '2025-W44', posted: ['19:ops@thread.tacv2'] } } });
    const again = await inst.jobs.runJob('digest', 'Bearer test-jobs-secret');
    expect(again.body).toMatchObject({ report: { posted: [], already: ['19:ops@thread.tacv2'] } });
    expect(sender.posts.length).toBe(1);
  });

  it('is not there without JOBS_SECRET', async () => {
    const off = await startInstance('nosecret', newPrefix('jobhttp'), clock, sender, testConfig({ JOBS_SECRET: '' }));
    expect(await off.jobs.runJob('timers', 'Bearer ')).toMatchObject({ status: 404 });
  });
});

describe('a digest send that fails', () => {
  it('retries a transient failure with backoff and gives up on a permanent one', async () => {
    const clock = new ManualClock(new Date('2025-10-20T08:00:00.000Z'));
    const sender = new RecordingSender(clock);
    const inst = await startInstance('fail', newPrefix('jobfail'), clock, sender);
    await inst.jobs.digest.subscribe('19:busy@thread.tacv2', 'ada');
    await inst.jobs.digest.subscribe('19:gone@thread.tacv2', 'ada');
    sender.fail.set('19:busy@thread.tacv2', { ok: false, permanent: false, status: 429, message: 'Too Many Requests', retryAfterMs: 90_000 });
    sender.fail.set('19:gone@thread.tacv2', { ok: false, permanent: true, status: 403, message: 'BotNotInConversationRoster' });

    clock.set('2025-10-27T08:00:00.000Z');
    const first = await inst.jobs.digest.runWeekly();
    expect(first).toMatchObject({ done: false, waiting: ['19:busy@thread.tacv2'], failed: ['19:gone@thread.tacv2'] });
    clock.set('2025-10-27T08:01:00.000Z'); // Retry-After says 90 s
    expect(await inst.jobs.digest.runWeekly()).toMatchObject({ done: false, waiting: ['19:busy@thread.tacv2'], posted: [] });
    sender.fail.delete('19:busy@thread.tacv2');
    clock.set('2025-10-27T08:02:00.000Z');
    expect(await inst.jobs.digest.runWeekly()).toMatchObject({ done: true, posted: ['19:busy@thread.tacv2'], already: ['19:gone@thread.tacv2'] });
    const claims = await inst.stores.digestRuns.forWeek('2025-W44');
    expect(claims.map((c) => [c.conversationId, c.status, c.attempts]).sort()).toEqual([
      ['19:busy@thread.tacv2', 'sent', 2],
      ['19:gone@thread.tacv2', 'failed', 1],
    ]);
  });
});

describe('messengerSender', () => {
  it('posts the card as an attachment, as a new post in the channel, and maps the messenger result', async () => {
    const sent: unknown[] = [];
    const ok = messengerSender({
      postInChannel: async (conversationId, activity) => {
        sent.push({ conversationId, activity });
        return { ok: true, conversationId, activityId: 'a1' };
      },
    });
    expect(await ok.post('19:x@thread.tacv2', { type: 'AdaptiveCard', version: '1.5' })).toEqual({ ok: true, activityId: 'a1' });
    expect(JSON.stringify(sent)).toContain('application/vnd.microsoft.card.adaptive');
    const blocked = messengerSender({ postInChannel: async () => ({ ok: false, status: 403, permanent: true, message: 'blocked' }) });
    expect(await blocked.post('19:x@thread.tacv2', { type: 'AdaptiveCard', version: '1.5' })).toEqual({ ok: false, permanent: true, status: 403, message: 'blocked' });
  });
});

describe('digest commands', () => {
  const clock = new ManualClock(new Date('2025-10-22T10:00:00.000Z'));
  const calls: string[] = [];
  const subscribed = new Set<string>();
  const routes = chatRoutes({
    setScope: async () => undefined,
    subscribe: async (id, by) => {
      calls.push(`subscribe ${id} by ${by}`);
      if (subscribed.has(id)) return false;
      subscribed.add(id);
      return true;
    },
    unsubscribe: async (id) => subscribed.delete(id),
    preview: async () => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'preview' }] }),
    nextMoment: () => new Date('2025-10-27T08:00:00.000Z'),
    timeZone: 'Europe/Berlin',
  }).filter((r) => r.name.startsWith('digest'));
  const replies: string[] = [];
  const deps = {
    clock,
    service: { isAdmin: async (id: string) => id === 'ada' },
    reply: {
      text: async (_c: unknown, text: string) => void replies.push(text),
      card: async (_c: unknown, card: { body: { text: string }[] }) => void replies.push(`card: ${card.body[0]!.text}`),
    },
  } as unknown as BotDeps;

  function say(text: string, from: string, conversationType: 'channel' | 'personal' = 'channel'): Promise<void> {
    const route = routes.find((r) => r.pattern.test(text));
    if (!route) throw new Error(`no route for ${text}`);
    const context = {
      activity: {
        type: 'message',
        text,
        from: { id: `29:${from}`, aadObjectId: from, name: from },
        conversation: { id: conversationType === 'channel' ? '19:general@thread.tacv2' : `a:${from}`, conversationType, tenantId: 't1' },
        recipient: { id: '28:bot' },
      },
    } as unknown as TurnContext;
    return route.handle(context, deps);
  }

  beforeEach(() => {
    replies.length = 0;
  });

  it('subscribes the channel for an admin, once', async () => {
    await say('digest here', 'ada');
    await say('/Digest  HERE', 'ada');
    expect(calls).toEqual(['subscribe 19:general@thread.tacv2 by ada', 'subscribe 19:general@thread.tacv2 by ada']);
    expect(replies[0]).toMatch(/^This channel now gets the weekly partner-health digest\. The next one comes Mon 27 Oct 2025, 09:00/);
    expect(replies[1]).toMatch(/already gets the weekly digest/);
  });

  it('refuses non-admins, and 1:1 chats', async () => {
    await say('digest here', 'ivy');
    await say('digest off', 'ivy');
    await say('digest here', 'ada', 'personal');
    expect(replies).toEqual([
      expect.stringMatching(/^Only admins can subscribe/),
      expect.stringMatching(/^Only admins can stop/),
      expect.stringMatching(/^The weekly digest goes to team channels/),
    ]);
  });

  it('unsubscribes the channel', async () => {
    await say('digest off', 'ada');
    await say('digest off', 'ada');
    expect(replies).toEqual([expect.stringMatching(/no longer gets the weekly digest/), expect.stringMatching(/does not get the weekly digest/)]);
  });

  it('shows anyone a preview here', async () => {
    await say('digest now', 'ivy');
    expect(replies).toEqual(['card: preview']);
  });
});
