// What a step asks for beyond its own work, read off a command (docs/workflow.md#trigger-paths): the revenue at risk a
// profitability case's reset attempts carry under workflow version 2.
import type { CommandOf } from './commands';
import type { Rejection } from './errors';
import { reject } from './errors';
import type { CaseState } from './model';
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
