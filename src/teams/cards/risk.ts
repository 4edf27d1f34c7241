import { LIMITS } from '../../domain/commands';
import type { CaseView, FormBase } from './caseView';
import { allowed, formBase } from './caseView';
import { plainText } from './escape';
import type { Toggle } from './parts';
import { cardWhen, formatMoney, nameOf, plural } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface RiskFormData extends FormBase {
  intro: string;
  amount: { set: boolean; value: number };
  currency: string;
  skus: string;
  draftNote: Toggle;
  canDraft: boolean;
  canConfirm: boolean;
}

export function riskFormData(view: CaseView): RiskFormData {
  const { state } = view;
  const can = allowed(view);
  const draft = state.riskDraft;
  return {
    ...formBase(view),
    intro: 'Revenue and SKUs at risk if this partnership ends. The manager drafts, the VP confirms.',
    amount: { set: !!draft, value: draft?.amount ?? 0 },
    currency: plainText(draft?.currency ?? 'USD', 3),
    skus: plainText((draft?.skus ?? []).join('\n'), LIMITS.skus * (LIMITS.skuLength + 1)),
    draftNote: {
      on: !!draft,
      text: draft ? `Draft by ${nameOf(view.people, draft.by)} on ${cardWhen(draft.at)}: ${formatMoney(draft.amount, draft.currency)}, ${plural(draft.skus.length, 'SKU')}.` : '',
    },
    canDraft: can.has('draft-risk'),
    canConfirm: can.has('confirm-risk'),
  };
}

export function riskCard(view: CaseView): AdaptiveCard {
  return renderCard('risk', riskFormData(view));
}
