// The weekly partner-health digest (README, "Timers and the weekly digest"): subscriptions, previews, and the weekly post to every subscribed
// channel, exactly once per channel and ISO week however many instances run. Each channel's digest is claimed
// with a createEntity keyed by (week, channel) BEFORE it is sent — a 409 means another instance has it — and
// the sent activity id is recorded after. A claim whose owner stopped (its lease ran out) is taken over with an
// ETag-conditional write, so a crash never loses the week's digest. As with the outbox, Teams' send has no
// idempotency key: only a process dying after Teams accepted the card and before `sent` was recorded can lead
// to a second copy.
import { Cron } from 'croner';
import type { BusinessCalendar } from '../domain/calendar';
import type { CaseState, HealthSettings, HealthState } from '../domain';
import { DEFAULT_HEALTH_SETTINGS } from '../domain';
import type { DigestFigures, DigestSnapshot } from '../domain/digest';
import { computeDigest, isoWeekOf } from '../domain/digest';
import type { HealthDigestFigures } from '../domain/healthDigest';
import { computeHealthDigest } from '../domain/healthDigest';
import type { Logger } from '../log';
import type { Clock } from '../service/clock';
import type { CaseStore, DigestClaim, DigestRunStore, DigestScope, DigestScopeStore, DirectoryStore, HealthStore, PartnerRecord, Person, PartnerStore, SubscriptionStore } from '../storage/ports';
import type { AdaptiveCard } from '../teams/cards/render';
import type { JobOutcome } from './scheduler';
import type { DigestPerson } from '../teams/cards/digest';
import { renderDigestCard } from '../teams/cards/digest';

export type DigestSendResult =
  | { ok: true; activityId?: string }
  | { ok: false; permanent: boolean; message: string; status?: number; retryAfterMs?: number };

/** Where digests go. The bot plugs in its messenger (see `messengerSender`); tests record. */
export interface DigestSender {
  post(conversationId: string, card: AdaptiveCard): Promise<DigestSendResult>;
}

export const DIGEST_DAYS = { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 } as const;
export type DigestDay = keyof typeof DIGEST_DAYS;

export interface DigestSettings {
  /** TIME_ZONE; the calendar's zone is the same. */
  calendar: BusinessCalendar;
  /** DIGEST_DAY, e.g. MON. */
  day: DigestDay;
  /** DIGEST_TIME, HH:MM local. */
  time: string;
  /** DIGEST_TOP_N. */
  topN: number;
  /** HEALTH_* settings (README, "Partner health"). */
  health?: HealthSettings;
}

/** The croner pattern of the weekly digest, read in the calendar's zone: "0 9 * * 1" for Monday 09:00. */
export function digestPattern(s: Pick<DigestSettings, 'day' | 'time'>): string {
  const [hh, mm] = s.time.split(':').map(Number);
  if (hh === undefined || mm === undefined || Number.isNaN(hh) || Number.isNaN(mm)) throw new TypeError(`DIGEST_TIME "${s.time}" is not HH:MM`);
  return `${mm} ${hh} * * ${DIGEST_DAYS[s.day]}`;
}

export interface DigestStoresNeeded {
  cases: Pick<CaseStore, 'latestCases'>;
  partners: Pick<PartnerStore, 'list'>;
  directory: Pick<DirectoryStore, 'list'>;
  subscriptions: SubscriptionStore;
  digestRuns: DigestRunStore;
  health: Pick<HealthStore, 'all'>;
  digestScopes: DigestScopeStore;
}

/** Everything a digest is built from, read once per run (the digest job may read the whole book). */
export interface DigestData {
  cases: CaseState[];
  partners: PartnerRecord[];
  people: Person[];
  health: Map<string, HealthState>;
  previous?: DigestSnapshot;
}

/**
 * A channel's scope holds for every thread of the channel: Teams names a thread "<channel>;messageid=<post>",
 * and `digest here` may be typed in any of them.
 */
export function channelOf(conversationId: string): string {
  return conversationId.split(';messageid=')[0]!;
}

