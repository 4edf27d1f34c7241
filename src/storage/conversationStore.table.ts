// Conversation references and case-card ids, each a partition of its own: `personal|<aadObjectId>`,
// `conversation|<conversation id>`, `casecard|<case id>`, `tenant|<tenant id>` (any reference in that tenant: its
// service URL and bot account open new 1:1 chats) and `teams|<tenant id>` (the teams the bot is in, whose rosters
// give the Teams id of someone it never met). Ids are encoded (Teams ids hold `:` `@` `;`, keys may not hold `/ \ # ?`).
import type { TableClient } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import { DomainError } from '../domain';
import type { CaseCardRef, ConversationReferenceJson, ConversationStore } from './ports';
import type { Row } from './entities';
import { assertFits, canonicalJson, jsonProps, keyOf, listRows, readJson, readModifyWrite, readRow } from './entities';

const PERSONAL = 'personal';
const CONVERSATION = 'conversation';
const CASE_CARD = 'casecard';
const TENANT = 'tenant';
const TEAMS = 'teams';
/** Teams remembered per tenant: a roster lookup tries them in turn, most recent first. */
const MAX_TEAMS = 10;
const ROW = 'ref';
const key = (kind: string, id: string) => `${kind}|${keyOf(id)}`;

function tenantOf(ref: ConversationReferenceJson): string | undefined {
  const conversation = ref.conversation as { tenantId?: unknown } | undefined;
  return typeof conversation?.tenantId === 'string' && conversation.tenantId ? conversation.tenantId : undefined;
}

/** Cards kept per case: each flag posted in a channel adds one; the oldest beyond this are no longer refreshed. */
export const MAX_CASE_CARDS = 25;

/** The cards of a row: a list, or the one card an earlier layout kept. */
function cardsOf(row: Row): CaseCardRef[] {
  if (typeof row.cardsParts === 'number') return readJson<CaseCardRef[]>(row, 'cards');
  return typeof row.conversationId === 'string' && typeof row.activityId === 'string' ? [{ conversationId: row.conversationId, activityId: row.activityId }] : [];
}

/** References kept in memory at most (each is a few hundred bytes), and for how long one is trusted. */
const MAX_KNOWN = 20_000;
const REF_FRESH_MS = 5 * 60_000;

export class TableConversationStore implements ConversationStore {
  /** What this instance last read or wrote for each reference (and as canonical JSON): read once, written when changed. */
  private readonly known = new Map<string, { ref: ConversationReferenceJson; json: string; at: number }>();
  /** Teams this instance has recorded (or found recorded), so a turn in a known team writes nothing. */
  private readonly teamsSeen = new Set<string>();

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

  anyInTenant(tenantId: string): Promise<ConversationReferenceJson | undefined> {
    return this.readRef(TENANT, tenantId);
  }

  async saveTeam(tenantId: string, teamId: string, ref: ConversationReferenceJson): Promise<void> {
    const seen = `${tenantId}|${teamId}`;
    if (this.teamsSeen.has(seen)) return;
    await readModifyWrite(this.table, key(TEAMS, tenantId), ROW, `Teams of tenant ${tenantId}`, (current) => {
      const known = current ? readJson<{ teamId: string; ref: ConversationReferenceJson }[]>(current, 'json') : [];
      if (known.some((t) => t.teamId === teamId)) return undefined;
      const teams = [{ teamId, ref }, ...known].slice(0, MAX_TEAMS);
      return { partitionKey: key(TEAMS, tenantId), rowKey: ROW, tenantId, ...jsonProps('json', teams) };
    });
    if (this.teamsSeen.size >= MAX_KNOWN) this.teamsSeen.clear();
    this.teamsSeen.add(seen);
  }

  async teamsIn(tenantId: string): Promise<ConversationReferenceJson[]> {
    const row = await readRow(this.table, key(TEAMS, tenantId), ROW);
    return row ? readJson<{ ref: ConversationReferenceJson }[]>(row, 'json').map((t) => t.ref) : [];
  }

