// The one path every change to a case takes: load, decide, commit with the ETag read. Teams handlers and
// timers both call this; neither talks to storage or the engine directly. A click reads the partner's latest
// case (one point read) and the people it names (by key, from the instance's cache), then commits once.
import type { CaseState, Directory, Rejection, TickContext, WorkflowSettings } from '../domain';
import { DomainError, decide, nextDueAt, reject, stakeholdersOf, tick, usersWithRole } from '../domain';
import type { CaseEvent, Notice } from '../domain';
import type { Committed, PartnerRecord, Stores, StoredCase } from '../storage/ports';
import type { Clock } from './clock';
import { directoryFor } from './directoryView';

export interface Actor {
  /** aadObjectId from the Teams activity. */
  aadObjectId: string;
  conversationId?: string;
  /** Set when the action came from a team channel. */
  channel?: string;
}

export type CaseOutcome =
  | { ok: true; state: CaseState; events: CaseEvent[]; partner: PartnerRecord }
  | { ok: false; rejection: Rejection; state?: CaseState; partner?: PartnerRecord };

export interface CaseServiceOptions {
  stores: Stores;
  settings: WorkflowSettings;
  /** ADMIN_AAD_OBJECT_IDS, in order; directory admins are added after them. */
  configuredAdmins: readonly string[];
  clock: Clock;
  /** Called after every commit, so this instance writes its index entries and delivers the pings now. */
  onCommitted?: (committed: Committed) => void;
}

/** Fresh reads a flag or added evidence gets before giving up (README "Reliability": 50 at once are all kept). */
const ADDITIVE_ATTEMPTS = 100;

export interface ExecuteOptions {
  /** Runs once the command is allowed, before its commit: what it needs written first (a person a command names). */
  beforeCommit?: () => Promise<void>;
  /**
   * The Teams activity's id, for a flag or added evidence: Teams may deliver one activity again (it retries when an
   * answer is slow), and these carry no stage to catch the repeat. The first delivery counts; a repeat is answered
   * with the case as it stands.
   */
  onceKey?: string;
  /**
   * The partner's latest case, read already: a click starts reading it as the turn begins, alongside the check for
   * changes by other instances (src/teams/readAhead.ts). Used by the first attempt; a retry reads afresh.
   */
  read?: Promise<StoredCase | undefined>;
}

export class CaseService {
  /** Index writes that follow commits in the background (storage: `Committed.indexed`), until they are done. */
  private readonly writing = new Set<Promise<void>>();

  constructor(private readonly o: CaseServiceOptions) {}

  /** Resolves once the index writes of every commit made so far are done (failures are the sweeps' to repair). */
  async indexed(): Promise<void> {
    while (this.writing.size > 0) await Promise.allSettled([...this.writing]);
  }

  /** Whether index writes of a commit are still under way. */
  get indexing(): boolean {
    return this.writing.size > 0;
  }

  private committed(committed: Committed): void {
    const indexed = committed.indexed;
    this.writing.add(indexed);
    void indexed.catch(() => undefined).finally(() => this.writing.delete(indexed));
    this.o.onCommitted?.(committed);
  }

  get settings(): WorkflowSettings {
    return this.o.settings;
  }

  /** ADMIN_AAD_OBJECT_IDS, then everyone with the admin role (from `directory` when it is at hand). */
  async admins(directory?: Directory): Promise<string[]> {
    const holders = directory ? usersWithRole(directory, 'admin') : await this.o.stores.directory.withRole('admin');
    return [...new Set([...this.o.configuredAdmins, ...holders])];
  }

  async isAdmin(userId: string): Promise<boolean> {
    return (await this.admins()).includes(userId);
  }

  async current(partnerId: string): Promise<StoredCase | undefined> {
    return this.o.stores.cases.latest(partnerId);
  }

  /** The directory a decision on this case needs: its people, the actor, anyone a command names, and their chains. */
  async directoryFor(state: CaseState | undefined, ...more: (string | undefined)[]): Promise<Directory> {
    return directoryFor(this.o.stores.directory, [...(state ? stakeholdersOf(state) : []), ...more]);
  }

  /** Runs one command from a person. Identity comes from `actor`, never from the command. */
  async execute(partnerId: string, command: unknown, actor: Actor, options: ExecuteOptions = {}): Promise<CaseOutcome> {
    // A flag or evidence adds to the case at whatever step it is: when someone else committed first (fifty people
    // flagging the same meeting at once), it is decided again on a fresh read, merged or a new strike, never lost.
    // Each conflict means another change was recorded, so this ends; the bound only guards against a storm.
    const attempts = isAdditive(command) ? ADDITIVE_ATTEMPTS : 1;
    const { read: _readAhead, ...afresh } = options;
    for (let attempt = 1; ; attempt++) {
      const result = await this.executeOnce(partnerId, command, actor, attempt === 1 ? options : afresh);
      if (!('conflict' in result)) return result;
      // One read, only after a conflict: was it this very activity, delivered before (README "Reliability")?
      if (options.onceKey && attempts > 1 && result.conflict.state && result.conflict.partner && (await this.o.stores.cases.committedOnce(partnerId, options.onceKey))) {
        return { ok: true, state: result.conflict.state, events: [], partner: result.conflict.partner };
      }
      if (attempt >= attempts) {
        if (attempts === 1) return result.conflict;
        const message = 'This case kept changing while we recorded your addition, so it was not saved. Please send it again.';
        return { ...result.conflict, rejection: reject('CASE.MOVED_ON', message) } as CaseOutcome;
      }
    }
  }

