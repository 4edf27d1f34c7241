import type { ActionRow } from './case';
import { actionRows } from './case';
import type { CaseView, FormBase } from './caseView';
import { allowed, formBase } from './caseView';
import type { Button, ConfirmButton } from './parts';
import { button, ctxOf, formatDay } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface ReviewData extends FormBase {
  intro: string;
  items: ActionRow[];
  canAnswer: boolean;
  yes: Button;
  no: ConfirmButton;
}

export function reviewData(view: CaseView): ReviewData {
  const { state } = view;
  const ctx = ctxOf(state);
  return {
    ...formBase(view),
    intro: `The review period ${state.phase === 'review-question' ? 'has ended' : `ends ${formatDay(state.reviewEndsOn)}`}. Is the partnership working? Yes closes the case as fixed; no goes back to a decision.`,
    items: actionRows(view, 'review'),
    canAnswer: allowed(view).has('answer-review'),
    yes: button('Yes, it is working', 'answer-review', { ...ctx, working: true }, 'positive'),
    no: {
      ...button('No, not working', 'answer-review', { ...ctx, working: false }, 'destructive'),
      prompt: 'The case goes back to Decision: propose again, fixable or not.',
      confirmTitle: 'Yes, it is not working',
    },
  };
}

export function reviewCard(view: CaseView): AdaptiveCard {
  return renderCard('review', reviewData(view));
}