/** The partners a scope covers: the ones named, and the ones carrying one of its tags. */
export function inScope(partners: readonly PartnerRecord[], health: ReadonlyMap<string, HealthState>, scope: DigestScope | undefined): PartnerRecord[] {
  if (!scope || (scope.partnerIds.length === 0 && scope.tags.length === 0)) return [...partners];
  const ids = new Set(scope.partnerIds);
  return partners.filter((p) => ids.has(p.partnerId) || (health.get(p.partnerId)?.tags ?? []).some((t) => scope.tags.includes(t)));
}

/** Test hooks at defined steps of a run; an instance "killed" at one never resolves it. */
export interface DigestHooks {
  afterClaim?(conversationId: string): Promise<void>;
  afterSend?(conversationId: string): Promise<void>;
}

export interface DigestJobsOptions {
  stores: DigestStoresNeeded;
  sender: DigestSender;
  settings: DigestSettings;
  clock: Clock;
  /** Names this instance in claims (diagnostics). */
  instanceId: string;
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** How long a claim protects a send in progress (default 5 minutes). */
  leaseMs?: number;
  hooks?: DigestHooks;
}

export interface DigestRunReport extends JobOutcome {
  weekId?: string;
  /** Channels this run posted to. */
  posted: string[];
  /** Channels already done this week (sent, or failed for good). */
  already: string[];
  /** Channels another instance is working on, or waiting for a retry. */
  waiting: string[];
  failed: string[];
}

export const DEFAULT_LEASE_MS = 5 * 60_000;
/** Send attempts per channel and week before giving up. */
export const MAX_SEND_ATTEMPTS = 6;

function backoffMs(attempts: number, retryAfterMs: number | undefined): number {
  return Math.max(retryAfterMs ?? 0, Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, attempts - 1)));
}

export class DigestJobs {
  private readonly cron: Cron;
  private readonly leaseMs: number;

  constructor(private readonly o: DigestJobsOptions) {
    this.cron = new Cron(digestPattern(o.settings), { timezone: o.settings.calendar.timeZone, paused: true });
    this.leaseMs = o.leaseMs ?? DEFAULT_LEASE_MS;
  }

  get pattern(): string {
    return digestPattern(this.o.settings);
  }

  get timeZone(): string {
    return this.o.settings.calendar.timeZone;
  }

  /** The latest scheduled digest moment at or before `now` (croner's calendar maths, in TIME_ZONE). */
  latestMoment(now: Date): Date | undefined {
    let moment: Date | undefined;
    for (let next = this.cron.nextRun(new Date(now.getTime() - 8 * 86_400_000)); next && next.getTime() <= now.getTime(); next = this.cron.nextRun(next)) {
      moment = next;
    }
    return moment;
  }

  /** The next scheduled digest moment after `from`. */
  nextMoment(from: Date): Date | undefined {
    return this.cron.nextRun(from) ?? undefined;
  }

  async subscribe(conversationId: string, by: string): Promise<boolean> {
    return this.o.stores.subscriptions.subscribe({ conversationId, subscribedBy: by, subscribedAt: this.o.clock.now().toISOString() });
  }

  async unsubscribe(conversationId: string): Promise<boolean> {
    return this.o.stores.subscriptions.unsubscribe(conversationId);
  }

  async setScope(conversationId: string, scope: DigestScope | undefined): Promise<void> {
    if (scope) await this.o.stores.digestScopes.set({ ...scope, conversationId: channelOf(conversationId) });
    else await this.o.stores.digestScopes.clear(channelOf(conversationId));
  }

  async isSubscribed(conversationId: string): Promise<boolean> {
    return !!(await this.o.stores.subscriptions.get(conversationId));
  }

  /** Reads what every digest of a run is built from. */
  async load(weekId: string): Promise<DigestData> {
    const [cases, partners, people, previous, health] = await Promise.all([
      this.o.stores.cases.latestCases(),
      this.o.stores.partners.list(),
      this.o.stores.directory.list(),
      this.o.stores.digestRuns.snapshotBefore(weekId),
      this.o.stores.health.all(),
    ]);
    return { cases, partners, people, health: new Map(health.map((h) => [h.partnerId, h])), ...(previous ? { previous } : {}) };
  }

