// The weekly digest's storage (src/jobs): channel subscriptions, each week's claim per channel, the figures kept for
// next week's movement, and which partners a channel's digest covers. Exported with the other ports (ports.ts).
import type { DigestSnapshot } from '../domain/digest';

/** A conversation (team channel) that gets the weekly digest, subscribed with `digest here`. */
export interface DigestSubscription {
  conversationId: string;
  subscribedBy: string;
  subscribedAt: string;
}

export interface SubscriptionStore {
  /** Subscribes a conversation; false when it already was (the first subscription stands). */
  subscribe(subscription: DigestSubscription): Promise<boolean>;
  /** Ends a subscription; false when there was none. */
  unsubscribe(conversationId: string): Promise<boolean>;
  get(conversationId: string): Promise<DigestSubscription | undefined>;
  list(): Promise<DigestSubscription[]>;
}

/**
 * One channel's digest for one ISO week. `claimed` while an instance sends it (until `leaseUntil`; after that
 * its owner is taken to have stopped), then `sent`, `retry` (a transient failure, again from `notBefore`) or
 * `failed` (permanently: the bot was removed from the channel).
 */
export type DigestClaimStatus = 'claimed' | 'sent' | 'retry' | 'failed';

export interface DigestClaim {
  weekId: string;
  conversationId: string;
  status: DigestClaimStatus;
  /** The instance that holds or last held the claim. */
  owner: string;
  claimedAt: string;
  leaseUntil: string;
  /** Send attempts so far. */
  attempts: number;
  notBefore?: string;
  activityId?: string;
  sentAt?: string;
  lastError?: string;
  etag: string;
}

export type DigestClaimChange = Partial<Pick<DigestClaim, 'status' | 'owner' | 'claimedAt' | 'leaseUntil' | 'attempts' | 'notBefore' | 'activityId' | 'sentAt' | 'lastError'>>;

export interface DigestRunStore {
  /** Creates the week's claim for a channel; undefined when it exists already (another instance was first). */
  claim(claim: Omit<DigestClaim, 'etag'>): Promise<DigestClaim | undefined>;
  get(weekId: string, conversationId: string): Promise<DigestClaim | undefined>;
  /** ETag-conditional; undefined when someone else changed the claim since it was read. */
  update(claim: DigestClaim, change: DigestClaimChange): Promise<DigestClaim | undefined>;
  forWeek(weekId: string): Promise<DigestClaim[]>;
  /** Keeps the week's figures for next week's movement; false when that week has one already. */
  saveSnapshot(snapshot: DigestSnapshot): Promise<boolean>;
  snapshot(weekId: string): Promise<DigestSnapshot | undefined>;
  /** The latest snapshot of a week before `weekId`. */
  snapshotBefore(weekId: string): Promise<DigestSnapshot | undefined>;
}

/** The partners a channel's digest covers; none: the whole book. */
export interface DigestScope {
  conversationId: string;
  partnerIds: string[];
  tags: string[];
  setBy: string;
  setAt: string;
}

export interface DigestScopeStore {
  get(conversationId: string): Promise<DigestScope | undefined>;
  set(scope: DigestScope): Promise<void>;
  clear(conversationId: string): Promise<boolean>;
}

/** The digest's stores, next to `Stores` (`createTableStorage` returns both). */
export interface DigestStores {
  digestScopes: DigestScopeStore;
  subscriptions: SubscriptionStore;
  digestRuns: DigestRunStore;
}
