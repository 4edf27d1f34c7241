// The storage the rest of the app sees. One implementation: Azure Table Storage (index.ts builds it).
// The weekly digest's ports are in digestPorts.ts, exported from here too.
import type { CaseEvent, CaseState, Directory, DirectoryEntry, HealthEvent, HealthState, Notice, Role, WorkKind } from '../domain';

// ---------------------------------------------------------------- cases

export interface StoredCase {
  state: CaseState;
  /** The ETag of the partner's latest case row: pass it back to `commit` so a stale writer loses. */
  etag: string;
  /** When the case next needs a timer, as stored (the index entry a commit moves). */
  timerDueAt?: string;
}

export interface CaseCommit {
  partnerId: string;
  caseId: string;
  /** The partner's latest case as read (its ETag guards the commit); undefined when the partner has none yet. */
  read: StoredCase | undefined;
  /** Events numbered from `state.version - events.length + 1`. */
  events: CaseEvent[];
  state: CaseState;
  notices: Notice[];
  /** When the case next needs a timer (domain `nextDueAt`), for the due-time index. */
  nextDueAt: string | undefined;
  /**
   * The Teams activity that asked for this change, when it must count once however often Teams delivers it (a
   * flag carries no stage to catch a repeat): written with the commit, so a repeat's commit conflicts.
   */
  onceKey?: string;
}

export interface OutboxItem {
  partnerId: string;
  /** Unique within the partner's partition. */
  outboxId: string;
  notice: Notice;
  createdAt: string;
  /** `held`: the person could not be reached yet; kept for them (ReachStore) and delivered when they can be. */
  status: 'pending' | 'delivered' | 'failed' | 'held';
  attempts: number;
  /** Earliest time the next attempt may run (or another instance may take it over). */
  notBefore: string;
  lastError?: string;
  etag: string;
}

export interface Committed {
  stored: StoredCase;
  /** The outbox rows the commit wrote, with their ETags: delivered right away by this instance. */
  outbox: OutboxItem[];
  /** The index entries (due timer, pending pings) being written after the commit; awaited by whoever needs them. */
  indexed: Promise<void>;
}

export interface CaseStore {
  /** The partner's most recent case, open or closed: one point read. */
  latest(partnerId: string): Promise<StoredCase | undefined>;
  get(partnerId: string, caseId: string): Promise<StoredCase | undefined>;
  /** Whether a change with this `onceKey` was committed for the partner (one point read, only after a conflict). */
  committedOnce(partnerId: string, onceKey: string): Promise<boolean>;
  /**
   * Every event of a case, in order, with evidence in full. With `version` (the state's), only events this
   * instance has not seen are read.
   */
  events(partnerId: string, caseId: string, version?: number): Promise<CaseEvent[]>;
  /**
   * Appends the events, writes the case's state (and the partner's latest-case row) and the notices' outbox rows
   * in one transaction of the partner's partition, guarded by the ETag read. A stale ETag (412) or a concurrent
   * open (409) throws DomainError CASE.MOVED_ON and writes nothing. Index entries follow (`indexed`).
   */
  commit(commit: CaseCommit): Promise<Committed>;
  /** The latest case of every partner that has one (latest-case rows only). */
  latestCases(): Promise<CaseState[]>;
}

export interface OutboxStore {
  /** Pending items whose time has come, oldest first, found through the index (no partition scan). */
  due(now: string, limit: number): Promise<OutboxItem[]>;
  /** Marks delivered, failed, or reschedules; ETag-conditional so two dispatchers never both finish one item. */
  update(item: OutboxItem, change: Partial<Pick<OutboxItem, 'status' | 'attempts' | 'notBefore' | 'lastError'>>): Promise<OutboxItem>;
  /** Re-creates index entries for pending rows that lack one (after a crash between commit and index write). */
  repairIndex(): Promise<number>;
  /** Items for a case, newest first (unreachable people shown on the case). */
  forCase(partnerId: string, caseId: string): Promise<OutboxItem[]>;
}

export interface DueCase {
  partnerId: string;
  caseId: string;
  dueAt: string;
}

export interface TimerIndex {
  /** Cases whose next timer is at or before `now`. */
  due(now: string, limit: number): Promise<DueCase[]>;
  /** Drop the index entry once the case's timer moved or cleared. */
  remove(entry: DueCase): Promise<void>;
  /** Rebuild entries from the open cases' latest-case rows (start-up sweep). */
  repair(): Promise<number>;
}

// ---------------------------------------------------------------- partners

export interface PartnerRecord {
  /** Stable slug, e.g. "contoso". */
  partnerId: string;
  name: string;
  aliases: string[];
  salesDirectors: string[];
  archived: boolean;
  createdAt: string;
  createdBy: string;
}

export interface PartnerLookup {
  find(typed: string): PartnerRecord | undefined;
}