  /**
   * The figures and the card as of `now` for a channel's scope (none: the whole book), with movement against the
   * latest snapshot before `weekId` (the whole book only: the snapshot counts every partner).
   */
  async build(
    now: Date,
    opts: { weekId?: string; preview?: boolean; scope?: DigestScope; data?: DigestData } = {},
  ): Promise<{ figures: DigestFigures; health: HealthDigestFigures; card: AdaptiveCard }> {
    const s = this.o.settings;
    const weekId = opts.weekId ?? isoWeekOf(now.toISOString(), s.calendar.timeZone).id;
    const data = opts.data ?? (await this.load(weekId));
    const partners = inScope(data.partners, data.health, opts.scope);
    const scoped = !!opts.scope && partners.length !== data.partners.length;
    const previous = scoped ? undefined : data.previous;
    const computed = computeDigest({ now: now.toISOString(), calendar: s.calendar, partners, cases: data.cases, topN: s.topN, ...(previous ? { previous } : {}) });
    const figures = { ...computed, weekId, snapshot: { ...computed.snapshot, weekId } };
    const healthSettings = s.health ?? DEFAULT_HEALTH_SETTINGS;
    const health = computeHealthDigest({ now: now.toISOString(), partners, health: data.health, cases: data.cases, settings: healthSettings, topN: s.topN });
    const tag = opts.scope?.tags.length === 1 && opts.scope.partnerIds.length === 0 ? opts.scope.tags[0] : undefined;
    const card = renderDigestCard(figures, {
      timeZone: s.calendar.timeZone,
      partnerNames: new Map(data.partners.map((p) => [p.partnerId, p.name])),
      people: new Map<string, DigestPerson>(data.people.map((p) => [p.userId, { ...(p.name ? { name: p.name } : {}), ...(p.teamsId ? { teamsId: p.teamsId } : {}) }])),
      health,
      noInteractionDays: healthSettings.noInteractionDays,
      ...(opts.scope ? { scope: tag ? { tag } : { partners: partners.map((p) => p.name) } } : {}),
      ...(opts.preview ? { preview: true } : {}),
    });
    return { figures, health, card };
  }

  /** `digest now`: this week's digest for the channel (its scope) as of now, marked as a preview; nothing is claimed or kept. */
  async preview(now: Date = this.o.clock.now(), conversationId?: string): Promise<AdaptiveCard> {
    const scope = conversationId ? await this.o.stores.digestScopes.get(channelOf(conversationId)) : undefined;
    return (await this.build(now, { preview: true, ...(scope ? { scope } : {}) })).card;
  }

  /**
   * The weekly run, idempotent: posts the digest of the latest scheduled moment to every channel subscribed
   * before it that has not had it, and keeps the week's snapshot. Run it at the moment, on start-up (catch-up)
   * and whenever an external timer calls; `done: false` means a channel is held by another instance or waits
   * for a retry, so run again.
   */
  async runWeekly(now: Date = this.o.clock.now()): Promise<DigestRunReport> {
    const report: DigestRunReport = { done: true, posted: [], already: [], waiting: [], failed: [] };
    const moment = this.latestMoment(now);
    if (!moment) return report;
    const weekId = isoWeekOf(moment.toISOString(), this.timeZone).id;
    report.weekId = weekId;
    const momentIso = moment.toISOString();
    const [subscriptions, claims] = await Promise.all([this.o.stores.subscriptions.list(), this.o.stores.digestRuns.forWeek(weekId)]);
    const claimed = new Map(claims.map((c) => [c.conversationId, c]));
    // Read once, built once per scope: channels with the same scope get the same card.
    let data: DigestData | undefined;
    const cards = new Map<string, AdaptiveCard>();
    let wholeBook: DigestSnapshot | undefined;
    const card = async (scope: DigestScope | undefined): Promise<AdaptiveCard> => {
      const key = scope ? JSON.stringify([[...scope.partnerIds].sort(), [...scope.tags].sort()]) : '*';
      const hit = cards.get(key);
      if (hit) return hit;
      const built = await this.build(now, { weekId, data: (data ??= await this.load(weekId)), ...(scope ? { scope } : {}) });
      if (!scope) wholeBook = built.figures.snapshot;
      cards.set(key, built.card);
      return built.card;
    };

    for (const sub of subscriptions.filter((s) => s.subscribedAt < momentIso).sort((a, b) => (a.conversationId < b.conversationId ? -1 : 1))) {
      const claim = await this.claimFor(weekId, sub.conversationId, claimed.get(sub.conversationId), now, report);
      if (!claim) continue;
      await this.o.hooks?.afterClaim?.(sub.conversationId);
      await this.send(claim, await card(await this.o.stores.digestScopes.get(channelOf(sub.conversationId))), now, report);
    }

    if (!wholeBook && !(await this.o.stores.digestRuns.snapshot(weekId))) wholeBook = (await this.build(now, { weekId, data: (data ??= await this.load(weekId)) })).figures.snapshot;
    if (wholeBook) await this.o.stores.digestRuns.saveSnapshot(wholeBook);
    report.done = report.waiting.length === 0;
    if (report.posted.length || report.failed.length) this.o.log?.info({ ...report }, 'digest: weekly run');
    return report;
  }

