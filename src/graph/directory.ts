// The directory from Microsoft Graph when configured (README "Reaching people"): a person's display name, email,
// department and manager, read by Entra object id when first needed and kept on their directory row with the time
// it was read (GRAPH_CACHE_HOURS). The stored directory stays the fallback (Graph down, or a person it does not
// know) and the only place for roles. Wraps the store, so every reader gets Graph's answer the same way.
import type { Directory, Role } from '../domain';
import type { DirectoryStore, PendingPerson, Person, PersonInput, Reach } from '../storage/ports';
import type { GraphClient } from './client';
import { odataString } from './client';

export interface GraphUser {
  id: string;
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
  department?: string | null;
}

const SELECT = '$select=id,displayName,mail,userPrincipalName,department';

/** Who Graph says a person is, and their manager's object id ('' when Graph says they have none). */
export async function graphPerson(graph: GraphClient, userId: string): Promise<{ user: GraphUser; managerId: string } | undefined> {
  const id = encodeURIComponent(userId);
  const [user, manager] = await Promise.all([graph.get<GraphUser>(`/users/${id}?${SELECT}`), graph.get<{ id?: string }>(`/users/${id}/manager?$select=id`)]);
  if (!user.ok) return undefined;
  if (!manager.ok && manager.status !== 404) return undefined;
  return { user: user.body, managerId: manager.ok ? (manager.body.id ?? '') : '' };
}

/** The person with this email or user principal name (an `org import` row without an Entra id). */
export async function graphUserByEmail(graph: GraphClient, email: string): Promise<GraphUser | undefined> {
  const address = odataString(email.trim().toLowerCase());
  const found = await graph.get<{ value?: GraphUser[] }>(`/users?$filter=${encodeURIComponent(`mail eq ${address} or userPrincipalName eq ${address}`)}&${SELECT}`);
  return found.ok ? found.body.value?.[0] : undefined;
}

export interface GraphDirectoryOptions {
  cacheHours: number;
  /** The organisation's tenant (Graph answers for it only): people first met through Graph get it. */
  tenantId?: string;
  nowMs: () => number;
  /** Told when Graph could not answer (the stored entry was used). */
  onFallback?: (userId: string, why: string) => void;
}

/** How long a failed lookup is not retried, so a Graph outage does not slow every click. */
const RETRY_AFTER_FAILURE_MS = 5 * 60_000;

export class GraphDirectory implements DirectoryStore {
  private readonly failedAt = new Map<string, number>();

  constructor(
    private readonly store: DirectoryStore,
    private readonly graph: GraphClient,
    private readonly o: GraphDirectoryOptions,
  ) {}

  async get(userId: string): Promise<Person | undefined> {
    const stored = await this.store.get(userId);
    const now = this.o.nowMs();
    if (stored?.graphAt && now - Date.parse(stored.graphAt) < this.o.cacheHours * 3_600_000) return stored;
    if (now - (this.failedAt.get(userId) ?? -Infinity) < RETRY_AFTER_FAILURE_MS) return stored;
    const found = await graphPerson(this.graph, userId).catch(() => undefined);
    if (!found) {
      if (this.failedAt.size > 10_000) this.failedAt.clear();
      this.failedAt.set(userId, now);
      this.o.onFallback?.(userId, 'Graph did not answer or does not know them');
      return stored;
    }
    const { user, managerId } = found;
    return this.store.upsertPerson({
      userId,
      ...(user.displayName ? { name: user.displayName } : {}),
      ...(user.mail || user.userPrincipalName ? { email: (user.mail || user.userPrincipalName)! } : {}),
      ...(user.department ? { department: user.department } : {}),
      graphManagerId: managerId === userId ? '' : managerId,
      graphAt: new Date(now).toISOString(),
      ...(!stored?.tenantId && this.o.tenantId ? { tenantId: this.o.tenantId } : {}),
    });
  }

  async getMany(userIds: readonly string[]): Promise<Map<string, Person>> {
    const found = await Promise.all([...new Set(userIds)].map(async (id) => [id, await this.get(id)] as const));
    return new Map(found.filter((f): f is readonly [string, Person] => f[1] !== undefined));
  }

  byTeamsId(teamsId: string): Promise<Person | undefined> {
    return this.store.byTeamsId(teamsId);
  }

  byEmail(email: string): Promise<Person | undefined> {
    return this.store.byEmail(email);
  }

  withRole(role: Role): Promise<string[]> {
    return this.store.withRole(role);
  }

  list(): Promise<Person[]> {
    return this.store.list();
  }

  snapshot(): Promise<Directory> {
    return this.store.snapshot();
  }

  upsertPerson(person: PersonInput): Promise<Person> {
    return this.store.upsertPerson(person);
  }

  setManager(userId: string, managerId: string | undefined): Promise<void> {
    return this.store.setManager(userId, managerId);
  }

  setReach(userId: string, reach: Reach): Promise<void> {
    return this.store.setReach(userId, reach);
  }

  setRoles(userId: string, roles: Role[]): Promise<void> {
    return this.store.setRoles(userId, roles);
  }

  holdByEmail(pending: PendingPerson): Promise<void> {
    return this.store.holdByEmail(pending);
  }

  claimEmail(userId: string, emails: readonly string[]): Promise<Person | undefined> {
    return this.store.claimEmail(userId, emails);
  }
}
