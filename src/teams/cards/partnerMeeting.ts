import type { CaseView, MeetingFormData } from './caseView';
import { allowed, formBase, today } from './caseView';
import { escapeText } from './escape';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export function partnerMeetingData(view: CaseView): MeetingFormData {
  const { state } = view;
  return {
    ...formBase(view),
    intro: `The GM approved disengaging: ${escapeText(state.decision?.rationale ?? '', 500)} Record the meeting with the partner once it has taken place; this closes the case.`,
    on: today(view),
    canRecord: allowed(view).has('record-partner-meeting'),
  };
}

export function partnerMeetingCard(view: CaseView): AdaptiveCard {
  return renderCard('partner-meeting', partnerMeetingData(view));
}
