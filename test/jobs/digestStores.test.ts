// The digest's stores on Azurite: subscriptions, per-(week, channel) claims created once, ETag-conditional
// changes, and weekly snapshots found in week order.
import type { TableStorage } from '../../src/storage';
import type { DigestClaim } from '../../src/storage/ports';
import { newPrefix, openStores } from './support';

const CHANNEL = '19:a1b2c3;messageid=42@thread.tacv2';

function claimOf(weekId: string, conversationId: string, owner: string): Omit<DigestClaim, 'etag'> {
  return { weekId, conversationId, status: 'claimed', owner, claimedAt: '2025-10-27T08:00:00.000Z', leaseUntil: '2025-10-27T08:05:00.000Z', attempts: 0 };
}

describe('digest stores', () => {
  let stores: TableStorage;
  const prefix = newPrefix('dstore');
  beforeAll(async () => {
    stores = await openStores(prefix);
  });

  it('subscribes a channel once and unsubscribes it', async () => {
    expect(await stores.subscriptions.subscribe({ conversationId: CHANNEL, subscribedBy: 'ada', subscribedAt: '2025-10-01T08:00:00.000Z' })).toBe(true);
    expect(await stores.subscriptions.subscribe({ conversationId: CHANNEL, subscribedBy: 'abe', subscribedAt: '2025-10-02T08:00:00.000Z' })).toBe(false);
    expect(await stores.subscriptions.get(CHANNEL)).toEqual({ conversationId: CHANNEL, subscribedBy: 'ada', subscribedAt: '2025-10-01T08:00:00.000Z' });
    expect((await stores.subscriptions.list()).map((s) => s.conversationId)).toEqual([CHANNEL]);
    expect(await stores.subscriptions.unsubscribe(CHANNEL)).toBe(true);
    expect(await stores.subscriptions.unsubscribe(CHANNEL)).toBe(false);
    expect(await stores.subscriptions.list()).toEqual([]);
  });

  it('lets exactly one of many instances claim a channel for a week', async () => {
    const others = await Promise.all([1, 2, 3, 4].map(() => openStores(prefix)));
    const results = await Promise.all([stores, ...others].map((s, i) => s.digestRuns.claim(claimOf('2025-W44', CHANNEL, `i${i}`))));
    const winners = results.filter((r) => r !== undefined);
    expect(winners.length).toBe(1);
    const stored = await stores.digestRuns.get('2025-W44', CHANNEL);
    expect(stored?.owner).toBe(winners[0]!.owner);
    // Another week is another claim.
    expect(await stores.digestRuns.claim(claimOf('2025-W45', CHANNEL, 'i0'))).toBeDefined();
  });

  it('changes a claim only with the ETag it was read with', async () => {
    const claim = (await stores.digestRuns.claim(claimOf('2025-W46', CHANNEL, 'a')))!;
    const sent = await stores.digestRuns.update(claim, { status: 'sent', attempts: 1, activityId: 'act-1', sentAt: '2025-11-10T08:00:01.000Z' });
    expect(sent).toMatchObject({ status: 'sent', activityId: 'act-1', attempts: 1 });
    expect(await stores.digestRuns.update(claim, { status: 'claimed', owner: 'b' })).toBeUndefined(); // stale ETag
    const again = await stores.digestRuns.get('2025-W46', CHANNEL);
    expect(again).toMatchObject({ status: 'sent', owner: 'a', activityId: 'act-1' });
    const cleared = await stores.digestRuns.update(again!, { lastError: undefined, notBefore: undefined, status: 'sent' });
    expect(cleared && 'lastError' in cleared).toBe(false);
    expect((await stores.digestRuns.forWeek('2025-W46')).map((c) => c.conversationId)).toEqual([CHANNEL]);
  });

  it('keeps one snapshot per week and finds the latest before a week, across a year end', async () => {
    const snap = (weekId: string, openCases: number) => ({ weekId, at: '', partners: 1, openCases, overdue: 0, newFlags: 0, escalated: 0, closedThisWeek: 0, byState: {}, revenueAtRisk: {} });
    expect(await stores.digestRuns.saveSnapshot(snap('2024-W52', 1))).toBe(true);
    expect(await stores.digestRuns.saveSnapshot(snap('2025-W01', 2))).toBe(true);
    expect(await stores.digestRuns.saveSnapshot(snap('2025-W01', 99))).toBe(false);
    expect(await stores.digestRuns.saveSnapshot(snap('2025-W03', 3))).toBe(true);
    expect((await stores.digestRuns.snapshotBefore('2025-W03'))?.openCases).toBe(2);
    expect((await stores.digestRuns.snapshotBefore('2025-W01'))?.weekId).toBe('2024-W52');
    expect(await stores.digestRuns.snapshotBefore('2024-W52')).toBeUndefined();
    expect((await stores.digestRuns.snapshot('2025-W01'))?.openCases).toBe(2);
  });
});
