// The directory: each person a partition of their own (`u|<aadObjectId>`, row `person`), so reading one costs the
// same among 50 or 100,000 people on every store (Azurite indexes partitions, not rows). Three kinds of index row:
// `t|<29:id>` (who a Teams id is), `m|<email>` (who an address is, or an email-only import row waiting for its
// person) and `r|<role>` partitions (who holds a role), written before the person row and checked against it when read. A click reads people by key from this instance's cache, never the whole
// directory; the cache is dropped when the change marker says another instance changed someone.
import type { TableClient } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import type { Directory, DirectoryEntry, Role } from '../domain';
import { ROLES } from '../domain';
import type { Freshness } from './changes.table';
import type { DirectoryStore, PendingPerson, Person, PersonInput, Reach } from './ports';
import type { Row, StoredRow } from './entities';
import { assertFits, canonicalJson, createIfAbsent, keyOf, listRows, readRow } from './entities';
import { guard, movedOn } from './errors';

const PERSON = 'person';
const OPTIONAL = ['name', 'email', 'teamsId', 'tenantId', 'managerId', 'timeZone', 'department', 'graphManagerId', 'graphAt'] as const;

/** People kept in memory at most; beyond it the cache starts again (a click still reads only whom it needs). */
const MAX_CACHED = 50_000;

const personKey = (userId: string) => `u|${keyOf(userId)}`;
const teamsKey = (teamsId: string) => `t|${keyOf(teamsId)}`;
const emailKey = (email: string) => `m|${keyOf(email.trim().toLowerCase())}`;
const roleKey = (role: Role) => `r|${role}`;

function toRow(person: Person): Row {
  const row: Row = { partitionKey: personKey(person.userId), rowKey: PERSON, userId: person.userId, roles: JSON.stringify(person.roles) };
  for (const key of OPTIONAL) if (person[key] !== undefined) row[key] = person[key];
  if (person.reach) row.reach = person.reach;
  assertFits(row, `Directory entry ${person.userId}`);
  return row;
}

function fromRow(row: StoredRow): Person {
  const person: Person = { userId: String(row.userId), roles: JSON.parse(String(row.roles ?? '[]')) as Role[] };
  for (const key of OPTIONAL) if (typeof row[key] === 'string') person[key] = row[key];
  // 'unreachable' is how an earlier version recorded any failed 1:1 ping.
  if (row.reach === 'blocked') person.reach = 'blocked';
  else if (row.reach === 'not-yet' || row.reach === 'unreachable') person.reach = 'not-yet';
  return person;
}

