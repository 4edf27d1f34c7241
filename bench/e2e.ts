// The per-click path end to end: the product over HTTP on loopback against the floor measured in the same run
// on the same Azurite (a bare teams-ai echo bot on the same stack; one flag-shaped storage operation), with the
// storage requests of each operation counted by a proxy, split into "before the answer" and "delivery".
// Ratios and counts are the figures; milliseconds are reported for reference only.
import { TableClient } from '@azure/data-tables';
import { loadConfig } from '../src/config';
import { silentLogger } from '../src/log';
import { startBot } from '../src/main';
import type { RunningBot } from '../src/main';
import { createTableStorage } from '../src/storage';
import { azuriteConnectionString } from '../src/storage/azurite';
import type { FakeChannel } from '../test/support/channel';
import { startChannel } from '../test/support/channel';
import type { TeamsUser } from '../test/support/teams';
import { TeamsClient } from '../test/support/teams';
import { echoFloor, storageFloor } from './floor';
import type { Org } from './org';
import { partnerId, partnerName, seedOrg, seedPartners } from './org';
import type { CountingProxy } from './roundTrips';
import { latencies, round } from './stats';
import type { Latency } from './stats';

export interface OperationFigures extends Latency {
  /** Storage requests per operation, before the HTTP answer and after it (index entries, deliveries). */
  beforeAnswer: number;
  delivery: number;
}

export interface SizeFigures {
  people: number;
  partners: number;
  seedSeconds: number;
  operations: Record<string, OperationFigures>;
  /** Flags per second on distinct partners with 16 at once. */
  flagsPerSecondC16: number;
}

const EVIDENCE = 'Weekly sync: the partner said the go-live we agreed is "a rough target" and asked us to own the data migration. '.repeat(5).slice(0, 500);

interface Product {
  bot: RunningBot;
  channel: FakeChannel;
  teams: TeamsClient;
  org: Org;
}

async function startProduct(proxy: CountingProxy, prefix: string, people: number, partners: number): Promise<Product & { seedSeconds: number }> {
  const connectionString = azuriteConnectionString(proxy.port);
  const stores = await createTableStorage({ connectionString, tablePrefix: prefix });
  const started = performance.now();
  const client = (name: string) => TableClient.fromConnectionString(connectionString, name, { allowInsecureConnection: true });
  const org = await seedOrg(client(stores.tableNames.directory), people);
  await seedPartners(client(stores.tableNames.partners), partners);
  const seedSeconds = round((performance.now() - started) / 1000);
  const channel = await startChannel({ roster: [] });
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ADMIN_AAD_OBJECT_IDS: org.admin.aadObjectId, TABLE_PREFIX: prefix });
  const bot = await startBot({ config, stores, log: silentLogger, pollOutbox: false, runJobs: false });
  const teams = new TeamsClient({ botEndpoint: `${bot.url}/api/messages`, serviceUrl: channel.serviceUrl });
  return { bot, channel, teams, org, seedSeconds };
}

/** One operation, `runs` times in a row after `warm` unmeasured ones; each waits for the previous one's delivery. */
async function measure(proxy: CountingProxy, p: Product, runs: number, warm: number, op: (i: number) => Promise<void>): Promise<OperationFigures> {
  const times: number[] = [];
  let before = 0;
  let delivery = 0;
  for (let i = 0; i < warm + runs; i += 1) {
    await p.bot.settled();
    proxy.reset();
    const t0 = performance.now();
    await op(i);
    const elapsed = performance.now() - t0;
    const answered = proxy.count();
    await p.bot.settled();
    if (i < warm) continue;
    times.push(elapsed);
    before += answered;
    delivery += proxy.count() - answered;
  }
  return { ...latencies(times), beforeAnswer: round(before / runs), delivery: round(delivery / runs) };
}

function flagData(partner: number): Record<string, unknown> {
  return { partnerId: partnerId(partner), caseId: '', stage: -1, triggers: 'misaligned-expectations', ev1_kind: 'meeting-notes', ev1_summary: EVIDENCE };
}

function stageOf(answer: unknown): number {
  const m = /"stage":(\d+)/.exec(JSON.stringify(answer));
  if (!m) throw new Error(`no stage on the answer: ${JSON.stringify(answer).slice(0, 300)}`);
  return Number(m[1]);
}

