// Delivers the durable outbox: at least once, retrying 429/5xx with backoff and jitter (Retry-After wins),
// recording 403s without retrying, within Teams' rate limits. Never sleeps: a ping the limits hold back waits in
// memory while it is leased to this instance (sent as soon as they allow), or else becomes a later `notBefore`.
import type { Activity } from 'botbuilder';
import { DomainError } from '../domain';
import type { CaseState } from '../domain';
import type { Committed, ConversationStore, OutboxItem, OutboxStore, Reach } from '../storage/ports';
import type { Clock } from '../service/clock';
import type { Messenger, SendResult } from './messenger';
import { unreachableAs } from './reachability';
import { CONVERSATION_WINDOWS, SlidingWindowLimiter, TENANT_WINDOWS } from './rateLimiter';

export interface Delivery {
  /** A 1:1 message to a person, or the case card kept up to date in a channel. */
  target: { user: string } | { caseCard: string; conversationId: string };
  tenantId?: string;
  activity: Partial<Activity>;
}

/** Turns an outbox item into what to send, reading the case as it stands now (or as just committed); undefined: nothing to send. */
export type NoticeRenderer = (item: OutboxItem, state?: CaseState) => Promise<Delivery | undefined>;

export interface DispatcherOptions {
  outbox: OutboxStore;
  conversations: ConversationStore;
  messenger: Messenger;
  render: NoticeRenderer;
  clock: Clock;
  /** 0..1; injected so tests are deterministic. */
  random?: () => number;
  maxAttempts?: number;
  /** How long a claimed item is hidden from other instances while it is being sent. */
  leaseMs?: number;
  onPermanentFailure?: (item: OutboxItem, result: Extract<SendResult, { ok: false }>) => Promise<void>;
  /**
   * Asks for another run in `ms` (production: a timer), so pings held back by the limits go out as soon as they
   * allow rather than at the next poll. Without it they wait for the next `runOnce`.
   */
  wake?: (ms: number) => void;
  /**
   * People the bot cannot reach (README "Reaching people"): a 1:1 ping that fails because of them is held for them
   * (not failed), and a ping that arrives makes them reachable again, which delivers what was held.
   */
  reach?: ReachTracker;
  /** Every line about a delivery carries its `outboxId` (the delivery's correlation id; see outboxLog in log.ts). */
  log?: (msg: string, fields: Record<string, unknown>, level?: 'info' | 'warn' | 'error') => void;
}

export interface DispatchReport {
  delivered: number;
  retried: number;
  failed: number;
  deferred: number;
  /** Kept for someone the bot cannot reach yet. */
  held: number;
}

/** What the dispatcher tells about reaching people (src/teams/reach.ts implements it). */
export interface ReachTracker {
  /** A ping to this person failed because of them (`reach`): keep it for them. */
  held(item: OutboxItem, userId: string, reach: Exclude<Reach, 'reachable'>): Promise<void>;
  /** A ping reached this person. */
  reached(userId: string): Promise<void>;
}

const BASE_BACKOFF_MS = 2_000;
const MAX_BACKOFF_MS = 10 * 60_000;

export function backoffMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
  // "Equal jitter": at least half the ceiling, so retries spread without collapsing to zero.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** A ping this instance committed: delivered at once, without waiting for the index or a poll. */
interface Fresh {
  item: OutboxItem;
  state: CaseState;
  indexed: Promise<void>;
}

/** A leased ping the limits held back: sent at `readyAtMs` with no storage write in between. */
interface Waiting {
  item: OutboxItem;
  readyAtMs: number;
  fresh?: Fresh;
}

/** A held-back ping stays in memory only if its lease outlasts the wait by this much (else `notBefore` is written). */
const LEASE_MARGIN_MS = 10_000;

export class OutboxDispatcher {
  private readonly limiter = new SlidingWindowLimiter();
  private running: Promise<DispatchReport> | undefined;
  private again = false;
  private fresh: Fresh[] = [];
  private waiting: Waiting[] = [];

  constructor(private readonly o: DispatcherOptions) {}

  /** The pings of a commit this instance made: delivered on the next run (the commit leased them to us). */
  enqueue(committed: Committed): void {
    for (const item of committed.outbox) this.fresh.push({ item, state: committed.stored.state, indexed: committed.indexed });
  }

  /** How many pings the limits hold back in memory (sent when they allow). */
  get held(): number {
    return this.waiting.length;
  }

