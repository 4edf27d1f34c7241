// Digest runs in the digest table: one claim row per (ISO week, channel), PK `w|<week>`, RK the conversation id
// (encoded), created with createEntity so exactly one instance holds it, then changed only with its ETag; and one
// snapshot row per week, PK `snapshot`, RK the week id ("2025-W44" sorts in time order).
import type { TableClient } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import type { DigestSnapshot } from '../domain/digest';
import type { DigestClaim, DigestClaimChange, DigestRunStore } from './ports';
import type { Row, StoredRow } from './entities';
import { assertFits, createIfAbsent, jsonProps, keyOf, listRows, readJson, readRow } from './entities';
import { guard, hasStatus, toStorageError } from './errors';

export const SNAPSHOT_PARTITION = 'snapshot';
/** Diagnostics only: a long send error is cut so the row always fits. */
const MAX_ERROR_CHARS = 2_000;

export const weekPartition = (weekId: string): string => `w|${keyOf(weekId)}`;

function claimRow(claim: Omit<DigestClaim, 'etag'>): Row {
  const row: Row = {
    partitionKey: weekPartition(claim.weekId),
    rowKey: keyOf(claim.conversationId),
    weekId: claim.weekId,
    conversationId: claim.conversationId,
    status: claim.status,
    owner: claim.owner,
    claimedAt: claim.claimedAt,
    leaseUntil: claim.leaseUntil,
    attempts: claim.attempts,
  };
  if (claim.notBefore) row.notBefore = claim.notBefore;
  if (claim.activityId) row.activityId = claim.activityId;
  if (claim.sentAt) row.sentAt = claim.sentAt;
  if (claim.lastError) row.lastError = claim.lastError.slice(0, MAX_ERROR_CHARS);
  assertFits(row, `Digest claim ${claim.weekId} ${claim.conversationId}`);
  return row;
}

function readClaim(row: StoredRow): DigestClaim {
  const optional = (name: string) => (typeof row[name] === 'string' && row[name] ? { [name]: row[name] as string } : {});
  return {
    weekId: String(row.weekId),
    conversationId: String(row.conversationId),
    status: row.status as DigestClaim['status'],
    owner: String(row.owner),
    claimedAt: String(row.claimedAt),
    leaseUntil: String(row.leaseUntil),
    attempts: Number(row.attempts ?? 0),
    ...optional('notBefore'),
    ...optional('activityId'),
    ...optional('sentAt'),
    ...optional('lastError'),
    etag: row.etag,
  };
}

export class TableDigestRunStore implements DigestRunStore {
  constructor(private readonly table: TableClient) {}

  async claim(claim: Omit<DigestClaim, 'etag'>): Promise<DigestClaim | undefined> {
    const row = claimRow(claim);
    try {
      const response = await this.table.createEntity(row);
      return { ...claim, etag: response.etag ?? (await this.etagOf(claim.weekId, claim.conversationId)) };
    } catch (err) {
      if (hasStatus(err, 409)) return undefined;
      throw toStorageError(err, `claiming the digest of ${claim.weekId}`);
    }
  }

  async get(weekId: string, conversationId: string): Promise<DigestClaim | undefined> {
    const row = await readRow(this.table, weekPartition(weekId), keyOf(conversationId));
    return row ? readClaim(row) : undefined;
  }

  async update(claim: DigestClaim, change: DigestClaimChange): Promise<DigestClaim | undefined> {
    const { etag, ...current } = claim;
    const next = { ...current, ...change };
    for (const key of Object.keys(change) as (keyof DigestClaimChange)[]) if (change[key] === undefined) delete next[key];
    try {
      const response = await this.table.updateEntity(claimRow(next), 'Replace', { etag });
      return { ...next, etag: response.etag ?? (await this.etagOf(claim.weekId, claim.conversationId)) };
    } catch (err) {
      if (hasStatus(err, 404, 412)) return undefined;
      throw toStorageError(err, `updating the digest claim of ${claim.weekId}`);
    }
  }

  async forWeek(weekId: string): Promise<DigestClaim[]> {
    const rows = await listRows(this.table, odata`PartitionKey eq ${weekPartition(weekId)}`);
    return rows.map(readClaim);
  }

  saveSnapshot(snapshot: DigestSnapshot): Promise<boolean> {
    const row: Row = { partitionKey: SNAPSHOT_PARTITION, rowKey: keyOf(snapshot.weekId), weekId: snapshot.weekId, ...jsonProps('json', snapshot) };
    assertFits(row, `Digest snapshot ${snapshot.weekId}`);
    return createIfAbsent(this.table, row);
  }

  async snapshot(weekId: string): Promise<DigestSnapshot | undefined> {
    const row = await readRow(this.table, SNAPSHOT_PARTITION, keyOf(weekId));
    return row ? readJson<DigestSnapshot>(row, 'json') : undefined;
  }

  async snapshotBefore(weekId: string): Promise<DigestSnapshot | undefined> {
    // Keys ascend, so the wanted row is the last of the range; a year of weeks is 52 small rows.
    const filter = odata`PartitionKey eq ${SNAPSHOT_PARTITION} and RowKey lt ${keyOf(weekId)}`;
    return guard('reading digest snapshots', async () => {
      let last: DigestSnapshot | undefined;
      for await (const row of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) last = readJson<DigestSnapshot>(row, 'json');
      return last;
    });
  }

  private async etagOf(weekId: string, conversationId: string): Promise<string> {
    return (await readRow(this.table, weekPartition(weekId), keyOf(conversationId)))?.etag ?? '';
  }
}
