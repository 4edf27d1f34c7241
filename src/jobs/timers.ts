// What time alone does to cases (docs/workflow.md#timers): overdue reminders, second-level pings, action reminders, review ends
// and quiet-period closes, found through the due-time index and applied through the engine's `tick` by the
// service. Safe with several instances and idempotent: each tick commits with the ETag it read, so of two
// instances ticking one case one commits and the other gets CASE.MOVED_ON (or, reading after the commit, finds
// nothing left to do); the notices go out through the outbox the commit wrote.
import type { Logger } from '../log';
import { DomainError } from '../domain/errors';
import type { DueCase, OutboxStore, TimerIndex, WorkIndex } from '../storage/ports';

export interface TimerDeps {
  timers: TimerIndex;
  outbox: Pick<OutboxStore, 'repairIndex'>;
  /** What waits on each person (README "What is waiting on me"): its rows are repaired with the other indexes. */
  work?: Pick<WorkIndex, 'repair'>;
  service: { tickCase(partnerId: string, now: Date): Promise<number> };
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Index entries read per query (default 100). */
  batchSize?: number;
  /** Test hook: awaited after each case is handled (an instance "killed" there never resolves it). */
  afterCase?: (entry: DueCase, index: number) => Promise<void>;
}

export interface TimerRunReport {
  /** Due entries looked at. */
  due: number;
  /** Cases whose tick committed events. */
  ticked: number;
  /** Events committed in all. */
  events: number;
  /** Cases another instance moved on first. */
  movedOn: number;
  /** Entries with nothing left to do, removed from the index. */
  removed: number;
  /** Cases whose tick failed (left in the index, tried again next run). */
  failed: number;
}

/** Upper bound on batches per run, so a misbehaving index can never keep one run going forever. */
const MAX_BATCHES = 1_000;

function entryKey(e: DueCase): string {
  return `${e.partnerId}|${e.caseId}|${e.dueAt}`;
}

/**
 * Ticks every case whose timer is due at `now`. After downtime this catches up by itself: `tick` emits the
 * latest due reminder once (not one per missed day), and a case ticked moves its index entry to its next due time.
 */
export async function runDueTimers(deps: TimerDeps, now: Date): Promise<TimerRunReport> {
  const report: TimerRunReport = { due: 0, ticked: 0, events: 0, movedOn: 0, removed: 0, failed: 0 };
  const batchSize = deps.batchSize ?? 100;
  const nowIso = now.toISOString();
  const seen = new Set<string>();
  for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
    const due = (await deps.timers.due(nowIso, batchSize + seen.size)).filter((e) => !seen.has(entryKey(e)));
    if (due.length === 0) break;
    for (const entry of due) {
      seen.add(entryKey(entry));
      report.due += 1;
      await handle(deps, entry, now, report);
      await deps.afterCase?.(entry, report.due - 1);
    }
  }
  if (report.due > 0) deps.log?.info({ ...report }, 'timers: due cases handled');
  return report;
}

async function handle(deps: TimerDeps, entry: DueCase, now: Date, report: TimerRunReport): Promise<void> {
  try {
    const events = await deps.service.tickCase(entry.partnerId, now);
    if (events > 0) {
      // The commit moved the case's index entry to its next due time (or dropped it).
      report.ticked += 1;
      report.events += events;
      return;
    }
  } catch (err) {
    if (err instanceof DomainError && err.code === 'CASE.MOVED_ON') {
      // Another instance committed this case first: its commit moved the index entry.
      report.movedOn += 1;
      return;
    }
    report.failed += 1;
    deps.log?.error({ err, partnerId: entry.partnerId, caseId: entry.caseId }, 'timers: ticking a case failed; it stays due');
    return;
  }
  // Nothing to do at this entry's time (another instance already did it, or nothing applies, e.g. a second-level
  // ping with nobody to ping): drop the entry so it is not read every minute. The next commit writes a new one.
  await deps.timers.remove(entry);
  report.removed += 1;
}

/** The start-up sweep: index entries lost between a commit and its index writes (a crash) are written again. */
export async function repairIndexes(deps: Pick<TimerDeps, 'timers' | 'outbox' | 'work' | 'log'>): Promise<{ timers: number; outbox: number; work: number }> {
  const [timers, outbox, work] = await Promise.all([deps.timers.repair(), deps.outbox.repairIndex(), deps.work?.repair() ?? 0]);
  if (timers || outbox || work) deps.log?.info({ timers, outbox, work }, 'start-up sweep: index entries repaired');
  return { timers, outbox, work };
}
