// Log a health symptom (cards/health-symptom.json): which one (each with what it looks like), the date it was
// seen and a note. A symptom the data suggested comes prefilled.
import { DateTime } from 'luxon';
import { HEALTH_LIMITS, SYMPTOMS, SYMPTOM_GUIDE } from '../../domain/health';
import { escapeText } from './escape';
import type { ActionData, Button, Choice } from './parts';
import { button } from './parts';
import type { PartnerView } from './partnerView';
import { partnerCtx, partnerTitle, showHealth } from './partnerView';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface HealthSymptomData {
  ctx: ActionData;
  title: string;
  guide: { text: string }[];
  choices: Choice[];
  symptom: string;
  today: string;
  noteMax: number;
  submit: Button;
  back: Button;
}

export function healthSymptomData(view: PartnerView): HealthSymptomData {
  return {
    ctx: partnerCtx(view),
    title: partnerTitle(view),
    guide: SYMPTOMS.map((s) => ({ text: `**${escapeText(SYMPTOM_GUIDE[s].label)}**: ${escapeText(SYMPTOM_GUIDE[s].guide)}` })),
    choices: SYMPTOMS.map((s) => ({ title: SYMPTOM_GUIDE[s].label, value: s })),
    symptom: view.symptom ?? '',
    today: DateTime.fromISO(view.now, { zone: view.timeZone }).toISODate() ?? view.now.slice(0, 10),
    noteMax: HEALTH_LIMITS.note,
    submit: button('Record the symptom', 'log-symptom', partnerCtx(view), 'positive'),
    back: showHealth(view, 'Back to the partner', 'partner'),
  };
}

export function healthSymptomCard(view: PartnerView): AdaptiveCard {
  return renderCard('health-symptom', healthSymptomData(view));
}
