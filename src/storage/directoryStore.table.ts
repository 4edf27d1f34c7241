// The directory: one partition (`user`), each person a row keyed by aadObjectId, with two kinds of index row
// beside them written in the same transaction: `teams|<29:id>` (who a Teams id is) and `role|<role>|<id>` (who
// holds a role). A click reads people by key from this instance's cache, never the whole directory; the cache
// is dropped when the change marker says another instance changed someone (see changes.table.ts).
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import type { Directory, DirectoryEntry, Role } from '../domain';
import { ROLES } from '../domain';
import type { Freshness } from './changes.table';
import type { DirectoryStore, Person } from './ports';
import type { Row, StoredRow } from './entities';
import { assertFits, canonicalJson, keyOf, listRows, readRow } from './entities';
import { guard, movedOn } from './errors';

const PARTITION = 'user';
const OPTIONAL = ['name', 'email', 'teamsId', 'tenantId', 'managerId'] as const;
const TEAMS = 'teams|';
const ROLE = 'role|';
/** People kept in memory at most; beyond it the cache starts again (a click still reads only whom it needs). */
const MAX_CACHED = 50_000;

function toRow(person: Person): Row {
  const row: Row = { partitionKey: PARTITION, rowKey: keyOf(person.userId), userId: person.userId, roles: JSON.stringify(person.roles) };
  for (const key of OPTIONAL) if (person[key] !== undefined) row[key] = person[key];
  if (person.reach) row.reach = person.reach;
  assertFits(row, `Directory entry ${person.userId}`);
  return row;
}

function fromRow(row: StoredRow): Person {
  const person: Person = { userId: String(row.userId), roles: JSON.parse(String(row.roles ?? '[]')) as Role[] };
  for (const key of OPTIONAL) if (typeof row[key] === 'string') person[key] = row[key];
  if (row.reach === 'unreachable') person.reach = 'unreachable';
  return person;
}

const isPersonRow = (row: StoredRow) => !row.rowKey.startsWith(TEAMS) && !row.rowKey.startsWith(ROLE);
const teamsKey = (teamsId: string) => `${TEAMS}${keyOf(teamsId)}`;
const roleKey = (role: Role, userId: string) => `${ROLE}${role}|${keyOf(userId)}`;

type PersonInput = Omit<Person, 'roles' | 'managerId' | 'reach'> & Partial<Pick<Person, 'roles' | 'managerId'>>;

export class TableDirectoryStore implements DirectoryStore {
  private people = new Map<string, Person | null>();
  private teams = new Map<string, string>();
  private roles = new Map<Role, string[]>();

  constructor(
    private readonly table: TableClient,
    private readonly freshness?: Freshness,
  ) {
    freshness?.onStale('directory', () => this.forget());
  }

  /** Drops everything this instance remembers (another instance changed the directory). */
  forget(): void {
    this.people = new Map();
    this.teams = new Map();
    this.roles = new Map();
  }

  async get(userId: string): Promise<Person | undefined> {
    const cached = this.people.get(userId);
    if (cached !== undefined) return cached ?? undefined;
    const row = await readRow(this.table, PARTITION, keyOf(userId));
    const person = row ? fromRow(row) : undefined;
    this.remember(userId, person ?? null);
    return person;
  }

  async getMany(userIds: readonly string[]): Promise<Map<string, Person>> {
    const found = await Promise.all([...new Set(userIds)].map(async (id) => [id, await this.get(id)] as const));
    return new Map(found.filter((f): f is readonly [string, Person] => f[1] !== undefined));
  }

  async byTeamsId(teamsId: string): Promise<Person | undefined> {
    const known = this.teams.get(teamsId);
    const userId = known ?? (await readRow(this.table, PARTITION, teamsKey(teamsId)))?.userId;
    if (typeof userId !== 'string') return undefined;
    const person = await this.get(userId);
    // An index row left behind by a person whose Teams id changed since is not them any more.
    if (person?.teamsId !== teamsId) return undefined;
    this.teams.set(teamsId, userId);
    return person;
  }

