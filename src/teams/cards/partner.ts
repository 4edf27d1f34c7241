// One partner at a glance (cards/partner.json, README "Partner health"): the health score and its 12-week trend,
// the three reasons, the case and its strike, the 4 C's, symptoms (recorded and suggested), stage, executive owner,
// sales directors, where it fits, the last interaction, and the buttons the viewer may use.
import { DateTime } from 'luxon';
import type { FourC } from '../../domain/health';
import { FOUR_CS, FOUR_C_GUIDE, PARTNER_STAGE_GUIDE, SYMPTOM_GUIDE, execOwnerOf, latestRatings, openSymptoms, partnerStageOf } from '../../domain/health';
import { healthScore, healthTrend, signalsAt, suggestedSymptoms } from '../../domain/healthScore';
import { ownerOf } from '../../domain/queries';
import { escapeText } from './escape';
import { OUTCOME_TEXT, STEP_NAMES } from './labels';
import type { ActionData, Button, Fact, Toggle } from './parts';
import { button, cardDay, ctxOf, formatDay, nameOf, plural } from './parts';
import type { Headline, PartnerView } from './partnerView';
import { allowedHealth, headlineOf, healthFacts, partnerCtx, partnerTitle, showHealth } from './partnerView';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export type ScoreColor = 'Good' | 'Warning' | 'Attention' | 'Accent';

export interface PartnerCardData {
  ctx: ActionData;
  headline: Headline;
  title: string;
  subtitle: string;
  score: { text: string; color: ScoreColor; caption: string };
  trend: { title: string; data: { legend: string; values: { x: string; y: number }[] }[]; fallback: string };
  reasons: { title: string; rows: { text: string }[] };
  facts: Fact[];
  fourC: { title: string; facts: Fact[]; none: Toggle; raters: Toggle };
  symptoms: { title: string; rows: { text: string; resolve: { on: boolean; button: Button } }[]; none: Toggle };
  suggested: { on: boolean; title: string; rows: { text: string; record: { on: boolean; button: Button } }[] };
  buttons: { on: boolean; buttons: Button[] };
  more: { on: boolean; buttons: Button[] };
}

export function scoreColor(score: number): ScoreColor {
  return score >= 80 ? 'Good' : score >= 60 ? 'Accent' : score >= 40 ? 'Warning' : 'Attention';
}

function ago(days: number): string {
  return days === 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`;
}

function dayOf(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat('d LLL');
}

function caseFacts(view: PartnerView): Fact[] {
  const c = view.latestCase;
  if (!c) return [{ title: 'Case', value: 'None: nobody has flagged it' }];
  if (c.status === 'closed') return [{ title: 'Case', value: `Closed ${cardDay(c.closedAt)}: ${OUTCOME_TEXT[c.outcome ?? 'resolved']}` }];
  const waiting = c.waitingOn ?? ownerOf(c);
  return [
    { title: 'Case', value: `Open: ${STEP_NAMES[c.step]}, strike ${c.level}` },
    { title: 'Waiting on', value: nameOf(view.people, waiting) },
  ];
}

function relationshipFacts(view: PartnerView): Fact[] {
  const h = view.health;
  const stage = partnerStageOf(h);
  const owner = execOwnerOf(h);
  const last = h?.interactions.at(-1);
  const facts: Fact[] = [
    { title: 'Stage', value: stage ? `${PARTNER_STAGE_GUIDE[stage].label}: ${PARTNER_STAGE_GUIDE[stage].guide}` : 'Not set' },
    { title: 'Executive owner', value: owner ? nameOf(view.people, owner.ownerId) : 'None' },
    { title: 'Sales directors', value: view.partner.salesDirectors.length ? view.partner.salesDirectors.map((id) => nameOf(view.people, id)).join(', ') : 'None set' },
  ];
  if (h?.lastInteractionOn) {
    const days = Math.max(0, Math.floor((Date.parse(view.now) - Date.parse(`${h.lastInteractionOn}T00:00:00.000Z`)) / 86_400_000));
    const by = last && last.on === h.lastInteractionOn ? `, logged by ${nameOf(view.people, last.by)}` : '';
    facts.push({ title: 'Last interaction', value: `${formatDay(h.lastInteractionOn)} (${ago(days)}${by})` });
  } else facts.push({ title: 'Last interaction', value: 'None logged' });
  facts.push({ title: 'Last joint win', value: h?.lastJointWinOn ? formatDay(h.lastJointWinOn) : 'None logged' });
  if (h?.fits.length) facts.push({ title: 'Fits', value: h.fits.map((f) => `${escapeText(f.motion, 60)}: ${f.fits ? 'yes' : 'no'}`).join(' · ') });
  if (h?.tags.length) facts.push({ title: 'Tags', value: h.tags.map((t) => escapeText(`#${t}`)).join(' ') });
  return facts;
}

function fourCFacts(view: PartnerView, byC: Record<FourC, number> | undefined): Fact[] {
  const ratings = latestRatings(view.health);
  return FOUR_CS.map((c) => {
    const withNote = ratings.find((r) => r.notes[c]);
    const note = withNote ? ` · “${escapeText(withNote.notes[c], 200)}” (${nameOf(view.people, withNote.by)})` : '';
    return { title: FOUR_C_GUIDE[c].label, value: byC ? `${(Math.round(byC[c] * 10) / 10).toFixed(1)} of 5${note}` : `Not rated${note}` };
  });
}

