// The weekly digest ranks partners by health (README, "Partner health"): the score distribution, who moved most
// since a week ago and why, the lowest scores, and partners with no interaction logged lately. Last week's score
// is replayed from the same data (healthScore.ts `signalsAt`), so nothing extra is stored for it. Pure.
import type { HealthState } from './health';
import type { CaseState } from './model';
import type { HealthFacts, HealthReason, HealthScore, HealthSettings, Signal } from './healthScore';
import { DEFAULT_HEALTH_SETTINGS, SIGNALS, healthScore, penalties, reasonFor, scoreOf, signalsAt } from './healthScore';

const DAY_MS = 86_400_000;

export interface HealthDigestPartner {
  partnerId: string;
  name: string;
  createdAt: string;
  archived?: boolean;
}

export interface HealthDigestInput {
  now: string;
  partners: readonly HealthDigestPartner[];
  health: ReadonlyMap<string, HealthState>;
  /** The latest case of each partner (any order; others are ignored). */
  cases: readonly CaseState[];
  settings?: HealthSettings;
  /** How many partners each list names at most. */
  topN: number;
}

export const SCORE_BANDS = [
  { label: '0–19', min: 0, max: 19 },
  { label: '20–39', min: 20, max: 39 },
  { label: '40–59', min: 40, max: 59 },
  { label: '60–79', min: 60, max: 79 },
  { label: '80–100', min: 80, max: 100 },
] as const;

export interface ScoredPartner {
  partnerId: string;
  score: number;
  reasons: HealthReason[];
}

export interface Mover {
  partnerId: string;
  score: number;
  before: number;
  delta: number;
  /** What changed most, in words. */
  why: string;
}

export interface QuietPartner {
  partnerId: string;
  days: number;
  /** False: nothing was ever logged; the days count from when the partner was added. */
  logged: boolean;
}

export interface HealthDigestFigures {
  scored: number;
  average: number;
  distribution: { label: string; count: number }[];
  lowest: ScoredPartner[];
  /** Biggest falls first. */
  down: Mover[];
  /** Biggest rises first. */
  up: Mover[];
  /** No interaction logged for HEALTH_NO_INTERACTION_DAYS or more, the longest first. */
  quiet: QuietPartner[];
  quietTotal: number;
  /** How many moved at all, either way. */
  moved: number;
}

/** How many movers each way the digest names. */
export const MOVERS_SHOWN = 5;

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The signal whose points changed most in the direction of the move, in today's words. */
function whyMoved(now: HealthScore, before: HealthScore, nowText: (s: Signal) => string): string {
  const fell = now.score < before.score;
  const changes = SIGNALS.map((s) => ({ s, d: now.breakdown[s] - before.breakdown[s] }))
    .filter((c) => (fell ? c.d > 0 : c.d < 0))
    .sort((a, b) => Math.abs(b.d) - Math.abs(a.d));
  return changes.slice(0, 2).map((c) => nowText(c.s)).join('; ');
}

export function computeHealthDigest(input: HealthDigestInput): HealthDigestFigures {
  const settings = input.settings ?? DEFAULT_HEALTH_SETTINGS;
  const weekAgo = new Date(Date.parse(input.now) - 7 * DAY_MS).toISOString();
  const cases = new Map(input.cases.map((c) => [c.partnerId, c]));
  const live = input.partners.filter((p) => !p.archived);
  const names = new Map(live.map((p) => [p.partnerId, p.name.toLowerCase()]));
  const byName = (a: string, b: string) => byText(names.get(a) ?? a, names.get(b) ?? b) || byText(a, b);
  const factsOf = (p: HealthDigestPartner): HealthFacts => ({
    ...(input.health.has(p.partnerId) ? { health: input.health.get(p.partnerId)! } : {}),
    ...(cases.has(p.partnerId) ? { latestCase: cases.get(p.partnerId)! } : {}),
    partnerAddedAt: p.createdAt,
  });

  // Scores only for everyone; the words (reasons, why) only for the few the digest names.
  const bands = SCORE_BANDS.map(() => 0);
  const scored: { p: HealthDigestPartner; score: number }[] = [];
  const movers: { p: HealthDigestPartner; score: number; before: number; delta: number }[] = [];
  const quiet: QuietPartner[] = [];
  let sum = 0;
  for (const p of live) {
    const facts = factsOf(p);
    const signals = signalsAt(facts, input.now, settings);
    const score = scoreOf(penalties(signals));
    sum += score;
    bands[SCORE_BANDS.findIndex((b) => score >= b.min && score <= b.max)]! += 1;
    scored.push({ p, score });
    if (signals.daysSinceInteraction >= settings.noInteractionDays) quiet.push({ partnerId: p.partnerId, days: signals.daysSinceInteraction, logged: signals.interactionLogged });
    // A partner added this week has no "a week ago".
    if (p.createdAt > weekAgo) continue;
    const before = scoreOf(penalties(signalsAt(facts, weekAgo, settings)));
    if (before !== score) movers.push({ p, score, before, delta: score - before });
  }
  scored.sort((a, b) => a.score - b.score || byName(a.p.partnerId, b.p.partnerId));
  const explain = (m: (typeof movers)[number]): Mover => {
    const facts = factsOf(m.p);
    const signals = signalsAt(facts, input.now, settings);
    const why = whyMoved(healthScore(signals), healthScore(signalsAt(facts, weekAgo, settings)), (s) => reasonFor(s, signals));
    return { partnerId: m.p.partnerId, score: m.score, before: m.before, delta: m.delta, why };
  };
  const down = movers.filter((m) => m.delta < 0).sort((a, b) => a.delta - b.delta || byName(a.p.partnerId, b.p.partnerId));
  const up = movers.filter((m) => m.delta > 0).sort((a, b) => b.delta - a.delta || byName(a.p.partnerId, b.p.partnerId));
  quiet.sort((a, b) => b.days - a.days || byName(a.partnerId, b.partnerId));
  return {
    scored: live.length,
    average: live.length ? Math.round(sum / live.length) : 0,
    distribution: SCORE_BANDS.map((b, i) => ({ label: b.label, count: bands[i]! })),
    lowest: scored.slice(0, input.topN).map(({ p, score }) => ({ partnerId: p.partnerId, score, reasons: healthScore(signalsAt(factsOf(p), input.now, settings)).reasons })),
    down: down.slice(0, MOVERS_SHOWN).map(explain),
    up: up.slice(0, MOVERS_SHOWN).map(explain),
    quiet: quiet.slice(0, input.topN),
    quietTotal: quiet.length,
    moved: movers.length,
  };
}
