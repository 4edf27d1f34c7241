// The part of the directory one decision needs, read by key: the people named and everyone above them in their
// management chain, and who holds the roles the workflow looks up. Warm, all of it comes from the instance's
// cache; its cost follows the size of the case, never of the organisation.
import type { Directory, DirectoryEntry, Role } from '../domain';
import type { DirectoryStore } from '../storage/ports';
import { entryOf } from '../storage/directoryStore.table';

/** Longest management chain followed (a loop or a very deep org stops here). */
const MAX_CHAIN = 25;
const LOOKED_UP: readonly Role[] = ['admin', 'gm', 'sales-director', 'vp'];

export async function directoryFor(store: DirectoryStore, people: readonly (string | undefined)[]): Promise<Directory> {
  const entries: Record<string, DirectoryEntry> = {};
  let wanted = [...new Set(people.filter((p): p is string => !!p))];
  for (let depth = 0; wanted.length > 0 && depth < MAX_CHAIN; depth += 1) {
    const found = await store.getMany(wanted.filter((id) => !(id in entries)));
    for (const [id, person] of found) entries[id] = entryOf(person);
    wanted = [...found.keys()].map((id) => entries[id]!.managerId).filter((m): m is string => !!m && !(m in entries));
  }
  const holders = await Promise.all(LOOKED_UP.map(async (role) => [role, await store.withRole(role)] as const));
  return { entries, roles: Object.fromEntries(holders) };
}
