// Cases in Azure Table Storage: events, the partner's latest-case row (the case's state) and the notices' outbox
// rows of one change go in one entity-group transaction of the partner's partition, conditional on the ETag of
// the latest-case row that was read. A case's own state row is written when it closes: until then the latest-case
// row is its state (a partner's next case opens only after the last one closed), so a commit writes the state
// once. The index entries in other tables (due timers, pending pings) follow the commit without holding up its
// caller; a crash in between is repaired by the start-up sweep.
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import type { CaseEvent, CaseState } from '../domain';
import { DomainError } from '../domain';
import type { CaseCommit, CaseStore, Committed, OutboxItem, StoredCase } from './ports';
import type { OutboxFields } from './caseRows';
import {
  KIND_STATE,
  LATEST_KEY,
  eventKey,
  eventPrefix,
  eventRow,
  latestRow,
  onceRowKey,
  outboxIndexRow,
  outboxKey,
  outboxRow,
  partitionOf,
  rangeOf,
  readEvent,
  readState,
  stateKey,
  stateRow,
  timerIndexRow,
} from './caseRows';
import type { Row, StoredRow } from './entities';
import { MAX_TRANSACTION_BYTES, MAX_TRANSACTION_OPERATIONS, createIfAbsent, entityBytes, listRows, readRow, timeKey } from './entities';
import { StorageLimitError, guard, movedOn } from './errors';
import { EventCache } from './eventCache';
import { workChanges, workWrites } from './work.table';
import type { CoalescingWriter } from './coalescing';
import { submitTransaction } from './wire';

/** Told about index writes that failed after a commit succeeded (repair sweeps recover them). */
export type BackgroundErrorHandler = (error: unknown, context: string) => void;

export interface CaseTables {
  cases: TableClient;
  outboxIndex: TableClient;
  timers: TableClient;
  /** What waits on each person (work.table.ts): rows that changed follow the commit too. */
  work: TableClient;
  /** The outbox and timer index writes, shared by every commit and delivery of this instance (coalescing.ts). */
  indexes: IndexWriters;
}

export interface IndexWriters {
  outboxIndex: CoalescingWriter;
  timers: CoalescingWriter;
}

/** How long the instance that committed a ping has to deliver it before another instance may take it over. */
export const DELIVERY_LEASE_MS = 60_000;

function stored(row: StoredRow): StoredCase {
  return { state: readState(row), etag: row.etag, ...(typeof row.timerDueAt === 'string' ? { timerDueAt: row.timerDueAt } : {}) };
}

export class TableCaseStore implements CaseStore {
  private readonly eventCache = new EventCache();

  constructor(
    private readonly t: CaseTables,
    private readonly onBackgroundError: BackgroundErrorHandler,
    private readonly deliveryLeaseMs = DELIVERY_LEASE_MS,
  ) {}

  async latest(partnerId: string): Promise<StoredCase | undefined> {
    const row = await readRow(this.t.cases, partitionOf(partnerId), LATEST_KEY);
    return row ? stored(row) : undefined;
  }

  /** The latest case is read from the latest-case row; an earlier (closed) one from the state row it closed with. */
  async get(partnerId: string, caseId: string): Promise<StoredCase | undefined> {
    const latest = await readRow(this.t.cases, partitionOf(partnerId), LATEST_KEY);
    if (!latest || latest.caseId === caseId) return latest ? stored(latest) : undefined;
    const row = await readRow(this.t.cases, partitionOf(partnerId), stateKey(caseId));
    return row ? stored(row) : undefined;
  }

  async committedOnce(partnerId: string, onceKey: string): Promise<boolean> {
    return !!(await readRow(this.t.cases, partitionOf(partnerId), onceRowKey(onceKey)));
  }

