// The in-memory partner names the spotter reads (README "Spotting red flags in syncs"): one list read serves many
// messages; this instance's own partner changes show at once; another instance's within a minute.
import { ManualClock } from '../../src/service/clock';
import { PARTNER_INDEX_MAX_AGE_MS, PartnerIndex, watchPartners } from '../../src/service/partnerIndex';
import { partnersNamed } from '../../src/domain/spotting/classify';
import { PartnerFinder } from '../../src/domain/partnerFinder';
import type { PartnerRecord, PartnerStore } from '../../src/storage/ports';

function memoryStore(records: PartnerRecord[]): PartnerStore & { lists: number } {
  const store = {
    lists: 0,
    get: async (id: string) => records.find((r) => r.partnerId === id),
    list: async () => {
      store.lists += 1;
      return records.map((r) => ({ ...r }));
    },
    finder: async () => new PartnerFinder(records),
    knownFinder: () => new PartnerFinder(records),
    create: async (r: PartnerRecord) => void records.push(r),
    update: async (r: PartnerRecord) => void records.splice(records.findIndex((x) => x.partnerId === r.partnerId), 1, r),
  };
  return store;
}

const partner = (partnerId: string, name: string, aliases: string[] = []): PartnerRecord => ({ partnerId, name, aliases, salesDirectors: [], archived: false, createdAt: '2026-11-02T09:00:00Z', createdBy: 'ada' });

describe('PartnerIndex', () => {
  it('reads the list once for many messages, and again after a change made through the bot', async () => {
    const clock = new ManualClock(new Date('2026-11-02T09:00:00Z'));
    const store = memoryStore([partner('contoso', 'Contoso')]);
    const index = new PartnerIndex({ partners: store, clock });
    const watched = watchPartners(store, () => index.invalidate());
    await Promise.all([index.current(), index.current(), index.current()]);
    expect(store.lists).toBe(1);
    expect(partnersNamed('Fabrikam went dark', await index.current())).toEqual([]);

    await watched.create(partner('fabrikam', 'Fabrikam'));
    expect(partnersNamed('Fabrikam went dark', await index.current()).map((p) => p.partnerId)).toEqual(['fabrikam']);
    expect(store.lists).toBe(2);

    const contoso = (await store.get('contoso'))!;
    await watched.update({ ...contoso, aliases: ['CTS'] });
    expect(partnersNamed('CTS again', await index.current()).map((p) => p.partnerId)).toEqual(['contoso']);
    await watched.update({ ...contoso, archived: true });
    expect(partnersNamed('Contoso again', await index.current())).toEqual([]);
  });

  it('picks up changes made by another instance within a minute', async () => {
    const clock = new ManualClock(new Date('2026-11-02T09:00:00Z'));
    const records = [partner('contoso', 'Contoso')];
    const store = memoryStore(records);
    const index = new PartnerIndex({ partners: store, clock });
    await index.current();
    records.push(partner('tailspin', 'Tailspin Toys', ['Tailspin']));
    expect(partnersNamed('Tailspin skipped it', await index.current())).toEqual([]);
    clock.advance(PARTNER_INDEX_MAX_AGE_MS);
    expect(partnersNamed('Tailspin skipped it', await index.current()).map((p) => p.partnerId)).toEqual(['tailspin']);
  });
});