  async addCaseCard(caseId: string, conversationId: string, activityId: string): Promise<void> {
    await readModifyWrite(this.table, key(CASE_CARD, caseId), ROW, `Case cards of ${caseId}`, (current) => {
      const cards = current ? cardsOf(current) : [];
      if (cards.some((c) => c.conversationId === conversationId && c.activityId === activityId)) return undefined;
      const kept = [...cards, { conversationId, activityId }].slice(-MAX_CASE_CARDS);
      return { partitionKey: key(CASE_CARD, caseId), rowKey: ROW, caseId, ...jsonProps('cards', kept) };
    });
  }

  async caseCards(caseId: string): Promise<CaseCardRef[]> {
    const row = await readRow(this.table, key(CASE_CARD, caseId), ROW);
    return row ? cardsOf(row) : [];
  }

  /** Moves references stored in shared partitions (an earlier layout) to partitions of their own. Once, at start-up. */
  async migrateFromSharedPartitions(): Promise<number> {
    let moved = 0;
    for (const kind of [PERSONAL, CONVERSATION]) {
      for (const row of await listRows(this.table, odata`PartitionKey eq ${kind}`)) {
        if (typeof row.id === 'string') await this.saveRef(kind, row.id, readJson<ConversationReferenceJson>(row, 'json'));
        moved += 1;
      }
    }
    for (const row of await listRows(this.table, odata`PartitionKey eq ${CASE_CARD}`)) {
      if (typeof row.caseId === 'string') for (const c of cardsOf(row)) await this.addCaseCard(row.caseId, c.conversationId, c.activityId);
      moved += 1;
    }
    return moved;
  }

  /** Writes only when new or changed (compared as canonical JSON); true when it wrote. Unchanged since this instance saw it: no read. */
  private async saveRef(kind: string, id: string, ref: ConversationReferenceJson): Promise<boolean> {
    const tenantId = tenantOf(ref);
    const row: Row = { partitionKey: key(kind, id), rowKey: ROW, id, ...(tenantId ? { tenantId } : {}), ...jsonProps('json', ref) };
    assertFits(row, `Conversation reference ${id}`);
    const wanted = canonicalJson(ref);
    if (this.known.get(`${kind}|${id}`)?.json === wanted) return false;
    let wrote: boolean;
    try {
      wrote = await readModifyWrite(this.table, row.partitionKey, ROW, `Conversation reference ${id}`, (current) =>
        current && canonicalJson(readJson(current, 'json')) === wanted ? undefined : row,
      );
    } catch (err) {
      // Others kept writing this reference at the same moment: theirs is as fresh as ours, and the turn goes on.
      if (err instanceof DomainError && err.code === 'CASE.MOVED_ON') return false;
      throw err;
    }
    this.remember(kind, id, ref, wanted);
    // The tenant's first reference (or a newer one): how to open 1:1 chats with people the bot has not met.
    if (kind !== TENANT && tenantId && !this.known.has(`${TENANT}|${tenantId}`)) await this.saveRef(TENANT, tenantId, ref);
    return wrote;
  }

  /**
   * A reference as this instance last read or wrote it, for a few minutes: another instance may have written a
   * newer one (Teams moved the tenant's service URL), which is read again after that.
   */
  private async readRef(partition: string, id: string): Promise<ConversationReferenceJson | undefined> {
    const known = this.known.get(`${partition}|${id}`);
    if (known && performance.now() - known.at < REF_FRESH_MS) return known.ref;
    const row = await readRow(this.table, key(partition, id), ROW);
    const ref = row ? readJson<ConversationReferenceJson>(row, 'json') : undefined;
    if (ref) this.remember(partition, id, ref, canonicalJson(ref));
    return ref;
  }

  private remember(partition: string, id: string, ref: ConversationReferenceJson, json: string): void {
    if (this.known.size >= MAX_KNOWN) this.known.clear();
    this.known.set(`${partition}|${id}`, { ref, json, at: performance.now() });
  }
}