  /** The claim this instance may send under, or undefined (with the reason recorded in the report). */
  private async claimFor(weekId: string, conversationId: string, existing: DigestClaim | undefined, now: Date, report: DigestRunReport): Promise<DigestClaim | undefined> {
    const nowIso = now.toISOString();
    const lease = { owner: this.o.instanceId, claimedAt: nowIso, leaseUntil: new Date(now.getTime() + this.leaseMs).toISOString() };
    if (!existing) {
      const created = await this.o.stores.digestRuns.claim({ weekId, conversationId, status: 'claimed', attempts: 0, ...lease });
      if (!created) report.waiting.push(conversationId); // another instance created it a moment ago
      return created;
    }
    if (existing.status === 'sent' || existing.status === 'failed') {
      report.already.push(conversationId);
      return undefined;
    }
    const free = existing.status === 'claimed' ? existing.leaseUntil <= nowIso : (existing.notBefore ?? '') <= nowIso;
    if (!free) {
      report.waiting.push(conversationId);
      return undefined;
    }
    if (existing.status === 'claimed') {
      this.o.log?.warn({ weekId, conversationId, owner: existing.owner }, 'digest: taking over a claim whose instance stopped; if it had sent already, the channel gets a second copy');
    }
    const taken = await this.o.stores.digestRuns.update(existing, { status: 'claimed', notBefore: undefined, ...lease });
    if (!taken) report.waiting.push(conversationId);
    return taken;
  }

  private async send(claim: DigestClaim, card: AdaptiveCard, now: Date, report: DigestRunReport): Promise<void> {
    const attempts = claim.attempts + 1;
    let result: DigestSendResult;
    try {
      result = await this.o.sender.post(claim.conversationId, card);
    } catch (err) {
      result = { ok: false, permanent: false, message: err instanceof Error ? err.message : String(err) };
    }
    await this.o.hooks?.afterSend?.(claim.conversationId);
    const at = this.o.clock.now().toISOString();
    if (result.ok) {
      const done = await this.o.stores.digestRuns.update(claim, { status: 'sent', attempts, sentAt: at, activityId: result.activityId, lastError: undefined });
      if (!done) this.o.log?.warn({ weekId: claim.weekId, conversationId: claim.conversationId }, 'digest: sent, but the claim changed meanwhile');
      report.posted.push(claim.conversationId);
      return;
    }
    const givingUp = result.permanent || attempts >= MAX_SEND_ATTEMPTS;
    await this.o.stores.digestRuns.update(
      claim,
      givingUp
        ? { status: 'failed', attempts, lastError: result.message }
        : { status: 'retry', attempts, lastError: result.message, notBefore: new Date(now.getTime() + backoffMs(attempts, result.retryAfterMs)).toISOString() },
    );
    this.o.log?.warn({ weekId: claim.weekId, conversationId: claim.conversationId, status: result.ok ? undefined : result.status, attempts, givingUp }, 'digest: send failed');
    (givingUp ? report.failed : report.waiting).push(claim.conversationId);
  }
}
