// `org import` rows into the directory (README "Using it in Teams"). A row names a person by Entra object id, or by
// email alone: then Microsoft Graph finds them when configured; otherwise the row waits under the address until
// the person first messages the bot (Teams tells their address then) and becomes theirs. Managers are named by
// id or email; one not known yet counts as a missing link until they are.
import type { z } from 'zod';
import type { Role } from '../../domain';
import { graphUserByEmail } from '../../graph/directory';
import type { BotDeps } from '../deps';
import type { RowProblem, personRowSchema } from './imports';

type PersonRow = z.infer<typeof personRowSchema>;

export interface PeopleImported {
  imported: number;
  /** Rows by email alone that wait for their person's first message. */
  waiting: number;
  problems: RowProblem[];
}

/** The Entra id of someone named by email: the directory's, else Graph's (recorded on the way). */
async function idForEmail(deps: BotDeps, email: string, tenantId: string): Promise<string | undefined> {
  const known = await deps.stores.directory.byEmail(email);
  if (known) return known.userId;
  if (!deps.graph) return undefined;
  const user = await graphUserByEmail(deps.graph, email).catch(() => undefined);
  if (!user) return undefined;
  await deps.stores.directory.upsertPerson({ userId: user.id, email: (user.mail || user.userPrincipalName || email).toLowerCase(), tenantId, ...(user.displayName ? { name: user.displayName } : {}) });
  return user.id;
}

export async function importPeople(deps: BotDeps, good: readonly { line: number; row: PersonRow }[], tenantId: string): Promise<PeopleImported> {
  const problems: RowProblem[] = [];
  const placed: { line: number; row: PersonRow; userId: string }[] = [];
  let waiting = 0;
  for (const { line, row } of good) {
    const userId = row.aadObjectId ?? (await idForEmail(deps, row.email!, tenantId));
    if (!userId) {
      await deps.stores.directory.holdByEmail({ email: row.email!, roles: row.roles as Role[], tenantId, ...(row.name ? { name: row.name } : {}), ...(row.manager ? { manager: row.manager } : {}) });
      waiting += 1;
      continue;
    }
    const before = await deps.stores.directory.get(userId);
    await deps.stores.directory.upsertPerson({ userId, ...(row.name ? { name: row.name } : {}), ...(row.email ? { email: row.email } : {}), ...(before?.tenantId ? {} : { tenantId }) });
    await deps.stores.directory.setRoles(userId, row.roles as Role[]);
    placed.push({ line, row, userId });
  }
  for (const { line, row, userId } of placed) {
    if (!row.manager) continue;
    // An address nobody has yet is kept as written: it becomes the manager once someone has it.
    const managerId = row.manager.includes('@') ? ((await idForEmail(deps, row.manager, tenantId)) ?? row.manager.toLowerCase()) : row.manager;
    if (managerId === userId) problems.push({ line, problem: 'manager: nobody is their own manager' });
    else await deps.stores.directory.setManager(userId, managerId);
  }
  return { imported: placed.length + waiting, waiting, problems };
}
