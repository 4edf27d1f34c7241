// The health score, 0-100 (README, "Partner health": the formula and its weights, a table a test checks against
// HEALTH_WEIGHTS). One pure function of the signals; the signals are read off a partner's health state and latest
// case as they stood at any moment, so last week's score, the trend and the digest's movers are replayed from
// the same data, never stored apart from it.
import { DateTime } from 'luxon';
import type { CaseState } from './model';
import type { FourC, HealthState, PartnerStage, Symptom } from './health';
import { FOUR_CS, FOUR_C_GUIDE, PARTNER_STAGE_GUIDE, SYMPTOM_GUIDE } from './health';

const DAY_MS = 86_400_000;

/** Points taken off 100 for each red signal. The README's formula table lists these, one row each. */
export const HEALTH_WEIGHTS = {
  /** Per strike level of the open case. */
  openCasePerLevel: 12,
  openCaseMax: 36,
  /** Per strike in the last 12 months after the first: the red flag keeps coming back. */
  recurrencePerStrike: 6,
  recurrenceMax: 18,
  /** Per point the 4 C's average falls below 5 (recent raters' mean). */
  fourCPerPointBelow5: 7.5,
  fourCMax: 30,
  perOpenSymptom: 8,
  symptomsMax: 24,
  /** Days since the last interaction that cost nothing; after them one point per `interactionDaysPerPoint` days. */
  interactionGraceDays: 30,
  interactionDaysPerPoint: 6,
  interactionMax: 15,
  noExecOwner: 8,
  stage: { 'soaring-execution': 0, 'hopeful-performance': 3, denial: 6, plateau: 8, despair: 10 } satisfies Record<PartnerStage, number>,
} as const;

/** The settings that tune what counts (config.ts reads them; README, "Settings"). */
export interface HealthSettings {
  /** HEALTH_RATING_RECENT_DAYS: a rater's latest rating counts for this long. */
  ratingRecentDays: number;
  /** HEALTH_NO_INTERACTION_DAYS: no interaction logged for this long suggests "little or no interaction". */
  noInteractionDays: number;
  /** HEALTH_NO_JOINT_WIN_MONTHS: no joint win logged for this long suggests "chasing rainbows". */
  noJointWinMonths: number;
}

export const DEFAULT_HEALTH_SETTINGS: HealthSettings = { ratingRecentDays: 180, noInteractionDays: 60, noJointWinMonths: 12 };

export interface FourCSignal {
  /** The mean of the four means. */
  mean: number;
  byC: Record<FourC, number>;
  raters: number;
}

/** What the score is made of, at one moment. */
export interface HealthSignals {
  /** Strike level of the open case; 0 without one. */
  openCaseLevel: number;
  /** Strikes (not withdrawn) in the 12 months up to the moment. */
  strikesInYear: number;
  /** Undefined when nobody rated the partner recently. */
  fourC?: FourCSignal;
  openSymptoms: Symptom[];
  /** Whole days since the last interaction logged (or since the partner was added, when none was). */
  daysSinceInteraction: number;
  /** False when no interaction was ever logged (the days count from when the partner was added). */
  interactionLogged: boolean;
  stage?: PartnerStage;
  hasExecOwner: boolean;
}

export const SIGNALS = ['case', 'recurrence', 'fourC', 'symptoms', 'interaction', 'stage', 'execOwner'] as const;
export type Signal = (typeof SIGNALS)[number];

export interface HealthReason {
  signal: Signal;
  /** Points this signal takes off (0 for a signal in good shape). */
  points: number;
  /** In words people read. */
  text: string;
}

