import { LIMITS } from '../../domain/commands';
import type { CaseView, FormBase } from './caseView';
import { allowed, formBase } from './caseView';
import type { Choice, EvidenceSlot, Toggle } from './parts';
import { KIND_CHOICES, evidenceSlots } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface EvidenceAddData extends FormBase {
  intro: string;
  kindChoices: Choice[];
  slots: EvidenceSlot[];
  extraSlots: EvidenceSlot[];
  moreEvidence: Toggle;
  canAdd: boolean;
}

export function evidenceAddData(view: CaseView): EvidenceAddData {
  const { state } = view;
  const { visible, extra } = evidenceSlots();
  return {
    ...formBase(view),
    intro: `Evidence goes to strike ${state.level}, the current one. Up to ${LIMITS.evidencePerFlag} items at a time.`,
    kindChoices: KIND_CHOICES,
    slots: visible,
    extraSlots: extra,
    moreEvidence: { on: extra.length > 0, text: `More evidence (up to ${LIMITS.evidencePerFlag} items)` },
    canAdd: allowed(view).has('add-evidence'),
  };
}

export function evidenceAddCard(view: CaseView): AdaptiveCard {
  return renderCard('evidence-add', evidenceAddData(view));
}
