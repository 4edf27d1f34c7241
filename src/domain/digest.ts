// The weekly partner-health digest as figures (README, "Timers and the weekly digest"). Pure: the latest case of every partner, the partner
// list and last week's snapshot come in; counts, lists and the snapshot to keep for next week come out.
// Cases carry no evidence text, and nothing here reads any: the digest never shows evidence.
import { DateTime } from 'luxon';
import type { BusinessCalendar } from './calendar';
import { businessDaysBetween, localDate, toInstant } from './calendar';
import type { CaseState, Outcome, Phase, Step, Trigger } from './model';
import { STEPS, TRIGGERS } from './model';
import { ownerOf } from './queries';

export const OUTCOMES: readonly Outcome[] = ['resolved', 'owned-internally', 'fixed', 'disengaged', 'withdrawn'];

/** Days ahead in which a review's end date counts as "ending soon". */
export const REVIEW_HORIZON_DAYS = 7;

// ---------------------------------------------------------------- ISO weeks in the organisation's zone

export interface IsoWeek {
  /** e.g. "2025-W44": sorts as text in time order. */
  id: string;
  /** The instant the week begins (Monday 00:00 local) and the instant the next one does. */
  start: string;
  end: string;
}

export function isoWeekOf(iso: string, timeZone: string): IsoWeek {
  const dt = DateTime.fromISO(iso, { zone: timeZone });
  if (!dt.isValid) throw new Error(`Invalid instant ${iso}`);
  const start = dt.startOf('week');
  return {
    id: `${dt.weekYear}-W${String(dt.weekNumber).padStart(2, '0')}`,
    start: toInstant(start),
    end: toInstant(start.plus({ weeks: 1 })),
  };
}

// ---------------------------------------------------------------- inputs and figures

export interface DigestPartner {
  partnerId: string;
  name: string;
  archived?: boolean;
}

/** What is kept of each week's digest, to show movement the week after. Counts only. */
export interface DigestSnapshot {
  weekId: string;
  at: string;
  partners: number;
  openCases: number;
  overdue: number;
  newFlags: number;
  escalated: number;
  closedThisWeek: number;
  byState: Record<string, number>;
  revenueAtRisk: Record<string, number>;
}

export interface DigestInput {
  /** The moment the digest is built; "this week" is the 7 days up to it. */
  now: string;
  calendar: BusinessCalendar;
  partners: readonly DigestPartner[];
  /** The latest case of each partner (closed ones included). */
  cases: readonly CaseState[];
  /** Last week's snapshot, for movement. */
  previous?: DigestSnapshot;
  /** How many partners the "needs attention" list names. */
  topN: number;
}

/** `step:<step>`, `closed:<outcome>` or `none` (no case yet). */
export type StateKey = `step:${Step}` | `closed:${Outcome}` | 'none';

export interface StateCount {
  key: StateKey;
  count: number;
  /** Against last week's snapshot; undefined without one. */
  delta?: number;
}

export interface CaseRef {
  partnerId: string;
  caseId: string;
  stage: number;
}

export interface OverdueItem extends CaseRef {
  step: Step;
  phase: Phase;
  level: number;
  /** The person the step waits on. */
  owner?: string;
  dueAt: string;
  /** Business days since the due time (0 on the day it fell due). */
  businessDaysOverdue: number;
}

export interface ReviewItem extends CaseRef {
  reviewEndsOn: string;
  owner?: string;
}

export interface DecisionItem extends CaseRef {
  fixable: boolean;
  approvedAt: string;
}

export interface RiskTotal {
  currency: string;
  amount: number;
  partners: number;
}

export type MovementKey = 'openCases' | 'overdue' | 'newFlags' | 'escalated' | 'closedThisWeek';

export interface Movement {
  key: MovementKey;
  now: number;
  before: number;
  delta: number;
}

export interface AttentionItem extends CaseRef {
  step: Step;
  phase: Phase;
  level: number;
  owner?: string;
  overdue: boolean;
  dueAt?: string;
  lastFlagAt: string;
  flagsThisWeek: number;
}

export interface DigestFigures {
  weekId: string;
  now: string;
  /** "This week": the 7 days up to `now`. */
  period: { from: string; to: string };
  totals: {
    partners: number;
    openCases: number;
    overdue: number;
    newFlags: number;
    newOccurrences: number;
    /** Open cases whose level rose this week (a new strike). */
    escalated: number;
    closedThisWeek: number;
    decisions: number;
    reviewsEnding: number;
  };
  byState: StateCount[];
  flagsByTrigger: { trigger: Trigger; count: number }[];
  /** Every overdue step, most overdue first. */
  overdue: OverdueItem[];
  reviewsEnding: ReviewItem[];
  decisions: DecisionItem[];
  revenueAtRisk: RiskTotal[];
  /** Undefined when there is no snapshot from an earlier week. */
  movement?: Movement[];
  /** The top N open cases by need of attention. */
  attention: AttentionItem[];
  /** Open cases in all (those not in `attention` are in `partners`). */
  attentionTotal: number;
  snapshot: DigestSnapshot;
}

