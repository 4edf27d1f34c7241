// npm run bench: figures that should not drift, as JSON on stdout and in bench/results/latest.json.
//
// 1. Digest build time for 10,000 partners (figures + card), as a ratio against a baseline measured in the same
//    run on the same data: building the `partners` list card. A ratio cancels out how fast or busy the machine
//    is; the milliseconds are reported too, for reference only.
// 1b. The digest with partner health (scores, movers replayed from a week ago, symptoms, the card's health section)
//    for 10,000 partners with health recorded, against the digest without it on the same data, measured in the
//    same run; its budget is that ratio (HEALTH_DIGEST_BUDGET). And the card's size against Teams' 80 KB.
// 2. Storage round trips per operation, counted by a loopback HTTP proxy in front of an in-memory Azurite (every
//    request the SDK makes passes through it): committing one command, ticking one due case, claiming and
//    recording one channel's digest. These are counts, not timings: they change only when the code does.
// 3. End to end (report.ts): the product over HTTP against the floor measured in the same run, at 50 people and
//    10 partners and at BENCH_PEOPLE / BENCH_PARTNERS (default 100,000 and 10,000; seeding them takes minutes);
//    `partners` with 1,000 partners; ping dispatch against Teams' limits; start-up; memory. Each with its target.
//    BENCH_E2E=false skips it.
// The JSON goes to stdout and bench/results/latest.json; the targets table to stderr.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config';
import type { CaseState } from '../src/domain';
import { decide } from '../src/domain';
import type { DigestPartner } from '../src/domain/digest';
import { computeDigest } from '../src/domain/digest';
import type { HealthState } from '../src/domain';
import { decideHealth } from '../src/domain';
import type { HealthDigestPartner } from '../src/domain/healthDigest';
import { computeHealthDigest } from '../src/domain/healthDigest';
import { renderDigestCard } from '../src/teams/cards/digest';
import { startAzurite } from '../src/storage/azurite';
import { cardBytes, renderCard } from '../src/teams/cards/render';
import { partnersData } from '../src/teams/cards/partners';
import { countingProxy, measureRoundTrips } from './roundTrips';
import { endToEnd, targetTable } from './report';

const PARTNERS = 10_000;
const RUNS = 7;
/**
 * The digest with partner health may take this many times the digest without it, for the same partners and cases.
 * Measured well under it when set; a change that needs more is a change to look at.
 */
export const HEALTH_DIGEST_BUDGET = 6;

