// The per-click path end to end: the product over HTTP on loopback against the floor measured in the same run
// on the same Azurite (a bare teams-ai echo bot on the same stack; one flag-shaped storage operation), with the
// storage requests of each operation counted by a proxy, split into "before the answer" and "delivery". Each
// product sample is followed by the floor samples it is divided by, so both see the machine in the same state.
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
import type { Floor, Sampler } from './floor';
import type { Org } from './org';
import { partnerId, partnerName, seedOrg, seedPartners } from './org';
import type { CountingProxy } from './roundTrips';
import { latencies, round } from './stats';
import type { Latency } from './stats';

export interface OperationFigures extends Latency {
  /** Storage requests per operation before the HTTP answer. */
  beforeAnswer: number;
  /** After it: delivering the pings (taking each, recording the send, dropping its index entry). */
  delivery: number;
  /** After it too, before any delivery: the commit's index entries (pending pings, due timers, what waits on whom). */
  indexRows: number;
  /** Pings delivered per operation (outbox rows marked sent). */
  pings: number;
  /** The floor samples taken between this operation's samples, and their sum (p50 + p50, p99 + p99). */
  floor?: { parts: Record<string, Latency>; p50Ms: number; p99Ms: number };
}

/** What an operation is divided by: some of the floor's samplers, by name (their p50s and p99s add up). */
export type FloorParts = Record<string, Sampler>;

export interface SizeFigures {
  people: number;
  partners: number;
  seedSeconds: number;
  operations: Record<string, OperationFigures>;
  /** Flags per second on distinct partners with 16 at once. */
  flagsPerSecondC16: number;
  /** Flag-shaped storage operations per second with 16 at once, in rounds alternating with the flags'. */
  storageOpsPerSecondC16: number;
  /**
   * Bare echo Action.Execute turns per second with 16 at once, in the same rounds as the storage operations: a flag
   * is such a turn plus its storage requests, so flags/s cannot exceed either.
   */
  echoInvokesPerSecondC16: number;
  /** The floor's storage operation (SDK transaction) against the same with the bot's own transaction code, p50s. */
  transactionClient: { sdkP50Ms: number; ownP50Ms: number };
}

/**
 * The operations are the same at every size: 16 reporters with 16 managers, flags on partners 0-8, the card action on partner 9, and
 * the throughput run on 96 partners of its own (seeded after the size's partners, so every size has them).
 */
const REPORTERS = 16;
const WORK_PARTNERS = 9;
const THROUGHPUT_PARTNERS = 96;

const EVIDENCE = 'Weekly sync: the partner said the go-live we agreed is "a rough target" and asked us to own the data migration. '.repeat(5).slice(0, 500);

interface Product {
  /** Table names, to tell the requests apart. */
  tables: { timers: string; cases: string; work: string; outboxIndex: string };
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
  await seedPartners(client(stores.tableNames.partners), partners + THROUGHPUT_PARTNERS);
  const seedSeconds = round((performance.now() - started) / 1000);
  const channel = await startChannel({ roster: [] });
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ADMIN_AAD_OBJECT_IDS: org.admin.aadObjectId, TABLE_PREFIX: prefix });
  const bot = await startBot({ config, stores, log: silentLogger, pollOutbox: false, runJobs: false });
  const teams = new TeamsClient({ botEndpoint: `${bot.url}/api/messages`, serviceUrl: channel.serviceUrl });
  return { tables: stores.tableNames, bot, channel, teams, org, seedSeconds };
}

/**
 * One operation, `runs` times in a row after `warm` unmeasured ones; each waits for the previous one's delivery,
 * and each measured one is followed by one sample of every floor part.
 */