  private async executeOnce(partnerId: string, command: unknown, actor: Actor, options: ExecuteOptions): Promise<CaseOutcome | { conflict: CaseOutcome }> {
    const partner = await this.o.stores.partners.get(partnerId);
    if (!partner || partner.archived) return { ok: false, rejection: reject('CASE.NOT_FOUND', 'That partner is not known (or archived). Try `partners` for the list.') };
    const stored = await (options.read ?? this.o.stores.cases.latest(partnerId));
    const directory = await this.directoryFor(stored?.state, actor.aadObjectId, ...namedIn(command));
    const admins = await this.admins(directory);
    const decision = decide(stored?.state, command, {
      now: this.o.clock.now().toISOString(),
      actor: actor.aadObjectId,
      ...(actor.conversationId ? { conversationId: actor.conversationId } : {}),
      ...(actor.channel ? { channel: actor.channel } : {}),
      directory,
      admins,
      settings: this.o.settings,
      partner: { partnerId, salesDirectors: partner.salesDirectors },
    });
    if (!decision.ok) return { ok: false, rejection: decision.rejection, ...(stored ? { state: stored.state } : {}), partner };
    await options.beforeCommit?.();
    try {
      const committed = await this.o.stores.cases.commit({
        partnerId,
        caseId: decision.state.caseId,
        read: stored,
        events: decision.events,
        state: decision.state,
        notices: expandAdmins(decision.notices, admins),
        nextDueAt: nextDueAt(decision.state, this.o.settings, { directory }),
        ...(options.onceKey && isAdditive(command) ? { onceKey: options.onceKey } : {}),
      });
      this.committed(committed);
    } catch (err) {
      if (err instanceof DomainError) {
        const now = await this.o.stores.cases.latest(partnerId);
        const outcome: CaseOutcome = { ok: false, rejection: reject(err.code, err.message), ...(now ? { state: now.state } : {}), partner };
        return err.code === 'CASE.MOVED_ON' ? { conflict: outcome } : outcome;
      }
      throw err;
    }
    return { ok: true, state: decision.state, events: decision.events, partner };
  }

  /** Applies what time alone does to one case; returns how many events it recorded. */
  async tickCase(partnerId: string, now: Date): Promise<number> {
    const stored = await this.o.stores.cases.latest(partnerId);
    if (!stored) return 0;
    const partner = await this.o.stores.partners.get(partnerId);
    const directory = await this.directoryFor(stored.state);
    const ctx: TickContext = {
      now: now.toISOString(),
      directory,
      admins: await this.admins(directory),
      settings: this.o.settings,
      partner: { partnerId, salesDirectors: partner?.salesDirectors ?? [] },
    };
    const result = tick(stored.state, ctx);
    if (result.events.length === 0) return 0;
    const committed = await this.o.stores.cases.commit({
      partnerId,
      caseId: stored.state.caseId,
      read: stored,
      events: result.events,
      state: result.state,
      notices: expandAdmins(result.notices, ctx.admins),
      nextDueAt: nextDueAt(result.state, this.o.settings, ctx),
    });
    this.committed(committed);
    // A timer run queries the due index again next: it must see this case's entry already moved.
    await committed.indexed;
    return result.events.length;
  }

  async history(partnerId: string, caseId: string): Promise<CaseEvent[]> {
    return this.o.stores.cases.events(partnerId, caseId);
  }
}

function isAdditive(command: unknown): boolean {
  const type = typeof command === 'object' && command !== null ? (command as { type?: unknown }).type : undefined;
  return type === 'flag' || type === 'add-evidence';
}

/** People a command names (a new holder, picked sales directors): the decision may need their directory entries. */
function namedIn(command: unknown): string[] {
  if (typeof command !== 'object' || command === null) return [];
  const c = command as { to?: unknown; salesDirectorIds?: unknown; actions?: unknown };
  const ids: unknown[] = [c.to, ...(Array.isArray(c.salesDirectorIds) ? c.salesDirectorIds : []), ...(Array.isArray(c.actions) ? c.actions.map((a: { ownerId?: unknown }) => a?.ownerId) : [])];
  return ids.filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 100).slice(0, 50);
}

/** "Tell the admins" becomes one notice per admin, so each delivery succeeds or fails on its own. */
function expandAdmins(notices: readonly Notice[], admins: readonly string[]): Notice[] {
  return notices.flatMap((n) => ('admins' in n.to ? admins.map((user) => ({ ...n, to: { user } })) : [n]));
}
