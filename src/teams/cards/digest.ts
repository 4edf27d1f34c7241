// The digest's figures as data for cards/digest.json. Every user string (partner and people names) is escaped
// here; the owners of overdue steps are @mentioned (Teams `29:` ids). The card stays well inside Teams' 80 KB
// whatever the number of partners: it shows totals and charts, and names at most a budgeted few partners.
import type { DigestFigures, MovementKey, StateKey } from '../../domain/digest';
import type { HealthDigestFigures } from '../../domain/healthDigest';
import type { DigestHealthData } from './digestHealth';
import { digestHealthData } from './digestHealth';
import type { Outcome, Step } from '../../domain/model';
import type { AdaptiveCard } from './render';
import { MAX_CARD_BYTES, cardBytes, expandCard, renderCard } from './render';
import { escapeText, plainLine } from './escape';
import { STEP_NAMES, TRIGGER_LABELS } from './labels';
import type { ActionData, Button, Fact, Mention, Toggle } from './parts';
import { cardWhen, formatDay, formatWhen } from './parts';

export interface DigestPerson {
  name?: string;
  teamsId?: string;
}

export interface DigestCardOptions {
  timeZone: string;
  /** Partner names by id (raw; escaped here). */
  partnerNames: ReadonlyMap<string, string>;
  /** People by aadObjectId (raw names; escaped here). */
  people: ReadonlyMap<string, DigestPerson>;
  /** A `digest now` preview: says it is not the week's digest. */
  preview?: boolean;
  /** The partners ranked by health (README, "Partner health"). */
  health?: HealthDigestFigures;
  /** HEALTH_NO_INTERACTION_DAYS, for the words of the health section. */
  noInteractionDays?: number;
  /** The channel's scope (`digest here Contoso, Fabrikam` or `#emea`): raw partner names or one tag. */
  scope?: { partners?: readonly string[]; tag?: string };
}

export interface ChartPoint {
  legend: string;
  value: number;
}
export interface BarPoint {
  x: string;
  y: number;
}
export interface TextRow {
  text: string;
}
export interface Section<R> {
  on: boolean;
  title: string;
  rows: R[];
  more: Toggle;
}
export interface AttentionRow {
  name: string;
  detail: string;
  status: Button;
}

export interface DigestCardData {
  title: string;
  subtitle: string;
  preview: Toggle;
  empty: Toggle;
  totals: Fact[];
  movement: { on: boolean; title: string; facts: Fact[]; none: Toggle };
  states: { on: boolean; title: string; data: ChartPoint[]; fallback: string };
  triggers: { on: boolean; title: string; data: BarPoint[]; fallback: string; none: Toggle };
  overdue: Section<TextRow>;
  reviews: Section<TextRow>;
  decisions: Section<TextRow>;
  revenue: { on: boolean; title: string; facts: Fact[] };
  attention: Section<AttentionRow>;
  health: DigestHealthData;
  msteams: { width: 'Full'; entities: Mention[] };
}

/** Rows named in each list at most; the rest are counted ("and 12 more"). */
export const MAX_OVERDUE_ROWS = 15;
export const MAX_REVIEW_ROWS = 10;
export const MAX_DECISION_ROWS = 10;
/** Bytes of JSON the partner rows may take (a row's template elements add about 700 bytes each). */
export const ATTENTION_BUDGET_BYTES = 36_000;
export const LIST_BUDGET_BYTES = 9_000;
const ROW_TEMPLATE_BYTES = 700;
const LINE_TEMPLATE_BYTES = 120;

const OUTCOME_SHORT: Record<Outcome, string> = {
  resolved: 'Closed: resolved',
  'owned-internally': 'Closed: owned internally',
  fixed: 'Closed: fixed',
  disengaged: 'Closed: disengaged',
  withdrawn: 'Closed: withdrawn',
  cancelled: 'Closed by an admin',
};

const MOVEMENT_LABELS: Record<MovementKey, string> = {
  openCases: 'Open cases',
  overdue: 'Overdue steps',
  newFlags: 'New flags',
  escalated: 'Cases escalated',
  closedThisWeek: 'Cases closed',
};

export function stateLabel(key: StateKey): string {
  if (key === 'none') return 'No case';
  const [kind, value] = key.split(':') as ['step' | 'closed', string];
  return kind === 'step' ? STEP_NAMES[value as Step] : OUTCOME_SHORT[value as Outcome];
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function delta(d: number | undefined): string {
  if (d === undefined) return '';
  return d > 0 ? ` (▲${d})` : d < 0 ? ` (▼${-d})` : ' (=)';
}

function money(amount: number, currency: string): string {
  return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(amount)} ${escapeText(currency, 3)}`;
}

/** A name shown in markdown text: one line, escaped. */
function shown(name: string | undefined, fallback: string): string {
  return escapeText(plainLine(name || fallback, 120)) || escapeText(fallback);
}

/** A name safe inside `<at>…</at>` and in the mention entity: no markup characters at all. */
function mentionName(name: string | undefined): string {
  return plainLine(name ?? '', 100).replace(/[\\`*_{}[\]<>&#|~$]/g, '').trim() || 'colleague';
}