export class TableDirectoryStore implements DirectoryStore {
  private people = new Map<string, Person | null>();
  private teams = new Map<string, string>();
  private emails = new Map<string, string | null>();
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
    this.emails = new Map();
    this.roles = new Map();
  }

  async get(userId: string): Promise<Person | undefined> {
    const cached = this.people.get(userId);
    if (cached !== undefined) return cached ?? undefined;
    const row = await readRow(this.table, personKey(userId), PERSON);
    const person = row ? await this.withManagerResolved(fromRow(row)) : undefined;
    this.remember(userId, person ?? null);
    return person;
  }

  /**
   * An import may name a manager by email before anyone knows their Entra id: once that address has a person,
   * the manager is them; until then the link counts as missing (an admin stands in, docs/workflow.md#people).
   */
  private async withManagerResolved(person: Person): Promise<Person> {
    if (!person.managerId?.includes('@')) return person;
    const managerId = await this.userIdForEmail(person.managerId.toLowerCase());
    const { managerId: _email, ...rest } = person;
    return managerId && managerId !== person.userId ? { ...rest, managerId } : rest;
  }

  private async userIdForEmail(address: string): Promise<string | undefined> {
    const known = this.emails.get(address);
    if (known !== undefined) return known ?? undefined;
    const row = await readRow(this.table, emailKey(address), PERSON);
    const userId = typeof row?.userId === 'string' ? row.userId : undefined;
    if (this.emails.size >= MAX_CACHED) this.emails.clear();
    this.emails.set(address, userId ?? null);
    return userId;
  }

  async getMany(userIds: readonly string[]): Promise<Map<string, Person>> {
    const found = await Promise.all([...new Set(userIds)].map(async (id) => [id, await this.get(id)] as const));
    return new Map(found.filter((f): f is readonly [string, Person] => f[1] !== undefined));
  }

  async byTeamsId(teamsId: string): Promise<Person | undefined> {
    const known = this.teams.get(teamsId);
    const userId = known ?? (await readRow(this.table, teamsKey(teamsId), PERSON))?.userId;
    if (typeof userId !== 'string') return undefined;
    const person = await this.get(userId);
    // An index row left behind by a person whose Teams id changed since is not them any more.
    if (person?.teamsId !== teamsId) return undefined;
    this.teams.set(teamsId, userId);
    return person;
  }

  async byEmail(email: string): Promise<Person | undefined> {
    const address = email.trim().toLowerCase();
    const userId = await this.userIdForEmail(address);
    const person = userId ? await this.get(userId) : undefined;
    // An index row left behind by a person whose address changed since is not them any more.
    return person?.email?.toLowerCase() === address ? person : undefined;
  }

  async withRole(role: Role): Promise<string[]> {
    const cached = this.roles.get(role);
    if (cached) return cached;
    const rows = await listRows(this.table, odata`PartitionKey eq ${roleKey(role)} and present eq ${true}`);
    // The index is written before the person: a holder counts only if their own row says so.
    const people = await this.getMany(rows.map((r) => String(r.userId)));
    const ids = [...people.values()].filter((p) => p.roles.includes(role)).map((p) => p.userId).sort();
    this.roles.set(role, ids);
    return ids;
  }

  /** Everyone, read in full (imports, `org show`, the digest): never on a click. */
  async list(): Promise<Person[]> {
    return (await listRows(this.table, odata`RowKey eq ${PERSON} and PartitionKey ge ${'u|'} and PartitionKey lt ${'u}'}`)).map(fromRow);
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

  async setReach(userId: string, reach: Reach): Promise<void> {
    const known = await this.get(userId);
    if (!known || (known.reach ?? 'reachable') === reach) return;
    await this.change(userId, (current) => {
      const next: Person = { ...(current ?? { userId, roles: [] }) };
      if (reach === 'reachable') delete next.reach;
      else next.reach = reach;
      return next;
    });
  }

  async holdByEmail(pending: PendingPerson): Promise<void> {
    const address = pending.email.trim().toLowerCase();
    const row: Row = { partitionKey: emailKey(address), rowKey: PERSON, email: address, pending: JSON.stringify({ ...pending, email: address }) };
    assertFits(row, `Import row for ${address}`);
    await guard('holding an import row by email', () => this.table.upsertEntity(row, 'Merge'));
    this.emails.delete(address);
  }

  async claimEmail(userId: string, emails: readonly string[]): Promise<Person | undefined> {
    const addresses = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
    const rows = await Promise.all(addresses.map((a) => readRow(this.table, emailKey(a), PERSON)));
    const held = rows.flatMap((r) => (r && typeof r.pending === 'string' ? [JSON.parse(r.pending) as PendingPerson] : []));
    if (held.length === 0) return undefined;
    const first = held[0]!;
    const manager = first.manager ? ((await this.byEmail(first.manager))?.userId ?? first.manager) : undefined;
    const person = await this.change(userId, (current) => {
      const next: Person = { ...(current ?? { userId, roles: [] }) };
      if (!next.name && first.name) next.name = first.name;
      if (!next.email) next.email = first.email;
      if (!next.tenantId && first.tenantId) next.tenantId = first.tenantId;
      next.roles = [...new Set([...next.roles, ...held.flatMap((h) => h.roles)])];
      if (!next.managerId && manager && manager !== userId) next.managerId = manager;
      return next;
    });
    // The rows now point at the person: the import is theirs, and the address finds them.
    await Promise.all(held.map((h) => guard('claiming an import row', () => this.table.upsertEntity({ partitionKey: emailKey(h.email), rowKey: PERSON, email: h.email, userId }, 'Replace'))));
    // People whose manager was named by one of these addresses now have one.
    if (held.some((h) => this.emails.get(h.email) === null)) this.people = new Map();
    for (const h of held) this.emails.set(h.email, userId);
    return person;
  }

  async setRoles(userId: string, roles: Role[]): Promise<void> {
    await this.change(userId, (current) => ({ ...(current ?? { userId, roles: [] }), roles: [...new Set(roles)] }));
  }

  /**
   * Moves a directory written in one `user` partition (before people had partitions of their own) to this layout,
   * with its index rows. Once, at start-up; the old rows are left where they were.
   */
  async migrateFromSharedPartition(): Promise<number> {
    const old = await listRows(this.table, odata`PartitionKey eq ${'user'}`);
    const people = old.filter((r) => typeof r.roles === 'string' && typeof r.userId === 'string').map(fromRow);
    for (const p of people) {
      await this.writeIndexes(undefined, p);
      await createIfAbsent(this.table, toRow(p));
    }
    this.forget();
    return people.length;
  }

  /** Writes the email index row of everyone who has an address (people stored before the index existed). Once, at start-up. */
  async indexEmails(): Promise<number> {
    const people = (await this.list()).filter((p) => p.email);
    for (const p of people) await this.writeIndexes({ ...p, email: undefined } as Person, p);
    return people.length;
  }

  /** Read, change, write the person (with the ETag read) after their index rows; only when something changed. */
  private async change(userId: string, edit: (current: Person | undefined) => Person): Promise<Person> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const row = await readRow(this.table, personKey(userId), PERSON);
      const current = row ? fromRow(row) : undefined;
      const next = edit(current);
      if (current && canonicalJson(current) === canonicalJson(next)) {
        const resolved = await this.withManagerResolved(current);
        this.remember(userId, resolved);
        return resolved;
      }
      const personRow = toRow(next);
      await this.writeIndexes(current, next);
      try {
        await guard(
          `writing directory entry ${userId}`,
          () => (row ? this.table.updateEntity(personRow, 'Replace', { etag: row.etag }) : this.table.createEntity(personRow)),
          (status) => (status === 409 || status === 412 ? movedOn() : undefined),
        );
      } catch (err) {
        if ((err as { code?: string }).code === 'CASE.MOVED_ON') continue;
        throw err;
      }
      const address = next.email?.toLowerCase();
      if (address && address !== current?.email?.toLowerCase()) {
        // Someone names this address as their manager and found nobody there (an import): read people again.
        if (this.emails.get(address) === null) this.people = new Map();
        this.emails.set(address, userId);
      }
      this.remember(userId, await this.withManagerResolved(next));
      if (current?.teamsId && current.teamsId !== next.teamsId) this.teams.delete(current.teamsId);
      if (next.teamsId) this.teams.set(next.teamsId, userId);
      this.roles = new Map();
      await this.freshness?.changed('directory');
      return next;
    }
    throw movedOn(`Directory entry ${userId} kept changing while we wrote it: please try again.`);
  }

  private async writeIndexes(before: Person | undefined, after: Person): Promise<void> {
    // Merge: an email row may still hold an import waiting for its person (claimEmail takes it).
    await Promise.all(indexRows(before, after).map((row) => guard('writing a directory index row', () => this.table.upsertEntity(row, 'Merge'))));
  }

  private remember(userId: string, person: Person | null): void {
    if (this.people.size >= MAX_CACHED) this.forget();
    this.people.set(userId, person);
  }
}

