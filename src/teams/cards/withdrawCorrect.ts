import { LIMITS } from '../../domain/commands';
import type { CaseEvent } from '../../domain/events';
import type { Evidence } from '../../domain/model';
import type { CaseView, FormBase } from './caseView';
import { formBase, mayIssue } from './caseView';
import type { ActionData, Choice, ConfirmButton, EvidenceSlot, Toggle } from './parts';
import { KIND_CHOICES, PREFILL_BUDGET_BYTES, TRIGGER_CHOICES, button, cardWhen, ctxOf, evidenceSlots, jsonBytes, plural, triggersText } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

/** The evidence a flag holds now, from its events: the last correction (or the flag) plus what was added since. */
export function flagEvidence(events: readonly CaseEvent[], flagId: string): Evidence[] {
  let items: Evidence[] = [];
  for (const e of events) {
    if ((e.type === 'flag-raised' || e.type === 'flag-corrected') && e.flagId === flagId) items = [...e.evidence];
    else if (e.type === 'evidence-added' && e.flagId === flagId) items = [...items, ...e.evidence];
  }
  return items;
}

export interface WithdrawCorrectData extends FormBase {
  flag: { text: string };
  flagData: ActionData;
  triggerChoices: Choice[];
  selectedTriggers: string;
  kindChoices: Choice[];
  slots: EvidenceSlot[];
  extraSlots: EvidenceSlot[];
  moreEvidence: Toggle;
  /** The reporter may withdraw this flag now. */
  canWithdraw: boolean;
  /** …and correct it here (not when its evidence is too large to send back in one card). */
  canCorrect: boolean;
  overflow: Toggle;
  withdraw: ConfirmButton;
}

export function withdrawCorrectData(view: CaseView): WithdrawCorrectData {
  const { state } = view;
  const flagId = view.flagId ?? '';
  const flag = state.flags.find((f) => f.flagId === flagId);
  const all = flagEvidence(view.events ?? [], flagId);
  const evidence = all.slice(0, LIMITS.evidencePerFlag);
  const { visible, extra } = evidenceSlots(evidence);
  const canWithdraw = mayIssue(view, { type: 'withdraw-flag', flagId: flagId }).ok;
  const tooLarge = jsonBytes(evidence) > PREFILL_BUDGET_BYTES;
  const data = { ...ctxOf(state), flagId: flagId };
  return {
    ...formBase(view),
    flag: {
      text: flag
        ? `Your flag of ${cardWhen(flag.at)}: ${triggersText(flag.triggers)}, ${plural(flag.evidenceCount, 'evidence item')}.`
        : 'This flag is not on the case.',
    },
    flagData: data,
    triggerChoices: TRIGGER_CHOICES,
    selectedTriggers: (flag?.triggers ?? []).join(','),
    kindChoices: KIND_CHOICES,
    slots: visible,
    extraSlots: extra,
    moreEvidence: { on: extra.length > 0, text: `More evidence (up to ${LIMITS.evidencePerFlag} items)` },
    canWithdraw,
    canCorrect: mayIssue(view, { type: 'correct-flag', flagId: flagId }).ok && !tooLarge,
    overflow: {
      on: canWithdraw && (all.length > LIMITS.evidencePerFlag || tooLarge),
      text: tooLarge
        ? 'This flag\'s evidence is too large to edit in a card. Withdraw it and flag again, or add evidence to it.'
        : `This flag holds ${all.length} items; a correction keeps the ${LIMITS.evidencePerFlag} shown here.`,
    },
    withdraw: {
      ...button('Withdraw my flag', 'withdraw-flag', data, 'destructive'),
      prompt: 'Withdrawing takes the flag back; if it was the only flag of its strike, the case goes back a strike.',
      confirmTitle: 'Yes, withdraw it',
    },
  };
}

export function withdrawCorrectCard(view: CaseView): AdaptiveCard {
  return renderCard('withdraw-correct', withdrawCorrectData(view));
}
