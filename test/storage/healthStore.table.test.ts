// Partner health on real Azurite: events appended and never changed, the state row derived from them, ETag
// concurrency (of two writers on one read, one wins), and the digest scopes of channels.
import type { HealthCommand, HealthState } from '../../src/domain';
import { decideHealth, replayHealth } from '../../src/domain';
import type { TableStorage } from '../../src/storage';
import type { StoredHealth } from '../../src/storage/ports';
import { ORG, at, openStorage } from './fixtures';
import { seedDemo } from '../../src/demo';
import { silentLogger } from '../../src/log';

let storage: TableStorage;

beforeAll(async () => {
  storage = await openStorage('health');
});

const permission = { directory: ORG, admins: ['ada'], workers: ['sid'], partnerName: 'Contoso' };

/** Decides as `sid` on what is stored and commits with the ETag read. */
async function record(partnerId: string, command: HealthCommand, read?: StoredHealth, when = at(0)): Promise<StoredHealth> {
  const current = read ?? (await storage.health.get(partnerId));
  const d = decideHealth(current?.state, command, { now: when, actor: 'sid', partnerId, permission });
  if (!d.ok) throw new Error(d.rejection.message);
  return storage.health.commit({ partnerId, etag: current?.etag, events: d.events, state: d.state });
}

describe('the health store', () => {
  it('appends events, keeps the state the events give, and reads it back by one key', async () => {
    expect(await storage.health.get('contoso')).toBeUndefined();
    await record('contoso', { type: 'rate', scores: { culture: 4, capacity: 3, commitment: 2, competencies: 5 }, notes: { commitment: 'One deal at a time' } });
    await record('contoso', { type: 'log-symptom', symptom: 'one-sided-concessions', on: '2025-03-01', note: 'We took the whole 10% discount' }, undefined, at(1));
    const stored = await record('contoso', { type: 'log-interaction', kind: 'meeting', on: '2025-03-03' }, undefined, at(2));
    const events = await storage.health.events('contoso');
    expect(events.map((e) => e.type)).toEqual(['rated', 'symptom-logged', 'interaction-logged']);
    expect((await storage.health.get('contoso'))!.state).toEqual(stored.state);
    expect(replayHealth('contoso', events)).toEqual(stored.state);
  });

  it('of two people recording on the same read, exactly one wins; the other is told it moved on', async () => {
    const read = (await storage.health.get('contoso'))!;
    const first = record('contoso', { type: 'log-interaction', kind: 'joint-win', on: '2025-03-03' }, read, at(3));
    const second = record('contoso', { type: 'log-symptom', symptom: 'no-mutual-respect', on: '2025-03-03' }, read, at(3));
    const results = await Promise.allSettled([first, second]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CASE.MOVED_ON' } });
    const events = await storage.health.events('contoso');
    expect(events).toHaveLength(4);
    expect(replayHealth('contoso', events)).toEqual((await storage.health.get('contoso'))!.state);
  });

  it('a second first write (both read nothing) loses too', async () => {
    const both = await Promise.allSettled([
      record('fabrikam', { type: 'log-interaction', kind: 'meeting', on: '2025-03-01' }, undefined),
      record('fabrikam', { type: 'log-interaction', kind: 'meeting', on: '2025-03-02' }, undefined),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await storage.health.events('fabrikam')).toHaveLength(1);
  });

  it('lists every partner\'s state for the digest, and keeps each partner in its own partition', async () => {
    const all: HealthState[] = await storage.health.all();
    expect(all.map((s) => s.partnerId).sort()).toEqual(['contoso', 'fabrikam']);
    expect((await storage.health.events('fabrikam')).every((e) => e.type === 'interaction-logged')).toBe(true);
  });
});

describe('the demo seed', () => {
  it('records some health on Northwind Traders once, however often it runs', async () => {
    const demo = await openStorage('demo');
    await seedDemo(demo, silentLogger, new Date('2025-03-10T09:00:00.000Z'));
    await seedDemo(demo, silentLogger, new Date('2025-03-11T09:00:00.000Z'));
    const stored = await demo.health.get('northwind-traders');
    expect(stored?.state).toMatchObject({ version: 4, stages: [{ stage: 'plateau' }] });
    expect(await demo.health.events('northwind-traders')).toHaveLength(4);
  });
});

describe('digest scopes', () => {
  it('keeps the latest scope of a channel, and forgets it when cleared', async () => {
    const channel = '19:syncs@thread.tacv2;messageid=7';
    expect(await storage.digestScopes.get(channel)).toBeUndefined();
    await storage.digestScopes.set({ conversationId: channel, partnerIds: ['contoso', 'fabrikam'], tags: [], setBy: 'ada', setAt: at(0) });
    await storage.digestScopes.set({ conversationId: channel, partnerIds: [], tags: ['emea'], setBy: 'ada', setAt: at(1) });
    expect(await storage.digestScopes.get(channel)).toEqual({ conversationId: channel, partnerIds: [], tags: ['emea'], setBy: 'ada', setAt: at(1) });
    expect(await storage.digestScopes.clear(channel)).toBe(true);
    expect(await storage.digestScopes.get(channel)).toBeUndefined();
  });
});
