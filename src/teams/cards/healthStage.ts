// The partner's own side (cards/health-stage.json): its stage in the partner journey and the executive who owns
// the relationship, picked from the people around the partner (or none).
import { PARTNER_STAGES, PARTNER_STAGE_GUIDE, execOwnerOf, partnerStageOf } from '../../domain/health';
import { NO_EXEC_OWNER } from './healthForms';
import { plainLine } from './escape';
import type { ActionData, Button, Choice } from './parts';
import { MAX_PEOPLE_CHOICES, button } from './parts';
import type { PartnerView } from './partnerView';
import { partnerCtx, partnerTitle, showHealth } from './partnerView';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface HealthStageData {
  ctx: ActionData;
  title: string;
  stages: Choice[];
  stage: string;
  owners: Choice[];
  owner: string;
  submit: Button;
  back: Button;
}

export function healthStageData(view: PartnerView): HealthStageData {
  const current = execOwnerOf(view.health)?.ownerId;
  const ids = [...new Set([...(current ? [current] : []), ...view.ownerCandidates])];
  const named = ids
    .map((id) => ({ title: plainLine(view.people[id]?.name ?? '', 80), value: id }))
    .filter((c) => c.title)
    .slice(0, MAX_PEOPLE_CHOICES)
    .sort((a, b) => a.title.localeCompare(b.title));
  return {
    ctx: partnerCtx(view),
    title: partnerTitle(view),
    stages: PARTNER_STAGES.map((s) => ({ title: `${PARTNER_STAGE_GUIDE[s].label}: ${PARTNER_STAGE_GUIDE[s].guide}`, value: s })),
    stage: partnerStageOf(view.health) ?? '',
    owners: [{ title: 'No executive owner', value: NO_EXEC_OWNER }, ...named],
    owner: current ?? NO_EXEC_OWNER,
    submit: button('Save', 'set-stage-owner', partnerCtx(view), 'positive'),
    back: showHealth(view, 'Back to the partner', 'partner'),
  };
}

export function healthStageCard(view: PartnerView): AdaptiveCard {
  return renderCard('health-stage', healthStageData(view));
}
