// npm run bench: figures that should not drift, as JSON on stdout and in bench/results/latest.json.
//
// 1. Digest build time for 10,000 partners (figures + card), as a ratio against a baseline measured in the same
//    run on the same data: building the `partners` list card. A ratio cancels out how fast or busy the machine
//    is; the milliseconds are reported too, for reference only.
// 2. Storage round trips per operation, counted by a loopback HTTP proxy in front of an in-memory Azurite (every
//    request the SDK makes passes through it): committing one command, ticking one due case, claiming and
//    recording one channel's digest. These are counts, not timings: they change only when the code does.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config';
import type { CaseState } from '../src/domain';
import { decide } from '../src/domain';
import type { DigestPartner } from '../src/domain/digest';
import { computeDigest } from '../src/domain/digest';
import { renderDigestCard } from '../src/teams/cards/digest';
import { startAzurite } from '../src/storage/azurite';
import { cardBytes, renderCard } from '../src/teams/cards/render';
import { partnersData } from '../src/teams/cards/partners';
import { measureRoundTrips } from './roundTrips';

const PARTNERS = 10_000;
const RUNS = 7;

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

async function main(): Promise<void> {
  const digest = digestBench();
  const azurite = await startAzurite();
  const storage = await measureRoundTrips(azurite.port, 'bench').finally(() => azurite.stop());
  const out = { at: new Date().toISOString(), node: process.version, digest, storageRoundTrips: storage };
  const json = JSON.stringify(out, null, 2);
  const dir = path.join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'latest.json'), `${json}\n`);
  console.log(json);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
