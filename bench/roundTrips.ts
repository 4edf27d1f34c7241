// Storage round trips per operation, counted by a loopback HTTP proxy in front of Azurite: every request the
// SDK makes passes through it (a `$batch` transaction is one request). Used by `npm run bench` and pinned by
// test/jobs/roundTrips.test.ts for the parts the jobs own.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config';
import { createJobs } from '../src/jobs';
import { runDueTimers } from '../src/jobs/timers';
import { CaseService } from '../src/service/caseService';
import { HealthService } from '../src/service/healthService';
import { ManualClock } from '../src/service/clock';
import { createTableStorage } from '../src/storage';
import { azuriteConnectionString } from '../src/storage/azurite';

export interface RoundTrips {
  operation: string;
  requests: number;
  byKind: Record<string, number>;
}

export interface CountingProxy {
  port: number;
  count(): number;
  reset(): void;
  byKind(): Record<string, number>;
  /** Method and path of every request since the last reset (for finding out where requests come from). */
  requests(): string[];
  /** The most requests under way at once since the last reset (reads that overlap instead of following each other). */
  maxInFlight(): number;
  close(): Promise<void>;
}

/** Forwards every request to Azurite and counts it (a `$batch` transaction is one request). */
export async function countingProxy(targetPort: number): Promise<CountingProxy> {
  let n = 0;
  let kinds: Record<string, number> = {};
  let seen: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    n += 1;
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once('close', () => (inFlight -= 1));
    const url = req.url ?? '';
    const kind = `${req.method} ${url.includes('$batch') ? '$batch' : /\(PartitionKey=/.test(url) ? 'entity' : 'table'}`;
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    const upstream = http.request({ host: '127.0.0.1', port: targetPort, method: req.method, path: url, headers: req.headers, agent }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', (err) => {
      res.writeHead(502);
      res.end(String(err));
    });
    const path = `${req.method} ${decodeURIComponent(url.split('?')[0]!)}`;
    if (!url.includes('$batch')) {
      seen.push(path);
      req.pipe(upstream);
      return;
    }
    // A transaction's table is named only inside its body: recorded as "POST /…/$batch <table>".
    const at = seen.push(path) - 1;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const table = /^(?:POST|PUT|PATCH|MERGE|DELETE) https?:\/\/[^/]+\/[^/]+\/([A-Za-z0-9]+)/m.exec(body.toString('latin1'))?.[1];
      if (table) seen[at] = `${path} ${table}`;
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    count: () => n,
    reset: () => {
      n = 0;
      kinds = {};
      seen = [];
      maxInFlight = inFlight;
    },
    byKind: () => ({ ...kinds }),
    requests: () => [...seen],
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Each operation's requests, on a fresh set of tables named with `tablePrefix` in the Azurite at `azuritePort`. */
export async function measureRoundTrips(azuritePort: number, tablePrefix: string): Promise<RoundTrips[]> {
  const proxy = await countingProxy(azuritePort);
  try {
    const clock = new ManualClock(new Date('2025-10-20T08:00:00.000Z'));
    const config = loadConfig({ TIME_ZONE: 'Europe/Berlin', ADMIN_AAD_OBJECT_IDS: 'ada' });
    const stores = await createTableStorage({ connectionString: azuriteConnectionString(proxy.port), tablePrefix, retryOptions: { maxRetries: 0 } });
    // Index entries follow each commit in the background: counted with the operation that caused them.
    const following: Promise<void>[] = [];
    const service = new CaseService({ stores, settings: config.workflow, configuredAdmins: ['ada'], clock, onCommitted: (c) => void following.push(c.indexed) });
    for (const [userId, managerId] of [['ivy', 'manny'], ['manny', 'vera'], ['vera', undefined]] as const) {
      await stores.directory.upsertPerson({ userId, name: userId, ...(managerId ? { managerId } : {}), roles: userId === 'vera' ? ['vp'] : [] });
    }
    for (const partnerId of ['contoso', 'fabrikam']) {
      await stores.partners.create({ partnerId, name: partnerId, aliases: [], salesDirectors: [], archived: false, createdAt: clock.now().toISOString(), createdBy: 'ada' });
    }
    const sent: string[] = [];
    const jobs = createJobs({ config, stores, service, sender: { post: async (id) => (sent.push(id), { ok: true, activityId: 'a1' }) }, clock, instanceId: 'bench' });

    const measure = async (what: string, fn: () => Promise<unknown>) => {
      proxy.reset();
      await fn();
      await Promise.all(following.splice(0));
      return { operation: what, requests: proxy.count(), byKind: proxy.byKind() };
    };
    const flag = { type: 'flag', triggers: ['misaligned-expectations'], evidence: [{ kind: 'meeting-notes', summary: 'Missed the date' }] };
    await service.execute('fabrikam', flag, { aadObjectId: 'ivy' }); // fabrikam: a case due on Mon 27 Oct for the tick figures

    const results: RoundTrips[] = [];
    results.push(await measure('execute: flag opening a case', () => service.execute('contoso', flag, { aadObjectId: 'ivy' })));
    results.push(await measure('execute: next command on the case (log reset attempt)', () => service.execute('contoso', { type: 'log-reset-attempt', agreed: 'Weekly sync', agreedOn: '2025-10-20' }, { aadObjectId: 'ivy' })));
    clock.set('2025-10-27T09:00:00.000Z');
    results.push(await measure('tickCase: one due reminder', () => service.tickCase('fabrikam', clock.now())));
    results.push(await measure('tickCase: nothing due', () => service.tickCase('fabrikam', clock.now())));
    // contoso's approval is due now too (fabrikam's entry has moved on to tomorrow): exactly one due case.
    results.push(await measure('runDueTimers: one due case', () => runDueTimers({ timers: stores.timers, outbox: stores.outbox, service }, clock.now())));
    results.push(await measure('runDueTimers: nothing due', () => runDueTimers({ timers: stores.timers, outbox: stores.outbox, service }, clock.now())));
    results.push(await measure('digest claim (createEntity)', () => stores.digestRuns.claim({ weekId: '2025-W44', conversationId: '19:a@thread.tacv2', status: 'claimed', owner: 'bench', claimedAt: '', leaseUntil: '', attempts: 0 })));
    results.push(await measure('digest claim lost (409)', () => stores.digestRuns.claim({ weekId: '2025-W44', conversationId: '19:a@thread.tacv2', status: 'claimed', owner: 'other', claimedAt: '', leaseUntil: '', attempts: 0 })));
    await jobs.digest.subscribe('19:b@thread.tacv2', 'ada');
    results.push(await measure('digest weekly run: one channel, two partners', () => jobs.digest.runWeekly(new Date('2025-11-03T08:00:00.000Z'))));
    results.push(await measure('digest weekly run: nothing left to send', () => jobs.digest.runWeekly(new Date('2025-11-03T08:01:00.000Z'))));

    // A click on a partner's health reads by key only: the same count with 3 people and 2 partners as with 300 more.
    const health = new HealthService({ stores, configuredAdmins: ['ada'], clock, settings: config.health });
    const meeting = { type: 'log-interaction', kind: 'meeting' };
    results.push(await measure('health click: log an interaction (small org)', () => health.execute('contoso', meeting, { aadObjectId: 'manny' })));
    // Seeded past the proxy (and with retries): only the measured operations go through it.
    const direct = await createTableStorage({ connectionString: azuriteConnectionString(azuritePort), tablePrefix, ensureTables: false });
    for (let i = 0; i < 300; i++) await direct.directory.upsertPerson({ userId: `p${i}`, name: `Person ${i}`, managerId: 'manny', roles: [] });
    for (let i = 0; i < 50; i++) await direct.partners.create({ partnerId: `x${i}`, name: `X ${i}`, aliases: [], salesDirectors: [], archived: false, createdAt: clock.now().toISOString(), createdBy: 'ada' });
    results.push(await measure('health click: log an interaction (300 more people, 50 more partners)', () => health.execute('contoso', meeting, { aadObjectId: 'manny' })));
    results.push(await measure('health click: a stranger refused', () => health.execute('contoso', meeting, { aadObjectId: 'p7' })));
    return results;
  } finally {
    await proxy.close();
  }
}
