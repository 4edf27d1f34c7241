// Digest subscriptions: PK `sub`, RK the conversation id (encoded), in the digest table.
import type { TableClient } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import type { DigestSubscription, SubscriptionStore } from './ports';
import type { StoredRow } from './entities';
import { createIfAbsent, deleteIfPresent, keyOf, listRows, readRow } from './entities';

export const SUBSCRIPTION_PARTITION = 'sub';

function read(row: StoredRow): DigestSubscription {
  return { conversationId: String(row.conversationId), subscribedBy: String(row.subscribedBy), subscribedAt: String(row.subscribedAt) };
}

export class TableSubscriptionStore implements SubscriptionStore {
  constructor(private readonly table: TableClient) {}

  subscribe(sub: DigestSubscription): Promise<boolean> {
    return createIfAbsent(this.table, {
      partitionKey: SUBSCRIPTION_PARTITION,
      rowKey: keyOf(sub.conversationId),
      conversationId: sub.conversationId,
      subscribedBy: sub.subscribedBy,
      subscribedAt: sub.subscribedAt,
    });
  }

  unsubscribe(conversationId: string): Promise<boolean> {
    return deleteIfPresent(this.table, SUBSCRIPTION_PARTITION, keyOf(conversationId));
  }

  async get(conversationId: string): Promise<DigestSubscription | undefined> {
    const row = await readRow(this.table, SUBSCRIPTION_PARTITION, keyOf(conversationId));
    return row ? read(row) : undefined;
  }

  async list(): Promise<DigestSubscription[]> {
    const rows = await listRows(this.table, odata`PartitionKey eq ${SUBSCRIPTION_PARTITION}`);
    return rows.map(read);
  }
}
