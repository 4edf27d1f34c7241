// The outbox on real Azurite: due() through the index, ETag-guarded update(), index repair, stale entries.
import { TableClient } from '@azure/data-tables';
import { DomainError } from '../../src/domain';
import type { TableStorage } from '../../src/storage';
import { outboxIndexRow } from '../../src/storage/caseRows';
import type { OutboxItem } from '../../src/storage/ports';
import { testConnectionString } from '../support/storage';
import { act, at, flag, leased, openStorage } from './fixtures';

let storage: TableStorage;
let index: TableClient;

beforeAll(async () => {
  storage = await openStorage('outbox');
  index = TableClient.fromConnectionString(testConnectionString(), storage.tableNames.outboxIndex, { allowInsecureConnection: true });
});

async function indexKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const row of index.listEntities()) keys.push(row.rowKey!);
  return keys;
}

const FAR = '2100-01-01T00:00:00.000Z';

describe('outbox', () => {
  // One suite-wide sequence: each test builds on the outbox the previous ones left (tables are this suite's own).
  let firstBatch: OutboxItem[];

  it('stores the notices of a commit with it, leased a minute to the instance that committed, then found through the index', async () => {
    await act(storage, 'contoso', 'rita', at(0), flag());
    // The committing instance delivers them at once; no other instance takes them during the lease.
    expect(await storage.outbox.due(at(0), 10)).toEqual([]);
    firstBatch = await storage.outbox.due(leased(at(0)), 10);
    const forCase = await storage.outbox.forCase('contoso', 'contoso-0001');
    expect(firstBatch.length).toBeGreaterThan(0);
    expect(firstBatch).toEqual([...forCase].reverse());
    expect(firstBatch.every((o) => o.status === 'pending' && o.attempts === 0 && o.notBefore === leased(at(0)) && o.createdAt === at(0))).toBe(true);
    expect(firstBatch.map((o) => o.notice.kind)).toContain('flag-raised');
    expect(await indexKeys()).toHaveLength(firstBatch.length);
  });

  it('returns items oldest first and at most `limit`', async () => {
    await act(storage, 'fabrikam', 'rob', at(1), flag());
    const due = await storage.outbox.due(leased(at(2)), 100);
    const times = due.map((o) => o.notBefore);
    expect(times).toEqual([...times].sort());
    expect(due.slice(0, firstBatch.length)).toEqual(firstBatch);
    expect(await storage.outbox.due(leased(at(2)), 1)).toEqual(firstBatch.slice(0, 1));
    expect(await storage.outbox.due(leased(at(2)), 0)).toEqual([]);
  });

  it('update() marks delivered, reschedules and records failures, moving the index along', async () => {
    await act(storage, 'adatum', 'rob', at(1, 1), flag());
    const [a, b, c] = await storage.outbox.due(leased(at(2)), 3);
    expect(c).toBeDefined();
    const delivered = await storage.outbox.update(a!, { status: 'delivered', attempts: 1 });
    expect(delivered).toMatchObject({ status: 'delivered', attempts: 1, notice: a!.notice });
    expect(delivered.etag).not.toBe(a!.etag);

    const later = await storage.outbox.update(b!, { attempts: 1, notBefore: at(5), lastError: '429 Too Many Requests' });
    const failed = await storage.outbox.update(c!, { status: 'failed', attempts: 1, lastError: '403 blocked' });
    expect(failed.lastError).toBe('403 blocked');

    const due = await storage.outbox.due(leased(at(2)), 100);
    const ids = due.map((o) => o.outboxId);
    expect(ids).not.toContain(a!.outboxId);
    expect(ids).not.toContain(b!.outboxId);
    expect(ids).not.toContain(c!.outboxId);
    const rescheduled = (await storage.outbox.due(at(5), 100)).find((o) => o.outboxId === b!.outboxId);
    expect(rescheduled).toEqual(later);
    expect(rescheduled?.lastError).toBe('429 Too Many Requests');

    // One index entry per pending item, none for the delivered and failed ones.
    const pending = (await storage.outbox.forCase('contoso', 'contoso-0001'))
      .concat(await storage.outbox.forCase('fabrikam', 'fabrikam-0001'))
      .concat(await storage.outbox.forCase('adatum', 'adatum-0001'))
      .filter((o) => o.status === 'pending');
    expect((await indexKeys()).sort()).toEqual(pending.map((o) => outboxIndexRow(o.partnerId, o.outboxId, o.notBefore).rowKey).sort());

    const cleared = await storage.outbox.update(later, { status: 'delivered', lastError: undefined });
    expect(cleared.lastError).toBeUndefined();
    expect((await storage.outbox.forCase(b!.partnerId, b!.notice.caseId)).find((o) => o.outboxId === b!.outboxId)?.lastError).toBeUndefined();
  });

  it('update() from a stale read is CASE.MOVED_ON: two dispatchers never both finish one item', async () => {
    await act(storage, 'proseware', 'rita', at(2), flag());
    const [item] = await storage.outbox.forCase('proseware', 'proseware-0001');
    const results = await Promise.allSettled([
      storage.outbox.update(item!, { status: 'delivered', attempts: 1 }),
      storage.outbox.update(item!, { notBefore: at(9), attempts: 1 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(DomainError);
    expect(loser.reason.code).toBe('CASE.MOVED_ON');
  });

  it('repairIndex() re-creates an index entry lost between commit and index write', async () => {
    await act(storage, 'litware', 'rita', at(3), flag());
    const [item] = (await storage.outbox.forCase('litware', 'litware-0001')).reverse();
    const entry = outboxIndexRow(item!.partnerId, item!.outboxId, item!.notBefore);
    await index.deleteEntity(entry.partitionKey, entry.rowKey);
    expect((await storage.outbox.due(leased(at(3)), 100)).map((o) => o.outboxId)).not.toContain(item!.outboxId);

    expect(await storage.outbox.repairIndex()).toBe(1);
    expect((await storage.outbox.due(leased(at(3)), 100)).map((o) => o.outboxId)).toContain(item!.outboxId);
    expect(await storage.outbox.repairIndex()).toBe(0);
  });

  it('due() drops a stale index entry (item no longer pending, or moved) and skips it', async () => {
    await act(storage, 'wingtip', 'rita', at(2), flag());
    const [item] = await storage.outbox.forCase('wingtip', 'wingtip-0001');
    const done = await storage.outbox.update(item!, { status: 'delivered', attempts: 1 });
    // A crash left the old entry behind, plus one at a time the item never had.
    await index.createEntity(outboxIndexRow(done.partnerId, done.outboxId, done.notBefore));
    await index.createEntity(outboxIndexRow(done.partnerId, done.outboxId, at(0, -5)));
    const due = await storage.outbox.due(FAR, 100);
    expect(due.map((o) => o.outboxId)).not.toContain(done.outboxId);
    expect((await indexKeys()).filter((k) => k.endsWith(done.outboxId))).toEqual([]);
  });

  it('forCase() lists a case’s items newest first, and only that case’s', async () => {
    await act(storage, 'litware', 'rob', at(4), flag('again', { newOccurrence: true }));
    const items = await storage.outbox.forCase('litware', 'litware-0001');
    expect(items.length).toBeGreaterThan(1);
    const keys = items.map((o) => o.outboxId);
    expect(keys).toEqual([...keys].sort().reverse());
    expect(items.every((o) => o.notice.caseId === 'litware-0001')).toBe(true);
    expect(await storage.outbox.forCase('litware', 'litware-0002')).toEqual([]);
  });
});
