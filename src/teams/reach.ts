// Reaching people (README "Reaching people"): who the bot cannot reach is a state on their directory entry; a 1:1
// ping that fails because of them is held for them, never dropped; when they become reachable (they talk to the bot,
// install it, or a later ping reaches them) everything held is delivered at once as one "waiting for you" card with
// where each case stands now.
import type { NoticeKind } from '../domain';
import type { HeldPing, OutboxItem, Reach, Stores } from '../storage/ports';
import { waitingForYouCard } from './cards/mine';
import type { HeldNews } from './cards/mine';
import type { ReachTracker } from './dispatcher';
import type { Messenger } from './messenger';
import { loadMine } from './mine';
import { cardActivity } from './reply';

export interface ReachabilityOptions {
  stores: Stores;
  messenger: Messenger;
  nowMs: () => number;
  log?: (msg: string, fields: Record<string, unknown>, level?: 'info' | 'warn' | 'error') => void;
}

export class Reachability implements ReachTracker {
  constructor(private readonly o: ReachabilityOptions) {}

  async held(item: OutboxItem, userId: string, reach: Exclude<Reach, 'reachable'>): Promise<void> {
    await this.o.stores.directory.setReach(userId, reach);
    await this.o.stores.reach.hold({ userId, partnerId: item.partnerId, caseId: item.notice.caseId, outboxId: item.outboxId, heldAt: new Date(this.o.nowMs()).toISOString() });
  }

  async reached(userId: string): Promise<void> {
    // The entry was just read to render the ping (cached): nothing to do for everyone the bot could always reach.
    if (!(await this.o.stores.directory.get(userId))?.reach) return;
    await this.o.stores.directory.setReach(userId, 'reachable');
    await this.deliverHeld(userId);
  }

  /** Everything held for a person, in one card; returns how many pings it covered (0 when nothing was held or it failed). */
  async deliverHeld(userId: string): Promise<number> {
    const held = await this.o.stores.reach.held(userId);
    if (held.length === 0) return 0;
    const { news, items } = await this.heldItems(held);
    const view = await loadMine(this.o.stores, userId, this.o.nowMs());
    const sent = await this.o.messenger.sendToUser(userId, { ...cardActivity(waitingForYouCard(view, news)), summary: 'Waiting for you in partner-fit' });
    if (!sent.ok) {
      // Still not reachable (or Teams failed): it stays held for the next time.
      this.o.log?.('held pings not delivered', { userId, status: sent.status, code: sent.code, held: held.length }, 'warn');
      return 0;
    }
    await Promise.all(items.map((i) => this.o.stores.outbox.update(i, { status: 'delivered', lastError: 'delivered in the waiting-for-you card' })));
    await this.o.stores.reach.release(userId, held);
    this.o.log?.('held pings delivered', { userId, held: held.length });
    return held.length;
  }

  /** The outbox rows of the held pings (one partition range per case) and what they were about, oldest case first. */
  private async heldItems(held: readonly HeldPing[]): Promise<{ news: HeldNews[]; items: OutboxItem[] }> {
    const byCase = new Map<string, HeldPing[]>();
    for (const h of held) byCase.set(`${h.partnerId}|${h.caseId}`, [...(byCase.get(`${h.partnerId}|${h.caseId}`) ?? []), h]);
    const names = new Map((await this.o.stores.partners.list()).map((p) => [p.partnerId, p.name]));
    const cases = await Promise.all(
      [...byCase.values()].map(async (pings) => {
        const first = pings[0]!;
        const ids = new Set(pings.map((p) => p.outboxId));
        const items = (await this.o.stores.outbox.forCase(first.partnerId, first.caseId)).filter((i) => ids.has(i.outboxId) && i.status === 'held').reverse();
        const heldAt = pings.map((p) => p.heldAt).sort()[0]!;
        return { news: { partnerName: names.get(first.partnerId) ?? first.partnerId, kinds: items.map((i) => i.notice.kind) as NoticeKind[] }, items, heldAt };
      }),
    );
    cases.sort((a, b) => (a.heldAt < b.heldAt ? -1 : a.heldAt > b.heldAt ? 1 : 0));
    return { news: cases.filter((c) => c.news.kinds.length > 0).map((c) => c.news), items: cases.flatMap((c) => c.items) };
  }
}
