// Loads what waits on a person (I/O, README "What is waiting on me"): their rows of the per-person index (one
// partition), each checked against its case as it stands now (point reads), and the names the list shows. A row the
// case no longer backs, or a case closed long ago, is dropped on the way. Never a query across cases or people.
import { workOf } from '../domain';
import type { Stores } from '../storage/ports';
import type { MineItem, MineView } from './cards/mine';
import { peopleOf, toPeople } from './caseViews';

/** Closed cases a reporter still sees in their list. */
const CLOSED_SHOWN_DAYS = 30;

export async function loadMine(stores: Stores, userId: string, nowMs: number): Promise<MineView> {
  const [entries, partners] = await Promise.all([stores.work.forPerson(userId), stores.partners.list()]);
  const names = new Map(partners.map((p) => [p.partnerId, p.name]));
  const cutoff = new Date(nowMs - CLOSED_SHOWN_DAYS * 86_400_000).toISOString();
  const found = await Promise.all(entries.map(async (entry) => ({ entry, stored: await stores.cases.get(entry.partnerId, entry.caseId) })));
  const items: MineItem[] = [];
  for (const { entry, stored } of found) {
    const kinds = stored ? workOf(stored.state).get(userId) : undefined;
    const stale = !stored || !kinds || (stored.state.status === 'closed' && (stored.state.closedAt ?? '') < cutoff);
    if (stale) {
      await stores.work.remove(entry);
      continue;
    }
    items.push({ partnerName: names.get(entry.partnerId) ?? entry.partnerId, state: stored.state, kinds });
  }
  const waitedOn = items.map((i) => i.state.waitingOn).filter((id): id is string => !!id && id !== userId);
  return { viewer: userId, items, people: toPeople(await peopleOf(stores, waitedOn)), now: new Date(nowMs).toISOString() };
}