  async events(partnerId: string, caseId: string, version?: number): Promise<CaseEvent[]> {
    const key = `${partnerId}|${caseId}`;
    const cached = version !== undefined ? this.eventCache.get(key, version) : undefined;
    if (cached) return cached;
    const known = this.eventCache.known(key);
    const from = known ? eventKey(caseId, known.length + 1) : eventPrefix(caseId);
    const rows = await listRows(this.t.cases, odata`PartitionKey eq ${partitionOf(partnerId)} and RowKey ge ${from} and RowKey lt ${rangeOf(eventPrefix(caseId)).to}`);
    const all = [...(known ?? []), ...rows.map(readEvent)];
    this.eventCache.put(key, all);
    return version !== undefined ? all.slice(0, version) : all;
  }

  async commit(commit: CaseCommit): Promise<Committed> {
    const { state, events, partnerId, caseId, read } = commit;
    if (state.caseId !== caseId || state.partnerId !== partnerId) {
      throw new TypeError(`Commit for ${partnerId}/${caseId} carries the state of ${state.partnerId}/${state.caseId}.`);
    }
    const first = state.version - events.length + 1;
    const opens = first === 1;
    if (first < 1 || (!opens && read?.state.caseId !== caseId)) {
      throw new TypeError(`Case ${caseId}: ${events.length} events cannot lead to version ${state.version} from what was read.`);
    }
    const createdAt = events.at(-1)?.at ?? state.stageStartedAt;
    // This instance delivers the pings right away; until the lease ends no other instance takes them.
    const notBefore = new Date(Date.parse(createdAt) + this.deliveryLeaseMs).toISOString();
    const outbox: OutboxFields[] = commit.notices.map((notice, i) => ({
      partnerId,
      outboxId: outboxKey(caseId, state.version, i),
      notice,
      createdAt,
      status: 'pending',
      attempts: 0,
      notBefore,
    }));

    const latest = latestRow(state, commit.nextDueAt);
    // A closing case keeps its final state in a row of its own, for when a later case takes the latest-case row.
    const closing: Row[] = state.status === 'closed' ? [stateRow(state, commit.nextDueAt)] : [];
    // The activity's once-row goes last, so the sub-responses of the events and outbox keep their places.
    const once: Row[] = commit.onceKey ? [{ partitionKey: partitionOf(partnerId), rowKey: onceRowKey(commit.onceKey), caseId, at: createdAt }] : [];
    const rows: Row[] = [latest, ...closing, ...events.map((e, i) => eventRow(partnerId, caseId, first + i, e)), ...outbox.map(outboxRow), ...once];
    if (rows.length > MAX_TRANSACTION_OPERATIONS) {
      throw new StorageLimitError(
        `Case ${caseId}: one change would write ${rows.length} rows (${events.length} events, ${outbox.length} notices and the state); ` +
          `a transaction holds at most ${MAX_TRANSACTION_OPERATIONS}. Nothing was written.`,
      );
    }
    const bytes = rows.reduce((sum, r) => sum + entityBytes(r), 0);
    if (bytes > MAX_TRANSACTION_BYTES) {
      throw new StorageLimitError(`Case ${caseId}: one change would write ${bytes} bytes; a transaction holds at most 4 MiB. Nothing was written.`);
    }

    // The latest-case row carries the guard: created for a partner's first case (a concurrent first flag gets
    // 409), replaced with the ETag read otherwise (a concurrent change gets 412).
    const guardRow: TransactionAction = !read ? ['create', latest] : ['update', latest, 'Replace', { etag: read.etag }];
    const actions: TransactionAction[] = [
      guardRow,
      ...closing.map((r): TransactionAction => ['upsert', r, 'Replace']),
      ...rows.slice(1 + closing.length).map((r): TransactionAction => ['create', r]),
    ];
    const response = await guard(`committing case ${caseId}`, () => submitTransaction(this.t.cases, actions), (status) =>
      status === 409 || status === 412 ? movedOn() : status === 404 ? new DomainError('CASE.NOT_FOUND', `There is no case ${caseId} to change.`) : undefined,
    );

    const etag = response.subResponses[0]?.etag?.trim() || (await this.etagOf(partnerId, state.version));
    this.eventCache.append(`${partnerId}|${caseId}`, first, events);
    const items: OutboxItem[] = outbox.map((o, i) => ({ ...o, etag: response.subResponses[1 + closing.length + events.length + i]?.etag ?? '' }));
    // Background work: it starts once the click's answer is written and the I/O waiting meanwhile (other people's
    // clicks) has had its turn of the event loop (the second setImmediate runs after the next poll for I/O).
    const before = read?.state.caseId === caseId ? read : undefined;
    const indexed = new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve))).then(() => this.afterCommit(commit, outbox, before));
    return { stored: { state, etag, ...(commit.nextDueAt ? { timerDueAt: commit.nextDueAt } : {}) }, outbox: items, indexed };
  }

  /** The latest case of every partner (the weekly digest): every partner's latest-case row. */
  async latestCases(): Promise<CaseState[]> {
    const rows = await listRows(this.t.cases, odata`RowKey eq ${LATEST_KEY}`);
    return rows.map(readState).sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0));
  }

  /** Writes the latest-case row of partitions written before it existed (once, at start-up). */
  async buildLatestRows(): Promise<number> {
    const states = await listRows(this.t.cases, odata`RowKey ge ${'c|'} and RowKey lt ${'c}'} and kind eq ${KIND_STATE}`);
    const best = new Map<string, StoredRow>();
    for (const row of states) {
      const seen = best.get(row.partitionKey);
      if (!seen || Number(row.caseNo) > Number(seen.caseNo)) best.set(row.partitionKey, row);
    }
    let written = 0;
    for (const row of best.values()) {
      const state = readState(row);
      const timerDueAt = typeof row.timerDueAt === 'string' ? row.timerDueAt : undefined;
      if (await createIfAbsent(this.t.cases, latestRow(state, timerDueAt))) written += 1;
    }
    return written;
  }

  /** The index entries live in other tables, so they follow the commit; a crash in between is repaired by the sweeps. */
  private async afterCommit(commit: CaseCommit, outbox: OutboxFields[], before: StoredCase | undefined): Promise<void> {
    const previousDue = before?.timerDueAt;
    const writes: { what: string; run: () => Promise<unknown> }[] = workWrites(this.t.work, workChanges(before?.state, commit.state));
    if (outbox.length) {
      writes.push({
        what: `outbox index entries for ${commit.caseId}`,
        // One partition (`pending`): one transaction for all of them, shared with other commits under way.
        run: () => this.t.indexes.outboxIndex.write(outbox.map((o) => ({ put: outboxIndexRow(o.partnerId, o.outboxId, o.notBefore) }))),
      });
    }
    const timerMoved = (previousDue ? timeKey(previousDue) : undefined) !== (commit.nextDueAt ? timeKey(commit.nextDueAt) : undefined);
    if (timerMoved) {
      writes.push({
        what: `timer index entry for ${commit.caseId}`,
        run: () =>
          this.t.indexes.timers.write([
            ...(commit.nextDueAt ? [{ put: timerIndexRow(commit.partnerId, commit.caseId, commit.nextDueAt) }] : []),
            ...(previousDue ? [{ remove: timerIndexRow(commit.partnerId, commit.caseId, previousDue) }] : []),
          ]),
      });
    }
    const results = await Promise.allSettled(writes.map((w) => w.run()));
    results.forEach((r, i) => {
      if (r.status === 'rejected') this.onBackgroundError(r.reason, `after commit: ${writes[i]!.what}`);
    });
  }

  /**
   * Fallback when the transaction response lacks the latest row's ETag. The commit succeeded; if someone else has
   * already moved the case on, an ETag that never matches makes the caller's next commit lose, as it should.
   */
  private async etagOf(partnerId: string, version: number): Promise<string> {
    const row = await readRow(this.t.cases, partitionOf(partnerId), LATEST_KEY);
    return row && Number(row.version) === version ? row.etag : 'stale';
  }
}
