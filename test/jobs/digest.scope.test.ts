// The weekly run on Azurite with channels scoped to some partners (`digest here Contoso, Fabrikam` or by tag): each
// channel gets the digest of its own partners, once; a channel without a scope gets the whole book; the week's
// snapshot (movement next week) always counts the whole book. Scopes hold for every thread of a channel.
import { allText } from '../support/cards';
import type { Instance } from './support';
import { ManualClock, RecordingSender, addPartner, newPrefix, seedOrg, startInstance } from './support';

const EMEA = '19:partners-emea@thread.tacv2';
const AMER = '19:partners-amer@thread.tacv2';
const ALL = '19:partners-all@thread.tacv2';

describe('scoped weekly digests', () => {
  const clock = new ManualClock(new Date('2025-10-20T08:00:00.000Z'));
  const sender = new RecordingSender(clock);
  let bot: Instance;

  beforeAll(async () => {
    bot = await startInstance('A', newPrefix('scope'), clock, sender);
    await seedOrg(bot.stores);
    for (const p of ['contoso', 'fabrikam', 'litware', 'northwind']) await addPartner(bot.stores, p);
    for (const c of [EMEA, AMER, ALL]) await bot.jobs.digest.subscribe(c, 'ada');
    // Typed in a thread of the channel: the scope holds for the whole channel.
    await bot.jobs.digest.setScope(`${EMEA};messageid=1730000000000`, { conversationId: EMEA, partnerIds: ['contoso', 'fabrikam'], tags: [], setBy: 'ada', setAt: clock.now().toISOString() });
    await bot.stores.health.commit({
      partnerId: 'litware',
      etag: undefined,
      events: [{ type: 'fits-set', fits: [], tags: ['amer'], at: clock.now().toISOString(), actor: 'ada' }],
      state: { partnerId: 'litware', version: 1, updatedAt: clock.now().toISOString(), ratings: [], symptoms: [], symptomsLogged: 0, interactions: [], stages: [], execOwners: [], fits: [], tags: ['amer'] },
    });
    await bot.jobs.digest.setScope(AMER, { conversationId: AMER, partnerIds: [], tags: ['amer'], setBy: 'ada', setAt: clock.now().toISOString() });
  }, 60_000);

  it('sends each channel the digest of its own partners, and the week\'s snapshot counts them all', async () => {
    clock.set('2025-10-27T08:00:00.000Z'); // Mon 27 Oct 09:00 CET
    const report = await bot.jobs.digest.runWeekly();
    expect(report.posted.sort()).toEqual([ALL, AMER, EMEA].sort());
    const textOf = (c: string) => allText(sender.posts.find((p) => p.conversationId === c)!.card);
    expect(textOf(EMEA)).toMatch(/Contoso, Fabrikam/);
    expect(textOf(EMEA)).not.toMatch(/Litware|Northwind/);
    expect(textOf(AMER)).toContain('partners tagged \\#amer');
    expect(textOf(AMER)).toMatch(/Average health\n\d+ of 100 \(1 partner\)/);
    expect(textOf(ALL)).toMatch(/Average health\n\d+ of 100 \(4 partners\)/);
    expect((await bot.stores.digestRuns.snapshot(report.weekId!))?.partners).toBe(4);
    // Run again: nothing more.
    expect((await bot.jobs.digest.runWeekly()).posted).toEqual([]);
    expect(sender.posts).toHaveLength(3);
  });

  it('a scope cleared with `digest here` alone gives the channel the whole book again', async () => {
    await bot.jobs.digest.setScope(EMEA, undefined);
    expect(allText(await bot.jobs.digest.preview(clock.now(), `${EMEA};messageid=2`))).toMatch(/\(4 partners\)/);
  });
});
