import { LIMITS } from '../../domain/commands';
import type { CaseView, FormBase } from './caseView';
import { allowed, formBase, lastAttempt, mayIssue } from './caseView';
import { escapeText } from './escape';
import type { ConfirmButton, Toggle } from './parts';
import { button, cardWhen, ctxOf, formatDay, nameOf } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface ResetApprovalData extends FormBase {
  attempt: { by: string; agreed: string; agreedOn: string; at: string };
  canApprove: boolean;
  canDecide: boolean;
  ownNote: Toggle;
  escalate: ConfirmButton;
}

export function resetApprovalData(view: CaseView): ResetApprovalData {
  const { state } = view;
  const attempt = [...state.resetAttempts].reverse().find((a) => a.step === 'ic-reset' && !a.outcome) ?? lastAttempt(state, 'ic-reset');
  const can = allowed(view);
  const approve = mayIssue(view, { type: 'approve-reset' });
  const own = !approve.ok && 'rejection' in approve && approve.rejection.code === 'ACTOR.OWN_ATTEMPT';
  const ctx = ctxOf(state);
  return {
    ...formBase(view),
    attempt: {
      by: nameOf(view.people, attempt?.by),
      agreed: escapeText(attempt?.agreed ?? 'No attempt logged yet.', LIMITS.shortText),
      agreedOn: formatDay(attempt?.agreedOn),
      at: cardWhen(attempt?.at),
    },
    canApprove: approve.ok,
    canDecide: can.has('send-back-reset'),
    ownNote: { on: own, text: 'You logged this attempt, so you cannot approve it. An admin can reassign the approval.' },
    escalate: {
      ...button('Escalate now', 'escalate-now', ctx, 'destructive'),
      prompt: `Skip the reset: the case goes to strike ${state.level + 1} (Manager reset) now.`,
      confirmTitle: 'Yes, escalate now',
    },
  };
}

export function resetApprovalCard(view: CaseView): AdaptiveCard {
  return renderCard('reset-approval', resetApprovalData(view));
}
