// A click costs the same in a small team and a large company: the storage requests of each operation, over real
// HTTP, counted by a proxy in front of Azurite — before the answer (what the person waits for) and after it
// (index entries, pings). Counts, not timings: they change only when the code does. (npm run bench measures time.)
import { TableClient } from '@azure/data-tables';
import { countingProxy } from '../../bench/roundTrips';
import type { CountingProxy } from '../../bench/roundTrips';
import type { Org } from '../../bench/org';
import { partnerId, partnerName, seedOrg, seedPartners } from '../../bench/org';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import type { RunningBot } from '../../src/main';
import { startBot } from '../../src/main';
import { ManualClock } from '../../src/service/clock';
import { createTableStorage } from '../../src/storage';
import { azuriteConnectionString } from '../../src/storage/azurite';
import type { FakeChannel } from '../support/channel';
import { startChannel } from '../support/channel';
import { testConnectionString, uniqueTablePrefix } from '../support/storage';
import { TeamsClient } from '../support/teams';

jest.setTimeout(120_000);

interface World {
  bot: RunningBot;
  channel: FakeChannel;
  teams: TeamsClient;
  org: Org;
}

let proxy: CountingProxy;

beforeAll(async () => {
  proxy = await countingProxy(Number(/TableEndpoint=http:\/\/127\.0\.0\.1:(\d+)\//.exec(testConnectionString())![1]));
});
afterAll(() => proxy.close());

async function world(people: number, partners: number): Promise<World> {
  const connectionString = azuriteConnectionString(proxy.port);
  const stores = await createTableStorage({ connectionString, tablePrefix: uniqueTablePrefix('rt') });
  const table = (name: string) => TableClient.fromConnectionString(connectionString, name, { allowInsecureConnection: true });
  const org = await seedOrg(table(stores.tableNames.directory), people);
  await seedPartners(table(stores.tableNames.partners), partners);
  const clock = new ManualClock(new Date('2026-11-02T09:00:00.000Z'));
  const channel = await startChannel({ clock: () => clock.now() });
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ADMIN_AAD_OBJECT_IDS: org.admin.aadObjectId });
  const bot = await startBot({ config, stores, clock, log: silentLogger, pollOutbox: false, runJobs: false });
  const teams = new TeamsClient({ botEndpoint: `${bot.url}/api/messages`, serviceUrl: channel.serviceUrl, clock: () => clock.now() });
  return { bot, channel, teams, org };
}

interface Counts {
  beforeAnswer: number;
  after: number;
  /** The most requests under way at once before the answer. */
  atOnce: number;
}

/** Requests before the answer and after it, for one operation (the bot settled before and after). */
async function count(w: World, op: () => Promise<unknown>): Promise<Counts> {
  await w.bot.settled();
  proxy.reset();
  await op();
  const beforeAnswer = proxy.count();
  const atOnce = proxy.maxInFlight();
  await w.bot.settled();
  return { beforeAnswer, after: proxy.count() - beforeAnswer, atOnce };
}

/** Each operation twice (the second one warm, as every click after a person's first), returning the warm counts. */
async function operations(w: World): Promise<Record<string, Counts>> {
  const [ic, other] = w.org.reporters;
  const manager = w.org.managerOf.get(ic!.aadObjectId)!;
  for (const u of [ic!, other!, manager]) await w.teams.say(u, 'hi');
  const flag = (who: typeof ic, p: number) =>
    w.teams.execute(who!, w.teams.personalConversation(who!), {
      verb: 'flag',
      data: { partnerId: partnerId(p), caseId: '', stage: -1, triggers: 'misaligned-expectations', ev1_kind: 'email', ev1_summary: 'They asked us to own the migration.' },
    });
  const out: Record<string, Counts> = {};
  await count(w, () => w.teams.say(ic!, `flag ${partnerName(0)} expectations`));
  out.flagCommand = await count(w, () => w.teams.say(ic!, `flag ${partnerName(1)} expectations`));
  await count(w, () => flag(ic, 0));
  out.flagSubmit = await count(w, () => flag(ic, 1));
  await count(w, () => w.teams.say(ic!, `status ${partnerName(0)}`));
  out.status = await count(w, () => w.teams.say(ic!, `status ${partnerName(1)}`));
  // The reporter logs a reset attempt on the case it opened: the manager is pinged.
  const stage = (await w.bot.stores.cases.latest(partnerId(1)))!.state.stage;
  out.cardAction = await count(w, () =>
    w.teams.execute(ic!, w.teams.personalConversation(ic!), { verb: 'log-reset-attempt', data: { partnerId: partnerId(1), caseId: `${partnerId(1)}-0001`, stage, agreed: 'Weekly sync', agreedOn: '2026-11-02' } }),
  );
  return out;
}

describe('storage requests per operation', () => {
  let small: Record<string, Counts>;
  let large: Record<string, Counts>;

  beforeAll(async () => {
    for (const [people, partners, into] of [
      [30, 5, (r: typeof small) => (small = r)],
      [1_500, 400, (r: typeof small) => (large = r)],
    ] as const) {
      const w = await world(people, partners);
      try {
        into(await operations(w));
      } finally {
        await w.bot.stop();
        await w.channel.stop();
      }
    }
  });

  it('stay within the targets before the answer: flag command and status 2, flag submit and a card action 3', () => {
    expect(small).toEqual({
      flagCommand: { beforeAnswer: 2, after: 0, atOnce: 2 },
      flagSubmit: { beforeAnswer: 3, after: expect.any(Number), atOnce: 2 },
      status: { beforeAnswer: 2, after: 0, atOnce: 2 },
      cardAction: { beforeAnswer: 3, after: expect.any(Number), atOnce: 2 },
    });
  });

  it('a click reads its case while the turn checks for changes made on other instances, not after', () => {
    // Three requests, but the person waits for two round trips: both reads at once, then the commit.
    expect([small.flagSubmit!.atOnce, small.cardAction!.atOnce]).toEqual([2, 2]);
  });

  it('`status Contoso` and `flag Contoso` read the case while the turn checks for changes: one round trip, not two', () => {
    // The name is looked up in the partner names this instance holds; the handler checks it again afterwards.
    expect([small.status!.atOnce, small.flagCommand!.atOnce, large.status!.atOnce, large.flagCommand!.atOnce]).toEqual([2, 2, 2, 2]);
  });

  it('deliver a ping in at most 3 requests of its own (plus the commit’s index entries)', () => {
    // Flag submit: one ping (the manager); the index batch and the timer entry come with the commit.
    expect(small.flagSubmit!.after).toBeLessThanOrEqual(2 + 3);
    // Log reset attempt: two pings (the manager's turn, the reporter told) and the timer entry moved (2).
    expect(small.cardAction!.after).toBeLessThanOrEqual(1 + 2 + 2 * 3);
  });

  it('are the same with 1,500 people and 400 partners as with 30 people and 5 partners', () => {
    expect(large).toEqual(small);
  });
});
