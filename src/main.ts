// Composition: settings -> storage -> service -> Teams app -> HTTP server. index.ts runs this for real;
// tests run it in-process with their own clock, storage and port.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { TurnContext } from 'botbuilder';
import type { Config } from './config';
import { ConfigError } from './config';
import type { Logger } from './log';
import { createLogger, outboxLog } from './log';
import { CaseService } from './service/caseService';
import { HealthService } from './service/healthService';
import type { Clock } from './service/clock';
import { systemClock } from './service/clock';
import { PartnerIndex, watchPartners } from './service/partnerIndex';
import type { DigestStores, Stores } from './storage/ports';
import type { Jobs } from './jobs';
import { messengerOutputs, startJobs } from './jobs';
import { BackgroundTask } from './jobs/background';
import { AzuriteLockedError } from './storage/azurite';
import type { SpottingStores, TableStorage } from './storage';
import { createTableStorage, tableStorageOptionsFrom } from './storage';
import { createAdapter, createOutboxAdapter, processActivity } from './teams/adapter';
import { createApp } from './teams/app';
import type { BotDeps } from './teams/deps';
import { OutboxDispatcher } from './teams/dispatcher';
import { EmailLinks, draftEmail, emailPeople, toEml } from './teams/email';
import { BotMessenger } from './teams/messenger';
import { createNoticeRenderer, refreshCaseCardOnFailure } from './teams/pings';
import { reply } from './teams/reply';
import { peopleOf } from './teams/caseViews';
import { createServer } from './server';
import { GraphClient, graphCredential, graphToken } from './graph/client';
import { GraphDirectory } from './graph/directory';
import { GraphAppInstaller } from './graph/installer';
import { Reachability } from './teams/reach';

export interface BotOptions {
  config: Config;
  /** Defaults to Table Storage from the config's connection settings. */
  stores?: Stores & DigestStores & SpottingStores;
  clock?: Clock;
  log?: Logger;
  random?: () => number;
  /** Poll the outbox on a timer (production); tests call `dispatcher.runOnce()` themselves. Default true. */
  pollOutbox?: boolean;
  /** Drive the scheduled jobs every minute; default JOBS_ENABLED. Tests call `jobs.scheduler.tick(now)`. */
  runJobs?: boolean;
  /** Deliver a commit's pings right after it (default true); false leaves them for `dispatcher.runOnce()`. */
  deliverAtOnce?: boolean;
  /** Tokens for Microsoft Graph (tests: a stand-in's); default the bot's own credential (src/graph/client.ts). */
  graphToken?: () => Promise<string>;
}

