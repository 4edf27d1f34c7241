// The cases table, one partition per partner. Row keys:
//   latest                        the partner's latest case: its state again, and the ETag every commit is guarded by
//   c|<caseId>|state              the case's state (kept for every case, closed ones too)
//   c|<caseId>|e|<version:10>     one event, written once, never updated or deleted
//   o|<caseId>|<version:10>|<i:3> one outbox item (a notice raised by the commit that reached <version>)
// and the two index tables that point into it.
import type { CaseEvent, CaseState, Evidence, Notice } from '../domain';
import type { OutboxItem } from './ports';
import type { Row, StoredRow } from './entities';
import { assertFits, jsonProps, keyOf, pad, readJson, singleJsonProp, timeKey } from './entities';

export const partitionOf = (partnerId: string): string => keyOf(partnerId);

export const stateKey = (caseId: string): string => `c|${keyOf(caseId)}|state`;
export const eventPrefix = (caseId: string): string => `c|${keyOf(caseId)}|e|`;
export const eventKey = (caseId: string, version: number): string => `${eventPrefix(caseId)}${pad(version, 10)}`;
export const outboxPrefix = (caseId: string): string => `o|${keyOf(caseId)}|`;
export const outboxKey = (caseId: string, version: number, i: number): string => `${outboxPrefix(caseId)}${pad(version, 10)}|${pad(i, 3)}`;

/** Every key that starts with `prefix`: `prefix` ≤ key < `prefix` with its last `|` raised to `}`. */
export function rangeOf(prefix: string): { from: string; to: string } {
  return { from: prefix, to: `${prefix.slice(0, -1)}}` };
}

// ---------------------------------------------------------------- state rows

export const KIND_STATE = 'state';
export const KIND_EVENT = 'event';
export const KIND_OUTBOX = 'outbox';

export function stateRow(state: CaseState, nextDueAt: string | undefined): Row {
  const row: Row = {
    partitionKey: partitionOf(state.partnerId),
    rowKey: stateKey(state.caseId),
    kind: KIND_STATE,
    partnerId: state.partnerId,
    caseId: state.caseId,
    caseNo: state.caseNo,
    version: state.version,
    status: state.status,
    step: state.step,
    ...(nextDueAt ? { timerDueAt: nextDueAt } : {}),
    ...jsonProps('json', state),
  };
  assertFits(row, `The state of case ${state.caseId}`);
  return row;
}

export const LATEST_KEY = 'latest';

/** A change that must count once (CaseCommit.onceKey): one row per Teams activity, beside the partner's cases. */
export const onceRowKey = (onceKey: string): string => `once|${keyOf(onceKey)}`;
export const KIND_LATEST = 'latest';

/** The partner's latest case, read with one point read by whatever does not know the case id (a typed flag). */
export function latestRow(state: CaseState, nextDueAt: string | undefined): Row {
  return { ...stateRow(state, nextDueAt), rowKey: LATEST_KEY, kind: KIND_LATEST };
}

export function readState(row: StoredRow): CaseState {
  return readJson<CaseState>(row, 'json');
}

// ---------------------------------------------------------------- event rows

/** Each evidence item is its own property (`evidence0`…); the rest of the event is chunked JSON. */
export function eventRow(partnerId: string, caseId: string, version: number, event: CaseEvent): Row {
  const { evidence, ...rest } = event as CaseEvent & { evidence?: Evidence[] };
  const row: Row = {
    partitionKey: partitionOf(partnerId),
    rowKey: eventKey(caseId, version),
    kind: KIND_EVENT,
    caseId,
    version,
    type: event.type,
    at: event.at,
    actor: event.actor,
    ...jsonProps('json', rest),
  };
  if (evidence) {
    row.evidenceCount = evidence.length;
    evidence.forEach((item, i) => Object.assign(row, singleJsonProp(`evidence${i}`, item, `Evidence item ${i + 1} of event ${version} of ${caseId}`)));
  }
  assertFits(row, `Event ${version} of case ${caseId}`);
  return row;
}

export function readEvent(row: StoredRow): CaseEvent {
  const event = readJson<Record<string, unknown>>(row, 'json');
  const count = row.evidenceCount;
  if (typeof count === 'number') {
    event.evidence = Array.from({ length: count }, (_, i) => JSON.parse(String(row[`evidence${i}`])) as Evidence);
  }
  return event as unknown as CaseEvent;
}

// ---------------------------------------------------------------- outbox rows and their index

export const OUTBOX_INDEX_PARTITION = 'pending';

export type OutboxFields = Omit<OutboxItem, 'etag'>;

/** Diagnostics, not data: a long error is cut so the row always fits. */
export const MAX_ERROR_CHARS = 4_000;

export function outboxRow(item: OutboxFields): Row {
  const row: Row = {
    partitionKey: partitionOf(item.partnerId),
    rowKey: item.outboxId,
    kind: KIND_OUTBOX,
    partnerId: item.partnerId,
    caseId: item.notice.caseId,
    status: item.status,
    attempts: item.attempts,
    notBefore: item.notBefore,
    createdAt: item.createdAt,
    ...(item.lastError !== undefined ? { lastError: item.lastError.slice(0, MAX_ERROR_CHARS) } : {}),
    ...jsonProps('notice', item.notice),
  };
  assertFits(row, `Outbox item ${item.outboxId}`);
  return row;
}

export function readOutbox(row: StoredRow): OutboxItem {
  return {
    partnerId: String(row.partnerId),
    outboxId: row.rowKey,
    notice: readJson<Notice>(row, 'notice'),
    createdAt: String(row.createdAt),
    status: row.status as OutboxItem['status'],
    attempts: Number(row.attempts),
    notBefore: String(row.notBefore),
    ...(typeof row.lastError === 'string' ? { lastError: row.lastError } : {}),
    etag: row.etag,
  };
}

export function outboxIndexRow(partnerId: string, outboxId: string, notBefore: string): Row {
  return {
    partitionKey: OUTBOX_INDEX_PARTITION,
    rowKey: `${timeKey(notBefore)}|${partitionOf(partnerId)}|${outboxId}`,
    partnerId,
    outboxId,
    notBefore,
  };
}

// ---------------------------------------------------------------- timer index

export const TIMER_INDEX_PARTITION = 'due';

export function timerIndexRow(partnerId: string, caseId: string, dueAt: string): Row {
  return {
    partitionKey: TIMER_INDEX_PARTITION,
    rowKey: `${timeKey(dueAt)}|${partitionOf(partnerId)}|${keyOf(caseId)}`,
    partnerId,
    caseId,
    dueAt,
  };
}
