// Rate a partner on the 4 C's (cards/health-rate.json): each C with its guide question, 1 to 5 and a one-line
// note, prefilled with the viewer's own latest rating. The partner's score uses the recent raters' mean.
import { FOUR_CS, FOUR_C_GUIDE, HEALTH_LIMITS, RATING_MAX, RATING_MIN, latestRatings } from '../../domain/health';
import { escapeText, plainLine } from './escape';
import type { ActionData, Button, Choice } from './parts';
import { button } from './parts';
import type { PartnerView } from './partnerView';
import { partnerCtx, partnerTitle, showHealth } from './partnerView';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

const SCALE: Choice[] = [5, 4, 3, 2, 1].map((n) => ({ title: n === RATING_MAX ? `${n}: strong` : n === RATING_MIN ? `${n}: weak` : String(n), value: String(n) }));

export interface HealthRateData {
  ctx: ActionData;
  title: string;
  intro: string;
  cs: { id: string; noteId: string; label: string; guide: string; value: string; note: string; choices: Choice[]; error: string }[];
  noteMax: number;
  submit: Button;
  back: Button;
}

export function healthRateData(view: PartnerView): HealthRateData {
  const mine = latestRatings(view.health).find((r) => r.by === view.viewer);
  return {
    ctx: partnerCtx(view),
    title: partnerTitle(view),
    intro: mine
      ? "Your last rating is filled in: change what has changed. The partner's 4 C's are the mean of recent raters."
      : "Rate each from 1 (weak) to 5 (strong), with a line on why if you like. The partner's 4 C's are the mean of recent raters.",
    cs: FOUR_CS.map((c) => ({
      id: c,
      noteId: `${c}_note`,
      label: FOUR_C_GUIDE[c].label,
      guide: escapeText(FOUR_C_GUIDE[c].guide),
      value: mine ? String(mine.scores[c]) : '',
      note: plainLine(mine?.notes[c], HEALTH_LIMITS.rateNote),
      choices: SCALE,
      error: `Pick 1 to 5 for ${FOUR_C_GUIDE[c].label.toLowerCase()}`,
    })),
    noteMax: HEALTH_LIMITS.rateNote,
    submit: button('Save my rating', 'rate-partner', partnerCtx(view), 'positive'),
    back: showHealth(view, 'Back to the partner', 'partner'),
  };
}

export function healthRateCard(view: PartnerView): AdaptiveCard {
  return renderCard('health-rate', healthRateData(view));
}