export interface HealthScore {
  score: number;
  /** Points off by signal (all of them, zeros included). */
  breakdown: Record<Signal, number>;
  /** The top three: what costs most first, then signals in good shape. */
  reasons: HealthReason[];
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function one(x: number): string {
  return (Math.round(x * 10) / 10).toFixed(1);
}

export function penalties(s: HealthSignals): Record<Signal, number> {
  const w = HEALTH_WEIGHTS;
  return {
    case: Math.min(w.openCaseMax, w.openCasePerLevel * Math.max(0, s.openCaseLevel)),
    recurrence: Math.min(w.recurrenceMax, w.recurrencePerStrike * Math.max(0, s.strikesInYear - 1)),
    fourC: s.fourC ? Math.min(w.fourCMax, w.fourCPerPointBelow5 * Math.max(0, 5 - s.fourC.mean)) : 0,
    symptoms: Math.min(w.symptomsMax, w.perOpenSymptom * s.openSymptoms.length),
    interaction: Math.min(w.interactionMax, Math.max(0, s.daysSinceInteraction - w.interactionGraceDays) / w.interactionDaysPerPoint),
    stage: s.stage ? w.stage[s.stage] : 0,
    execOwner: s.hasExecOwner ? 0 : w.noExecOwner,
  };
}

function reasonText(signal: Signal, s: HealthSignals, points: number): string {
  switch (signal) {
    case 'case':
      return s.openCaseLevel > 0 ? `Open case at strike ${s.openCaseLevel}` : 'No open case';
    case 'recurrence':
      return s.strikesInYear > 1 ? `Flagged ${s.strikesInYear} times in 12 months` : s.strikesInYear === 1 ? 'Flagged once in 12 months' : 'Not flagged in 12 months';
    case 'fourC': {
      if (!s.fourC) return "Not rated on the 4 C's recently";
      const weakest = FOUR_CS.reduce((a, b) => (s.fourC!.byC[b] < s.fourC!.byC[a] ? b : a));
      const detail = points > 0 ? `; weakest: ${FOUR_C_GUIDE[weakest].label.toLowerCase()} ${one(s.fourC.byC[weakest])}` : '';
      return `4 C's average ${one(s.fourC.mean)} of 5 (${plural(s.fourC.raters, 'rater')}${detail})`;
    }
    case 'symptoms':
      return s.openSymptoms.length
        ? `${plural(s.openSymptoms.length, 'open symptom')}: ${[...new Set(s.openSymptoms)].map((x) => SYMPTOM_GUIDE[x].label.toLowerCase()).join('; ')}`
        : 'No open symptoms';
    case 'interaction':
      return s.interactionLogged
        ? points > 0
          ? `No interaction logged for ${plural(s.daysSinceInteraction, 'day')}`
          : `Last interaction ${s.daysSinceInteraction === 0 ? 'today' : `${plural(s.daysSinceInteraction, 'day')} ago`}`
        : `No interaction logged since it was added ${plural(s.daysSinceInteraction, 'day')} ago`;
    case 'stage':
      return s.stage ? `Stage: ${PARTNER_STAGE_GUIDE[s.stage].label.toLowerCase()}` : 'Stage not set';
    case 'execOwner':
      return s.hasExecOwner ? 'Has an executive owner' : 'No executive owner';
  }
}

/** One signal in words, as it stands. */
export function reasonFor(signal: Signal, s: HealthSignals): string {
  return reasonText(signal, s, penalties(s)[signal]);
}

/** 100 minus the points taken off, a whole number from 0 to 100. */
export function scoreOf(breakdown: Record<Signal, number>): number {
  const total = SIGNALS.reduce((sum, k) => sum + breakdown[k], 0);
  return Math.max(0, Math.min(100, Math.round(100 - total)));
}

/** The health score and why: 100 minus the points each red signal takes off, at least 0. */
export function healthScore(s: HealthSignals): HealthScore {
  const breakdown = penalties(s);
  const score = scoreOf(breakdown);
  const costly = SIGNALS.filter((k) => breakdown[k] > 0).sort((a, b) => breakdown[b] - breakdown[a] || SIGNALS.indexOf(a) - SIGNALS.indexOf(b));
  // Signals in good shape fill the rest, the ones people act on first; unknowns ("not set") are no reason.
  const good = (['case', 'interaction', 'fourC', 'execOwner', 'stage', 'symptoms'] as const).filter(
    (k) => breakdown[k] === 0 && !(k === 'fourC' && !s.fourC) && !(k === 'stage' && !s.stage) && !(k === 'interaction' && !s.interactionLogged),
  );
  const reasons = [...costly, ...good].slice(0, 3).map((signal) => ({ signal, points: Math.round(breakdown[signal] * 10) / 10, text: reasonText(signal, s, breakdown[signal]) }));
  return { score, breakdown, reasons };
}

// ---------------------------------------------------------------- the signals at a moment

export interface HealthFacts {
  health?: HealthState;
  /** The partner's latest case, open or closed. */
  latestCase?: CaseState;
  /** When the partner record was created: days without an interaction count from here when none was logged. */
  partnerAddedAt: string;
}

function daysBetween(fromIso: string, toIso: string): number {
  const from = Date.parse(fromIso.length === 10 ? `${fromIso}T00:00:00.000Z` : fromIso);
  const to = Date.parse(toIso);
  return Math.max(0, Math.floor((to - from) / DAY_MS));
}

/** `days` before `at`, as an ISO instant; the digest asks the same few thousands of times, so they are kept. */
const before = new Map<string, string>();
function daysBefore(at: string, days: number): string {
  const key = `${at}|${days}`;
  let hit = before.get(key);
  if (hit === undefined) {
    if (before.size > 64) before.clear();
    hit = new Date(Date.parse(at) - days * DAY_MS).toISOString();
    before.set(key, hit);
  }
  return hit;
}

function caseSignals(c: CaseState | undefined, at: string): { level: number; strikesInYear: number } {
  if (!c || c.openedAt > at) return { level: 0, strikesInYear: 0 };
  const yearAgo = daysBefore(at, 365);
  const live = c.strikes.filter((s) => !s.withdrawn && s.at <= at);
  const strikesInYear = live.filter((s) => s.kind === 'occurrence' && s.at > yearAgo).length;
  const closed = c.status === 'closed' && c.closedAt !== undefined && c.closedAt <= at;
  return { level: closed ? 0 : live.length, strikesInYear };
}

function fourCAt(h: HealthState | undefined, at: string, recentDays: number): FourCSignal | undefined {
  const ratings = h?.ratings ?? [];
  if (ratings.length === 0) return undefined;
  const since = daysBefore(at, recentDays);
  // Each rater's latest rating up to `at` (newest last in the state), counted if it is recent.
  const seen = new Set<string>();
  const sums = [0, 0, 0, 0];
  let raters = 0;
  for (let i = ratings.length - 1; i >= 0; i--) {
    const r = ratings[i]!;
    if (r.at > at || seen.has(r.by)) continue;
    seen.add(r.by);
    if (r.at <= since) continue;
    raters += 1;
    FOUR_CS.forEach((c, k) => (sums[k]! += r.scores[c]));
  }
  if (raters === 0) return undefined;
  const byC = { culture: sums[0]! / raters, capacity: sums[1]! / raters, commitment: sums[2]! / raters, competencies: sums[3]! / raters };
  return { mean: (sums[0]! + sums[1]! + sums[2]! + sums[3]!) / (4 * raters), byC, raters };
}

/** The latest entry recorded at or before `at` (lists are kept oldest first). */
function latestAt<T extends { at: string }>(items: readonly T[] | undefined, at: string): T | undefined {
  for (let i = (items?.length ?? 0) - 1; i >= 0; i--) if (items![i]!.at <= at) return items![i];
  return undefined;
}

function lastInteractionAt(h: HealthState | undefined, at: string, kind?: 'joint-win'): string | undefined {
  if (!h) return undefined;
  const day = at.slice(0, 10);
  let last: string | undefined;
  for (const i of h.interactions) if (i.at <= at && i.on <= day && (!kind || i.kind === kind) && (!last || i.on > last)) last = i.on;
  // Interactions older than the ones kept in the state row: the all-time latest still counts once known.
  const ever = kind ? h.lastJointWinOn : h.lastInteractionOn;
  if (ever && ever <= day && h.updatedAt <= at && (!last || ever > last)) last = ever;
  return last;
}

/** The signals as they stood at `at`: what was recorded by then, the case as it stood then. */
export function signalsAt(facts: HealthFacts, at: string, settings: HealthSettings = DEFAULT_HEALTH_SETTINGS): HealthSignals {
  const h = facts.health;
  const { level, strikesInYear } = caseSignals(facts.latestCase, at);
  const fourC = fourCAt(h, at, settings.ratingRecentDays);
  const openSymptoms = (h?.symptoms ?? []).filter((s) => s.at <= at && (s.resolvedAt === undefined || s.resolvedAt > at)).map((s) => s.symptom);
  const last = lastInteractionAt(h, at);
  const stage = latestAt(h?.stages, at)?.stage;
  const owner = latestAt(h?.execOwners, at);
  return {
    openCaseLevel: level,
    strikesInYear,
    ...(fourC ? { fourC } : {}),
    openSymptoms,
    daysSinceInteraction: daysBetween(last ?? facts.partnerAddedAt, at),
    interactionLogged: last !== undefined,
    ...(stage ? { stage } : {}),
    hasExecOwner: !!owner?.ownerId,
  };
}

export function scoreAt(facts: HealthFacts, at: string, settings?: HealthSettings): HealthScore {
  return healthScore(signalsAt(facts, at, settings));
}

export const TREND_WEEKS = 12;

/** The score at the end of each of the last `weeks` weeks, oldest first, the last one now. */
export function healthTrend(facts: HealthFacts, now: string, settings?: HealthSettings, weeks = TREND_WEEKS): { at: string; score: number }[] {
  const nowMs = Date.parse(now);
  return Array.from({ length: weeks }, (_, i) => {
    const at = new Date(nowMs - (weeks - 1 - i) * 7 * DAY_MS).toISOString();
    return { at, score: scoreAt(facts, at, settings).score };
  });
}

// ---------------------------------------------------------------- symptoms suggested by the data

export interface SuggestedSymptom {
  symptom: Symptom;
  /** Why, in words. */
  because: string;
}

/** Symptoms the data points at that nobody recorded yet (an open one of the same kind silences the suggestion). */
export function suggestedSymptoms(facts: HealthFacts, now: string, settings: HealthSettings = DEFAULT_HEALTH_SETTINGS): SuggestedSymptom[] {
  const open = new Set((facts.health?.symptoms ?? []).filter((s) => s.resolvedAt === undefined).map((s) => s.symptom));
  const out: SuggestedSymptom[] = [];
  const last = lastInteractionAt(facts.health, now);
  const quietDays = daysBetween(last ?? facts.partnerAddedAt, now);
  if (!open.has('little-interaction') && quietDays >= settings.noInteractionDays) {
    out.push({ symptom: 'little-interaction', because: last ? `No interaction logged for ${plural(quietDays, 'day')}.` : `No interaction logged since it was added ${plural(quietDays, 'day')} ago.` });
  }
  const win = lastInteractionAt(facts.health, now, 'joint-win');
  const months = Math.floor(DateTime.fromISO(now, { zone: 'utc' }).diff(DateTime.fromISO(win ?? facts.partnerAddedAt, { zone: 'utc' }), 'months').months);
  if (!open.has('no-joint-win') && months >= settings.noJointWinMonths) {
    out.push({ symptom: 'no-joint-win', because: win ? `No joint win logged for ${plural(months, 'month')}.` : `No joint win logged since it was added ${plural(months, 'month')} ago.` });
  }
  return out;
}
