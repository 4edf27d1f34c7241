// Partner records: one partition each (`p|<partner id>`, row `partner`). Each instance keeps the whole list in
// memory (partners are few and change rarely) and reads it again only when the change marker says it changed.
import type { TableClient } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import { DomainError } from '../domain';
import { PartnerFinder } from '../domain/partnerFinder';
import type { Freshness } from './changes.table';
import type { PartnerLookup, PartnerRecord, PartnerStore } from './ports';
import type { Row, StoredRow } from './entities';
import { assertFits, canonicalJson, createIfAbsent, keyOf, listRows, readModifyWrite } from './entities';
import { guard } from './errors';

const ROW = 'partner';
const partitionOf = (partnerId: string) => `p|${keyOf(partnerId)}`;

export function partnerRow(record: PartnerRecord): Row {
  const row: Row = {
    partitionKey: partitionOf(record.partnerId),
    rowKey: ROW,
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
  private all: Map<string, PartnerRecord> | undefined;
  private loading: Promise<Map<string, PartnerRecord>> | undefined;
  /** The finder of the copy `all` held when it was built. */
  private found: { of: Map<string, PartnerRecord>; finder: PartnerFinder<PartnerRecord> } | undefined;

  constructor(
    private readonly table: TableClient,
    private readonly freshness?: Freshness,
  ) {
    freshness?.onStale('partners', () => this.forget());
  }

  forget(): void {
    this.all = undefined;
    this.loading = undefined;
    this.found = undefined;
  }

  async get(partnerId: string): Promise<PartnerRecord | undefined> {
    return (await this.catalog()).get(partnerId);
  }

  async list(): Promise<PartnerRecord[]> {
    return [...(await this.catalog()).values()];
  }

  async finder(): Promise<PartnerLookup> {
    return this.finderOf(await this.catalog());
  }

  knownFinder(): PartnerLookup | undefined {
    return this.all && this.finderOf(this.all);
  }

  private finderOf(all: Map<string, PartnerRecord>): PartnerLookup {
    if (this.found?.of !== all) this.found = { of: all, finder: new PartnerFinder(all.values()) };
    return this.found.finder;
  }

  async create(record: PartnerRecord): Promise<void> {
    const row = partnerRow(record);
    await guard(`creating partner ${record.partnerId}`, () => this.table.createEntity(row), (status) =>
      status === 409 ? new DomainError('INPUT.INVALID', `A partner with the id "${record.partnerId}" already exists.`) : undefined,
    );
    await this.changed(record);
  }

  async update(record: PartnerRecord): Promise<void> {
    const next = partnerRow(record);
    const wrote = await readModifyWrite(this.table, next.partitionKey, ROW, `Partner ${record.partnerId}`, (current) => {
      if (!current) throw new DomainError('INPUT.INVALID', `There is no partner "${record.partnerId}".`);
      return canonicalJson(fromRow(current)) === canonicalJson(fromRow(next as StoredRow)) ? undefined : next;
    });
    if (wrote) await this.changed(record);
  }

  /** Moves partners stored in one `partner` partition (an earlier layout) to partitions of their own. Once, at start-up. */
  async migrateFromSharedPartition(): Promise<number> {
    const old = await listRows(this.table, odata`PartitionKey eq ${'partner'}`);
    for (const row of old) await createIfAbsent(this.table, partnerRow(fromRow(row)));
    this.forget();
    return old.length;
  }

  private async changed(record: PartnerRecord): Promise<void> {
    this.all?.set(record.partnerId, record);
    this.found = undefined;
    await this.freshness?.changed('partners');
  }

  /** The list, read once per change (concurrent first readers share one read). */
  private catalog(): Promise<Map<string, PartnerRecord>> {
    if (this.all) return Promise.resolve(this.all);
    if (this.loading) return this.loading;
    const loading: Promise<Map<string, PartnerRecord>> = listRows(this.table, odata`RowKey eq ${ROW} and PartitionKey ge ${'p|'} and PartitionKey lt ${'p}'}`).then(
      (rows) => {
        const map = new Map(rows.map((r) => fromRow(r)).map((p) => [p.partnerId, p]));
        // Kept only if nothing made it stale while it was read.
        if (this.loading === loading) {
          this.all = map;
          this.loading = undefined;
        }
        return map;
      },
      (err: unknown) => {
        if (this.loading === loading) this.loading = undefined;
        throw err;
      },
    );
    this.loading = loading;
    return loading;
  }
}
