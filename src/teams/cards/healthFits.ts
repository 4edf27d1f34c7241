// Where a partner fits (cards/health-fits.json, admins): the departments or motions it fits or not, one row each,
// with empty rows to add more, and the tags a channel's digest can be scoped by.
import { HEALTH_LIMITS } from '../../domain/health';
import { NEW_FIT_SLOTS } from './healthForms';
import { plainLine } from './escape';
import type { ActionData, Button } from './parts';
import { button } from './parts';
import type { PartnerView } from './partnerView';
import { partnerCtx, partnerTitle, showHealth } from './partnerView';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface HealthFitsData {
  ctx: ActionData;
  title: string;
  rows: { motionId: string; fitsId: string; label: string; motion: string; fits: string }[];
  tags: string;
  submit: Button;
  back: Button;
}

export function healthFitsData(view: PartnerView): HealthFitsData {
  const fits = view.health?.fits ?? [];
  const slots = Math.min(HEALTH_LIMITS.fits, fits.length + NEW_FIT_SLOTS);
  return {
    ctx: partnerCtx(view),
    title: partnerTitle(view),
    rows: Array.from({ length: slots }, (_, i) => ({
      motionId: `fit${i + 1}_motion`,
      fitsId: `fit${i + 1}_fits`,
      label: `Department or motion ${i + 1}`,
      motion: plainLine(fits[i]?.motion, HEALTH_LIMITS.motion),
      fits: fits[i]?.fits === false ? 'false' : 'true',
    })),
    tags: (view.health?.tags ?? []).join(', '),
    submit: button('Save', 'set-fits', partnerCtx(view), 'positive'),
    back: showHealth(view, 'Back to the partner', 'partner'),
  };
}

export function healthFitsCard(view: PartnerView): AdaptiveCard {
  return renderCard('health-fits', healthFitsData(view));
}