export function partnerCardData(view: PartnerView): PartnerCardData {
  const facts = healthFacts(view);
  const signals = signalsAt(facts, view.now, view.settings);
  const score = healthScore(signals);
  const trend = healthTrend(facts, view.now, view.settings);
  const first = trend[0]!.score;
  const change = score.score - first;
  const allowed = allowedHealth(view);
  const ctx = partnerCtx(view);
  const open = openSymptoms(view.health);
  const suggested = suggestedSymptoms(facts, view.now, view.settings);
  const raters = latestRatings(view.health).filter((r) => signals.fourC && Date.parse(r.at) > Date.parse(view.now) - view.settings.ratingRecentDays * 86_400_000);

  const buttons: Button[] = [];
  if (allowed.has('rate')) buttons.push(showHealth(view, "Rate the 4 C's", 'health-rate'));
  if (allowed.has('log-symptom')) buttons.push(showHealth(view, 'Log a symptom', 'health-symptom'));
  if (allowed.has('log-interaction')) buttons.push(button('We met today', 'log-interaction', partnerCtx(view, { kind: 'meeting' }), 'positive'));
  if (view.viewer) buttons.push(button('Flag', 'show-card', partnerCtx(view, { form: 'flag' }), 'destructive'));
  const more: Button[] = [];
  if (allowed.has('log-interaction')) more.push(button('Joint win today', 'log-interaction', partnerCtx(view, { kind: 'joint-win' })));
  if (allowed.has('set-stage-owner')) more.push(showHealth(view, 'Stage and executive owner', 'health-stage'));
  if (allowed.has('set-fits')) more.push(showHealth(view, 'Where it fits', 'health-fits'));
  if (view.latestCase && view.viewer) more.push(button('Case status', 'show-status', ctxOf(view.latestCase)));

  return {
    ctx,
    headline: headlineOf(view),
    title: partnerTitle(view),
    subtitle: `Health ${score.score} of 100 · ${change === 0 ? 'no change' : change > 0 ? `up ${change}` : `down ${-change}`} in ${plural(trend.length, 'week')}`,
    score: { text: String(score.score), color: scoreColor(score.score), caption: 'of 100' },
    trend: {
      title: `Health, last ${plural(trend.length, 'week')}`,
      data: [{ legend: 'Health', values: trend.map((p) => ({ x: dayOf(p.at, view.timeZone), y: p.score })) }],
      fallback: trend.map((p) => `${dayOf(p.at, view.timeZone)}: ${p.score}`).join(' · '),
    },
    reasons: { title: `Why ${score.score}`, rows: score.reasons.map((r) => ({ text: escapeText(r.points >= 0.5 ? `${r.text} (−${Math.round(r.points)})` : r.text) })) },
    facts: [...caseFacts(view), ...(signals.strikesInYear > 1 ? [{ title: 'Flagged in 12 months', value: plural(signals.strikesInYear, 'time') }] : []), ...relationshipFacts(view)],
    fourC: {
      title: signals.fourC ? `The 4 C's: ${(Math.round(signals.fourC.mean * 10) / 10).toFixed(1)} of 5` : "The 4 C's",
      facts: fourCFacts(view, signals.fourC?.byC),
      none: { on: !signals.fourC, text: `Nobody rated it in the last ${view.settings.ratingRecentDays} days.` },
      raters: { on: raters.length > 0, text: `Recent raters: ${raters.slice(0, 8).map((r) => `${nameOf(view.people, r.by)} (${cardDay(r.at)})`).join(', ')}${raters.length > 8 ? ` and ${raters.length - 8} more` : ''}` },
    },
    symptoms: {
      title: open.length ? `Open symptoms (${open.length})` : 'Symptoms',
      rows: open.slice(0, 10).map((s) => ({
        text: `**${escapeText(SYMPTOM_GUIDE[s.symptom].label)}** since ${formatDay(s.on)}${s.note ? `: ${escapeText(s.note, 300)}` : ''} (${nameOf(view.people, s.by)})`,
        resolve: { on: allowed.has('resolve-symptom'), button: button('Resolve', 'resolve-symptom', partnerCtx(view, { symptomId: s.symptomId })) },
      })),
      none: { on: open.length === 0, text: 'None recorded.' },
    },
    suggested: {
      on: suggested.length > 0,
      title: 'Suggested by the data',
      rows: suggested.map((s) => ({
        text: `**${escapeText(SYMPTOM_GUIDE[s.symptom].label)}?** ${escapeText(s.because)}`,
        record: { on: allowed.has('log-symptom'), button: showHealth(view, 'Record it', 'health-symptom', { symptom: s.symptom }) },
      })),
    },
    buttons: { on: buttons.length > 0, buttons },
    more: { on: more.length > 0, buttons: more },
  };
}

export function partnerCard(view: PartnerView): AdaptiveCard {
  return renderCard('partner', partnerCardData(view));
}