export interface PartnerStore {
  get(partnerId: string): Promise<PartnerRecord | undefined>;
  /** Every partner record (this instance's copy while it is current: one partition read after a change). */
  list(): Promise<PartnerRecord[]>;
  /** Finds a partner by what people type (id, name or alias) in that same copy: one lookup, however many partners. */
  finder(): Promise<PartnerLookup>;
  /**
   * The same without any I/O: the copy this instance holds, which another instance may have changed since (undefined
   * before the first read). Only for reading ahead: the turn looks again once its change check is done.
   */
  knownFinder(): PartnerLookup | undefined;
  /** Creates a partner; throws DomainError INPUT.INVALID if the id is taken. */
  create(record: PartnerRecord): Promise<void>;
  update(record: PartnerRecord): Promise<void>;
}

/** A flag typed for a partner that does not exist yet: recorded as soon as an admin adds it. */
export interface PendingFlag {
  requestId: string;
  partnerName: string;
  requestedBy: string;
  requestedAt: string;
  conversationId: string;
  /** The flag command as the reporter typed it (validated again when replayed). */
  command: unknown;
  status: 'pending' | 'recorded' | 'dismissed';
  partnerId?: string;
}

export interface PendingFlagStore {
  add(flag: PendingFlag): Promise<void>;
  pending(): Promise<PendingFlag[]>;
  resolve(requestId: string, status: 'recorded' | 'dismissed', partnerId?: string): Promise<void>;
}

// ---------------------------------------------------------------- directory and reachability

/**
 * Whether the bot can write to a person in a 1:1 chat (README "Reaching people"): `reachable` (a conversation, or a
 * Teams id to open one), `not-yet` (never seen in Teams, or the app is not installed for them), `blocked` (they
 * blocked or removed the app).
 */
export type Reach = 'reachable' | 'not-yet' | 'blocked';

export interface Person extends DirectoryEntry {
  email?: string;
  /** Teams user id ("29:…"), for mentions and card refresh. */
  teamsId?: string;
  tenantId?: string;
  department?: string;
  /** Stored only when the last 1:1 ping failed for good; cleared when one arrives or they talk to the bot. */
  reach?: Exclude<Reach, 'reachable'>;
  /** Microsoft Graph's answer (when configured): the manager it names wins over `managerId`, which stays the fallback ('' : none). */
  graphManagerId?: string;
  /** When Graph last filled name, email, department and manager: the cache's age. */
  graphAt?: string;
}

/** A person as far as the bot knows whether it can reach them (README "Reaching people"). */
export function reachOf(person: Pick<Person, 'reach' | 'teamsId'> | undefined): Reach {
  if (person?.reach) return person.reach;
  return person?.teamsId ? 'reachable' : 'not-yet';
}

/** Someone imported by email alone: held under the address until Graph or their first message gives their Entra id. */
export interface PendingPerson {
  email: string;
  name?: string;
  roles: Role[];
  /** Their manager's Entra object id or email, as the import named it. */
  manager?: string;
  tenantId?: string;
}

export type PersonInput = Omit<Person, 'roles' | 'managerId' | 'reach'> & Partial<Pick<Person, 'roles' | 'managerId'>>;

export interface DirectoryStore {
  /** One person, by key (from this instance's cache when it is current). */
  get(userId: string): Promise<Person | undefined>;
  /** Several people by key; those not in the directory are left out. */
  getMany(userIds: readonly string[]): Promise<Map<string, Person>>;
  /** The person with this Teams id ("29:…"), through its index row. */
  byTeamsId(teamsId: string): Promise<Person | undefined>;
  /** The person with this email (or UPN), through its index row. */
  byEmail(email: string): Promise<Person | undefined>;
  /** Who holds a role (a small partition range). */
  withRole(role: Role): Promise<string[]>;
  /** Everyone, read in full: imports, `org show`, the digest. Never on a click. */
  list(): Promise<Person[]>;
  snapshot(): Promise<Directory>;
  /** Creates or merges a person (name, email, teamsId, tenantId, zone, Graph fields), keeping manager and roles. */
  upsertPerson(person: PersonInput): Promise<Person>;
  setManager(userId: string, managerId: string | undefined): Promise<void>;
  /** Records whether the bot can reach a person 1:1; writes only when it changes (and only for people it knows). */
  setReach(userId: string, reach: Reach): Promise<void>;
  setRoles(userId: string, roles: Role[]): Promise<void>;
  /** Keeps an email-only import row until the person is known by their Entra id (`claimEmail`). */
  holdByEmail(pending: PendingPerson): Promise<void>;
  /**
   * The person's first contact (or Graph) tells their addresses: an import row held under one of them becomes
   * theirs (name, roles, manager). Returns the person after it, or undefined when nothing was held.
   */
  claimEmail(userId: string, emails: readonly string[]): Promise<Person | undefined>;
}

