// The digest's figures against a hand-built set of cases (driven through the real engine), the card they make
// (official Adaptive Cards parser, mentions, escaping, no evidence), its sample data, and its size for 10,000 partners.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CaseState } from '../../src/domain';
import type { DigestPartner } from '../../src/domain/digest';
import { computeDigest, isoWeekOf } from '../../src/domain/digest';
import type { DigestCardOptions } from '../../src/teams/cards/digest';
import { digestCardData, renderDigestCard } from '../../src/teams/cards/digest';
import { CARDS_DIR, MAX_CARD_BYTES, cardBytes } from '../../src/teams/cards/render';
import { expectCleanCard } from '../cards/support/checks';
import { P } from '../domain/builders';
import { ADDED, LAST_WEEK, NOW, PEOPLE, SETTINGS, ZONE, handBuilt, handBuiltHealth } from './fixtures';
import { computeHealthDigest } from '../../src/domain/healthDigest';

describe('digest figures', () => {
  const { partners, cases } = handBuilt();
  const f = computeDigest({ now: NOW, calendar: SETTINGS.calendar, partners, cases, previous: LAST_WEEK, topN: 3 });

  it('uses the ISO week of the digest moment in TIME_ZONE, and the 7 days up to it', () => {
    expect(f.weekId).toBe('2025-W11');
    expect(f.period).toEqual({ from: '2025-03-03T08:00:00.000Z', to: NOW });
    // Sunday 23:30 in Berlin is still ISO week 10 there, though already Monday in some zones east of it.
    expect(isoWeekOf('2025-03-09T22:30:00.000Z', ZONE).id).toBe('2025-W10');
    expect(isoWeekOf('2025-03-09T22:30:00.000Z', 'Asia/Tokyo').id).toBe('2025-W11');
    expect(isoWeekOf('2024-12-30T12:00:00.000Z', ZONE).id).toBe('2025-W01');
  });

  it('counts partners by state (archived ones left out)', () => {
    expect(f.totals.partners).toBe(8);
    expect(f.byState).toEqual([
      { key: 'step:ic-reset', count: 3, delta: 2 },
      { key: 'step:vp-review', count: 1, delta: 1 },
      { key: 'step:review-period', count: 1, delta: 1 },
      { key: 'step:disengaging', count: 1, delta: 1 },
      { key: 'closed:resolved', count: 1, delta: 1 },
      { key: 'closed:fixed', count: 0, delta: -1 },
      { key: 'none', count: 1, delta: 1 },
    ]);
  });

  it('counts new flags this week by trigger; a merged flag is a flag, not an occurrence', () => {
    expect(f.flagsByTrigger).toEqual([
      { trigger: 'misaligned-expectations', count: 1 },
      { trigger: 'resource-mismatch', count: 0 },
      { trigger: 'poor-communication', count: 1 },
      { trigger: 'misaligned-values', count: 2 },
      { trigger: 'profitability', count: 0 },
    ]);
    expect(f.totals).toMatchObject({ newFlags: 4, newOccurrences: 3, escalated: 1, closedThisWeek: 1, openCases: 6 });
  });

  it('lists overdue steps with the person they wait on, most overdue first', () => {
    expect(f.overdue.map((o) => [o.partnerId, o.step, o.owner, o.dueAt, o.businessDaysOverdue])).toEqual([
      ['contoso', 'ic-reset', P.ivy, '2025-02-27T10:00:00.000Z', 7],
      ['proseware', 'ic-reset', P.ivy, '2025-03-03T10:00:00.000Z', 5],
    ]);
  });

  it('lists reviews ending in the next 7 days, decisions made this week, and revenue at risk by currency', () => {
    expect(f.reviewsEnding.map((r) => [r.partnerId, r.reviewEndsOn, r.owner])).toEqual([['litware', '2025-03-14', P.vera]]);
    expect(f.decisions.map((d) => [d.partnerId, d.fixable, d.approvedAt])).toEqual([
      ['litware', true, '2025-03-04T10:00:00.000Z'],
      ['northwind', false, '2025-03-06T10:00:00.000Z'],
    ]);
    expect(f.revenueAtRisk).toEqual([
      { currency: 'EUR', amount: 50_000, partners: 1 },
      { currency: 'USD', amount: 250_000, partners: 1 },
    ]);
  });

  it('shows movement against last week', () => {
    expect(f.movement).toEqual([
      { key: 'openCases', now: 6, before: 4, delta: 2 },
      { key: 'overdue', now: 2, before: 3, delta: -1 },
      { key: 'newFlags', now: 4, before: 1, delta: 3 },
      { key: 'escalated', now: 1, before: 0, delta: 1 },
      { key: 'closedThisWeek', now: 1, before: 2, delta: -1 },
    ]);
    expect(computeDigest({ now: NOW, calendar: SETTINGS.calendar, partners, cases, topN: 3 }).movement).toBeUndefined();
  });

  it('names the top N needing attention: overdue first, then level, then the most recent flag', () => {
    expect(f.attention.map((a) => [a.partnerId, a.overdue, a.level])).toEqual([
      ['proseware', true, 1],
      ['contoso', true, 1],
      ['fabrikam', false, 3],
    ]);
    expect(f.attentionTotal).toBe(6);
    expect(f.snapshot).toMatchObject({ weekId: '2025-W11', openCases: 6, overdue: 2, newFlags: 4, revenueAtRisk: { EUR: 50_000, USD: 250_000 } });
  });
});

