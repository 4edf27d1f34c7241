// Ping dispatch against a channel stand-in that enforces Teams' limits (per conversation 7 a second and 60 in
// 30 s, per tenant 50 a second; 429 with Retry-After beyond): a backlog of pings, committed but not yet sent (as
// an instance that stopped leaves them), drained by a fresh bot on the real clock. The figure is the time the
// limits themselves need for the same sends (simulated with the same windows) divided by the time taken: 1.0 is as
// fast as Teams allows. 429s provoked should be 0.
import { TableClient } from '@azure/data-tables';
import { loadConfig } from '../src/config';
import { silentLogger } from '../src/log';
import { startBot } from '../src/main';
import { CaseService } from '../src/service/caseService';
import type { Clock } from '../src/service/clock';
import { createTableStorage } from '../src/storage';
import { azuriteConnectionString } from '../src/storage/azurite';
import { CONVERSATION_WINDOWS, SlidingWindowLimiter, TENANT_WINDOWS } from '../src/teams/rateLimiter';
import { isNewMessage, startChannel } from '../test/support/channel';
import type { TeamsUser } from '../test/support/teams';
import { TeamsClient } from '../test/support/teams';
import { partnerId, seedOrg, seedPartners } from './org';
import { round } from './stats';

export interface DispatchFigures {
  pings: number;
  conversations: number;
  /** Seconds from the first send to the last. */
  seconds: number;
  sentPerSecond: number;
  /** Seconds the limits need for the same sends, at best. */
  limitSeconds: number;
  /** limitSeconds ÷ seconds: the achieved rate as a share of what Teams allows. */
  rateOfLimit: number;
  throttled: number;
}

const FLAG = { type: 'flag', triggers: ['misaligned-expectations'], evidence: [{ kind: 'email', summary: 'They asked us to own the data migration.' }] };

/** The shortest time the windows allow for these sends in this order (each conversation key, one tenant). */
function limitMs(conversations: readonly string[]): number {
  const limiter = new SlidingWindowLimiter();
  let t = 0;
  for (const c of conversations) {
    for (let wait = 1; wait > 0; ) {
      wait = limiter.acquire([{ key: c, windows: CONVERSATION_WINDOWS }, { key: 'tenant', windows: TENANT_WINDOWS }], t);
      t += wait;
    }
  }
  return t;
}

/**
 * `flags` flags, by `reporters` (round robin) on as many partners, each pinging the reporter's manager; committed
 * with no delivery, then drained by a bot whose clock is past the commits' delivery lease.
 */
async function drain(azuritePort: number, prefix: string, flags: number, reporters: (all: TeamsUser[]) => TeamsUser[]): Promise<DispatchFigures> {
  const connectionString = azuriteConnectionString(azuritePort);
  const stores = await createTableStorage({ connectionString, tablePrefix: prefix });
  const table = (name: string) => TableClient.fromConnectionString(connectionString, name, { allowInsecureConnection: true });
  const org = await seedOrg(table(stores.tableNames.directory), 700);
  await seedPartners(table(stores.tableNames.partners), flags);
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ADMIN_AAD_OBJECT_IDS: org.admin.aadObjectId, TABLE_PREFIX: prefix });
  const who = reporters(org.reporters);
  const managers = [...new Set(who.map((r) => org.managerOf.get(r.aadObjectId)!))];
  const committer = new CaseService({ stores, settings: config.workflow, configuredAdmins: [org.admin.aadObjectId], clock: { now: () => new Date() } });
  for (let i = 0; i < flags; i += 16) {
    await Promise.all(
      Array.from({ length: Math.min(16, flags - i) }, async (_, k) => {
        const outcome = await committer.execute(partnerId(i + k), FLAG, { aadObjectId: who[(i + k) % who.length]!.aadObjectId });
        if (!outcome.ok) throw new Error(outcome.rejection.message);
      }),
    );
  }
  const channel = await startChannel({ roster: managers });
  // The managers have said hello to the bot once (so it knows where to reach them), on another instance.
  const first = await startBot({ config, stores, log: silentLogger, runJobs: false, pollOutbox: false });
  const teams = new TeamsClient({ botEndpoint: `${first.url}/api/messages`, serviceUrl: channel.serviceUrl });
  for (const m of managers) await teams.say(m, 'hi');
  await first.stop();
  channel.reset();
  channel.enforceLimits(true);
  // A later instance: the committing one's delivery lease (a minute) has run out.
  const later: Clock = { now: () => new Date(Date.now() + 2 * 60_000) };
  const managerChats = () => channel.sent.filter((s) => s.kind !== 'update' && s.kind !== 'delete');
  const bot = await startBot({ config, stores, clock: later, log: silentLogger, runJobs: false });
  try {
    await channel.waitFor(() => managerChats().length >= flags || undefined, { timeoutMs: 120_000 });
    const sent = managerChats();
    const seconds = (sent[sent.length - 1]!.at.getTime() - sent[0]!.at.getTime()) / 1000;
    const limitSeconds = limitMs(sent.map((s) => s.conversationId)) / 1000;
    return {
      pings: sent.length,
      conversations: new Set(sent.map((s) => s.conversationId)).size,
      seconds: round(seconds),
      sentPerSecond: round(sent.length / seconds),
      limitSeconds: round(limitSeconds),
      rateOfLimit: round(limitSeconds / seconds),
      throttled: channel.requests.filter((r) => isNewMessage(r) && r.status === 429).length,
    };
  } finally {
    await bot.stop();
    await channel.stop();
  }
}

export async function measureDispatch(azuritePort: number): Promise<{ tenant: DispatchFigures; oneConversation: DispatchFigures }> {
  return {
    // 500 pings to the managers of 64 reporters: the tenant's 50 a second is the limit.
    tenant: await drain(azuritePort, 'benchdispatchtenant', 500, (all) => all),
    // 70 pings to one manager: 7 a second, then 60 in 30 s.
    oneConversation: await drain(azuritePort, 'benchdispatchone', 70, (all) => all.slice(0, 1)),
  };
}
