// Pings held for people the bot cannot reach yet (README "Reaching people"). The outbox row itself stays in its
// partner's partition with status `held`; this table finds them per person: `h|<aadObjectId>` (one row per held
// ping), `unreached` (one row per person with something held: the admins' daily summary), and `s|<day>` (which
// admin's summary went out that day, claimed by creating the row so several instances send it once).
import type { TableClient } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import { createIfAbsent, deleteIfPresent, keyOf, listRows } from './entities';
import { guard } from './errors';
import type { HeldPing, ReachStore } from './ports';

const heldKey = (userId: string) => `h|${keyOf(userId)}`;
const UNREACHED = 'unreached';

export class TableReachStore implements ReachStore {
  constructor(private readonly table: TableClient) {}

  async hold(ping: HeldPing): Promise<void> {
    await guard('holding a ping', () =>
      this.table.upsertEntity({ partitionKey: heldKey(ping.userId), rowKey: `${keyOf(ping.partnerId)}|${keyOf(ping.outboxId)}`, ...ping }, 'Replace'),
    );
    await createIfAbsent(this.table, { partitionKey: UNREACHED, rowKey: keyOf(ping.userId), userId: ping.userId, since: ping.heldAt });
  }

  async held(userId: string): Promise<HeldPing[]> {
    const rows = await listRows(this.table, odata`PartitionKey eq ${heldKey(userId)}`);
    return rows.map((r) => ({ userId, partnerId: String(r.partnerId), caseId: String(r.caseId), outboxId: String(r.outboxId), heldAt: String(r.heldAt) }));
  }

  async release(userId: string, pings: readonly HeldPing[]): Promise<void> {
    await Promise.all(pings.map((p) => deleteIfPresent(this.table, heldKey(userId), `${keyOf(p.partnerId)}|${keyOf(p.outboxId)}`)));
    // Something held since the list was read stays listed (the next release drops it).
    if ((await this.held(userId)).length === 0) await deleteIfPresent(this.table, UNREACHED, keyOf(userId));
  }

  async unreached(): Promise<{ userId: string; since: string }[]> {
    const rows = await listRows(this.table, odata`PartitionKey eq ${UNREACHED}`);
    return rows.map((r) => ({ userId: String(r.userId), since: String(r.since) }));
  }

  async claimSummary(adminId: string, day: string): Promise<boolean> {
    return createIfAbsent(this.table, { partitionKey: `s|${day}`, rowKey: keyOf(adminId), adminId });
  }
}
