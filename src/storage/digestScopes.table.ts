// Which partners a channel's digest covers (`digest here Contoso, Fabrikam` or `digest here #emea`): PK `scope`,
// RK the conversation id (encoded), in the digest table. No row: the whole book.
import type { TableClient } from '@azure/data-tables';
import type { DigestScope, DigestScopeStore } from './ports';
import { assertFits, deleteIfPresent, keyOf, readRow } from './entities';
import { guard } from './errors';

export const SCOPE_PARTITION = 'scope';

export class TableDigestScopeStore implements DigestScopeStore {
  constructor(private readonly table: TableClient) {}

  async get(conversationId: string): Promise<DigestScope | undefined> {
    const row = await readRow(this.table, SCOPE_PARTITION, keyOf(conversationId));
    if (!row) return undefined;
    return {
      conversationId: String(row.conversationId),
      partnerIds: JSON.parse(String(row.partnerIds ?? '[]')) as string[],
      tags: JSON.parse(String(row.tags ?? '[]')) as string[],
      setBy: String(row.setBy),
      setAt: String(row.setAt),
    };
  }

  /** The latest `digest here …` stands: an admin changing the scope replaces it. */
  async set(scope: DigestScope): Promise<void> {
    const row = {
      partitionKey: SCOPE_PARTITION,
      rowKey: keyOf(scope.conversationId),
      conversationId: scope.conversationId,
      partnerIds: JSON.stringify(scope.partnerIds),
      tags: JSON.stringify(scope.tags),
      setBy: scope.setBy,
      setAt: scope.setAt,
    };
    assertFits(row, `The digest scope of ${scope.conversationId}`);
    await guard(`writing the digest scope of ${scope.conversationId}`, () => this.table.upsertEntity(row, 'Replace'));
  }

  async clear(conversationId: string): Promise<boolean> {
    return deleteIfPresent(this.table, SCOPE_PARTITION, keyOf(conversationId));
  }
}