function ctx(partnerId: string, caseId: string, stage: number): ActionData {
  return { partnerId, caseId, stage };
}

function take<T>(items: readonly T[], max: number, budget: number, size: (item: T) => number): T[] {
  const out: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (out.length >= max) break;
    bytes += size(item);
    if (bytes > budget) break;
    out.push(item);
  }
  return out;
}

function moreToggle(total: number, shownCount: number, what: string): Toggle {
  const rest = total - shownCount;
  return { on: rest > 0, text: rest > 0 ? `… and ${plural(rest, what)} more.` : '' };
}

export function digestCardData(f: DigestFigures, o: DigestCardOptions): DigestCardData {
  const partnerName = (id: string) => shown(o.partnerNames.get(id), id);
  const entities = new Map<string, Mention>();
  const personText = (userId: string | undefined, mention: boolean): string => {
    if (!userId) return 'nobody';
    const person = o.people.get(userId);
    if (mention && person?.teamsId) {
      const name = mentionName(person.name);
      const text = `<at>${name}</at>`;
      if (!entities.has(person.teamsId)) entities.set(person.teamsId, { type: 'mention', text, mentioned: { id: person.teamsId, name } });
      return text;
    }
    return shown(person?.name, 'someone not in the directory');
  };

  const t = f.totals;
  const totals: Fact[] = [
    { title: 'Partners', value: String(t.partners) },
    { title: 'Open cases', value: String(t.openCases) },
    { title: 'Overdue steps', value: String(t.overdue) },
    { title: 'New flags (7 days)', value: t.newFlags === t.newOccurrences ? String(t.newFlags) : `${t.newFlags} (${plural(t.newOccurrences, 'new occurrence')})` },
    { title: 'Decisions made (7 days)', value: String(t.decisions) },
    { title: 'Reviews ending (next 7 days)', value: String(t.reviewsEnding) },
  ];

  const movementFacts = (f.movement ?? []).map((m) => ({ title: MOVEMENT_LABELS[m.key], value: `${m.now}${delta(m.delta)}` }));

  const stateData = f.byState.filter((s) => s.count > 0).map((s) => ({ legend: stateLabel(s.key), value: s.count }));
  const stateFallback = f.byState.map((s) => `${stateLabel(s.key)}: ${s.count}${delta(s.delta)}`).join(' · ');

  const triggerData = f.flagsByTrigger.map((x) => ({ x: TRIGGER_LABELS[x.trigger], y: x.count }));
  const triggerFallback = f.flagsByTrigger.map((x) => `${TRIGGER_LABELS[x.trigger]}: ${x.count}`).join(' · ');

  const overdueShown = take(f.overdue, MAX_OVERDUE_ROWS, LIST_BUDGET_BYTES, (x) => (o.partnerNames.get(x.partnerId)?.length ?? 40) * 2 + LINE_TEMPLATE_BYTES + 120);
  const overdueRows = overdueShown.map((x) => ({
    text: `**${partnerName(x.partnerId)}**: ${STEP_NAMES[x.step]} (strike ${x.level}), due ${cardWhen(x.dueAt)}${x.businessDaysOverdue > 0 ? `, ${plural(x.businessDaysOverdue, 'business day')} overdue` : ''}, waiting on ${personText(x.owner, true)}`,
  }));

  const reviewsShown = take(f.reviewsEnding, MAX_REVIEW_ROWS, LIST_BUDGET_BYTES, (x) => (o.partnerNames.get(x.partnerId)?.length ?? 40) * 2 + LINE_TEMPLATE_BYTES + 80);
  const reviewRows = reviewsShown.map((x) => ({ text: `**${partnerName(x.partnerId)}**: review ends ${formatDay(x.reviewEndsOn)} (${personText(x.owner, false)})` }));

  const decisionsShown = take(f.decisions, MAX_DECISION_ROWS, LIST_BUDGET_BYTES, (x) => (o.partnerNames.get(x.partnerId)?.length ?? 40) * 2 + LINE_TEMPLATE_BYTES + 60);
  const decisionRows = decisionsShown.map((x) => ({
    text: `**${partnerName(x.partnerId)}**: ${x.fixable ? 'fixable, under review' : 'not fixable, disengaging'} (${cardWhen(x.approvedAt)})`,
  }));

  const revenueFacts = f.revenueAtRisk.map((r) => ({ title: money(r.amount, r.currency), value: `${plural(r.partners, 'partner')}` }));

  const attentionRows: AttentionRow[] = take(f.attention, f.attention.length, ATTENTION_BUDGET_BYTES, (x) => (o.partnerNames.get(x.partnerId)?.length ?? 40) * 2 + ROW_TEMPLATE_BYTES + 200).map(
    (x) => ({
      name: partnerName(x.partnerId),
      detail: `${STEP_NAMES[x.step]} · strike ${x.level}${x.overdue ? ' · overdue' : ''}${x.flagsThisWeek ? ` · ${plural(x.flagsThisWeek, 'new flag')}` : ''} · ${personText(x.owner, false)}`,
      status: { title: 'Status', verb: 'show-status', data: ctx(x.partnerId, x.caseId, x.stage), style: 'default' },
    }),
  );
  const notListed = f.attentionTotal - attentionRows.length;

  const scope = o.scope?.tag
    ? ` · partners tagged ${escapeText(`#${o.scope.tag}`, 31)}`
    : o.scope?.partners
      ? ` · ${o.scope.partners.length > 5 ? plural(o.scope.partners.length, 'partner') : o.scope.partners.map((n) => shown(n, 'a partner')).join(', ')}`
      : '';
  return {
    title: 'Partner health digest',
    // Weeks are counted in the organisation's zone, named so readers elsewhere know (other times show in theirs).
    subtitle: `Week ${f.weekId.slice(6)}, ${f.weekId.slice(0, 4)} · the 7 days to ${formatWhen(f.now, o.timeZone)}${o.timeZone === 'UTC' ? '' : ` (${escapeText(o.timeZone, 64)})`}${scope}`,
    preview: { on: !!o.preview, text: "Preview: this is not counted as this week's digest." },
    empty: { on: t.partners === 0, text: 'No partners yet. An admin adds them with `partner add Contoso`.' },
    totals,
    movement: {
      on: movementFacts.length > 0,
      title: 'Since last week',
      facts: movementFacts,
      none: { on: t.partners > 0 && movementFacts.length === 0, text: 'Movement against last week shows from the second weekly digest on.' },
    },
    states: { on: stateData.length > 0, title: 'Partners by state', data: stateData, fallback: stateFallback },
    triggers: {
      on: t.partners > 0,
      title: 'New flags by trigger (7 days)',
      data: triggerData,
      fallback: triggerFallback,
      none: { on: t.newFlags === 0, text: 'No new flags in the last 7 days.' },
    },
    overdue: { on: f.overdue.length > 0, title: `Overdue steps (${f.overdue.length})`, rows: overdueRows, more: moreToggle(f.overdue.length, overdueRows.length, 'overdue step') },
    reviews: { on: f.reviewsEnding.length > 0, title: 'Reviews ending in the next 7 days', rows: reviewRows, more: moreToggle(f.reviewsEnding.length, reviewRows.length, 'review') },
    decisions: { on: f.decisions.length > 0, title: 'Decisions made (7 days)', rows: decisionRows, more: moreToggle(f.decisions.length, decisionRows.length, 'decision') },
    revenue: { on: revenueFacts.length > 0, title: 'Revenue at risk (open cases)', facts: revenueFacts },
    attention: {
      on: attentionRows.length > 0,
      title: f.attentionTotal > attentionRows.length ? `Needs attention: top ${attentionRows.length} of ${f.attentionTotal}` : 'Needs attention',
      rows: attentionRows,
      more: {
        on: notListed > 0,
        text: `${plural(notListed, 'more open case')} ${notListed === 1 ? 'is' : 'are'} not listed here: see every partner with \`partners\`.`,
      },
    },
    health: digestHealthData(o.health, { partnerNames: o.partnerNames, noInteractionDays: o.noInteractionDays ?? 60, ...(o.scope?.tag ? { tag: o.scope.tag } : {}) }),
    msteams: { width: 'Full', entities: [...entities.values()] },
  };
}