async function measure(proxy: CountingProxy, p: Product, runs: number, warm: number, op: (i: number) => Promise<unknown>, floorParts: FloorParts = {}): Promise<OperationFigures> {
  const times: number[] = [];
  const floorTimes: Record<string, number[]> = Object.fromEntries(Object.keys(floorParts).map((k) => [k, []]));
  let before = 0;
  let delivery = 0;
  let indexRows = 0;
  let pings = 0;
  for (let i = 0; i < warm + runs; i += 1) {
    await p.bot.settled();
    proxy.reset();
    const t0 = performance.now();
    await op(i);
    const elapsed = performance.now() - t0;
    const answered = proxy.count();
    await p.bot.settled();
    // Pings Teams' limits hold back (a card action repeated on one case) are counted when they go out.
    while (p.bot.dispatcher.held > 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await p.bot.dispatcher.runOnce(100, true);
      await p.bot.settled();
    }
    if (i < warm) continue;
    times.push(elapsed);
    before += answered;
    const after = proxy.requests().slice(answered);
    // The dispatcher waits for the commit's index entries before it takes a ping (its first write to an outbox
    // row), so what goes to the index tables before that write is the commit's; everything else is delivery.
    const firstDelivery = after.findIndex((r) => r.includes(`/${p.tables.cases}(`) && r.includes("RowKey='o|"));
    const indexes = [p.tables.timers, p.tables.work, p.tables.outboxIndex];
    const indexed = after.filter((r, i) => (firstDelivery < 0 || i < firstDelivery) && indexes.some((t) => r.includes(`/${t}(`) || r.endsWith(` ${t}`) || r.endsWith(`/${t}`))).length;
    indexRows += indexed;
    delivery += after.length - indexed;
    pings += after.filter((r) => /^(PUT|MERGE|PATCH) /.test(r) && r.includes(`/${p.tables.cases}(`) && r.includes("RowKey='o|")).length;
    for (const [name, sample] of Object.entries(floorParts)) floorTimes[name]!.push(await sample());
  }
  const figures: OperationFigures = { ...latencies(times), beforeAnswer: round(before / runs), delivery: round(delivery / runs), indexRows: round(indexRows / runs), pings: round(pings / runs) };
  if (Object.keys(floorParts).length === 0) return figures;
  const parts = Object.fromEntries(Object.entries(floorTimes).map(([k, t]) => [k, latencies(t)]));
  const sum = (pick: (l: Latency) => number) => round(Object.values(parts).reduce((s, l) => s + pick(l), 0));
  return { ...figures, floor: { parts, p50Ms: sum((l) => l.p50Ms), p99Ms: sum((l) => l.p99Ms) } };
}

function flagData(partner: number): Record<string, unknown> {
  return { partnerId: partnerId(partner), caseId: '', stage: -1, triggers: 'misaligned-expectations', ev1_kind: 'meeting-notes', ev1_summary: EVIDENCE };
}

function stageOf(answer: unknown): number {
  const m = /"stage":(\d+)/.exec(JSON.stringify(answer));
  if (!m) throw new Error(`no stage on the answer: ${JSON.stringify(answer).slice(0, 300)}`);
  return Number(m[1]);
}

async function expectOk(res: Promise<{ status: number }>, actor?: TeamsUser): Promise<TeamsUser> {
  const r = await res;
  if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
  return actor!;
}

/** The tables a size run leaves behind, for the memory measurement. */
export interface SizeWorld {
  tablePrefix: string;
  org: Org;
}

