// Storage suites: a store of their own on the shared Azurite, a small org, and commits made by the real engine.
import { DELIVERY_LEASE_MS } from '../../src/storage/caseStore.table';
import type { DecideContext, Directory, DirectoryEntry, Evidence, Role } from '../../src/domain';
import { DEFAULT_SETTINGS, decide, nextDueAt } from '../../src/domain';
import type { TableStorage } from '../../src/storage';
import { createTableStorage } from '../../src/storage';
import type { CaseCommit, StoredCase } from '../../src/storage/ports';
import { testConnectionString, uniqueTablePrefix } from '../support/storage';

export const backgroundErrors: { error: unknown; context: string }[] = [];

export function openStorage(label: string): Promise<TableStorage> {
  return createTableStorage({
    connectionString: testConnectionString(),
    tablePrefix: uniqueTablePrefix(label),
    retryOptions: { maxRetries: 0 },
    onBackgroundError: (error, context) => backgroundErrors.push({ error, context }),
  });
}

// ---------------------------------------------------------------- the org

function entry(userId: string, managerId?: string, ...roles: Role[]): DirectoryEntry {
  return { userId, ...(managerId ? { managerId } : {}), roles };
}

/** gail (gm) <- victor (vp) <- maria (manager) <- rita, rob (ICs); sid: sales director; ada: admin. */
export const ORG: Directory = {
  entries: Object.fromEntries(
    [
      entry('rita', 'maria'),
      entry('rob', 'maria'),
      entry('maria', 'victor'),
      entry('victor', 'gail', 'vp'),
      entry('gail', undefined, 'gm'),
      entry('sid', undefined, 'sales-director'),
      entry('ada', undefined, 'admin'),
    ].map((e) => [e.userId, e]),
  ),
};

/** Monday 3 March 2025, 10:00 UTC. */
export const T0 = '2025-03-03T10:00:00.000Z';

export function at(days: number, hours = 0): string {
  return new Date(Date.parse(T0) + (days * 24 + hours) * 3_600_000).toISOString();
}

export function ctx(partnerId: string, actor: string, now: string, extra: Partial<DecideContext> = {}): DecideContext {
  return {
    now,
    actor,
    conversationId: `a:1${actor}@thread.skype`,
    directory: ORG,
    admins: ['ada'],
    settings: DEFAULT_SETTINGS,
    partner: { partnerId, salesDirectors: ['sid'] },
    ...extra,
  };
}

/** Evidence at the limits: a 2,000-character summary and a 500-character https link. */
export function maxEvidence(n: number, tag = 'e'): Evidence[] {
  return Array.from({ length: n }, (_, i) => {
    const head = `${tag}${i} — ünïcødé 😀 `;
    const prefix = 'https://contoso.example/notes/';
    return {
      kind: 'meeting-notes' as const,
      summary: (head + 'x'.repeat(2000)).slice(0, 2000),
      link: prefix + 'y'.repeat(500 - prefix.length),
      date: '2025-02-28',
    };
  });
}

export function someEvidence(summary: string): Evidence[] {
  return [{ kind: 'email', summary }];
}

/** What the service does: decide on the stored case, then commit the events with the ETag read. */
export function commitFor(stored: StoredCase | undefined, command: unknown, context: DecideContext): CaseCommit {
  const decision = decide(stored?.state, command, context);
  if (!decision.ok) throw new Error(`decide rejected ${JSON.stringify(command)}: ${decision.rejection.code} ${decision.rejection.message}`);
  return {
    partnerId: context.partner.partnerId,
    caseId: decision.state.caseId,
    read: stored,
    events: decision.events,
    state: decision.state,
    notices: decision.notices,
    nextDueAt: nextDueAt(decision.state, DEFAULT_SETTINGS),
  };
}

/** Runs one command against the partner's latest case and commits it. */
export async function act(storage: TableStorage, partnerId: string, actor: string, now: string, command: unknown): Promise<StoredCase> {
  const stored = await storage.cases.latest(partnerId);
  const committed = await storage.cases.commit(commitFor(stored, command, ctx(partnerId, actor, now)));
  await committed.indexed;
  return committed.stored;
}

/** When another instance may take over a ping the committing one has not delivered. */
export function leased(iso: string): string {
  return new Date(Date.parse(iso) + DELIVERY_LEASE_MS).toISOString();
}

export function flag(summary = 'They ignored the agreed scope again', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'flag', triggers: ['misaligned-expectations'], evidence: someEvidence(summary), ...extra };
}