export interface RunningBot {
  port: number;
  url: string;
  stores: Stores & DigestStores & SpottingStores;
  service: CaseService;
  dispatcher: OutboxDispatcher;
  jobs: Jobs;
  deps: BotDeps;
  /** Resolves once every commit's index entries are written and its pings delivered (or scheduled for retry). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBot(options: BotOptions): Promise<RunningBot> {
  const { config } = options;
  const env = config.env;
  const log = options.log ?? createLogger(env.LOG_LEVEL);
  const clock = options.clock ?? systemClock;
  const stored = options.stores ?? (await openStorage(config, log));
  const graph = graphOf(config, options.graphToken);
  // The organisation's tenant, for people known only by Entra id (imported, or read from Graph).
  const defaultTenantId = env.MicrosoftAppTenantId || (env.ALLOWED_TENANT_IDS.length === 1 ? env.ALLOWED_TENANT_IDS[0] : undefined);
  // With Graph configured, every reader of the directory gets Graph's answer (cached on the row), storage the fallback.
  const stores: Stores & DigestStores & SpottingStores = graph
    ? { ...stored, directory: new GraphDirectory(stored.directory, graph, { cacheHours: config.reach.graph!.cacheHours, ...(defaultTenantId ? { tenantId: defaultTenantId } : {}), nowMs: () => clock.now().getTime(), onFallback: (userId, why) => log.debug({ userId, why }, 'directory: stored entry used') }) }
    : stored;

  let secret = env.EMAIL_LINK_SECRET;
  if (!secret) {
    if (!config.localMode) throw new ConfigError('Invalid settings:\n  EMAIL_LINK_SECRET: required when MicrosoftAppId is set (it signs the email download links)');
    secret = randomBytes(32).toString('hex');
    log.warn('EMAIL_LINK_SECRET is not set: email links are signed with a random key and stop working when the bot restarts');
  }
  if (!config.localMode && !env.PUBLIC_BASE_URL) {
    throw new ConfigError('Invalid settings:\n  PUBLIC_BASE_URL: required when MicrosoftAppId is set (email links must reach the bot from outside)');
  }
  let boundPort = env.PORT;
  const emailLinks = new EmailLinks(secret, () => env.PUBLIC_BASE_URL || `http://127.0.0.1:${boundPort}`, env.EMAIL_LINK_TTL_HOURS * 3_600_000);

  const adapter = createAdapter(config, log);
  const catalogAppId = config.reach.graph?.catalogAppId;
  const messenger = new BotMessenger({
    adapter: createOutboxAdapter(config),
    botAppId: env.MicrosoftAppId,
    conversations: stores.conversations,
    directory: stores.directory,
    nowMs: () => clock.now().getTime(),
    ...(graph && catalogAppId ? { installer: new GraphAppInstaller(graph, catalogAppId) } : {}),
    ...(defaultTenantId ? { defaultTenantId } : {}),
  });
  const reach = new Reachability({ stores, messenger, nowMs: () => clock.now().getTime(), log: outboxLog(log) });
  const service = new CaseService({
    stores,
    settings: config.workflow,
    configuredAdmins: env.ADMIN_AAD_OBJECT_IDS,
    clock,
    onCommitted: (committed) => {
      // Deliver now, outside the turn that made the change: its reply must not wait on pings, nor other people's
      // replies on rendering them (it starts after the I/O waiting now, like the commit's index entries).
      dispatcher.enqueue(committed);
      if (options.deliverAtOnce === false) return;
      setImmediate(() => setImmediate(() => dispatcher.runOnce(100, true).catch((err: unknown) => log.error({ err }, 'outbox run failed'))));
    },
  });
  const render = createNoticeRenderer({
    stores,
    emailLinks,
    nowMs: () => clock.now().getTime(),
    admins: env.ADMIN_AAD_OBJECT_IDS,
    timeZone: config.workflow.calendar.timeZone,
    ...(config.reach.installLink ? { installLink: config.reach.installLink } : {}),
  });
  const dispatcher = new OutboxDispatcher({
    outbox: stores.outbox,
    conversations: stores.conversations,
    messenger,
    render,
    reach,
    onPermanentFailure: refreshCaseCardOnFailure({ stores, messenger, render, onError: (err) => log.warn({ err }, 'could not show an unreachable person on the case card') }),
    clock,
    ...(options.random ? { random: options.random } : {}),
    leaseMs: env.OUTBOX_LEASE_SECONDS * 1000,
    // With the poll (production), pings held back by Teams' limits go out when the limits allow, not at the next poll.
    ...(options.pollOutbox !== false ? { wake: (ms: number) => wake.at(ms) } : {}),
    log: outboxLog(log),
  });
  const wake = new WakeTimer(() => dispatcher.runOnce().catch((err: unknown) => log.error({ err }, 'outbox run failed')));
  // Retries wait for their notBefore; a light poll picks them up. A storage fault there is logged and backed off,
  // never fatal: the poll carries on by itself when storage is back.
  const poll = new BackgroundTask({ name: 'outbox poll', pattern: '*/5 * * * * *', run: () => dispatcher.runOnce(), clock, log });
  // Partner changes made through the bot refresh the in-memory names at once (docs: README "Spotting red flags in syncs").
  const partnerIndex = new PartnerIndex({ partners: stores.partners, clock });
  const teamsStores = { ...stores, partners: watchPartners(stores.partners, () => partnerIndex.invalidate()) };
  const health = new HealthService({ stores: teamsStores, configuredAdmins: env.ADMIN_AAD_OBJECT_IDS, clock, settings: config.health });
  const deps: BotDeps = { config, adapter, stores: teamsStores, service, health, messenger, reply, emailLinks, clock, log, partnerIndex, spotting: stores.spotting, reach, ...(graph ? { graph } : {}) };
  // Starts with the sweep that re-writes timer and outbox index entries a crash may have lost.
  const jobs = await startJobs({
    config,
    stores,
    service,
    ...messengerOutputs(messenger, config.reach),
    clock,
    log,
    drive: options.runJobs ?? env.JOBS_ENABLED === 'true',
  });
  const app = createApp(deps, jobs.digest);