export async function measureSize(proxy: CountingProxy, floor: Floor, people: number, partners: number, runs: number): Promise<SizeFigures & { world: SizeWorld }> {
  const tablePrefix = `e2e${people}x${partners}`.replace(/[^a-z0-9]/gi, '');
  const p = await startProduct(proxy, tablePrefix, people, partners);
  try {
    const { teams, org } = p;
    const reporters = org.reporters.slice(0, REPORTERS);
    const reporter = (i: number): TeamsUser => reporters[i % reporters.length]!;
    const at = (i: number) => i % WORK_PARTNERS;
    // Everyone the bench acts as says hello once (as in Teams: the bot can reach them from then on).
    for (const u of [...reporters, ...reporters.map((r) => org.managerOf.get(r.aadObjectId)!)]) await expectOk(teams.say(u, 'hi'));

    const operations: Record<string, OperationFigures> = {};
    // The flag command (it answers with the form) against an echo message turn and one point read.
    operations.flagCommand = await measure(proxy, p, runs, 5, (i) => expectOk(teams.say(reporter(i), `flag ${partnerName(at(i))} expectations`), reporter(i)), { echoMessage: floor.echoMessage, storageRead: floor.storageRead });
    // The floors the issue sets: a flag submit against an echo message turn and one flag-shaped storage operation;
    // a card action against an echo Action.Execute turn and that operation; `status` against an echo message turn
    // and one point read.
    operations.flagSubmit = await measure(
      proxy,
      p,
      runs,
      5,
      async (i) => {
        const res = await teams.execute(reporter(i), teams.personalConversation(reporter(i)), { verb: 'flag', data: flagData(at(i)) });
        if (res.type !== 'application/vnd.microsoft.card.adaptive') throw new Error(`flag: ${JSON.stringify(res.value).slice(0, 200)}`);
        return reporter(i);
      },
      { echoMessage: floor.echoMessage, storageOp: floor.storageOp },
    );

    // A card action: the reporter logs a reset attempt, the manager sends it back, again and again (one case).
    const actionPartner = WORK_PARTNERS;
    const ic = reporter(0);
    const manager = org.managerOf.get(ic.aadObjectId)!;
    const opened = await teams.execute(ic, teams.personalConversation(ic), { verb: 'flag', data: flagData(actionPartner) });
    let stage = stageOf(opened.value);
    operations.cardAction = await measure(proxy, p, runs, 5, async (i) => {
      const base = { partnerId: partnerId(actionPartner), caseId: `${partnerId(actionPartner)}-0001`, stage };
      const actor = i % 2 === 0 ? ic : manager;
      const res =
        i % 2 === 0
          ? await teams.execute(ic, teams.personalConversation(ic), { verb: 'log-reset-attempt', data: { ...base, agreed: 'Weekly sync, shared backlog', agreedOn: '2026-11-30' } })
          : await teams.execute(manager, teams.personalConversation(manager), { verb: 'send-back-reset', data: { ...base, comment: 'Add the dates' } });
      stage = stageOf(res.value);
      return actor;
    }, { echoInvoke: floor.echoInvoke, storageOp: floor.storageOp });
    // The floor's storage operation with the SDK's transaction against the bot's own (src/storage/wire.ts).
    const sdk: number[] = [];
    const own: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      sdk.push(await floor.storageOp());
      own.push(await floor.storageOpOwnTransaction());
    }
    const transactionClient = { sdkP50Ms: latencies(sdk).p50Ms, ownP50Ms: latencies(own).p50Ms };
    operations.status = await measure(proxy, p, runs, 5, (i) => expectOk(teams.say(reporter(i), `status ${partnerName(at(i))}`), reporter(i)), { echoMessage: floor.echoMessage, storageRead: floor.storageRead });

    // 16 reporters flag 16 different partners at once, six rounds back to back (96 partners no flag touched before):
    // answered flags per second, while the pings they cause are delivered in the same process (a Monday-morning
    // burst). Then, once those are out, the floor's six rounds of 16 flag-shaped storage operations at once.
    await p.bot.settled();
    const rounds = THROUGHPUT_PARTNERS / 16;
    const t0 = performance.now();
    for (let r = 0; r < rounds; r += 1) {
      await Promise.all(
        Array.from({ length: 16 }, (_, k) => {
          const who = reporter(k);
          return teams.execute(who, teams.personalConversation(who), { verb: 'flag', data: flagData(partners + r * 16 + k) });
        }),
      );
    }
    const flagMs = performance.now() - t0;
    await p.bot.settled();
    let floorMs = 0;
    let echoMs = 0;
    for (let r = 0; r < rounds; r += 1) {
      floorMs += await floor.storageOpsC16();
      echoMs += await floor.echoInvokesC16();
    }
    const perSecond = (ms: number) => round((rounds * 16) / (ms / 1000));
    return {
      people: org.people,
      partners,
      seedSeconds: p.seedSeconds,
      operations,
      flagsPerSecondC16: perSecond(flagMs),
      storageOpsPerSecondC16: perSecond(floorMs),
      echoInvokesPerSecondC16: perSecond(echoMs),
      transactionClient,
      world: { tablePrefix, org },
    };
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
    return await measure(proxy, p, runs, 3, () => expectOk(p.teams.say(who, 'partners'), who));
  } finally {
    await p.bot.stop();
    await p.channel.stop();
  }
}

