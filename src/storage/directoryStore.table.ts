// The directory: PK `user`, RK the user's aadObjectId; roles as a JSON property.
import type { TableClient } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import type { Directory, DirectoryEntry, Role } from '../domain';
import type { DirectoryStore, Person } from './ports';
import type { Row, StoredRow } from './entities';
import { assertFits, canonicalJson, keyOf, listRows, readModifyWrite, readRow } from './entities';

const PARTITION = 'user';
const OPTIONAL = ['name', 'email', 'teamsId', 'tenantId', 'managerId'] as const;

function toRow(person: Person): Row {
  const row: Row = { partitionKey: PARTITION, rowKey: keyOf(person.userId), userId: person.userId, roles: JSON.stringify(person.roles) };
  for (const key of OPTIONAL) if (person[key] !== undefined) row[key] = person[key];
  assertFits(row, `Directory entry ${person.userId}`);
  return row;
}

function fromRow(row: StoredRow): Person {
  const person: Person = { userId: String(row.userId), roles: JSON.parse(String(row.roles ?? '[]')) as Role[] };
  for (const key of OPTIONAL) if (typeof row[key] === 'string') person[key] = row[key];
  return person;
}

function same(a: Person | undefined, b: Person): boolean {
  return a !== undefined && canonicalJson(a) === canonicalJson(b);
}

type PersonInput = Omit<Person, 'roles' | 'managerId'> & Partial<Pick<Person, 'roles' | 'managerId'>>;

export class TableDirectoryStore implements DirectoryStore {
  constructor(private readonly table: TableClient) {}

  async snapshot(): Promise<Directory> {
    const entries: Record<string, DirectoryEntry> = {};
    for (const p of await this.list()) {
      entries[p.userId] = { userId: p.userId, roles: p.roles, ...(p.name !== undefined ? { name: p.name } : {}), ...(p.managerId !== undefined ? { managerId: p.managerId } : {}) };
    }
    return { entries };
  }

  async get(userId: string): Promise<Person | undefined> {
    const row = await readRow(this.table, PARTITION, keyOf(userId));
    return row ? fromRow(row) : undefined;
  }

  async list(): Promise<Person[]> {
    return (await listRows(this.table, odata`PartitionKey eq ${PARTITION}`)).map(fromRow);
  }

  async upsertPerson(input: PersonInput): Promise<Person> {
    let result: Person | undefined;
    await this.change(input.userId, (current) => {
      const next: Person = { ...(current ?? { userId: input.userId, roles: [] }) };
      for (const key of OPTIONAL) if (input[key] !== undefined) next[key] = input[key];
      if (input.roles !== undefined) next.roles = [...new Set(input.roles)];
      result = next;
      return next;
    });
    return result!;
  }

  async setManager(userId: string, managerId: string | undefined): Promise<void> {
    await this.change(userId, (current) => {
      const next: Person = { ...(current ?? { userId, roles: [] }) };
      if (managerId !== undefined) next.managerId = managerId;
      else delete next.managerId;
      return next;
    });
  }

  async setRoles(userId: string, roles: Role[]): Promise<void> {
    await this.change(userId, (current) => ({ ...(current ?? { userId, roles: [] }), roles: [...new Set(roles)] }));
  }

  /** Read, change, write with the ETag read; only when something changed. */
  private async change(userId: string, edit: (current: Person | undefined) => Person): Promise<boolean> {
    return readModifyWrite(this.table, PARTITION, keyOf(userId), `Directory entry ${userId}`, (row) => {
      const current = row ? fromRow(row) : undefined;
      const next = edit(current);
      return same(current, next) ? undefined : toRow(next);
    });
  }
}
