import { DateTime } from 'luxon';
import { LIMITS } from '../../domain/commands';
import type { CaseView, FormBase } from './caseView';
import { allowed, formBase, today } from './caseView';
import { escapeText } from './escape';
import type { ActionSlot, Choice, Toggle } from './parts';
import { actionSlots, peopleChoices } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface DecisionFormData extends FormBase {
  intro: string;
  sentBack: Toggle;
  choices: Choice[];
  people: Choice[];
  slots: ActionSlot[];
  extraSlots: ActionSlot[];
  dueDefault: string;
  reviewEndsOn: string;
  canPropose: boolean;
}

export function decisionFormData(view: CaseView): DecisionFormData {
  const { state } = view;
  const { visible, extra } = actionSlots();
  const base = DateTime.fromISO(today(view));
  const comment = state.decision?.comment;
  return {
    ...formBase(view),
    intro: 'Is this fixable? If so, name clear actions with owners and due dates and when the review period ends. The GM approves the decision.',
    sentBack: { on: !!comment && state.phase === 'proposal', text: comment ? `Sent back by the GM: ${escapeText(comment, LIMITS.comment)}` : '' },
    choices: [
      { title: 'Fixable: actions and a review period', value: 'fixable' },
      { title: 'Not fixable: disengage from the partner', value: 'not-fixable' },
    ],
    people: peopleChoices(view.people, view.assignable, state),
    slots: visible,
    extraSlots: extra,
    dueDefault: base.plus({ days: 30 }).toISODate() ?? '',
    reviewEndsOn: base.plus({ days: 90 }).toISODate() ?? '',
    canPropose: allowed(view).has('propose-decision'),
  };
}

export function decisionCard(view: CaseView): AdaptiveCard {
  return renderCard('decision', decisionFormData(view));
}