// ---------------------------------------------------------------- the maths

function within(at: string | undefined, from: string, to: string): boolean {
  return at !== undefined && at > from && at <= to;
}

function refOf(state: CaseState): CaseRef {
  return { partnerId: state.partnerId, caseId: state.caseId, stage: state.stage };
}

function waitingOwner(state: CaseState): string | undefined {
  return state.waitingOn ?? ownerOf(state);
}

/**
 * Business days overdue depend only on the local due date. Walking the items in due-time order, a new date
 * (luxon, DST-aware) is worked out only when an item passes the end of the previous one's local day: 10,000
 * overdue cases cost a few dozen date computations, not 10,000.
 */
function assignDaysOverdue(sortedByDueAt: OverdueItem[], now: string, calendar: BusinessCalendar): void {
  let dayEnd = '';
  let days = 0;
  for (const item of sortedByDueAt) {
    if (item.dueAt >= dayEnd) {
      dayEnd = toInstant(DateTime.fromISO(item.dueAt, { zone: calendar.timeZone }).startOf('day').plus({ days: 1 }));
      days = businessDaysBetween(item.dueAt, now, calendar);
    }
    item.businessDaysOverdue = days;
  }
}

/** Sort keys, so 10,000 items sort as plain strings: fixed-width fields, earliest-first. */
function pad(n: number, width: number): string {
  return String(Math.max(0, n)).padStart(width, '0');
}
const LATEST_MS = 9_999_999_999_999;

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function stateKeyOf(state: CaseState | undefined): StateKey {
  if (!state) return 'none';
  return state.status === 'closed' ? `closed:${state.outcome ?? 'resolved'}` : `step:${state.step}`;
}

export const STATE_KEYS: readonly StateKey[] = [...STEPS.map((s) => `step:${s}` as const), ...OUTCOMES.map((o) => `closed:${o}` as const), 'none'];

