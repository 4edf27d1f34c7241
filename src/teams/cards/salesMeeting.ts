import type { CaseView, MeetingFormData } from './caseView';
import { allowed, formBase, today } from './caseView';
import type { Choice, Toggle } from './parts';
import { nameOf, peopleChoices } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface SalesMeetingData extends MeetingFormData {
  directors: Toggle;
  pick: { on: boolean; choices: Choice[] };
}

export function salesMeetingData(view: CaseView): SalesMeetingData {
  const { state } = view;
  const known = state.people.salesDirectors;
  const candidates = (view.salesDirectorCandidates ?? []).filter((id) => !known.includes(id));
  return {
    ...formBase(view),
    intro: 'Record the meeting with the Sales Director(s) once it has taken place. They are pinged with the case summary, and the stakeholder email is drafted next.',
    on: today(view),
    canRecord: allowed(view).has('record-sales-meeting'),
    directors: {
      on: known.length > 0,
      text: `Sales Director(s) of this partner: ${known.map((id) => nameOf(view.people, id)).join(', ')}`,
    },
    pick: { on: known.length === 0 && candidates.length > 0, choices: peopleChoices(view.people, candidates, state) },
  };
}

export function salesMeetingCard(view: CaseView): AdaptiveCard {
  return renderCard('sales-meeting', salesMeetingData(view));
}
