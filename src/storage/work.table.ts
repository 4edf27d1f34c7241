// What waits on each person (README "What is waiting on me"): one partition per person (`w|<aadObjectId>`), one row
// per case they have a part in (`<partner>|<case>`, with the kinds: waiting, action, reported). Commits write the
// rows that changed after the transaction, like the other index entries; `mine` reads one partition and checks each
// row against its case, and the start-up sweep writes rows a crash lost. Never a query across people or cases.
import type { TableClient } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import type { CaseState, WorkKind } from '../domain';
import { workOf } from '../domain';
import { LATEST_KEY, readState } from './caseRows';
import type { Row } from './entities';
import { deleteIfPresent, keyOf, listRows } from './entities';
import { guard } from './errors';
import type { WorkEntry, WorkIndex } from './ports';

const personKey = (userId: string) => `w|${keyOf(userId)}`;
const caseKey = (partnerId: string, caseId: string) => `${keyOf(partnerId)}|${keyOf(caseId)}`;

export function workRow(entry: WorkEntry): Row {
  return { partitionKey: personKey(entry.userId), rowKey: caseKey(entry.partnerId, entry.caseId), userId: entry.userId, partnerId: entry.partnerId, caseId: entry.caseId, kinds: entry.kinds.join(',') };
}

/** The rows a change of a case needs: each person whose part changed (written or deleted); nothing for the others. */
export function workChanges(before: CaseState | undefined, after: CaseState): { write: WorkEntry[]; drop: WorkEntry[] } {
  const was = before && before.caseId === after.caseId ? workOf(before) : new Map<string, WorkKind[]>();
  const now = workOf(after);
  const write: WorkEntry[] = [];
  const drop: WorkEntry[] = [];
  const at = { partnerId: after.partnerId, caseId: after.caseId };
  for (const [userId, kinds] of now) if (was.get(userId)?.join(',') !== kinds.join(',')) write.push({ userId, ...at, kinds });
  for (const [userId, kinds] of was) if (!now.has(userId)) drop.push({ userId, ...at, kinds });
  return { write, drop };
}

export class TableWorkIndex implements WorkIndex {
  constructor(private readonly t: { work: TableClient; cases: TableClient }) {}

  async forPerson(userId: string): Promise<WorkEntry[]> {
    const rows = await listRows(this.t.work, odata`PartitionKey eq ${personKey(userId)}`);
    return rows.map((r) => ({ userId, partnerId: String(r.partnerId), caseId: String(r.caseId), kinds: String(r.kinds ?? '').split(',').filter(Boolean) as WorkKind[] }));
  }

  async remove(entry: Pick<WorkEntry, 'userId' | 'partnerId' | 'caseId'>): Promise<void> {
    await deleteIfPresent(this.t.work, personKey(entry.userId), caseKey(entry.partnerId, entry.caseId));
  }

  /** Every partner's latest case against the rows there are: the missing or different ones are written again. */
  async repair(): Promise<number> {
    const existing = new Map(
      (await listRows(this.t.work, odata`PartitionKey ge ${'w|'} and PartitionKey lt ${'w}'}`, ['PartitionKey', 'RowKey', 'kinds'])).map((r) => [`${r.partitionKey}/${r.rowKey}`, String(r.kinds ?? '')]),
    );
    const latest = await listRows(this.t.cases, odata`RowKey eq ${LATEST_KEY} and status eq ${'open'}`);
    let written = 0;
    for (const state of latest.map(readState)) {
      for (const entry of workChanges(undefined, state).write) {
        const row = workRow(entry);
        if (existing.get(`${row.partitionKey}/${row.rowKey}`) === row.kinds) continue;
        await guard('repairing the work index', () => this.t.work.upsertEntity(row, 'Replace'));
        written += 1;
      }
    }
    return written;
  }
}

/** The writes of one commit's changes (caseStore.afterCommit runs them with its other index entries). */
export function workWrites(work: TableClient, changes: { write: WorkEntry[]; drop: WorkEntry[] }): { what: string; run: () => Promise<unknown> }[] {
  return [
    ...changes.write.map((e) => ({ what: `work index row of ${e.caseId} for a person`, run: () => guard('writing the work index', () => work.upsertEntity(workRow(e), 'Replace')) })),
    ...changes.drop.map((e) => ({ what: `old work index row of ${e.caseId}`, run: () => deleteIfPresent(work, personKey(e.userId), caseKey(e.partnerId, e.caseId)) })),
  ];
}
