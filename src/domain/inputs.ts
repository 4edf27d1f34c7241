// What a command brings beyond its own work, checked for decide: the revenue at risk a profitability case's reset
// attempts carry under workflow version 2 (docs/workflow.md#trigger-paths), dates of things that happened, and the
// strikes of earlier cases a new case carries on (docs/workflow.md#strikes).
import { addMonths } from './calendar';
import type { Command, CommandOf } from './commands';
import type { DecideContext } from './context';
import type { Rejection } from './errors';
import { reject } from './errors';
import type { CarriedStrikes, CaseState } from './model';
import { stepInputs } from './queries';

export type RevenueInput = { ok: true; revenue?: { amount: number; currency: string } } | { ok: false; rejection: Rejection };

/** The revenue figures of a reset attempt: both or neither, and required when the case's trigger path asks for them. */
export function revenueInput(state: CaseState, cmd: CommandOf<'log-reset-attempt'>): RevenueInput {
  if ((cmd.amount === undefined) !== (cmd.currency === undefined)) return { ok: false, rejection: reject('INPUT.INVALID', 'Please check: the revenue at risk needs both an amount and a currency.') };
  if (cmd.amount !== undefined && cmd.currency !== undefined) return { ok: true, revenue: { amount: cmd.amount, currency: cmd.currency } };
  if (stepInputs(state).includes('revenue')) {
    return { ok: false, rejection: reject('INPUT.INVALID', 'This case is about profitability: add the revenue at risk (amount and currency) with your reset attempt.') };
  }
  return { ok: true };
}

/**
 * Dates of things that happened (evidence, an agreed reset, a meeting held) cannot be later than the actor's today;
 * due dates are checked where they are set (checkActions, the review end).
 */
export function futureDate(cmd: Command, today: string): Rejection | undefined {
  const happened: { date: string | undefined; what: string }[] = [];
  if ('evidence' in cmd) for (const e of cmd.evidence) happened.push({ date: e.date, what: 'An evidence date' });
  if (cmd.type === 'log-reset-attempt') happened.push({ date: cmd.agreedOn, what: 'The date the reset was agreed' });
  if (cmd.type === 'record-gm-meeting' || cmd.type === 'record-sales-meeting' || cmd.type === 'record-partner-meeting') happened.push({ date: cmd.on, what: 'The meeting date' });
  const late = happened.find((h) => h.date && h.date > today);
  return late ? reject('INPUT.INVALID', `${late.what} (${late.date}) is in the future. Record it once it has happened, with the day it happened (today or earlier).`) : undefined;
}

/**
 * The strikes of earlier cases that count on (docs/workflow.md#strikes): those within the strike window, so a red
 * flag that comes back after each quiet period still climbs the ladder. A case an admin closed (a mistaken flag, a
 * partner acquired) passes nothing on.
 */
export function carriedStrikes(previous: CaseState | undefined, ctx: DecideContext): CarriedStrikes {
  const windowMonths = ctx.settings.strikeWindowMonths;
  if (!previous || previous.outcome === 'cancelled') return { windowMonths, strikes: [] };
  const since = addMonths(ctx.now, -windowMonths);
  const own = previous.strikes.filter((s) => !s.withdrawn).map((s) => ({ at: s.at, caseId: previous.caseId }));
  const strikes = [...(previous.carried?.strikes ?? []), ...own].filter((s) => s.at >= since);
  return { windowMonths, strikes };
}