describe('digest card', () => {
  const { partners, cases } = handBuilt();
  const f = computeDigest({ now: NOW, calendar: SETTINGS.calendar, partners, cases, previous: LAST_WEEK, topN: 3 });
  // Partner health beside the cases, so the sample data shows the health section too.
  const health = computeHealthDigest({ now: NOW, partners: partners.map((p) => ({ ...p, createdAt: ADDED })), health: handBuiltHealth(), cases, topN: 3 });
  const opts: DigestCardOptions = { timeZone: ZONE, partnerNames: new Map(partners.map((p) => [p.partnerId, p.name])), people: PEOPLE, health, noInteractionDays: 60 };
  const card = renderDigestCard(f, opts);
  const json = JSON.stringify(card);

  it('is a valid Adaptive Card 1.5 within 80 KB', () => {
    expectCleanCard(card);
    expect(card.version).toBe('1.5');
  });

  it('has charts with a text fallback', () => {
    const charts = (card.body as { type: string; fallback?: { type: string; text: string } }[]).filter((e) => e.type.startsWith('Chart.'));
    expect(charts.map((c) => c.type)).toEqual(['Chart.Donut', 'Chart.VerticalBar']);
    for (const c of charts) expect(c.fallback?.type).toBe('TextBlock');
    expect(charts[0]!.fallback!.text).toContain('IC reset: 3 (▲2)');
    expect(charts[1]!.fallback!.text).toContain('Misaligned values: 2');
  });

  it('@mentions the owners of overdue steps with their Teams ids', () => {
    const entities = (card.msteams as { entities: { text: string; mentioned: { id: string; name: string } }[] }).entities;
    expect(entities).toEqual([{ type: 'mention', text: '<at>Ivy Chen</at>', mentioned: { id: '29:ivy', name: 'Ivy Chen' } }]);
    expect(json).toContain('waiting on <at>Ivy Chen</at>');
  });

  it('offers status in one click for each partner named, and says how to see the rest', () => {
    const data = digestCardData(f, opts);
    expect(data.attention.rows.map((r) => [r.status.verb, r.status.data.partnerId])).toEqual([
      ['show-status', 'proseware'],
      ['show-status', 'contoso'],
      ['show-status', 'fabrikam'],
    ]);
    expect(data.attention.more.text).toBe('3 more open cases are not listed here: see every partner with `partners`.');
  });

  it('escapes partner names and never carries evidence', () => {
    expect(json).toContain('Fabrikam \\\\*Consulting\\\\* \\\\<b\\\\>');
    expect(json).not.toContain('<b>');
    expect(json).not.toContain('SECRET-EVIDENCE');
    expect(JSON.stringify(f)).not.toContain('SECRET-EVIDENCE');
  });

  it('cards/digest.data.json is what the builder makes of these cases (UPDATE_CARD_SAMPLES=1 rewrites it)', () => {
    const file = path.join(CARDS_DIR, 'digest.data.json');
    const built = JSON.parse(JSON.stringify(digestCardData(f, opts)));
    if (process.env.UPDATE_CARD_SAMPLES === '1') writeFileSync(file, JSON.stringify(built, null, 2) + '\n');
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(built);
  });

  it('marks a preview as not counted', () => {
    expect(JSON.stringify(renderDigestCard(f, { ...opts, preview: true }))).toContain("Preview: this is not counted as this week's digest.");
  });
});

describe('digest for 10,000 partners', () => {
  it('stays under 80 KB with long, markdown-laden names and the largest top N', () => {
    const { cases } = handBuilt();
    const templates = cases.filter((c) => c.partnerId !== 'wingtip');
    const partners: DigestPartner[] = [];
    const many: CaseState[] = [];
    const people = new Map(PEOPLE);
    for (let i = 0; i < 10_000; i += 1) {
      const partnerId = `partner-${String(i).padStart(5, '0')}`;
      partners.push({ partnerId, name: `${'*Big* _Partner_ <x> [link](http://e) '.repeat(6)}${i}`.slice(0, 200) });
      if (i % 10 === 9) continue; // a tenth have no case
      const template = templates[i % templates.length]!;
      const owner = `owner-${i % 3000}`;
      people.set(owner, { name: `Owner ${'Ünïcødé '.repeat(10)}${i % 3000}`, teamsId: `29:${owner}` });
      many.push({ ...template, partnerId, caseId: `${partnerId}-0001`, ...(template.waitingOn ? { waitingOn: owner } : {}) });
    }
    const started = performance.now();
    const f = computeDigest({ now: NOW, calendar: SETTINGS.calendar, partners, cases: many, topN: 100 });
    const card = renderDigestCard(f, { timeZone: ZONE, partnerNames: new Map(partners.map((p) => [p.partnerId, p.name])), people });
    const ms = performance.now() - started;
    const bytes = cardBytes(card);
    console.log(`digest for 10,000 partners: ${bytes} bytes, ${Math.round(ms)} ms, ${f.overdue.length} overdue, ${f.attentionTotal} open`);

    expect(f.totals.partners).toBe(10_000);
    expect(card.body?.[0]).toMatchObject({ text: 'Partner health digest' });
    expect(bytes).toBeLessThan(MAX_CARD_BYTES);
    expectCleanCard(card);
    const entities = (card.msteams as { entities: unknown[] }).entities;
    expect(entities.length).toBeGreaterThan(0);
    expect(entities.length).toBeLessThanOrEqual(15);
  });
});
