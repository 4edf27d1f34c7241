import type { CaseView, MeetingFormData } from './caseView';
import { allowed, formBase, today } from './caseView';
import { formatMoney, nameOf } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export function gmMeetingData(view: CaseView): MeetingFormData {
  const { state } = view;
  const risk = state.risk;
  return {
    ...formBase(view),
    intro: `Meet the GM (${nameOf(view.people, state.people.gm)}) and record the meeting here once it has taken place; the GM is pinged with the case.${
      risk ? ` Revenue at risk: ${formatMoney(risk.amount, risk.currency)}.` : ''
    }`,
    on: today(view),
    canRecord: allowed(view).has('record-gm-meeting'),
  };
}

export function gmMeetingCard(view: CaseView): AdaptiveCard {
  return renderCard('gm-meeting', gmMeetingData(view));
}
