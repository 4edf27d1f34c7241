// Teams' send limits over real HTTP, with a stand-in that enforces them (7 a second and 60 in 30 s per
// conversation, 50 a second per tenant; 429 beyond): a burst of pings to one person goes out as fast as the limits
// allow and never provokes a 429; pings held back when the bot stops are handed to the next instance at once.
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { startBot } from '../../src/main';
import { inConversation, isNewMessage } from '../support/channel';
import { activityText, answerText, outboxOf, setUpOrg } from './edgeKit';
import type { Harness } from './harness';
import { startHarness } from './harness';

const PARTNERS = Array.from({ length: 10 }, (_, i) => `Limit Partner ${String.fromCharCode(65 + i)}`);
const idOf = (name: string) => name.toLowerCase().replace(/ /g, '-');

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
  await setUpOrg(h, { partners: PARTNERS });
  // Set-up answers a dozen admin commands in the same instant of the test's clock: limits apply from here.
  h.clock.advance(60_000);
  h.channel.enforceLimits(true);
}, 60_000);

afterEach(async () => {
  await h?.stop();
});

function managerChat(): string {
  return h.teams.personalConversation(h.people.manager).id;
}

/** Pings the manager received about the ten partners, and how many sends Teams refused with 429. */
function received(): { pings: number; throttled: number } {
  const toManager = h.channel.requests.filter((r) => isNewMessage(r) && inConversation(managerChat())(r));
  const pings = h.channel.messagesTo(managerChat()).filter((m) => PARTNERS.some((name) => activityText(m).includes(name))).length;
  return { pings, throttled: toManager.filter((r) => r.status === 429).length };
}

/** The reporter submits ten flag forms (one per partner) in the same second. */
async function tenFlagsAtOnce(): Promise<void> {
  const ic = h.people.ic;
  for (const name of PARTNERS) {
    const data = { partnerId: idOf(name), caseId: '', stage: -1, triggers: 'misaligned-expectations', ev1_kind: 'email', ev1_summary: 'They expected a 2-day turnaround we never promised.' };
    const answer = await h.teams.execute(ic, h.teams.personalConversation(ic), { verb: 'flag', data });
    expect(answerText(answer)).toContain('Flag recorded');
  }
  await h.bot.settled();
}

test('ten flags in one second: seven pings reach the manager at once, the other three a second later, none refused by Teams', async () => {
  await tenFlagsAtOnce();
  expect(received()).toEqual({ pings: 7, throttled: 0 });

  h.clock.advance(999);
  await h.deliver();
  expect(received()).toEqual({ pings: 7, throttled: 0 });

  h.clock.advance(1);
  await h.deliver();
  expect(received()).toEqual({ pings: 10, throttled: 0 });
  await h.deliver();
  expect(received()).toEqual({ pings: 10, throttled: 0 });
});

test('a bot that stops with pings held back hands them over: another instance sends them when the limits allow, not a minute later', async () => {
  await tenFlagsAtOnce();
  expect(received().pings).toBe(7);
  await h.bot.stop();

  const held = (await Promise.all(PARTNERS.map((name) => outboxOf(h, idOf(name))))).flat().filter((i) => i.status === 'pending');
  expect(held).toHaveLength(3);
  for (const item of held) expect(Date.parse(item.notBefore) - h.clock.now().getTime()).toBeLessThanOrEqual(1_000);

  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ADMIN_AAD_OBJECT_IDS: h.people.admin.aadObjectId });
  const next = await startBot({ config, stores: h.stores, clock: h.clock, log: silentLogger, random: () => 0.5, pollOutbox: false, runJobs: false });
  try {
    h.clock.advance(1_000);
    await next.dispatcher.runOnce();
    expect(received()).toEqual({ pings: 10, throttled: 0 });
  } finally {
    await next.stop();
  }
});