  async withRole(role: Role): Promise<string[]> {
    const cached = this.roles.get(role);
    if (cached) return cached;
    const rows = await listRows(this.table, odata`PartitionKey eq ${PARTITION} and RowKey ge ${`${ROLE}${role}|`} and RowKey lt ${`${ROLE}${role}}`} and present eq ${true}`);
    const ids = rows.map((r) => String(r.userId)).sort();
    this.roles.set(role, ids);
    return ids;
  }

  /** Everyone, read in full (imports, `org show`, the digest): never on a click. */
  async list(): Promise<Person[]> {
    return (await listRows(this.table, odata`PartitionKey eq ${PARTITION}`)).filter(isPersonRow).map(fromRow);
  }

  async snapshot(): Promise<Directory> {
    const entries: Record<string, DirectoryEntry> = {};
    for (const p of await this.list()) entries[p.userId] = entryOf(p);
    return { entries };
  }

  async upsertPerson(input: PersonInput): Promise<Person> {
    return this.change(input.userId, (current) => {
      const next: Person = { ...(current ?? { userId: input.userId, roles: [] }) };
      for (const key of OPTIONAL) if (input[key] !== undefined) next[key] = input[key];
      if (input.roles !== undefined) next.roles = [...new Set(input.roles)];
      return next;
    });
  }

  async setManager(userId: string, managerId: string | undefined): Promise<void> {
    await this.change(userId, (current) => {
      const next: Person = { ...(current ?? { userId, roles: [] }) };
      if (managerId !== undefined) next.managerId = managerId;
      else delete next.managerId;
      return next;
    });
  }

  async setReach(userId: string, unreachable: boolean): Promise<void> {
    const known = await this.get(userId);
    if (!known || (known.reach === 'unreachable') === unreachable) return;
    await this.change(userId, (current) => {
      const next: Person = { ...(current ?? { userId, roles: [] }) };
      if (unreachable) next.reach = 'unreachable';
      else delete next.reach;
      return next;
    });
  }

  async setRoles(userId: string, roles: Role[]): Promise<void> {
    await this.change(userId, (current) => ({ ...(current ?? { userId, roles: [] }), roles: [...new Set(roles)] }));
  }

  /** Writes the index rows of everyone (once, for a directory written before they existed). */
  async buildIndexes(): Promise<number> {
    const people = await this.list();
    for (let i = 0; i < people.length; i += 50) {
      const actions = people.slice(i, i + 50).flatMap((p) => indexActions(undefined, p));
      if (actions.length) await guard('building the directory index', () => this.table.submitTransaction(actions));
    }
    this.forget();
    return people.length;
  }

  /** Read, change, write the person and their index rows in one transaction with the ETag read; only when something changed. */
  private async change(userId: string, edit: (current: Person | undefined) => Person): Promise<Person> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const row = await readRow(this.table, PARTITION, keyOf(userId));
      const current = row ? fromRow(row) : undefined;
      const next = edit(current);
      if (current && canonicalJson(current) === canonicalJson(next)) {
        this.remember(userId, current);
        return current;
      }
      const personRow = toRow(next);
      const actions: TransactionAction[] = [row ? ['update', personRow, 'Replace', { etag: row.etag }] : ['create', personRow], ...indexActions(current, next)];
      try {
        await guard(`writing directory entry ${userId}`, () => this.table.submitTransaction(actions), (status) => (status === 409 || status === 412 ? movedOn() : undefined));
      } catch (err) {
        if ((err as { code?: string }).code === 'CASE.MOVED_ON') continue;
        throw err;
      }
      this.remember(userId, next);
      if (current?.teamsId && current.teamsId !== next.teamsId) this.teams.delete(current.teamsId);
      if (next.teamsId) this.teams.set(next.teamsId, userId);
      this.roles = new Map();
      await this.freshness?.changed('directory');
      return next;
    }
    throw movedOn(`Directory entry ${userId} kept changing while we wrote it: please try again.`);
  }

  private remember(userId: string, person: Person | null): void {
    if (this.people.size >= MAX_CACHED) this.forget();
    this.people.set(userId, person);
  }
}

/** The index rows a change needs: the Teams id's, and one per role (present or not: rows are never deleted). */
function indexActions(before: Person | undefined, after: Person): TransactionAction[] {
  const actions: TransactionAction[] = [];
  if (after.teamsId && after.teamsId !== before?.teamsId) {
    actions.push(['upsert', { partitionKey: PARTITION, rowKey: teamsKey(after.teamsId), userId: after.userId }, 'Replace']);
  }
  for (const role of ROLES) {
    const had = before?.roles.includes(role) ?? false;
    const has = after.roles.includes(role);
    if (had !== has || (has && !before)) actions.push(['upsert', { partitionKey: PARTITION, rowKey: roleKey(role, after.userId), userId: after.userId, present: has }, 'Replace']);
  }
  return actions;
}

export function entryOf(p: Person): DirectoryEntry {
  return { userId: p.userId, roles: p.roles, ...(p.name !== undefined ? { name: p.name } : {}), ...(p.managerId !== undefined ? { managerId: p.managerId } : {}) };
}
