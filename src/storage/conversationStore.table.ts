// Conversation references and case-card ids. PK `personal` (RK the user's aadObjectId), `conversation` (RK the
// conversation id) or `casecard` (RK the case id); ids are encoded (Teams ids hold `:` `@` `;`, keys may not hold `/ \ # ?`).
import type { TableClient } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import type { ConversationReferenceJson, ConversationStore } from './ports';
import type { Row } from './entities';
import { assertFits, canonicalJson, jsonProps, keyOf, readJson, readModifyWrite, readRow } from './entities';
import { guard } from './errors';

const PERSONAL = 'personal';
const CONVERSATION = 'conversation';
const CASE_CARD = 'casecard';

function tenantOf(ref: ConversationReferenceJson): string | undefined {
  const conversation = ref.conversation as { tenantId?: unknown } | undefined;
  return typeof conversation?.tenantId === 'string' && conversation.tenantId ? conversation.tenantId : undefined;
}

/** References kept in memory at most (each is a few hundred bytes). */
const MAX_KNOWN = 20_000;

export class TableConversationStore implements ConversationStore {
  /** What this instance last read or wrote for each reference, as canonical JSON: an unchanged one is not written again. */
  private readonly known = new Map<string, string>();

  constructor(private readonly table: TableClient) {}

  savePersonal(userId: string, ref: ConversationReferenceJson): Promise<boolean> {
    return this.saveRef(PERSONAL, userId, ref);
  }

  personal(userId: string): Promise<ConversationReferenceJson | undefined> {
    return this.readRef(PERSONAL, userId);
  }

  saveConversation(conversationId: string, ref: ConversationReferenceJson): Promise<boolean> {
    return this.saveRef(CONVERSATION, conversationId, ref);
  }

  conversation(conversationId: string): Promise<ConversationReferenceJson | undefined> {
    return this.readRef(CONVERSATION, conversationId);
  }

  async anyInTenant(tenantId: string): Promise<ConversationReferenceJson | undefined> {
    const filter = odata`tenantId eq ${tenantId} and (PartitionKey eq ${PERSONAL} or PartitionKey eq ${CONVERSATION})`;
    return guard('finding a conversation in the tenant', async () => {
      for await (const page of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } }).byPage({ maxPageSize: 1 })) {
        const row = page[0];
        if (row) return readJson<ConversationReferenceJson>(row, 'json');
      }
      return undefined;
    });
  }

  async setCaseCard(caseId: string, conversationId: string, activityId: string): Promise<void> {
    await readModifyWrite(this.table, CASE_CARD, keyOf(caseId), `Case card of ${caseId}`, (current) =>
      current?.conversationId === conversationId && current.activityId === activityId
        ? undefined
        : { partitionKey: CASE_CARD, rowKey: keyOf(caseId), caseId, conversationId, activityId },
    );
  }

  async caseCard(caseId: string): Promise<{ conversationId: string; activityId: string } | undefined> {
    const row = await readRow(this.table, CASE_CARD, keyOf(caseId));
    return row ? { conversationId: String(row.conversationId), activityId: String(row.activityId) } : undefined;
  }

  /** Writes only when new or changed (compared as canonical JSON); true when it wrote. Unchanged since this instance saw it: no read. */
  private async saveRef(partition: string, id: string, ref: ConversationReferenceJson): Promise<boolean> {
    const rowKey = keyOf(id);
    const tenantId = tenantOf(ref);
    const row: Row = { partitionKey: partition, rowKey, id, ...(tenantId ? { tenantId } : {}), ...jsonProps('json', ref) };
    assertFits(row, `Conversation reference ${id}`);
    const wanted = canonicalJson(ref);
    if (this.known.get(`${partition}|${id}`) === wanted) return false;
    const wrote = await readModifyWrite(this.table, partition, rowKey, `Conversation reference ${id}`, (current) =>
      current && canonicalJson(readJson(current, 'json')) === wanted ? undefined : row,
    );
    this.remember(partition, id, wanted);
    return wrote;
  }

  private async readRef(partition: string, id: string): Promise<ConversationReferenceJson | undefined> {
    const row = await readRow(this.table, partition, keyOf(id));
    const ref = row ? readJson<ConversationReferenceJson>(row, 'json') : undefined;
    if (ref) this.remember(partition, id, canonicalJson(ref));
    return ref;
  }

  private remember(partition: string, id: string, json: string): void {
    if (this.known.size >= MAX_KNOWN) this.known.clear();
    this.known.set(`${partition}|${id}`, json);
  }
}
