// The partners' names and aliases, kept in memory for the red-flag spotter and the message-action guess, so a
// message costs no storage read (README "Spotting red flags in syncs"). This instance's own partner changes
// refresh it at once (watchPartners); changes made by another instance show within MAX_AGE_MS.
import type { PartnerNames } from '../domain/spotting/classify';
import { partnerNames } from '../domain/spotting/classify';
import type { PartnerStore } from '../storage/ports';
import type { Clock } from './clock';

export const PARTNER_INDEX_MAX_AGE_MS = 60_000;

export class PartnerIndex {
  private names: PartnerNames | undefined;
  private loadedAt = 0;
  private stale = true;
  private loading: Promise<PartnerNames> | undefined;

  constructor(private readonly o: { partners: Pick<PartnerStore, 'list'>; clock: Clock; maxAgeMs?: number }) {}

  /** A partner was added, renamed, given an alias or archived: the next lookup reads the list again. */
  invalidate(): void {
    this.stale = true;
  }

  async current(): Promise<PartnerNames> {
    const now = this.o.clock.now().getTime();
    const maxAge = this.o.maxAgeMs ?? PARTNER_INDEX_MAX_AGE_MS;
    if (this.names && !this.stale && now - this.loadedAt < maxAge) return this.names;
    // Concurrent messages share one read.
    this.loading ??= this.load(now).finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(now: number): Promise<PartnerNames> {
    this.stale = false;
    const records = await this.o.partners.list();
    this.names = partnerNames(records.filter((r) => !r.archived));
    this.loadedAt = now;
    return this.names;
  }
}

/** The partner store, telling `onChange` after every write (the composition root passes PartnerIndex.invalidate). */
export function watchPartners(store: PartnerStore, onChange: () => void): PartnerStore {
  return {
    get: (partnerId) => store.get(partnerId),
    list: () => store.list(),
    finder: () => store.finder(),
    knownFinder: () => store.knownFinder(),
    create: async (record) => {
      await store.create(record);
      onChange();
    },
    update: async (record) => {
      await store.update(record);
      onChange();
    },
  };
}