/** Bot Framework ConversationReference, stored as plain JSON. */
export type ConversationReferenceJson = Record<string, unknown>;

/** A card the bot posted about a case, by conversation and activity id. */
export interface CaseCardRef {
  conversationId: string;
  activityId: string;
}

export interface ConversationStore {
  /** Writes only when new or changed; returns whether it wrote. */
  savePersonal(userId: string, ref: ConversationReferenceJson): Promise<boolean>;
  personal(userId: string): Promise<ConversationReferenceJson | undefined>;
  saveConversation(conversationId: string, ref: ConversationReferenceJson): Promise<boolean>;
  conversation(conversationId: string): Promise<ConversationReferenceJson | undefined>;
  /** Any stored reference from this tenant: its serviceUrl and bot account open new 1:1 chats. */
  anyInTenant(tenantId: string): Promise<ConversationReferenceJson | undefined>;
  /** A team the bot is installed in (a channel reference): its roster opens 1:1 chats with people it never met. */
  saveTeam(tenantId: string, teamId: string, ref: ConversationReferenceJson): Promise<void>;
  /** The teams of a tenant the bot was seen in (a few, most recent first). */
  teamsIn(tenantId: string): Promise<ConversationReferenceJson[]>;
  /**
   * Every card posted about a case in a channel or group chat (each flag posted there brings one), to update them all
   * in place as the case moves: one row per case, read by key (the most recent MAX_CASE_CARDS are kept).
   */
  addCaseCard(caseId: string, conversationId: string, activityId: string): Promise<void>;
  caseCards(caseId: string): Promise<CaseCardRef[]>;
}

// ---------------------------------------------------------------- partner health (README, "Partner health")

export interface StoredHealth {
  state: HealthState;
  /** The state row's ETag: pass it back to `commit` so a stale writer loses. */
  etag: string;
}

export interface HealthCommit {
  partnerId: string;
  /** The ETag read; undefined when nothing was recorded on the partner yet (the state row is created). */
  etag: string | undefined;
  /** Events numbered from `state.version - events.length + 1`. */
  events: HealthEvent[];
  state: HealthState;
}

export interface HealthStore {
  /** One point read: the partner's health state and its ETag. */
  get(partnerId: string): Promise<StoredHealth | undefined>;
  /** Every health event of the partner, in order (one partition). */
  events(partnerId: string): Promise<HealthEvent[]>;
  /** Events and state in one transaction of the partner's partition; a stale ETag throws DomainError CASE.MOVED_ON. */
  commit(commit: HealthCommit): Promise<StoredHealth>;
  /** Every partner's health state (the digest and the partners list; never on a click). */
  all(): Promise<HealthState[]>;
}

// ---------------------------------------------------------------- what waits on each person, and held pings

/** One person's part in one case (README "What is waiting on me"): the per-person index rows behind `mine`. */
export interface WorkEntry {
  userId: string;
  partnerId: string;
  caseId: string;
  kinds: WorkKind[];
}

export interface WorkIndex {
  /** A person's rows (one partition: a few per person, whatever the size of the book). */
  forPerson(userId: string): Promise<WorkEntry[]>;
  /** Drops a row found stale (the case moved on since, or closed long ago). */
  remove(entry: Pick<WorkEntry, 'userId' | 'partnerId' | 'caseId'>): Promise<void>;
  /** Writes rows lost between a commit and its index writes (start-up sweep). */
  repair(): Promise<number>;
}

/** A ping held for someone the bot could not reach yet, pointing at its outbox row. */
export interface HeldPing {
  userId: string;
  partnerId: string;
  caseId: string;
  outboxId: string;
  heldAt: string;
}

export interface ReachStore {
  hold(ping: HeldPing): Promise<void>;
  /** Everything held for a person (one partition). */
  held(userId: string): Promise<HeldPing[]>;
  /** Forgets pings delivered (and the person's place on the unreached list when nothing is left). */
  release(userId: string, pings: readonly HeldPing[]): Promise<void>;
  /** People with pings held, and since when (the admins' daily summary; never on a click). */
  unreached(): Promise<{ userId: string; since: string }[]>;
  /** Claims one admin's summary for a day; false when it was claimed already (another instance, an earlier run). */
  claimSummary(adminId: string, day: string): Promise<boolean>;
}

/** Everything `createTableStorage` returns. */
export interface Stores {
  /**
   * Checks, with one read, whether another instance changed the directory or the partner records since this one
   * last looked, and drops what it keeps in memory if so. Called at the start of every turn and job run.
   */
  refresh(): Promise<void>;
  health: HealthStore;
  cases: CaseStore;
  outbox: OutboxStore;
  timers: TimerIndex;
  partners: PartnerStore;
  pendingFlags: PendingFlagStore;
  directory: DirectoryStore;
  conversations: ConversationStore;
  work: WorkIndex;
  reach: ReachStore;
}

export * from './digestPorts';
