import { LIMITS } from '../../domain/commands';
import type { CaseView, FormBase } from './caseView';
import type { RevenueAsk } from './caseView';
import { allowed, formBase, lastAttempt, revenueAsk, today } from './caseView';
import { escapeText } from './escape';
import type { Toggle } from './parts';
import { nameOf } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface ResetAttemptData extends FormBase {
  prompt: string;
  sentBack: Toggle;
  agreedOn: string;
  canLog: boolean;
  revenue: RevenueAsk;
}

export function resetAttemptData(view: CaseView): ResetAttemptData {
  const { state } = view;
  const step = state.step === 'manager-reset' ? 'manager-reset' : 'ic-reset';
  const last = lastAttempt(state, step);
  const sentBack = last?.outcome === 'sent-back';
  return {
    ...formBase(view),
    prompt:
      step === 'ic-reset'
        ? 'Talk to the partner and reset expectations. Log what you agreed and when; your manager approves it.'
        : 'As the manager, reset expectations with the partner. Log what you agreed and when, then continue or take ownership.',
    sentBack: { on: sentBack, text: sentBack ? `Sent back by ${nameOf(view.people, state.people.manager)}: ${escapeText(last?.comment ?? '', LIMITS.comment)}` : '' },
    agreedOn: today(view),
    canLog: allowed(view).has('log-reset-attempt'),
    revenue: revenueAsk(view),
  };
}

export function resetAttemptCard(view: CaseView): AdaptiveCard {
  return renderCard('reset-attempt', resetAttemptData(view));
}
