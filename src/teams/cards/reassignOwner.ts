import type { OwnerSlot } from '../../domain/model';
import { actingSlot } from '../../domain/queries';
import type { CaseView, FormBase } from './caseView';
import { allowed, formBase } from './caseView';
import { SLOT_LABELS } from './labels';
import type { Choice, Fact } from './parts';
import { nameOf, peopleChoices, plainNameOf } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface ReassignData extends FormBase {
  holders: Fact[];
  slots: Choice[];
  slot: string;
  people: Choice[];
  canReassign: boolean;
}

export function reassignOwnerData(view: CaseView): ReassignData {
  const { state } = view;
  const slots: OwnerSlot[] = ['reporter', 'manager', 'vp', 'gm'];
  const current = actingSlot(state);
  return {
    ...formBase(view),
    holders: slots.map((s) => ({ title: SLOT_LABELS[s], value: nameOf(view.people, state.people[s]) })),
    slots: slots.map((s) => ({ title: `${SLOT_LABELS[s]} (now ${plainNameOf(view.people, state.people[s] ?? '')})`, value: s })),
    slot: current,
    people: peopleChoices(view.people, view.assignable, state),
    canReassign: allowed(view).has('reassign-owner'),
  };
}

export function reassignOwnerCard(view: CaseView): AdaptiveCard {
  return renderCard('reassign-owner', reassignOwnerData(view));
}