// ---------------------------------------------------------------- timing

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timed(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

/** Alternates baseline and subject so both see the same machine load; the first round warms up. */
function compare(baseline: () => unknown, subject: () => unknown): { baselineMs: number; subjectMs: number; ratio: number } {
  baseline();
  subject();
  const b: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    b.push(timed(baseline));
    s.push(timed(subject));
  }
  const baselineMs = median(b);
  const subjectMs = median(s);
  return { baselineMs: round(baselineMs), subjectMs: round(subjectMs), ratio: round(subjectMs / baselineMs) };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function digestBench() {
  const config = loadConfig({ TIME_ZONE: 'Europe/Berlin' });
  const settings = config.workflow;
  const now = '2025-03-10T08:00:00.000Z';
  const ctx = (at: string, actor: string) => ({
    now: at,
    actor,
    directory: { entries: { ivy: { userId: 'ivy', managerId: 'manny', roles: [] }, manny: { userId: 'manny', roles: [] } } },
    admins: ['ada'],
    settings,
    partner: { partnerId: 'p', salesDirectors: [] },
  });
  const open = decide(undefined, { type: 'flag', triggers: ['misaligned-expectations'], evidence: [{ kind: 'other', summary: 'x' }] }, ctx('2025-02-20T10:00:00.000Z', 'ivy'));
  if (!open.ok) throw new Error(open.rejection.message);
  const partners: DigestPartner[] = [];
  const cases: CaseState[] = [];
  for (let i = 0; i < PARTNERS; i += 1) {
    const partnerId = `partner-${String(i).padStart(5, '0')}`;
    partners.push({ partnerId, name: `Partner ${i} Consulting Group` });
    if (i % 10 === 9) continue;
    // Spread flags over six weeks so "this week", overdue and level vary.
    const at = new Date(Date.parse('2025-01-27T09:00:00.000Z') + (i % 42) * 86_400_000 + (i % 7) * 3_600_000).toISOString();
    cases.push({ ...open.state, partnerId, caseId: `${partnerId}-0001`, openedAt: at, lastFlagAt: at, level: 1 + (i % 3), flags: open.state.flags.map((f) => ({ ...f, at })), dueAt: new Date(Date.parse(at) + 7 * 86_400_000).toISOString() });
  }
  const names = new Map(partners.map((p) => [p.partnerId, p.name]));
  const byPartner = new Map(cases.map((c) => [c.partnerId, c]));
  const rows = partners.map((p) => ({ partnerId: p.partnerId, name: p.name, ...(byPartner.has(p.partnerId) ? { state: byPartner.get(p.partnerId)! } : {}) }));

  let digestBytes = 0;
  const result = compare(
    () => renderCard('partners', partnersData(rows, { people: {} })),
    () => {
      const figures = computeDigest({ now, calendar: settings.calendar, partners, cases, topN: 10 });
      digestBytes = cardBytes(renderDigestCard(figures, { timeZone: settings.calendar.timeZone, partnerNames: names, people: new Map() }));
    },
  );
  return {
    partners: PARTNERS,
    baseline: 'partners list card (partnersData + renderCard) for the same partners',
    ratio: result.ratio,
    digestMs: result.subjectMs,
    baselineMs: result.baselineMs,
    digestCardBytes: digestBytes,
  };
}

/** 10,000 partners, each with a case (9 in 10) and health recorded through the engine (ratings, symptoms, meetings). */
function healthDigestBench() {
  const config = loadConfig({ TIME_ZONE: 'Europe/Berlin' });
  const settings = config.workflow;
  const now = '2025-03-10T08:00:00.000Z';
  const dayMs = 86_400_000;
  const at = (days: number) => new Date(Date.parse(now) - days * dayMs).toISOString();
  const permission = { directory: { entries: {} }, admins: ['ada'], workers: [], partnerName: 'p' };
  const variants: HealthState[] = Array.from({ length: 24 }, (_, v) => {
    let state: HealthState | undefined;
    const steps: [number, unknown][] = [
      [60 - v, { type: 'rate', scores: { culture: 1 + (v % 5), capacity: 1 + ((v + 1) % 5), commitment: 1 + ((v + 2) % 5), competencies: 3 }, notes: { culture: 'Customers trust them.' } }],
      [40, { type: 'log-interaction', kind: v % 4 === 0 ? 'joint-win' : 'meeting', on: at(40 + v * 3).slice(0, 10) }],
      [v % 7, { type: 'log-symptom', symptom: (['no-joint-win', 'one-sided-concessions', 'little-interaction', 'no-mutual-respect', 'solution-not-represented'] as const)[v % 5], on: at(v % 7).slice(0, 10), note: 'Seen in the weekly sync.' }],
      [20, { type: 'set-stage-owner', stage: (['denial', 'despair', 'hopeful-performance', 'soaring-execution', 'plateau'] as const)[v % 5] }],
    ];
    for (const [days, command] of steps) {
      const d = decideHealth(state, command, { now: at(days), actor: 'ada', partnerId: 'p', permission });
      if (!d.ok) throw new Error(d.rejection.message);
      state = d.state;
    }
    return state!;
  });
  const open = decide(undefined, { type: 'flag', triggers: ['misaligned-expectations'], evidence: [{ kind: 'other', summary: 'x' }] }, {
    now: '2025-02-20T10:00:00.000Z',
    actor: 'ivy',
    directory: { entries: { ivy: { userId: 'ivy', managerId: 'manny', roles: [] }, manny: { userId: 'manny', roles: [] } } },
    admins: ['ada'],
    settings,
    partner: { partnerId: 'p', salesDirectors: [] },
  });
  if (!open.ok) throw new Error(open.rejection.message);
  const partners: HealthDigestPartner[] = [];
  const cases: CaseState[] = [];
  const health = new Map<string, HealthState>();
  for (let i = 0; i < PARTNERS; i += 1) {
    const partnerId = `partner-${String(i).padStart(5, '0')}`;
    partners.push({ partnerId, name: `Partner ${i} Consulting Group`, createdAt: '2024-06-03T09:00:00.000Z' });
    health.set(partnerId, { ...variants[i % variants.length]!, partnerId });
    if (i % 10 === 9) continue;
    const flagged = new Date(Date.parse('2025-01-27T09:00:00.000Z') + (i % 42) * dayMs).toISOString();
    cases.push({ ...open.state, partnerId, caseId: `${partnerId}-0001`, openedAt: flagged, lastFlagAt: flagged, level: 1 + (i % 3), strikes: open.state.strikes.map((s) => ({ ...s, at: flagged })), flags: open.state.flags.map((f) => ({ ...f, at: flagged })) });
  }
  const names = new Map(partners.map((p) => [p.partnerId, p.name]));
  let cardBytesOut = 0;
  let openSymptoms = 0;
  for (const h of health.values()) openSymptoms += h.symptoms.filter((s) => !s.resolvedAt).length;
  const result = compare(
    () => {
      const figures = computeDigest({ now, calendar: settings.calendar, partners, cases, topN: 10 });
      renderDigestCard(figures, { timeZone: settings.calendar.timeZone, partnerNames: names, people: new Map() });
    },
    () => {
      const figures = computeDigest({ now, calendar: settings.calendar, partners, cases, topN: 10 });
      const healthFigures = computeHealthDigest({ now, partners, health, cases, settings: config.health, topN: 10 });
      cardBytesOut = cardBytes(renderDigestCard(figures, { timeZone: settings.calendar.timeZone, partnerNames: names, people: new Map(), health: healthFigures, noInteractionDays: config.health.noInteractionDays }));
    },
  );
  return {
    partners: PARTNERS,
    openSymptoms,
    baseline: 'the digest without partner health (computeDigest + renderDigestCard) for the same partners and cases',
    ratio: result.ratio,
    budgetRatio: HEALTH_DIGEST_BUDGET,
    withinBudget: result.ratio <= HEALTH_DIGEST_BUDGET,
    digestMs: result.subjectMs,
    baselineMs: result.baselineMs,
    digestCardBytes: cardBytesOut,
    digestCardKB: Math.round((cardBytesOut / 1024) * 10) / 10,
    withinCardLimit: cardBytesOut <= 80 * 1024,
  };
}

async function main(): Promise<void> {
  const digest = digestBench();
  const healthDigest = healthDigestBench();
  const azurite = await startAzurite();
  try {
    const storage = await measureRoundTrips(azurite.port, 'bench');
    const proxy = await countingProxy(azurite.port);
    const e2e =
      process.env.BENCH_E2E === 'false'
        ? undefined
        : await endToEnd(proxy, azurite.port, { people: Number(process.env.BENCH_PEOPLE ?? 100_000), partners: Number(process.env.BENCH_PARTNERS ?? 10_000), runs: 40 }).finally(() => proxy.close());
    const out = { at: new Date().toISOString(), node: process.version, digest, healthDigest, storageRoundTrips: storage, ...(e2e ? { endToEnd: e2e } : {}) };
    const json = JSON.stringify(out, null, 2);
    const dir = path.join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'latest.json'), `${json}\n`);
    console.log(json);
    if (e2e) console.error(`\n${targetTable(e2e.targets)}`);
  } finally {
    await azurite.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
