// The partner card and its forms by name (verb `show-partner`), for handlers that show one of them.
import type { HealthFormName } from './healthForms';
import { healthFitsCard } from './healthFits';
import { healthRateCard } from './healthRate';
import { healthStageCard } from './healthStage';
import { healthSymptomCard } from './healthSymptom';
import { partnerCard } from './partner';
import type { PartnerView } from './partnerView';
import type { AdaptiveCard } from './render';

const BUILDERS: Record<HealthFormName, (view: PartnerView) => AdaptiveCard> = {
  partner: partnerCard,
  'health-rate': healthRateCard,
  'health-symptom': healthSymptomCard,
  'health-stage': healthStageCard,
  'health-fits': healthFitsCard,
};

export function healthCard(form: HealthFormName, view: PartnerView): AdaptiveCard {
  return BUILDERS[form](view);
}