/** Teams' recommended maximum; the builder aims below it so a card never falls back to a notice. */
export const DIGEST_MAX_BYTES = MAX_CARD_BYTES;

/** The digest card, ready to send. Rows are dropped (never the totals) should a card still come near the limit. */
export function renderDigestCard(f: DigestFigures, o: DigestCardOptions): AdaptiveCard {
  const data = digestCardData(f, o);
  let card = expandCard('digest', data);
  while (cardBytes(card) > DIGEST_MAX_BYTES - 2_048 && (data.attention.rows.length > 0 || data.overdue.rows.length > 0 || data.health.lowest.rows.length > 0)) {
    if (data.health.lowest.rows.length > data.attention.rows.length) {
      data.health.lowest.rows = data.health.lowest.rows.slice(0, Math.floor(data.health.lowest.rows.length / 2));
      data.health.lowest.title = `Lowest health: ${data.health.lowest.rows.length} of ${o.health?.scored ?? 0}`;
      data.health.lowest.on = data.health.lowest.rows.length > 0;
    }
    else if (data.attention.rows.length > 0) data.attention.rows = data.attention.rows.slice(0, Math.floor(data.attention.rows.length / 2));
    else data.overdue.rows = data.overdue.rows.slice(0, Math.floor(data.overdue.rows.length / 2));
    data.attention.more = { on: true, text: 'More open cases are not listed here: see every partner with `partners`.' };
    data.overdue.more = moreToggle(f.overdue.length, data.overdue.rows.length, 'overdue step');
    // A mention whose text left the card would be refused by Teams.
    data.msteams.entities = data.msteams.entities.filter((e) => data.overdue.rows.some((r) => r.text.includes(e.text)));
    card = expandCard('digest', data);
  }
  // renderCard is the last resort: over the limit it sends a notice rather than fail.
  return cardBytes(card) <= DIGEST_MAX_BYTES ? card : renderCard('digest', data);
}
