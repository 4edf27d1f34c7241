// The timer index on real Azurite: written with each commit, moved when the due time moves, rebuilt by repair().
import { TableClient } from '@azure/data-tables';
import type { TableStorage } from '../../src/storage';
import { timerIndexRow } from '../../src/storage/caseRows';
import { testConnectionString } from '../support/storage';
import { at, commitFor, ctx, flag, openStorage, someEvidence } from './fixtures';

let storage: TableStorage;
let timers: TableClient;

beforeAll(async () => {
  storage = await openStorage('timers');
  timers = TableClient.fromConnectionString(testConnectionString(), storage.tableNames.timers, { allowInsecureConnection: true });
});

async function entriesFor(caseId: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const row of timers.listEntities()) if (row.caseId === caseId) keys.push(String(row.dueAt));
  return keys;
}

/** Commits one engine step with the due time the test chooses. */
async function step(partnerId: string, actor: string, now: string, command: unknown, nextDueAt: string | undefined): Promise<void> {
  const stored = await storage.cases.latest(partnerId);
  const committed = await storage.cases.commit({ ...commitFor(stored, command, ctx(partnerId, actor, now)), nextDueAt });
  await committed.indexed; // the index entries follow the commit

}

describe('timer index', () => {
  it('finds a case once its due time has come, follows the due time as it moves, and forgets it when cleared', async () => {
    const p = 'contoso';
    await step(p, 'rita', at(0), flag(), at(7));
    expect(await storage.timers.due(at(6), 10)).toEqual([]);
    expect(await storage.timers.due(at(7), 10)).toEqual([{ partnerId: p, caseId: 'contoso-0001', dueAt: at(7) }]);

    await step(p, 'rita', at(1), { type: 'log-reset-attempt', agreed: 'Sync', agreedOn: '2025-03-04' }, at(9));
    expect(await entriesFor('contoso-0001')).toEqual([at(9)]);
    expect(await storage.timers.due(at(8), 10)).toEqual([]);
    expect((await storage.timers.due(at(9), 10)).map((d) => d.dueAt)).toEqual([at(9)]);

    // The same instant written differently is the same due time: the entry stays.
    await step(p, 'maria', at(1, 1), { type: 'add-evidence', evidence: someEvidence('more') }, at(9).replace('.000Z', 'Z'));
    expect(await entriesFor('contoso-0001')).toEqual([at(9)]);

    await step(p, 'maria', at(2), { type: 'approve-reset' }, undefined);
    expect(await entriesFor('contoso-0001')).toEqual([]);
    expect(await storage.timers.due(at(100), 10)).toEqual([]);
  });

  it('returns due cases oldest first, at most `limit`, and remove() drops one', async () => {
    await step('alpha', 'rita', at(0), flag(), at(3));
    await step('beta', 'rob', at(0), flag(), at(2));
    await step('gamma', 'rob', at(0), flag(), at(4));
    expect((await storage.timers.due(at(5), 10)).map((d) => d.partnerId)).toEqual(['beta', 'alpha', 'gamma']);
    expect((await storage.timers.due(at(5), 2)).map((d) => d.partnerId)).toEqual(['beta', 'alpha']);
    await storage.timers.remove({ partnerId: 'beta', caseId: 'beta-0001', dueAt: at(2) });
    await storage.timers.remove({ partnerId: 'beta', caseId: 'beta-0001', dueAt: at(2) });
    expect((await storage.timers.due(at(5), 10)).map((d) => d.partnerId)).toEqual(['alpha', 'gamma']);
  });

  it('repair() rebuilds a lost entry from the state row; due() drops entries the state row no longer names', async () => {
    await step('delta', 'rita', at(0), flag(), at(6));
    const entry = timerIndexRow('delta', 'delta-0001', at(6));
    await timers.deleteEntity(entry.partitionKey, entry.rowKey);
    expect((await storage.timers.due(at(6), 10)).map((d) => d.partnerId)).not.toContain('delta');

    expect(await storage.timers.repair()).toBeGreaterThanOrEqual(1);
    expect((await storage.timers.due(at(6), 10)).map((d) => d.partnerId)).toContain('delta');
    expect(await storage.timers.repair()).toBe(0);

    // A crash between writing the new entry and deleting the old one leaves a stale entry: harmless, dropped when met.
    await timers.createEntity(timerIndexRow('delta', 'delta-0001', at(1)));
    const due = await storage.timers.due(at(6), 10);
    expect(due.filter((d) => d.partnerId === 'delta')).toEqual([{ partnerId: 'delta', caseId: 'delta-0001', dueAt: at(6) }]);
    expect(await entriesFor('delta-0001')).toEqual([at(6)]);
  });
});
