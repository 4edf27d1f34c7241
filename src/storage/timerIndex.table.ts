// When cases next need a timer: PK `due`, RK `<dueAt>|<partition>|<caseId>`. Commits write it (see
// caseStore.table.ts); the partner's latest-case row keeps the due time (`timerDueAt`), which is the truth an entry is
// checked against.
import type { TableClient } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import type { DueCase, TimerIndex } from './ports';
import { LATEST_KEY, TIMER_INDEX_PARTITION, partitionOf, timerIndexRow } from './caseRows';
import type { StoredRow } from './entities';
import { createIfAbsent, deleteIfPresent, listRows, readRow, stored, timeKeyUpTo } from './entities';
import { guard } from './errors';

export interface TimerTables {
  cases: TableClient;
  timers: TableClient;
}


export class TableTimerIndex implements TimerIndex {
  constructor(private readonly t: TimerTables) {}

  async due(now: string, limit: number): Promise<DueCase[]> {
    if (limit <= 0) return [];
    const filter = odata`PartitionKey eq ${TIMER_INDEX_PARTITION} and RowKey lt ${timeKeyUpTo(now)}`;
    return guard('reading the timer index', async () => {
      const found: DueCase[] = [];
      const pages = this.t.timers.listEntities<Record<string, unknown>>({ queryOptions: { filter } }).byPage({ maxPageSize: Math.min(limit, 1000) });
      for await (const page of pages) {
        const checked = await Promise.all(page.map((entry) => this.check(stored(entry))));
        for (const due of checked) {
          if (!due) continue;
          found.push(due);
          if (found.length >= limit) return found;
        }
      }
      return found;
    });
  }

  async remove(entry: DueCase): Promise<void> {
    const row = timerIndexRow(entry.partnerId, entry.caseId, entry.dueAt);
    await deleteIfPresent(this.t.timers, row.partitionKey, row.rowKey);
  }

  async repair(): Promise<number> {
    const indexed = new Set((await listRows(this.t.timers, odata`PartitionKey eq ${TIMER_INDEX_PARTITION}`, ['RowKey'])).map((r) => r.rowKey));
    // Open cases are each their partner's latest case.
    const states = await listRows(this.t.cases, odata`RowKey eq ${LATEST_KEY} and status eq ${'open'}`, ['partnerId', 'caseId', 'timerDueAt']);
    let created = 0;
    for (const s of states) {
      if (typeof s.timerDueAt !== 'string' || !s.timerDueAt) continue;
      const entry = timerIndexRow(String(s.partnerId), String(s.caseId), s.timerDueAt);
      if (!indexed.has(entry.rowKey) && (await createIfAbsent(this.t.timers, entry))) created += 1;
    }
    return created;
  }

  /**
   * An entry counts while its case, still the partner's latest, names its due time; otherwise it is dropped as stale
   * (a case that is no longer the latest has closed, and nothing is due on a closed case).
   */
  private async check(entry: StoredRow): Promise<DueCase | undefined> {
    const partnerId = String(entry.partnerId);
    const caseId = String(entry.caseId);
    const state = await readRow(this.t.cases, partitionOf(partnerId), LATEST_KEY);
    const dueAt = state?.caseId === caseId && typeof state.timerDueAt === 'string' ? state.timerDueAt : undefined;
    const current = dueAt ? timerIndexRow(partnerId, caseId, dueAt) : undefined;
    if (current?.rowKey === entry.rowKey) return { partnerId, caseId, dueAt: String(entry.dueAt) };
    await deleteIfPresent(this.t.timers, entry.partitionKey, entry.rowKey, entry.etag);
    if (current) await createIfAbsent(this.t.timers, current);
    return undefined;
  }
}
