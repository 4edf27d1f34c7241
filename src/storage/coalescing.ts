// Index writes to one table that arrive while an earlier one is under way wait for it and then go together, one
// transaction per partition (the outbox and timer indexes each live in one partition). One write alone goes at
// once, as before; under load, the index entries of sixteen commits cost a request or two instead of sixteen.
// A transaction that fails is retried write by write, so one bad write never fails another's.
import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { Row } from './entities';
import { MAX_TRANSACTION_OPERATIONS, deleteIfPresent } from './entities';
import { guard } from './errors';
import { submitTransaction } from './wire';

/** What an index write does: put the row (create or replace), or delete it if it is there. */
export type IndexWrite = { put: Row } | { remove: { partitionKey: string; rowKey: string } };

interface Waiting {
  writes: IndexWrite[];
  done: (err?: unknown) => void;
}

const keyOf = (w: IndexWrite) => ('put' in w ? w.put : w.remove);

export class CoalescingWriter {
  private waiting: Waiting[] = [];
  private busy = false;

  constructor(private readonly table: TableClient) {}

  /** Resolves when the writes (all in one partition, each row once) are stored, in whichever transaction carried them. */
  write(writes: IndexWrite[]): Promise<void> {
    if (writes.length === 0) return Promise.resolve();
    const partition = keyOf(writes[0]!).partitionKey;
    const rows = new Set(writes.map((w) => keyOf(w).rowKey));
    if (writes.some((w) => keyOf(w).partitionKey !== partition) || rows.size !== writes.length || writes.length > MAX_TRANSACTION_OPERATIONS) {
      return Promise.reject(new Error('index writes go to one partition, each row once, at most 100'));
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ writes, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!this.busy) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.waiting.length) {
        const taken = this.waiting;
        this.waiting = [];
        await Promise.all(transactions(taken).map((t) => this.submit(t)));
      }
    } finally {
      this.busy = false;
    }
  }

  private async submit(group: Waiting[]): Promise<void> {
    const actions: TransactionAction[] = group.flatMap((g) => g.writes.map((w): TransactionAction => ('put' in w ? ['upsert', w.put, 'Replace'] : ['delete', w.remove])));
    try {
      await guard(`writing the index ${this.table.tableName}`, () => submitTransaction(this.table, actions));
      for (const g of group) g.done();
    } catch {
      // One write may be the reason (a row already deleted): each caller's writes on their own, one by one.
      await Promise.all(
        group.map(async (g) => {
          try {
            for (const w of g.writes) {
              if ('put' in w) await guard(`writing the index ${this.table.tableName}`, () => this.table.upsertEntity(w.put, 'Replace'));
              else await deleteIfPresent(this.table, w.remove.partitionKey, w.remove.rowKey);
            }
            g.done();
          } catch (err) {
            g.done(err);
          }
        }),
      );
    }
  }
}

/** The waiting callers packed into transactions: one partition each, at most 100 operations, no row twice. */
function transactions(waiting: readonly Waiting[]): Waiting[][] {
  const out: { partition: string; rows: Set<string>; members: Waiting[] }[] = [];
  for (const caller of waiting) {
    const rows = caller.writes.map((w) => keyOf(w).rowKey);
    const partition = keyOf(caller.writes[0]!).partitionKey;
    const fits = out.find((t) => t.partition === partition && t.rows.size + rows.length <= MAX_TRANSACTION_OPERATIONS && rows.every((r) => !t.rows.has(r)));
    if (fits) {
      fits.members.push(caller);
      for (const r of rows) fits.rows.add(r);
    } else {
      out.push({ partition, rows: new Set(rows), members: [caller] });
    }
  }
  return out.map((t) => t.members);
}