  const server = createServer(
    {
      messages: (req, res) =>
        processActivity(adapter, req, res, async (context: TurnContext) => {
          await app.run(context);
        }, log),
      health: async () => {
        const outbox = poll.health();
        try {
          // One point read, bounded: a hung storage must not hang the health check.
          await withDeadline(stores.refresh(), HEALTH_DEADLINE_MS, 'storage did not answer in time');
          return { ok: true, detail: { storage: 'ok', outbox, localMode: config.localMode } };
        } catch (err) {
          return { ok: false, detail: { storage: 'down', reason: (err as Error).message, outbox } };
        }
      },
      email: async (token) => {
        const claims = emailLinks.verify(token, clock.now().getTime());
        if (!claims) return undefined;
        const [stored, partner] = await Promise.all([stores.cases.get(claims.p, claims.c), stores.partners.get(claims.p)]);
        if (!stored || !partner) return undefined;
        const events = await stores.cases.events(claims.p, claims.c, stored.state.version);
        const people = await peopleOf(stores, emailPeople(stored.state, events));
        // The VP sends it: dates in their zone, stated in the email; else the organisation's.
        const zone = (stored.state.people.vp && people.get(stored.state.people.vp)?.timeZone) || config.workflow.calendar.timeZone;
        const draft = draftEmail(claims.k, stored.state, partner, events, people, zone);
        return { filename: `${partner.partnerId}-${claims.k}.eml`, body: toEml(draft) };
      },
      job: (name, authorization) => jobs.runJob(name, authorization),
    },
    log,
  );
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(env.PORT, config.host, () => resolve());
    });
  } catch (err) {
    await jobs.stop();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  boundPort = port;
  if (config.localMode) log.warn({ host: config.host, port }, 'local mode: no MicrosoftAppId, so no token checks; listening on loopback only');

  if (options.pollOutbox !== false) poll.start();
  await poll.tick();

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stores,
    service,
    dispatcher,
    jobs,
    deps,
    settled: async () => {
      do {
        await new Promise((resolve) => setImmediate(resolve));
        await service.indexed();
        await dispatcher.idle();
      } while (service.indexing);
    },
    stop: async () => {
      // No new requests; the ones under way, timers and deliveries finish before storage may stop.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await poll.stop();
      wake.stop();
      await jobs.stop();
      await closed;
      await service.indexed();
      await dispatcher.idle();
      await dispatcher.release();
    },
  };
}

/** Microsoft Graph when GRAPH_ENABLED (README "Reaching people"): the bot's own credential, or the token given. */
function graphOf(config: Config, token: (() => Promise<string>) | undefined): GraphClient | undefined {
  const settings = config.reach.graph;
  if (!settings) return undefined;
  if (token) return new GraphClient({ baseUrl: settings.baseUrl, token });
  const env = config.env;
  if (config.localMode || (!env.MicrosoftAppTenantId && env.MicrosoftAppType !== 'UserAssignedMSI')) {
    throw new ConfigError('Invalid settings:\n  GRAPH_ENABLED: Microsoft Graph needs the bot\'s identity: MicrosoftAppId and MicrosoftAppTenantId (and MicrosoftAppPassword, or MicrosoftAppType=UserAssignedMSI)');
  }
  return new GraphClient({ baseUrl: settings.baseUrl, token: graphToken(graphCredential(env), settings.baseUrl) });
}

/** Table Storage as the settings say; index writes that fail after a commit are logged (the sweeps repair them). */
export function openStorage(config: Config, log: Logger): Promise<TableStorage> {
  return createTableStorage({
    ...tableStorageOptionsFrom(config.env),
    onBackgroundError: (err, context) => log.warn({ err, context }, 'storage index write failed; the repair sweep will fix it'),
  });
}

const HEALTH_DEADLINE_MS = 2_000;

/** One pending timer for the earliest time asked (real time: it only wakes a run, which reads the injected clock). */
class WakeTimer {
  private timer: NodeJS.Timeout | undefined;
  private atMs = Number.POSITIVE_INFINITY;
  private stopped = false;

  constructor(private readonly run: () => unknown) {}

  at(ms: number): void {
    const atMs = Date.now() + ms;
    if (this.stopped || (this.timer && atMs >= this.atMs)) return;
    clearTimeout(this.timer);
    this.atMs = atMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.atMs = Number.POSITIVE_INFINITY;
      this.run();
    }, ms);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}

function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** A failed start in words a person can act on: which port was busy and which setting to change. */
export function describeStartFailure(err: unknown, config: Config): string {
  if (err instanceof ConfigError || err instanceof AzuriteLockedError) return err.message;
  const code = (err as { code?: unknown } | undefined)?.code;
  if (code === 'EADDRINUSE') return `Port ${config.env.PORT} is already in use: stop what uses it, or set PORT to another port.`;
  if (code === 'EACCES') return `Not allowed to listen on ${config.host}:${config.env.PORT}: set PORT to a port above 1024.`;
  return `partner-fit could not start: ${err instanceof Error ? err.message : String(err)}`;
}
