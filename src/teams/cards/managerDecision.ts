import { DateTime } from 'luxon';
import { LIMITS } from '../../domain/commands';
import type { CaseView, FormBase } from './caseView';
import type { RevenueAsk } from './caseView';
import { allowed, formBase, lastAttempt, revenueAsk, today } from './caseView';
import { escapeText } from './escape';
import type { ActionSlot, Choice, ConfirmButton, Toggle } from './parts';
import { actionSlots, button, ctxOf, formatDay, peopleChoices } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface ManagerDecisionData extends FormBase {
  logAttempt: Toggle & { agreedOn: string };
  revenue: RevenueAsk;
  choose: Toggle;
  attempt: { on: boolean; agreed: string; agreedOn: string };
  people: Choice[];
  slots: ActionSlot[];
  extraSlots: ActionSlot[];
  dueDefault: string;
  escalate: ConfirmButton & { on: boolean };
}

export function managerDecisionData(view: CaseView): ManagerDecisionData {
  const { state } = view;
  const can = allowed(view);
  const attempt = lastAttempt(state, 'manager-reset');
  const { visible, extra } = actionSlots();
  const due = DateTime.fromISO(today(view)).plus({ days: 14 }).toISODate() ?? '';
  return {
    ...formBase(view),
    logAttempt: {
      on: can.has('log-reset-attempt'),
      text: 'First, reset expectations with the partner yourself and log what you agreed.',
      agreedOn: today(view),
    },
    revenue: revenueAsk(view),
    choose: {
      on: can.has('continue') || can.has('take-ownership'),
      text: 'Continue: the case watches for recurrence and the VP is told. Take ownership: the red flag is ours to fix, with improvement actions, each with an owner and a due date.',
    },
    attempt: { on: !!attempt && state.phase === 'choice', agreed: escapeText(attempt?.agreed ?? '', LIMITS.shortText), agreedOn: formatDay(attempt?.agreedOn) },
    people: peopleChoices(view.people, view.assignable, state),
    slots: visible,
    extraSlots: extra,
    dueDefault: due,
    escalate: {
      on: can.has('escalate-now'),
      ...button('Escalate now', 'escalate-now', ctxOf(state), 'destructive'),
      prompt: `Skip the reset: the case goes to strike ${state.level + 1} (VP review) now.`,
      confirmTitle: 'Yes, escalate now',
    },
  };
}

export function managerDecisionCard(view: CaseView): AdaptiveCard {
  return renderCard('manager-decision', managerDecisionData(view));
}