/** The index rows a change needs: the Teams id's, the email's, and one per role changed (present or not: never deleted). */
export function indexRows(before: Person | undefined, after: Person): Row[] {
  const rows: Row[] = [];
  if (after.teamsId && after.teamsId !== before?.teamsId) rows.push({ partitionKey: teamsKey(after.teamsId), rowKey: PERSON, userId: after.userId });
  const email = after.email?.toLowerCase();
  if (email && email !== before?.email?.toLowerCase()) rows.push({ partitionKey: emailKey(email), rowKey: PERSON, email, userId: after.userId });
  for (const role of ROLES) {
    const had = before?.roles.includes(role) ?? false;
    const has = after.roles.includes(role);
    if (had !== has) rows.push({ partitionKey: roleKey(role), rowKey: keyOf(after.userId), userId: after.userId, present: has });
  }
  return rows;
}

/** A person as the directory stores them (the bench seeds a large directory with these). */
export const directoryRows = { person: toRow, index: indexRows };

/** What the engine sees of a person: Graph's manager when it named one ('' when it named none), else the stored one; their zone. */
export function entryOf(p: Person): DirectoryEntry {
  const managerId = p.graphManagerId || p.managerId;
  return {
    userId: p.userId,
    roles: p.roles,
    ...(p.name !== undefined ? { name: p.name } : {}),
    ...(managerId !== undefined ? { managerId } : {}),
    ...(p.timeZone !== undefined ? { timeZone: p.timeZone } : {}),
  };
}
