// The durable outbox: rows sit in the partner partition (written with the transition), found through an index
// table (PK `pending`, RK `<notBefore>|<partition>|<outboxRowKey>`) so `due` never scans partitions.
import type { TableClient } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import type { OutboxItem, OutboxStore } from './ports';
import type { BackgroundErrorHandler, IndexWriters } from './caseStore.table';
import type { OutboxFields } from './caseRows';
import { MAX_ERROR_CHARS, OUTBOX_INDEX_PARTITION, outboxIndexRow, outboxPrefix, outboxRow, partitionOf, rangeOf, readOutbox } from './caseRows';
import type { StoredRow } from './entities';
import { createIfAbsent, deleteIfPresent, listRows, readRow, stored, timeKeyUpTo } from './entities';
import { guard, movedOn } from './errors';

export interface OutboxTables {
  cases: TableClient;
  outboxIndex: TableClient;
  indexes: Pick<IndexWriters, 'outboxIndex'>;
}


export class TableOutboxStore implements OutboxStore {
  constructor(
    private readonly t: OutboxTables,
    private readonly onBackgroundError: BackgroundErrorHandler,
  ) {}

  async due(now: string, limit: number): Promise<OutboxItem[]> {
    if (limit <= 0) return [];
    const filter = odata`PartitionKey eq ${OUTBOX_INDEX_PARTITION} and RowKey lt ${timeKeyUpTo(now)}`;
    return guard('reading the outbox index', async () => {
      const found: OutboxItem[] = [];
      const pages = this.t.outboxIndex.listEntities<Record<string, unknown>>({ queryOptions: { filter } }).byPage({ maxPageSize: Math.min(limit, 1000) });
      for await (const page of pages) {
        const items = await Promise.all(page.map((entry) => this.itemFor(stored(entry))));
        for (const item of items) {
          if (!item) continue;
          found.push(item);
          if (found.length >= limit) return found;
        }
      }
      return found;
    });
  }

  async update(item: OutboxItem, change: Partial<Pick<OutboxItem, 'status' | 'attempts' | 'notBefore' | 'lastError'>>): Promise<OutboxItem> {
    const lastError = 'lastError' in change ? change.lastError : item.lastError;
    const next: OutboxFields = {
      partnerId: item.partnerId,
      outboxId: item.outboxId,
      notice: item.notice,
      createdAt: item.createdAt,
      status: change.status ?? item.status,
      attempts: change.attempts ?? item.attempts,
      notBefore: change.notBefore ?? item.notBefore,
      ...(lastError !== undefined ? { lastError: lastError.slice(0, MAX_ERROR_CHARS) } : {}),
    };
    const oldEntry = item.status === 'pending' ? outboxIndexRow(item.partnerId, item.outboxId, item.notBefore) : undefined;
    const newEntry = next.status === 'pending' ? outboxIndexRow(next.partnerId, next.outboxId, next.notBefore) : undefined;
    const response = await guard(
      `updating outbox item ${item.outboxId}`,
      () => this.t.cases.updateEntity(outboxRow(next), 'Replace', { etag: item.etag }),
      (status) => (status === 412 ? movedOn('This notice was handled by someone else at the same moment.') : undefined),
    );

    // The row is the truth; the index follows. A missing entry is re-created by repairIndex, a stale one is dropped by due().
    try {
      // Shared with other deliveries under way: a run of deliveries moves its index entries in a request or two.
      await this.t.indexes.outboxIndex.write([
        ...(newEntry && newEntry.rowKey !== oldEntry?.rowKey ? [{ put: newEntry }] : []),
        ...(oldEntry && oldEntry.rowKey !== newEntry?.rowKey ? [{ remove: oldEntry }] : []),
      ]);
    } catch (err) {
      this.onBackgroundError(err, `outbox index for ${item.outboxId}`);
    }
    return { ...next, etag: response.etag ?? '' };
  }

  async repairIndex(): Promise<number> {
    const indexed = new Set(
      (await listRows(this.t.outboxIndex, odata`PartitionKey eq ${OUTBOX_INDEX_PARTITION}`, ['RowKey'])).map((r) => r.rowKey),
    );
    const pending = await listRows(
      this.t.cases,
      odata`RowKey ge ${'o|'} and RowKey lt ${'o}'} and status eq ${'pending'}`,
      ['PartitionKey', 'RowKey', 'partnerId', 'notBefore'],
    );
    let created = 0;
    for (const row of pending) {
      const entry = outboxIndexRow(String(row.partnerId), row.rowKey, String(row.notBefore));
      if (!indexed.has(entry.rowKey) && (await createIfAbsent(this.t.outboxIndex, entry))) created += 1;
    }
    return created;
  }

  async forCase(partnerId: string, caseId: string): Promise<OutboxItem[]> {
    const { from, to } = rangeOf(outboxPrefix(caseId));
    const rows = await listRows(this.t.cases, odata`PartitionKey eq ${partitionOf(partnerId)} and RowKey ge ${from} and RowKey lt ${to}`);
    return rows.map(readOutbox).reverse();
  }

  /** The pending item an index entry points at, or undefined after dropping the entry as stale. */
  private async itemFor(entry: StoredRow): Promise<OutboxItem | undefined> {
    const row = await readRow(this.t.cases, partitionOf(String(entry.partnerId)), String(entry.outboxId));
    const item = row ? readOutbox(row) : undefined;
    const current = item?.status === 'pending' ? outboxIndexRow(item.partnerId, item.outboxId, item.notBefore) : undefined;
    if (current?.rowKey === entry.rowKey) return item;
    await deleteIfPresent(this.t.outboxIndex, entry.partitionKey, entry.rowKey, entry.etag);
    if (current) await createIfAbsent(this.t.outboxIndex, current);
    return undefined;
  }
}
