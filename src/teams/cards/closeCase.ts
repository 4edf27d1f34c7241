// An admin closes a case with a reason (cards/close-case.json): a mistaken flag, a partner acquired
// (docs/workflow.md#steps). The reason goes into the history and to everyone on the case.
import type { CaseView, FormBase } from './caseView';
import { allowed, formBase } from './caseView';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface CloseCaseData extends FormBase {
  intro: string;
  canClose: boolean;
}

export function closeCaseData(view: CaseView): CloseCaseData {
  return {
    ...formBase(view),
    intro: `This ends ${view.partnerName}'s case now, at whatever step it is; it accepts no more actions. Everyone on the case is told, with your reason, and the history keeps it. Its strikes do not count on if the partner is flagged again.`,
    canClose: allowed(view).has('close-case'),
  };
}

export function closeCaseCard(view: CaseView): AdaptiveCard {
  return renderCard('close-case', closeCaseData(view));
}