  /** Resolves when no run is in progress and nothing this instance committed waits (a stopping bot delivers it first). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
    if (this.fresh.length) {
      await this.runOnce().catch(() => undefined);
      await this.idle();
    }
  }

  /**
   * Hands the pings held back in memory to storage (their `notBefore` written), so another instance may send them
   * when the limits allow rather than when this instance's lease runs out. Called when the bot stops.
   */
  async release(): Promise<void> {
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) await this.o.outbox.update(w.item, { notBefore: new Date(w.readyAtMs).toISOString() }).catch(() => undefined);
  }

  /**
   * Delivers everything due now; concurrent calls share one run and trigger one more pass after it. `freshOnly`:
   * just what this instance committed (right after a commit; leftovers wait for the poll).
   */
  async runOnce(limit = 100, freshOnly = false): Promise<DispatchReport> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      const total: DispatchReport = { delivered: 0, retried: 0, failed: 0, deferred: 0, held: 0 };
      do {
        this.again = false;
        const report = await this.pass(limit, freshOnly);
        for (const k of Object.keys(total) as (keyof DispatchReport)[]) total[k] += report[k];
      } while (this.again);
      return total;
    })();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async pass(limit: number, freshOnly: boolean): Promise<DispatchReport> {
    const report: DispatchReport = { delivered: 0, retried: 0, failed: 0, deferred: 0, held: 0 };
    const startMs = this.o.clock.now().getTime();
    const ready = this.waiting.filter((w) => w.readyAtMs <= startMs);
    this.waiting = this.waiting.filter((w) => w.readyAtMs > startMs);
    const fresh = this.fresh;
    this.fresh = [];
    await inParallel([...ready, ...fresh.map((f) => ({ item: f.item, fresh: f }))], async (w) => {
      report[await this.attempt(w.item, w.fresh)] += 1;
    });
    if (!freshOnly) {
      const items = await this.o.outbox.due(this.o.clock.now().toISOString(), limit);
      let taken = 0;
      await inParallel(
        items.map((item) => ({ item })),
        async ({ item }) => {
          const outcome = await this.deliver(item);
          if (outcome) {
            report[outcome] += 1;
            taken += 1;
          }
        },
      );
      // A full page may not be all that is due: another pass, rather than waiting for the next poll.
      if (items.length >= limit && taken > 0) this.again = true;
    }
    if (this.waiting.length) this.o.wake?.(Math.max(0, Math.min(...this.waiting.map((w) => w.readyAtMs)) - this.o.clock.now().getTime()));
    return report;
  }

  private async deliver(found: OutboxItem): Promise<keyof DispatchReport | undefined> {
    const nowMs = this.o.clock.now().getTime();
    let item: OutboxItem;
    try {
      item = await this.o.outbox.update(found, { notBefore: new Date(nowMs + (this.o.leaseMs ?? 60_000)).toISOString() });
    } catch (err) {
      if (err instanceof DomainError) return undefined; // another instance claimed it
      throw err;
    }
    try {
      return await this.attempt(item);
    } catch (err) {
      // Rethrown as before; logged here so the line carries the delivery's outbox id.
      this.o.log?.('outbox delivery threw', { outboxId: item.outboxId, kind: item.notice.kind, caseId: item.notice.caseId, err }, 'error');
      throw err;
    }
  }

  private async attempt(item: OutboxItem, fresh?: Fresh): Promise<keyof DispatchReport> {
    const delivery = await this.o.render(item, fresh?.state);
    // The index entry of a fresh ping is being written: wait for it, so the update below removes it.
    if (fresh) await fresh.indexed;
    // Read after rendering: the limits count sends when they happen, not when the pass began.
    const nowMs = this.o.clock.now().getTime();
    if (!delivery) {
      await this.o.outbox.update(item, { status: 'delivered', lastError: 'nothing to send' });
      return 'delivered';
    }
    const conversationKey = 'user' in delivery.target ? `user:${delivery.target.user}` : `conv:${delivery.target.conversationId}`;
    const keys = [
      { key: conversationKey, windows: CONVERSATION_WINDOWS },
      ...(delivery.tenantId ? [{ key: `tenant:${delivery.tenantId}`, windows: TENANT_WINDOWS }] : []),
    ];
    const wait = this.limiter.acquire(keys, nowMs);
    if (wait > 0) {
      if (nowMs + wait + LEASE_MARGIN_MS <= Date.parse(item.notBefore)) {
        this.waiting.push({ item, readyAtMs: nowMs + wait, ...(fresh ? { fresh } : {}) });
        return 'deferred';
      }
      await this.o.outbox.update(item, { notBefore: new Date(nowMs + wait).toISOString() });
      return 'deferred';
    }
    const result = await this.send(delivery);
    this.limiter.settle(keys, nowMs, this.o.clock.now().getTime());
    const attempts = item.attempts + 1;
    if (result.ok) {
      await this.o.outbox.update(item, { status: 'delivered', attempts });
      if ('user' in delivery.target) await this.o.reach?.reached(delivery.target.user);
      this.o.log?.('outbox delivered', { outboxId: item.outboxId, kind: item.notice.kind, caseId: item.notice.caseId, attempts });
      return 'delivered';
    }
    const maxAttempts = this.o.maxAttempts ?? 10;
    const unreachable = 'user' in delivery.target && result.permanent ? unreachableAs(result) : undefined;
    if (unreachable && this.o.reach && 'user' in delivery.target) {
      // Nothing is lost when someone cannot be reached: the ping waits for them (docs/workflow.md#notices).
      const held = await this.o.outbox.update(item, { status: 'held', attempts, lastError: describe(result) });
      await this.o.reach.held(held, delivery.target.user, unreachable);
      this.o.log?.('outbox held', { outboxId: item.outboxId, kind: item.notice.kind, caseId: item.notice.caseId, status: result.status, code: result.code, reach: unreachable }, 'warn');
      await this.o.onPermanentFailure?.(item, result);
      return 'held';
    }
    if (result.permanent || attempts >= maxAttempts) {
      await this.o.outbox.update(item, { status: 'failed', attempts, lastError: describe(result) });
      this.o.log?.('outbox failed', { outboxId: item.outboxId, kind: item.notice.kind, caseId: item.notice.caseId, status: result.status, code: result.code, attempts }, 'warn');
      await this.o.onPermanentFailure?.(item, result);
      return 'failed';
    }
    const delay = result.retryAfterMs ?? backoffMs(attempts, this.o.random ?? Math.random);
    await this.o.outbox.update(item, { attempts, notBefore: new Date(nowMs + delay).toISOString(), lastError: describe(result) });
    this.o.log?.('outbox retry', { outboxId: item.outboxId, kind: item.notice.kind, caseId: item.notice.caseId, status: result.status, delayMs: delay, attempts });
    return 'retried';
  }

  private async send(delivery: Delivery): Promise<SendResult> {
    const { target, activity } = delivery;
    if ('user' in target) return this.o.messenger.sendToUser(target.user, activity);
    // Every card posted about the case is brought up to date (one read: the case's list of cards).
    const cards = await this.o.conversations.caseCards(target.caseCard);
    if (cards.length > 0) {
      const results = [];
      for (const card of cards) results.push(await this.o.messenger.updateInConversation(card.conversationId, card.activityId, activity));
      const failed = results.filter((r): r is Extract<SendResult, { ok: false }> => !r.ok);
      if (failed.length) this.o.log?.('case card update failed', { caseId: target.caseCard, failed: failed.length, of: results.length, status: failed[0]!.status }, 'warn');
      // A card someone deleted must not hold the others back: retry only when none could be updated.
      return results.find((r) => r.ok) ?? results[0]!;
    }
    // Nobody just asked for it: a post of its own in the channel, not a reply buried in an old thread.
    const sent = await this.o.messenger.postInChannel(target.conversationId, activity);
    if (sent.ok && sent.activityId) await this.o.conversations.addCaseCard(target.caseCard, sent.conversationId, sent.activityId);
    return sent;
  }
}

/** Deliveries under way at once in a pass: their storage and HTTP waits overlap. */
const DELIVERY_CONCURRENCY = 8;

/**
 * Runs `fn` over the pings, a few partners at a time; one partner's pings go one after another, in order. Every
 * started delivery finishes before the first failure is rethrown.
 */
async function inParallel<T extends { item: OutboxItem }>(list: readonly T[], fn: (x: T) => Promise<void>): Promise<void> {
  const byPartner = new Map<string, T[]>();
  for (const x of list) byPartner.set(x.item.partnerId, [...(byPartner.get(x.item.partnerId) ?? []), x]);
  const queues = [...byPartner.values()];
  const worker = async (): Promise<void> => {
    for (let queue = queues.shift(); queue; queue = queues.shift()) for (const x of queue) await fn(x);
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(DELIVERY_CONCURRENCY, queues.length) }, worker));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

function describe(result: Extract<SendResult, { ok: false }>): string {
  return `${result.status}${result.code ? ` ${result.code}` : ''}: ${result.message}`.slice(0, 500);
}
