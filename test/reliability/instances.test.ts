// Two bots on one storage (each with its own caches, dispatcher and jobs), people's clicks split across them as a
// load balancer would: every decision is taken once, and the week's digest is posted once per channel when both
// run it at the same moment. (test/jobs/instances.test.ts runs a week of timers on two instances.)
import { startBot } from '../../src/main';
import type { RunningBot } from '../../src/main';
import { silentLogger } from '../../src/log';
import type { Clicked } from '../e2e/edgeKit';
import { answerText, caseData, caseOf, eventsOf, flagInChat, personal, postAndRead, sayAndRead, setUpOrg, step, whereOf } from '../e2e/edgeKit';
import type { Harness } from '../e2e/harness';
import { startHarness } from '../e2e/harness';
import { TeamsClient } from '../support/teams';
import { createTableStorage } from '../../src/storage';
import { testConnectionString } from '../support/storage';

const TEAM = { teamId: '19:pair-team@thread.tacv2', channelId: '19:pair-syncs@thread.tacv2' };
let h: Harness;
let second: RunningBot;
let teamsB: TeamsClient;

beforeAll(async () => {
  h = await startHarness();
  second = await startBot({ config: h.bot.deps.config, stores: h.stores, clock: h.clock, log: silentLogger, random: () => 0.5, pollOutbox: false, runJobs: false });
  teamsB = new TeamsClient({ botEndpoint: `${second.url}/api/messages`, serviceUrl: h.channel.serviceUrl, clock: () => h.clock.now() });
  await setUpOrg(h, { partners: ['Contoso', 'Fabrikam'] });
}, 60_000);

afterAll(async () => {
  await h?.deliver();
  await second?.stop();
  await h?.stop();
});

test('clicks split across two bots: one transition, and each bot answers the others "moved on"', async () => {
  expect(answerText(await flagInChat(h, h.people.ic, 'Contoso'))).toContain('Flag recorded');
  await step(h, 'contoso');
  const state = await caseOf(h, 'contoso');
  const before = (await eventsOf(h, 'contoso')).length;
  const answers: Clicked[] = await Promise.all(
    Array.from({ length: 20 }, (_, i) => (i % 2 ? teamsB : h.teams).execute(h.people.manager, personal(h, h.people.manager), { verb: 'approve-reset', data: caseData(state) })),
  );
  const texts = answers.map(answerText);
  expect(texts.filter((t) => t.includes('Reset attempt approved'))).toHaveLength(1);
  expect(texts.filter((t) => /moved on/i.test(t))).toHaveLength(19);
  const events = await eventsOf(h, 'contoso');
  expect(events.filter((e) => e.type === 'reset-attempt-decided')).toHaveLength(1);
  expect(events.length - before).toBeGreaterThan(0);
  expect(whereOf(await caseOf(h, 'contoso'))).toBe('ic-reset/watching');
  // A partner added through one bot is known to the other at its next turn.
  const added = await teamsB.say(h.people.admin, 'partner add Northwind');
  expect(added.status).toBe(200);
  expect((await h.teams.execute(h.people.ic, personal(h, h.people.ic), { verb: 'show-partner', data: { partnerId: 'northwind' } })).httpStatus).toBe(200);
  expect(await h.stores.partners.get('northwind')).toMatchObject({ name: 'Northwind' });
});

test('both bots run the weekly digest at the same moment: each subscribed channel gets it once', async () => {
  const subscribed = await postAndRead(h, h.people.admin, 'digest here', TEAM);
  expect(subscribed.text).toMatch(/digest/i);
  const channelId = subscribed.conversationId.split(';')[0]!;
  const posts = () => h.channel.sent.filter((s) => s.conversationId.split(';')[0] === channelId && s.kind !== 'update').length;
  const before = posts();
  // A week on: the next digest moment (Monday 09:00) comes after the subscription.
  h.clock.advance(7 * 24 * 3600 * 1000);
  const now = h.clock.now();
  const [a, b] = await Promise.all([h.bot.jobs.digest.runWeekly(now), second.jobs.digest.runWeekly(now)]);
  expect(posts() - before).toBe(1);
  // And again: the week's digest is not posted twice.
  await Promise.all([h.bot.jobs.digest.runWeekly(now), second.jobs.digest.runWeekly(now)]);
  expect(posts() - before).toBe(1);
  expect([...a.posted, ...b.posted]).toHaveLength(1);
});

test('a name another instance moved to another partner: `status` answers with the partner it names now, not the one it named before', async () => {
  // A third bot with caches of its own (its own stores on the same tables), as a second App Service instance has.
  const prefix = h.stores.tableNames.meta.slice(0, -'meta'.length);
  const stores = await createTableStorage({ connectionString: testConnectionString(), tablePrefix: prefix });
  const third = await startBot({ config: h.bot.deps.config, stores, clock: h.clock, log: silentLogger, random: () => 0.5, pollOutbox: false, runJobs: false });
  const viaThird: Harness = { ...h, teams: new TeamsClient({ botEndpoint: `${third.url}/api/messages`, serviceUrl: h.channel.serviceUrl, clock: () => h.clock.now() }) };
  try {
    const admin = (text: string) => sayAndRead(h, h.people.admin, text);
    expect((await admin('partner rename Fabrikam Tailspin')).text).toContain('Tailspin');
    // The third bot now holds "Tailspin" as Fabrikam's name (no case), and reads ahead with it.
    expect((await sayAndRead(viaThird, h.people.ic, 'status Tailspin')).text).toContain('Tailspin has no case');

    await admin('partner rename Tailspin Fabrikam Old');
    await admin('partner rename Contoso Tailspin');
    const answer = await sayAndRead(viaThird, h.people.ic, 'status Tailspin');
    expect(answer.text).not.toContain('has no case');
    expect(answer.text).toContain(`Occurrences`);
    expect(answer.text).toContain('Tailspin');
  } finally {
    await third.stop();
  }
});
