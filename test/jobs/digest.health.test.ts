// The digest ranks partners by health: the distribution, who moved most in a week and why (replayed from the same
// data, nothing stored apart), the lowest scores with their reasons, the partners nobody met lately; a channel's
// scope; and for 10,000 partners with scores and symptoms, a card within Teams' 80 KB.
import type { CaseState, HealthState } from '../../src/domain';
import { DEFAULT_HEALTH_SETTINGS } from '../../src/domain';
import { computeDigest } from '../../src/domain/digest';
import type { HealthDigestPartner } from '../../src/domain/healthDigest';
import { computeHealthDigest } from '../../src/domain/healthDigest';
import { inScope } from '../../src/jobs/digest';
import { digestCardData, renderDigestCard } from '../../src/teams/cards/digest';
import { MAX_CARD_BYTES, cardBytes } from '../../src/teams/cards/render';
import type { PartnerRecord } from '../../src/storage/ports';
import { allText } from '../support/cards';
import { expectCleanCard } from '../cards/support/checks';
import { ADDED, NOW, PEOPLE, SETTINGS, ZONE, handBuilt, handBuiltHealth, recordHealth } from './fixtures';
import { P } from '../domain/builders';

const { partners: digestPartners, cases } = handBuilt();
const partners: HealthDigestPartner[] = digestPartners.map((p) => ({ ...p, createdAt: ADDED }));
const health = handBuiltHealth();
const h = computeHealthDigest({ now: NOW, partners, health, cases, topN: 3 });

describe('partners ranked by health', () => {
  it('scores every live partner, averages them and counts them into bands', () => {
    expect(h.scored).toBe(8);
    expect(h.distribution.reduce((n, b) => n + b.count, 0)).toBe(8);
    expect(h.distribution.map((b) => b.label)).toEqual(['0–19', '20–39', '40–59', '60–79', '80–100']);
  });

  it('names the lowest first, each with its three reasons in words', () => {
    expect(h.lowest).toHaveLength(3);
    expect(h.lowest.map((l) => l.score)).toEqual([...h.lowest.map((l) => l.score)].sort((a, b) => a - b));
    const contoso = h.lowest.find((l) => l.partnerId === 'contoso');
    expect(contoso?.reasons.map((r) => r.text)).toEqual([
      "4 C's average 2.0 of 5 (1 rater; weakest: commitment 1.0)",
      'No interaction logged since it was added 188 days ago',
      'Open case at strike 1',
    ]);
  });

  it('says who moved most since a week ago, and why', () => {
    // Fabrikam went to VP review this week; Contoso got a symptom.
    expect(h.down[0]).toMatchObject({ partnerId: 'fabrikam', why: 'Open case at strike 3; Flagged 2 times in 12 months' });
    expect(h.down.find((m) => m.partnerId === 'contoso')).toMatchObject({ delta: -8, why: '1 open symptom: one-sided price concessions' });
    expect(h.up.find((m) => m.partnerId === 'litware')?.why).toBe('Last interaction 5 days ago');
  });

  it('lists the partners nobody logged an interaction with lately, the longest first', () => {
    expect(h.quietTotal).toBe(6);
    expect(h.quiet[0]).toEqual({ partnerId: 'adatum', days: 188, logged: false });
  });

  it('keeps to a channel\'s scope: the partners named, or the ones tagged', () => {
    const records = partners.map((p) => ({ ...p, aliases: [], salesDirectors: [], archived: !!p.archived, createdBy: 'ada' })) as PartnerRecord[];
    const tagged = new Map<string, HealthState>([...health, ['proseware', recordHealth('proseware', [[P.ada, 1, { type: 'set-fits', fits: [], tags: ['emea'] }]])]]);
    const scope = (partnerIds: string[], tags: string[]) => ({ conversationId: 'c', partnerIds, tags, setBy: 'ada', setAt: NOW });
    expect(inScope(records, tagged, scope(['contoso', 'litware'], [])).map((p) => p.partnerId)).toEqual(['contoso', 'litware']);
    expect(inScope(records, tagged, scope([], ['emea'])).map((p) => p.partnerId)).toEqual(['proseware']);
    expect(inScope(records, tagged, undefined)).toHaveLength(records.length);
  });

  it('shows on the digest card: a chart with a text fallback, the movers and a way to see every partner', () => {
    const f = computeDigest({ now: NOW, calendar: SETTINGS.calendar, partners: digestPartners, cases, topN: 3 });
    const card = renderDigestCard(f, { timeZone: ZONE, partnerNames: new Map(partners.map((p) => [p.partnerId, p.name])), people: PEOPLE, health: h, noInteractionDays: 60 });
    expectCleanCard(card);
    const text = allText(card);
    expect(text).toContain('Average health');
    expect(text).toMatch(/\*\*Partners by health score\*\*: 0–19: \d+ · 20–39: \d+/);
    expect(text).toContain('**Contoso** 35 (▼8 from 43): 1 open symptom: one-sided price concessions');
    expect(text).toContain('No interaction logged for 60+ days (6)');
    expect(text).toContain('**Fabrikam \\*Consulting\\* \\<b\\>**');
    expect(JSON.stringify(card)).toContain('"verb":"show-partners"');
    expect(digestCardData(f, { timeZone: ZONE, partnerNames: new Map(), people: PEOPLE }).health.on).toBe(false);
  });
});

describe('the digest for 10,000 partners with scores and symptoms', () => {
  it('stays under 80 KB, summarised, with "show all" pointing to `partners`', () => {
    const templates = cases.filter((c) => c.partnerId !== 'wingtip');
    const healthTemplates = [...health.values()];
    const many: HealthDigestPartner[] = [];
    const manyCases: CaseState[] = [];
    const manyHealth = new Map<string, HealthState>();
    for (let i = 0; i < 10_000; i += 1) {
      const partnerId = `partner-${String(i).padStart(5, '0')}`;
      many.push({ partnerId, name: `${'*Big* _Partner_ <x> [link](http://e) '.repeat(6)}${i}`.slice(0, 200), createdAt: ADDED });
      if (i % 10 !== 9) manyCases.push({ ...templates[i % templates.length]!, partnerId, caseId: `${partnerId}-0001` });
      if (i % 3 !== 2) manyHealth.set(partnerId, { ...healthTemplates[i % healthTemplates.length]!, partnerId });
    }
    const f = computeDigest({ now: NOW, calendar: SETTINGS.calendar, partners: many, cases: manyCases, topN: 100 });
    const hf = computeHealthDigest({ now: NOW, partners: many, health: manyHealth, cases: manyCases, topN: 100, settings: DEFAULT_HEALTH_SETTINGS });
    const card = renderDigestCard(f, { timeZone: ZONE, partnerNames: new Map(many.map((p) => [p.partnerId, p.name])), people: PEOPLE, health: hf, noInteractionDays: 60 });
    const bytes = cardBytes(card);
    console.log(`digest with partner health for 10,000 partners (top 100, long names): ${bytes} bytes, ${hf.moved} moved, ${hf.quietTotal} not met lately`);
    expect(hf.scored).toBe(10_000);
    expect(hf.moved).toBeGreaterThan(1000);
    expect(bytes).toBeLessThan(MAX_CARD_BYTES);
    expectCleanCard(card);
    const text = allText(card);
    expect(text).toMatch(/Lowest health: \d+ of 10000/);
    expect(text).toContain('Show all partners by health');
    expect(text).toMatch(/… and \d+ partners more: `partners by health` lists them all\./);
  });
});
