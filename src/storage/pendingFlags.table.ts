// Flags typed for a partner that does not exist yet: their own partition (`pendingflag`) of the partners table.
import type { TableClient } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import { DomainError } from '../domain';
import type { PendingFlag, PendingFlagStore } from './ports';
import type { Row, StoredRow } from './entities';
import { assertFits, canonicalJson, jsonProps, keyOf, listRows, readJson, readModifyWrite, readRow } from './entities';
import { guard } from './errors';

const PARTITION = 'pendingflag';

function toRow(flag: PendingFlag): Row {
  const row: Row = {
    partitionKey: PARTITION,
    rowKey: keyOf(flag.requestId),
    requestId: flag.requestId,
    partnerName: flag.partnerName,
    requestedBy: flag.requestedBy,
    requestedAt: flag.requestedAt,
    conversationId: flag.conversationId,
    status: flag.status,
    ...(flag.partnerId !== undefined ? { partnerId: flag.partnerId } : {}),
    ...(flag.command !== undefined ? jsonProps('command', flag.command) : {}),
  };
  assertFits(row, `Pending flag ${flag.requestId}`);
  return row;
}

function fromRow(row: StoredRow): PendingFlag {
  return {
    requestId: String(row.requestId),
    partnerName: String(row.partnerName),
    requestedBy: String(row.requestedBy),
    requestedAt: String(row.requestedAt),
    conversationId: String(row.conversationId),
    command: typeof row.commandParts === 'number' ? readJson<unknown>(row, 'command') : undefined,
    status: row.status as PendingFlag['status'],
    ...(typeof row.partnerId === 'string' ? { partnerId: row.partnerId } : {}),
  };
}

export class TablePendingFlagStore implements PendingFlagStore {
  constructor(private readonly table: TableClient) {}

  /** Adding the same request twice is a no-op; another flag under a taken id is refused. */
  async add(flag: PendingFlag): Promise<void> {
    const row = toRow(flag);
    try {
      await guard(`recording pending flag ${flag.requestId}`, () => this.table.createEntity(row), (status) => (status === 409 ? new Conflict() : undefined));
    } catch (err) {
      if (!(err instanceof Conflict)) throw err;
      const existing = await readRow(this.table, PARTITION, row.rowKey);
      if (existing && canonicalJson(fromRow(existing)) === canonicalJson(fromRow(row as StoredRow))) return;
      throw new DomainError('INPUT.INVALID', `A pending flag with the id "${flag.requestId}" already exists.`);
    }
  }

  async pending(): Promise<PendingFlag[]> {
    const rows = await listRows(this.table, odata`PartitionKey eq ${PARTITION} and status eq ${'pending'}`);
    return rows.map(fromRow).sort((a, b) => (a.requestedAt < b.requestedAt ? -1 : a.requestedAt > b.requestedAt ? 1 : 0));
  }

  async resolve(requestId: string, status: 'recorded' | 'dismissed', partnerId?: string): Promise<void> {
    await readModifyWrite(this.table, PARTITION, keyOf(requestId), `Pending flag ${requestId}`, (current) => {
      if (!current) throw new DomainError('INPUT.INVALID', `There is no pending flag "${requestId}".`);
      const flag = fromRow(current);
      if (flag.status === status && flag.partnerId === partnerId) return undefined;
      if (flag.status !== 'pending') throw new DomainError('CASE.MOVED_ON', `That request was already ${flag.status}.`);
      const { partnerId: _old, ...rest } = flag;
      return toRow({ ...rest, status, ...(partnerId !== undefined ? { partnerId } : {}) });
    });
  }
}

class Conflict extends Error {}
