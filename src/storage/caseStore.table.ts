// Cases in Azure Table Storage: events, the state row and the notices' outbox rows of one change go in one
// entity-group transaction of the partner's partition, conditional on the state row's ETag.
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import type { CaseEvent, CaseState } from '../domain';
import { DomainError } from '../domain';
import type { CaseCommit, CaseStore, StoredCase } from './ports';
import type { OutboxFields } from './caseRows';
import {
  KIND_STATE,
  eventPrefix,
  eventRow,
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
import type { Row } from './entities';
import { MAX_TRANSACTION_BYTES, MAX_TRANSACTION_OPERATIONS, createIfAbsent, deleteIfPresent, entityBytes, listRows, readRow, timeKey } from './entities';
import { StorageLimitError, guard, movedOn } from './errors';

/** Told about index writes that failed after a commit succeeded (repair sweeps recover them). */
export type BackgroundErrorHandler = (error: unknown, context: string) => void;

export interface CaseTables {
  cases: TableClient;
  outboxIndex: TableClient;
  timers: TableClient;
}

export class TableCaseStore implements CaseStore {
  constructor(
    private readonly t: CaseTables,
    private readonly onBackgroundError: BackgroundErrorHandler,
  ) {}

  async latest(partnerId: string): Promise<StoredCase | undefined> {
    const rows = await listRows(
      this.t.cases,
      odata`PartitionKey eq ${partitionOf(partnerId)} and RowKey ge ${'c|'} and RowKey lt ${'c}'} and kind eq ${KIND_STATE}`,
      ['caseId', 'caseNo'],
    );
    let best: { caseId: string; caseNo: number } | undefined;
    for (const row of rows) {
      const caseNo = Number(row.caseNo);
      if (!best || caseNo > best.caseNo) best = { caseId: String(row.caseId), caseNo };
    }
    return best ? this.get(partnerId, best.caseId) : undefined;
  }

  async get(partnerId: string, caseId: string): Promise<StoredCase | undefined> {
    const row = await readRow(this.t.cases, partitionOf(partnerId), stateKey(caseId));
    return row ? { state: readState(row), etag: row.etag } : undefined;
  }

  async events(partnerId: string, caseId: string): Promise<CaseEvent[]> {
    const { from, to } = rangeOf(eventPrefix(caseId));
    const rows = await listRows(this.t.cases, odata`PartitionKey eq ${partitionOf(partnerId)} and RowKey ge ${from} and RowKey lt ${to}`);
    return rows.map(readEvent);
  }

  async commit(commit: CaseCommit): Promise<StoredCase> {
    const { state, events, partnerId, caseId } = commit;
    if (state.caseId !== caseId || state.partnerId !== partnerId) {
      throw new TypeError(`Commit for ${partnerId}/${caseId} carries the state of ${state.partnerId}/${state.caseId}.`);
    }
    const first = state.version - events.length + 1;
    if (first < 1 || (commit.etag === undefined && first !== 1)) {
      throw new TypeError(`Case ${caseId}: ${events.length} events cannot lead to version ${state.version}${commit.etag === undefined ? ' of a new case' : ''}.`);
    }
    const pk = partitionOf(partnerId);
    const createdAt = events.at(-1)?.at ?? state.stageStartedAt;
    const outbox: OutboxFields[] = commit.notices.map((notice, i) => ({
      partnerId,
      outboxId: outboxKey(caseId, state.version, i),
      notice,
      createdAt,
      status: 'pending',
      attempts: 0,
      notBefore: createdAt,
    }));
    const newTimer = commit.nextDueAt ? timerIndexRow(partnerId, caseId, commit.nextDueAt) : undefined;

    const stateEntity = stateRow(state, commit.nextDueAt);
    const rows: Row[] = [stateEntity, ...events.map((e, i) => eventRow(partnerId, caseId, first + i, e)), ...outbox.map(outboxRow)];
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

    // The state row we replace, read with the ETag we were given: a stale ETag loses here already, and its
    // due time names the timer-index entry to drop.
    let previousDue: string | undefined;
    if (commit.etag !== undefined) {
      const current = await readRow(this.t.cases, pk, stateKey(caseId), ['timerDueAt']);
      if (!current) throw new DomainError('CASE.NOT_FOUND', `There is no case ${caseId} to change.`);
      if (current.etag !== commit.etag) throw movedOn();
      previousDue = typeof current.timerDueAt === 'string' ? current.timerDueAt : undefined;
    }

    const actions: TransactionAction[] = [
      commit.etag === undefined ? ['create', stateEntity] : ['update', stateEntity, 'Replace', { etag: commit.etag }],
      ...rows.slice(1).map((r): TransactionAction => ['create', r]),
    ];
    const response = await guard(`committing case ${caseId}`, () => this.t.cases.submitTransaction(actions), (status) =>
      status === 409 || status === 412 ? movedOn() : undefined,
    );

    await this.afterCommit(commit, outbox, previousDue, newTimer);
    const etag = response.subResponses[0]?.etag?.trim() || (await this.etagOf(partnerId, caseId, state.version));
    return { state, etag };
  }

  async latestCases(): Promise<CaseState[]> {
    const rows = await listRows(this.t.cases, odata`RowKey ge ${'c|'} and RowKey lt ${'c}'} and kind eq ${KIND_STATE}`);
    const best = new Map<string, (typeof rows)[number]>();
    for (const row of rows) {
      const seen = best.get(row.partitionKey);
      if (!seen || Number(row.caseNo) > Number(seen.caseNo)) best.set(row.partitionKey, row);
    }
    return [...best.values()].map(readState).sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0));
  }

  /** The index entries live in other tables, so they follow the commit; a crash in between is repaired by the sweeps. */
  private async afterCommit(commit: CaseCommit, outbox: OutboxFields[], previousDue: string | undefined, newTimer: Row | undefined): Promise<void> {
    const writes: { what: string; run: () => Promise<unknown> }[] = outbox.map((o) => ({
      what: `outbox index entry for ${o.outboxId}`,
      run: () => createIfAbsent(this.t.outboxIndex, outboxIndexRow(o.partnerId, o.outboxId, o.notBefore)),
    }));
    const timerMoved = (previousDue ? timeKey(previousDue) : undefined) !== (commit.nextDueAt ? timeKey(commit.nextDueAt) : undefined);
    if (timerMoved && newTimer) writes.push({ what: `timer index entry for ${commit.caseId}`, run: () => createIfAbsent(this.t.timers, newTimer) });
    await this.settle(writes);
    if (timerMoved && previousDue) {
      const old = timerIndexRow(commit.partnerId, commit.caseId, previousDue);
      await this.settle([{ what: `old timer index entry for ${commit.caseId}`, run: () => deleteIfPresent(this.t.timers, old.partitionKey, old.rowKey) }]);
    }
  }

  private async settle(writes: { what: string; run: () => Promise<unknown> }[]): Promise<void> {
    const results = await Promise.allSettled(writes.map((w) => w.run()));
    results.forEach((r, i) => {
      if (r.status === 'rejected') this.onBackgroundError(r.reason, `after commit: ${writes[i]!.what}`);
    });
  }

  /**
   * Fallback when the transaction response lacks the state row's ETag. The commit succeeded; if someone else has
   * already moved the case on, an ETag that never matches makes the caller's next commit lose, as it should.
   */
  private async etagOf(partnerId: string, caseId: string, version: number): Promise<string> {
    const row = await readRow(this.t.cases, partitionOf(partnerId), stateKey(caseId), ['version']);
    return row && Number(row.version) === version ? row.etag : 'stale';
  }
}
