// The one path every change to a partner's health takes: load what is known of the partner, find who may act,
// decide, commit with the ETag read. Every read is by key or within the partner's partition: a click costs the
// same however many partners and people there are (the people it needs are read one by one, with their chains).
import type { CaseState, HealthEvent, HealthPermissionContext, HealthSettings, Rejection } from '../domain';
import { DomainError, decideHealth, execOwnerOf, partnerWorkers, reject } from '../domain';
import type { PartnerRecord, Person, Stores, StoredHealth } from '../storage/ports';
import type { Actor } from './caseService';
import type { Clock } from './clock';
import { entryOf } from '../storage/directoryStore.table';

export interface HealthServiceOptions {
  stores: Pick<Stores, 'health' | 'partners' | 'cases' | 'directory'>;
  /** ADMIN_AAD_OBJECT_IDS; people with the directory role `admin` are admins too. */
  configuredAdmins: readonly string[];
  clock: Clock;
  settings: HealthSettings;
}

/** What is known of one partner's health. */
export interface PartnerFacts {
  partner: PartnerRecord;
  health?: StoredHealth;
  latestCase?: CaseState;
}

/** Who may act on the partner, with the people read to find out (by id). */
export interface HealthAccess extends HealthPermissionContext {
  people: Map<string, Person>;
}

/** `access`: who may act, as read for the decision (still right for the card unless the executive owner changed). */
export type HealthOutcome = { ok: true; facts: PartnerFacts; events: HealthEvent[]; access: HealthAccess } | { ok: false; rejection: Rejection; facts?: PartnerFacts; access?: HealthAccess };

/** Levels of management walked up from each person who works with the partner. */
const MAX_CHAIN = 12;

export class HealthService {
  constructor(private readonly o: HealthServiceOptions) {}

  get settings(): HealthSettings {
    return this.o.settings;
  }

  /** The partner (one point read), its health (one point read) and its latest case (its partition). */
  async facts(partnerId: string): Promise<PartnerFacts | undefined> {
    const [partner, health, latest] = await Promise.all([this.o.stores.partners.get(partnerId), this.o.stores.health.get(partnerId), this.o.stores.cases.latest(partnerId)]);
    if (!partner || partner.archived) return undefined;
    return { partner, ...(health ? { health } : {}), ...(latest ? { latestCase: latest.state } : {}) };
  }

  /** Reads `ids` (and, with `chains`, everyone up their management chains), by key, level by level. */
  async people(ids: Iterable<string>, into = new Map<string, Person>(), chains = true): Promise<Map<string, Person>> {
    let wanted = [...new Set(ids)].filter((id) => id && !into.has(id));
    const tried = new Set<string>();
    for (let level = 0; wanted.length > 0 && level < (chains ? MAX_CHAIN : 1); level += 1) {
      wanted.forEach((id) => tried.add(id));
      const found = await Promise.all(wanted.map((id) => this.o.stores.directory.get(id)));
      found.forEach((p) => p && into.set(p.userId, p));
      const managers = found.map((p) => (p ? entryOf(p).managerId : undefined));
      wanted = [...new Set(managers.filter((m): m is string => !!m && !into.has(m) && !tried.has(m)))];
    }
    return into;
  }

  /** Who works with the partner, their chains, and the person asking: enough for `healthCan`. */
  async access(facts: PartnerFacts, person: string | undefined): Promise<HealthAccess> {
    const workers = partnerWorkers(facts.partner, execOwnerOf(facts.health?.state)?.ownerId, facts.latestCase);
    const people = await this.people([...workers, ...(person ? [person] : [])]);
    const directoryAdmins = [...people.values()].filter((p) => p.roles.includes('admin')).map((p) => p.userId);
    return {
      directory: { entries: Object.fromEntries([...people].map(([id, p]) => [id, entryOf(p)])) },
      admins: [...new Set([...this.o.configuredAdmins, ...directoryAdmins])],
      workers,
      partnerName: facts.partner.name,
      people,
    };
  }

  /** Runs one health command from a person. Identity comes from `actor`, never from the command. */
  async execute(partnerId: string, command: unknown, actor: Actor): Promise<HealthOutcome> {
    // Everything recorded here adds to the partner: when someone else committed first, decide again on the new state.
    for (let attempt = 1; ; attempt += 1) {
      const facts = await this.facts(partnerId);
      if (!facts) return { ok: false, rejection: reject('CASE.NOT_FOUND', 'That partner is not known (or archived). Try `partners` for the list.') };
      const access = await this.access(facts, actor.aadObjectId);
      const wanted = typeof command === 'object' && command !== null ? (command as { execOwner?: unknown }).execOwner : undefined;
      const owner = typeof wanted === 'string' && wanted.trim() ? (access.people.get(wanted.trim()) ?? (await this.o.stores.directory.get(wanted.trim()))) : undefined;
      const decision = decideHealth(facts.health?.state, command, {
        now: this.o.clock.now().toISOString(),
        actor: actor.aadObjectId,
        ...(actor.conversationId ? { conversationId: actor.conversationId } : {}),
        partnerId,
        permission: access,
        ...(owner ? { execOwner: { userId: owner.userId, ...(owner.name ? { name: owner.name } : {}) } } : {}),
      });
      if (!decision.ok) return { ok: false, rejection: decision.rejection, facts, access };
      if (decision.events.length === 0) return { ok: true, facts, events: [], access };
      try {
        const health = await this.o.stores.health.commit({ partnerId, etag: facts.health?.etag, events: decision.events, state: decision.state });
        return { ok: true, facts: { ...facts, health }, events: decision.events, access };
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        if (err.code !== 'CASE.MOVED_ON' || attempt >= 3) return { ok: false, rejection: reject(err.code, err.message), facts, access };
      }
    }
  }
}