async function expectOk(res: Promise<{ status: number }>): Promise<void> {
  const r = await res;
  if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
}

export async function measureSize(proxy: CountingProxy, people: number, partners: number, runs: number): Promise<SizeFigures> {
  const p = await startProduct(proxy, `e2e${people}x${partners}`.replace(/[^a-z0-9]/gi, ''), people, partners);
  try {
    const { teams, org } = p;
    const reporter = (i: number): TeamsUser => org.reporters[i % org.reporters.length]!;
    // The last partner is kept for the card action's case.
    const at = (i: number) => i % (partners - 1);
    // Everyone the bench acts as says hello once (as in Teams: the bot can reach them from then on).
    for (const u of [...org.reporters, ...org.managerOf.values()]) await expectOk(teams.say(u, 'hi'));

    const operations: Record<string, OperationFigures> = {};
    operations.flagCommand = await measure(proxy, p, runs, 5, (i) => expectOk(teams.say(reporter(i), `flag ${partnerName(at(i))} expectations`)));
    operations.flagSubmit = await measure(proxy, p, runs, 5, async (i) => {
      const res = await teams.execute(reporter(i), teams.personalConversation(reporter(i)), { verb: 'flag', data: flagData(at(i)) });
      if (res.type !== 'application/vnd.microsoft.card.adaptive') throw new Error(`flag: ${JSON.stringify(res.value).slice(0, 200)}`);
    });

    // A card action: the reporter logs a reset attempt, the manager sends it back, again and again (one case).
    const actionPartner = partners - 1;
    const ic = reporter(0);
    const manager = org.managerOf.get(ic.aadObjectId)!;
    const opened = await teams.execute(ic, teams.personalConversation(ic), { verb: 'flag', data: flagData(actionPartner) });
    let stage = stageOf(opened.value);
    operations.cardAction = await measure(proxy, p, runs, 5, async (i) => {
      const base = { partnerId: partnerId(actionPartner), caseId: `${partnerId(actionPartner)}-0001`, stage };
      const res =
        i % 2 === 0
          ? await teams.execute(ic, teams.personalConversation(ic), { verb: 'log-reset-attempt', data: { ...base, agreed: 'Weekly sync, shared backlog', agreedOn: '2026-11-30' } })
          : await teams.execute(manager, teams.personalConversation(manager), { verb: 'send-back-reset', data: { ...base, comment: 'Add the dates' } });
      stage = stageOf(res.value);
    });
    operations.status = await measure(proxy, p, runs, 5, (i) => expectOk(teams.say(reporter(i), `status ${partnerName(at(i))}`)));

    // 16 reporters flag 16 different partners at once, several rounds: flags per second.
    await p.bot.settled();
    const rounds = 6;
    const t0 = performance.now();
    for (let r = 0; r < rounds; r += 1) {
      await Promise.all(
        Array.from({ length: 16 }, (_, k) => {
          const who = reporter(k);
          return teams.execute(who, teams.personalConversation(who), { verb: 'flag', data: flagData((1000 + r * 16 + k) % partners) });
        }),
      );
    }
    const flagsPerSecondC16 = round((rounds * 16) / ((performance.now() - t0) / 1000));
    await p.bot.settled();
    return { people: org.people, partners, seedSeconds: p.seedSeconds, operations, flagsPerSecondC16 };
  } finally {
    await p.bot.stop();
    await p.channel.stop();
  }
}

/** `partners` with this many partners, a third of them with a case. */
export async function measurePartnersList(proxy: CountingProxy, partners: number, runs: number): Promise<OperationFigures> {
  const p = await startProduct(proxy, `e2elist${partners}`, 50, partners);
  try {
    const who = p.org.reporters[0]!;
    await expectOk(p.teams.say(who, 'hi'));
    for (let i = 0; i < partners; i += 3) await p.teams.execute(who, p.teams.personalConversation(who), { verb: 'flag', data: flagData(i) });
    return await measure(proxy, p, runs, 3, () => expectOk(p.teams.say(who, 'partners')));
  } finally {
    await p.bot.stop();
    await p.channel.stop();
  }
}

export { echoFloor, storageFloor };
