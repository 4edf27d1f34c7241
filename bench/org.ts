// A company of any size, written straight into the tables (the bot's own row layout): a GM, VPs, managers and
// ICs in one management tree, each with a Teams id, and partners. For the end-to-end bench.
import type { TableClient } from '@azure/data-tables';
import type { Role } from '../src/domain';
import { directoryRows } from '../src/storage/directoryStore.table';
import type { Row } from '../src/storage/entities';
import { partnerRow } from '../src/storage/partnerStore.table';
import type { Person } from '../src/storage/ports';
import type { TeamsUser } from '../test/support/teams';
import { TEST_TENANT_ID, teamsUser } from '../test/support/teams';

export interface Org {
  people: number;
  /** People the bench acts as: ICs (reporters), each with their manager (reporters of one manager share it). */
  reporters: TeamsUser[];
  /** Every IC's manager. */
  managerOf: Map<string, TeamsUser>;

  admin: TeamsUser;
}

function user(i: number, role: string): TeamsUser {
  return teamsUser(`bench ${role} ${i}`, { name: `${role[0]!.toUpperCase()}${role.slice(1)} ${i}` });
}

function person(u: TeamsUser, managerId: string | undefined, roles: Role[]): Person {
  return { userId: u.aadObjectId, name: u.name, email: u.email, teamsId: u.id, tenantId: TEST_TENANT_ID, roles, ...(managerId ? { managerId } : {}) };
}

/** Every row in its own partition: written a few at a time (Azurite on two cores goes no faster with more). */
async function writeAll(table: TableClient, rows: Row[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 16) await Promise.all(rows.slice(i, i + 16).map((r) => table.upsertEntity(r, 'Replace')));
}

/**
 * `people` people: 1 GM, 10 VPs, one manager per 20 ICs but at least 16 managers when there are people enough
 * (IC i reports to manager i mod their number, so the first 16 ICs have 16 different managers from 45 people up); a sales director and an admin.
 */
export async function seedOrg(directory: TableClient, size: number): Promise<Org> {
  const gm = user(0, 'gm');
  const vps = Array.from({ length: 10 }, (_, i) => user(i, 'vp'));
  const managerCount = Math.max(Math.min(16, Math.floor((size - 13) / 2)), Math.ceil((size - 13) / 21));
  const icCount = Math.max(1, size - 13 - managerCount);
  const managers = Array.from({ length: managerCount }, (_, i) => user(i, 'manager'));
  const ics = Array.from({ length: icCount }, (_, i) => user(i, 'ic'));
  const sales = user(0, 'sales');
  const admin = user(0, 'admin');
  const people: Person[] = [
    person(gm, undefined, ['gm']),
    ...vps.map((v) => person(v, gm.aadObjectId, ['vp'])),
    ...managers.map((m, i) => person(m, vps[i % vps.length]!.aadObjectId, [])),
    ...ics.map((c, i) => person(c, managers[i % managers.length]!.aadObjectId, [])),
    person(sales, undefined, ['sales-director']),
    person(admin, undefined, ['admin']),
  ];
  await writeAll(directory, people.flatMap((p) => [...directoryRows.index(undefined, p), directoryRows.person(p)]));
  const reporters = ics.slice(0, 64);
  return {
    people: people.length,
    reporters,
    managerOf: new Map(ics.map((r, i) => [r.aadObjectId, managers[i % managers.length]!])),
    admin,
  };
}

export function partnerName(i: number): string {
  return `Bench Partner ${String(i).padStart(5, '0')}`;
}

export function partnerId(i: number): string {
  return `bench-partner-${String(i).padStart(5, '0')}`;
}

export async function seedPartners(partners: TableClient, count: number): Promise<void> {
  const rows = Array.from({ length: count }, (_, i) =>
    partnerRow({ partnerId: partnerId(i), name: partnerName(i), aliases: [], salesDirectors: [], archived: false, createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'bench' }),
  );
  await writeAll(partners, rows);
}