export function computeDigest(input: DigestInput): DigestFigures {
  const { now, calendar } = input;
  const zone = calendar.timeZone;
  const nowDt = DateTime.fromISO(now, { zone });
  if (!nowDt.isValid) throw new Error(`Invalid instant ${now}`);
  const from = toInstant(nowDt.minus({ weeks: 1 }));
  const today = localDate(now, calendar);
  const horizon = nowDt.plus({ days: REVIEW_HORIZON_DAYS }).toISODate() ?? today;

  const live = input.partners.filter((p) => !p.archived);
  // Ties are broken by name: lower-cased once per partner and compared as text (a collator is 10x slower here).
  const names = new Map(live.map((p) => [p.partnerId, p.name.toLowerCase()]));
  const nameKey = (id: string) => `${names.get(id) ?? id}\u0000${id}`;
  const byName = (a: string, b: string) => byText(nameKey(a), nameKey(b));
  const cases = input.cases.filter((c) => names.has(c.partnerId));
  const byPartner = new Map(cases.map((c) => [c.partnerId, c]));

  const stateCounts = new Map<StateKey, number>();
  for (const p of live) {
    const key = stateKeyOf(byPartner.get(p.partnerId));
    stateCounts.set(key, (stateCounts.get(key) ?? 0) + 1);
  }

  const triggerCounts = new Map<Trigger, number>(TRIGGERS.map((t) => [t, 0]));
  let newFlags = 0;
  let newOccurrences = 0;
  let escalated = 0;
  let closedThisWeek = 0;
  const overdue: { key: string; item: OverdueItem }[] = [];
  const reviewsEnding: ReviewItem[] = [];
  const decisions: DecisionItem[] = [];
  const risk = new Map<string, RiskTotal>();
  const attention: { key: string; item: AttentionItem }[] = [];

  for (const c of cases) {
    let flagsThisWeek = 0;
    for (const f of c.flags) {
      if (f.withdrawn || !within(f.at, from, now)) continue;
      flagsThisWeek += 1;
      if (!f.merged) newOccurrences += 1;
      for (const t of new Set(f.triggers)) triggerCounts.set(t, (triggerCounts.get(t) ?? 0) + 1);
    }
    newFlags += flagsThisWeek;
    if (within(c.closedAt, from, now)) closedThisWeek += 1;
    if (within(c.decisionApprovedAt, from, now) && c.decision) {
      decisions.push({ ...refOf(c), fixable: c.decision.fixable, approvedAt: c.decisionApprovedAt! });
    }
    if (c.status !== 'open') continue;

    if (c.strikes.some((s) => !s.withdrawn && within(s.at, from, now) && s.no > 1)) escalated += 1;
    const isOverdue = !!c.dueAt && c.dueAt <= now;
    const owner = waitingOwner(c);
    const name = nameKey(c.partnerId);
    if (isOverdue) {
      const item: OverdueItem = { partnerId: c.partnerId, caseId: c.caseId, stage: c.stage, step: c.step, phase: c.phase, level: c.level, dueAt: c.dueAt!, businessDaysOverdue: 0 };
      if (owner) item.owner = owner;
      // The longest overdue first, then the higher level, then the name.
      overdue.push({ key: `${c.dueAt}|${pad(999 - c.level, 3)}|${name}`, item });
    }
    if (c.step === 'review-period' && c.phase === 'actions' && c.reviewEndsOn && c.reviewEndsOn >= today && c.reviewEndsOn <= horizon) {
      reviewsEnding.push({ ...refOf(c), reviewEndsOn: c.reviewEndsOn, ...(owner ? { owner } : {}) });
    }
    if (c.risk) {
      const total = risk.get(c.risk.currency) ?? { currency: c.risk.currency, amount: 0, partners: 0 };
      total.amount += c.risk.amount;
      total.partners += 1;
      risk.set(c.risk.currency, total);
    }
    const item: AttentionItem = { partnerId: c.partnerId, caseId: c.caseId, stage: c.stage, step: c.step, phase: c.phase, level: c.level, overdue: isOverdue, lastFlagAt: c.lastFlagAt, flagsThisWeek };
    if (owner) item.owner = owner;
    if (c.dueAt) item.dueAt = c.dueAt;
    // Overdue first, then the higher level, then the most recent flag; the name breaks ties.
    attention.push({ key: `${isOverdue ? 0 : 1}|${pad(999 - c.level, 3)}|${pad(LATEST_MS - Date.parse(c.lastFlagAt), 13)}|${name}`, item });
  }

  const byKey = (a: { key: string }, b: { key: string }) => byText(a.key, b.key);
  attention.sort(byKey);
  const overdueItems = overdue.sort(byKey).map((o) => o.item);
  assignDaysOverdue(overdueItems, now, calendar);
  reviewsEnding.sort((a, b) => byText(a.reviewEndsOn, b.reviewEndsOn) || byName(a.partnerId, b.partnerId));
  decisions.sort((a, b) => byText(a.approvedAt, b.approvedAt) || byText(a.partnerId, b.partnerId));
  const revenueAtRisk = [...risk.values()].sort((a, b) => byText(a.currency, b.currency));

  const week = isoWeekOf(now, zone);
  const openCases = cases.filter((c) => c.status === 'open').length;
  const snapshot: DigestSnapshot = {
    weekId: week.id,
    at: now,
    partners: live.length,
    openCases,
    overdue: overdueItems.length,
    newFlags,
    escalated,
    closedThisWeek,
    byState: Object.fromEntries(STATE_KEYS.filter((k) => stateCounts.has(k)).map((k) => [k, stateCounts.get(k)!])),
    revenueAtRisk: Object.fromEntries(revenueAtRisk.map((r) => [r.currency, r.amount])),
  };
  const previous = input.previous && input.previous.weekId < week.id ? input.previous : undefined;

  const byState: StateCount[] = STATE_KEYS.filter((k) => stateCounts.has(k) || (previous?.byState[k] ?? 0) > 0).map((key) => {
    const count = stateCounts.get(key) ?? 0;
    return previous ? { key, count, delta: count - (previous.byState[key] ?? 0) } : { key, count };
  });

  const movement = previous
    ? (['openCases', 'overdue', 'newFlags', 'escalated', 'closedThisWeek'] as const).map((key) => ({
        key,
        now: snapshot[key],
        before: previous[key],
        delta: snapshot[key] - previous[key],
      }))
    : undefined;

  return {
    weekId: week.id,
    now,
    period: { from, to: now },
    totals: {
      partners: live.length,
      openCases,
      overdue: overdueItems.length,
      newFlags,
      newOccurrences,
      escalated,
      closedThisWeek,
      decisions: decisions.length,
      reviewsEnding: reviewsEnding.length,
    },
    byState,
    flagsByTrigger: TRIGGERS.map((trigger) => ({ trigger, count: triggerCounts.get(trigger) ?? 0 })),
    overdue: overdueItems,
    reviewsEnding,
    decisions,
    revenueAtRisk,
    ...(movement ? { movement } : {}),
    attention: attention.slice(0, Math.max(0, input.topN)).map((a) => a.item),
    attentionTotal: attention.length,
    snapshot,
  };
}
