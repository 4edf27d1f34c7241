// Cards the bot posts in channels (issue 12, "Cards and clicks"), over real HTTP: every card posted about a case is
// refreshed as the case moves, not only the first; the weekly digest subscribes the channel itself and starts a new
// post each week instead of replying in the thread where `digest here` was typed.
import { activityText, cardsOf, flagInChannel, logResetAttempt, postAndRead, setUpOrg } from './edgeKit';
import type { Harness } from './harness';
import { startHarness } from './harness';

jest.setTimeout(60_000);

const TEAM = { teamId: '19:team-general@thread.tacv2', channelId: '19:partners@thread.tacv2' };

describe('channel cards', () => {
  let h: Harness;
  let p: Harness['people'];

  beforeAll(async () => {
    h = await startHarness();
    p = h.people;
    await setUpOrg(h);
  });
  afterAll(() => h.stop());

  function current(conversationId: string, activityId: string): string {
    const activity = h.channel.currentActivity(conversationId, activityId);
    if (!activity) throw new Error(`no activity ${activityId} in ${conversationId}`);
    return activityText({ activity });
  }

  it('a second flag posted in another thread of the channel: both cards follow the case', async () => {
    const first = await flagInChannel(h, p.ic, 'Contoso Cloud', TEAM);
    h.clock.advance(3_600_000);
    // Someone else flags the same partner in another thread (the same occurrence: it joins the strike).
    const second = await flagInChannel(h, p.manager, 'Contoso Cloud', TEAM, { ev1_summary: 'They asked again for the 2-day turnaround.' });
    expect(second.conversationId).not.toBe(first.conversationId);
    await h.bot.settled();
    await h.deliver();
    for (const card of [first, second]) expect(current(card.conversationId, card.cardId)).toMatch(/A reset attempt to log/);

    h.clock.advance(3_600_000);
    await logResetAttempt(h, p.ic);
    await h.bot.settled();
    await h.deliver();
    // Both cards now say the case waits on the manager's approval, each updated in place (no new message).
    for (const card of [first, second]) {
      expect(current(card.conversationId, card.cardId)).toMatch(/The manager to approve the reset attempt/);
      expect(h.channel.messagesTo(card.conversationId).filter((s) => s.kind !== 'update')).toHaveLength(1);
    }
  });

  it('`digest here` typed in a thread subscribes the channel; each week the digest is a new post, not a reply in that thread', async () => {
    const subscribed = await postAndRead(h, p.admin, 'digest here', TEAM);
    expect(subscribed.text).toContain('This channel now gets the weekly partner-health digest');
    expect(subscribed.conversationId).toContain(';messageid=');
    expect((await h.stores.subscriptions.list()).map((s) => s.conversationId)).toEqual([TEAM.channelId]);
    // The same command in another thread of the channel: already subscribed, not a second subscription.
    const again = await postAndRead(h, p.admin, 'digest here', TEAM);
    expect(again.text).toContain('already gets the weekly digest');

    const posts = () => h.channel.requests.filter((r) => r.operation === 'createConversation' && JSON.stringify(r.body).includes(TEAM.channelId));
    const repliesInThread = () => h.channel.messagesTo(subscribed.conversationId).length;
    const inThreadBefore = repliesInThread();
    for (const monday of ['2026-11-09T09:00:00.000Z', '2026-11-16T09:00:00.000Z']) {
      h.clock.set(new Date(monday));
      await h.bot.jobs.run('digest', h.clock.now());
    }
    // Two weeks, two new posts in the channel, each a card; nothing added under the old thread.
    expect(posts()).toHaveLength(2);
    for (const post of posts()) {
      expect(post.body).toMatchObject({ isGroup: true, channelData: { channel: { id: TEAM.channelId } } });
      expect(cardsOf({ activity: (post.body as { activity: never }).activity } as never)).toHaveLength(1);
    }
    expect(repliesInThread()).toBe(inThreadBefore);
  });
});
