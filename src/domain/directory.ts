// The org directory as the engine sees it: a snapshot, walked without I/O.
import type { Role } from './model';

export interface DirectoryEntry {
  userId: string;
  name?: string;
  managerId?: string;
  roles: Role[];
  /** IANA zone Teams last reported for the person; their due dates and reminder hours follow it. */
  timeZone?: string;
}

/**
 * The part of the directory a decision needs: the people it names and their managers up the chain, and who holds
 * each role. `roles` is given when `entries` is not everyone (the bot never reads the whole directory for a click).
 */
export interface Directory {
  entries: Readonly<Record<string, DirectoryEntry>>;
  roles?: Readonly<Partial<Record<Role, readonly string[]>>>;
}

export const EMPTY_DIRECTORY: Directory = { entries: {} };

export function managerOf(dir: Directory, userId: string): string | undefined {
  return dir.entries[userId]?.managerId;
}

export function hasRole(dir: Directory, userId: string, role: Role): boolean {
  const known = dir.roles?.[role];
  if (known) return known.includes(userId);
  return dir.entries[userId]?.roles.includes(role) ?? false;
}

export function usersWithRole(dir: Directory, role: Role): string[] {
  const known = dir.roles?.[role];
  if (known) return [...known].sort();
  return Object.values(dir.entries)
    .filter((e) => e.roles.includes(role))
    .map((e) => e.userId)
    .sort();
}

/** `start` and everyone above it, stopping at a loop in the chain. */
export function chainFrom(dir: Directory, start: string | undefined): string[] {
  const chain: string[] = [];
  for (let id = start; id !== undefined && !chain.includes(id); id = managerOf(dir, id)) chain.push(id);
  return chain;
}

/** The VP of someone's organisation: the first `vp` going up the chain from them, themselves included (docs/workflow.md#people). */
export function vpFor(dir: Directory, userId: string | undefined): string | undefined {
  return chainFrom(dir, userId).find((id) => hasRole(dir, id, 'vp'));
}

/** The nearest `gm` up the chain, else the only `gm` there is. */
export function gmFor(dir: Directory, reporterId: string): string | undefined {
  const near = chainFrom(dir, reporterId).find((id) => hasRole(dir, id, 'gm'));
  if (near) return near;
  const all = usersWithRole(dir, 'gm');
  return all.length === 1 ? all[0] : undefined;
}
