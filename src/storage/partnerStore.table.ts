// Partner records: PK `partner`, RK the partner id.
import type { TableClient } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import { DomainError } from '../domain';
import type { PartnerRecord, PartnerStore } from './ports';
import type { Row, StoredRow } from './entities';
import { assertFits, canonicalJson, keyOf, listRows, readRow, readModifyWrite } from './entities';
import { guard } from './errors';

const PARTITION = 'partner';

function toRow(record: PartnerRecord): Row {
  const row: Row = {
    partitionKey: PARTITION,
    rowKey: keyOf(record.partnerId),
    partnerId: record.partnerId,
    name: record.name,
    aliases: JSON.stringify(record.aliases),
    salesDirectors: JSON.stringify(record.salesDirectors),
    archived: record.archived,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
  };
  assertFits(row, `Partner ${record.partnerId}`);
  return row;
}

function fromRow(row: StoredRow): PartnerRecord {
  return {
    partnerId: String(row.partnerId),
    name: String(row.name),
    aliases: JSON.parse(String(row.aliases ?? '[]')) as string[],
    salesDirectors: JSON.parse(String(row.salesDirectors ?? '[]')) as string[],
    archived: row.archived === true,
    createdAt: String(row.createdAt),
    createdBy: String(row.createdBy),
  };
}

export class TablePartnerStore implements PartnerStore {
  constructor(private readonly table: TableClient) {}

  async get(partnerId: string): Promise<PartnerRecord | undefined> {
    const row = await readRow(this.table, PARTITION, keyOf(partnerId));
    return row ? fromRow(row) : undefined;
  }

  async list(): Promise<PartnerRecord[]> {
    return (await listRows(this.table, odata`PartitionKey eq ${PARTITION}`)).map(fromRow);
  }

  async create(record: PartnerRecord): Promise<void> {
    const row = toRow(record);
    await guard(`creating partner ${record.partnerId}`, () => this.table.createEntity(row), (status) =>
      status === 409 ? new DomainError('INPUT.INVALID', `A partner with the id "${record.partnerId}" already exists.`) : undefined,
    );
  }

  async update(record: PartnerRecord): Promise<void> {
    const next = toRow(record);
    await readModifyWrite(this.table, PARTITION, next.rowKey, `Partner ${record.partnerId}`, (current) => {
      if (!current) throw new DomainError('INPUT.INVALID', `There is no partner "${record.partnerId}".`);
      return canonicalJson(fromRow(current)) === canonicalJson(fromRow(next as StoredRow)) ? undefined : next;
    });
  }
}
