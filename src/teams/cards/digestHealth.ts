// The digest's partner-health section (cards/digest.json, `health`): the average and the score distribution as a
// chart, who moved most since a week ago and why, the lowest scores with their reasons, and the partners with no
// interaction logged lately. Names the few that matter and counts the rest, whatever the size of the book.
import type { HealthDigestFigures } from '../../domain/healthDigest';
import { escapeText, plainLine } from './escape';
import type { Button, Fact, Toggle } from './parts';
import { button, noCase, plural } from './parts';

export interface DigestHealthRow {
  text: string;
}
export interface DigestLowRow {
  name: string;
  detail: string;
  open: Button;
}
export interface DigestHealthSection<R> {
  on: boolean;
  title: string;
  rows: R[];
  more: Toggle;
}

export interface DigestHealthData {
  on: boolean;
  title: string;
  facts: Fact[];
  chart: { title: string; data: { x: string; y: number }[]; fallback: string };
  down: DigestHealthSection<DigestHealthRow>;
  up: DigestHealthSection<DigestHealthRow>;
  lowest: DigestHealthSection<DigestLowRow>;
  quiet: DigestHealthSection<DigestHealthRow>;
  showAll: { on: boolean; text: string; button: Button };
}

export interface DigestHealthOptions {
  partnerNames: ReadonlyMap<string, string>;
  /** HEALTH_NO_INTERACTION_DAYS, for the words. */
  noInteractionDays: number;
  /** A channel scoped by tag: "show all" lists that tag. */
  tag?: string;
}

/** Bytes of JSON the lowest-health rows may take (each row's template elements add about 700 bytes). */
export const LOWEST_BUDGET_BYTES = 16_000;
export const QUIET_ROWS = 10;

function nameOf(o: DigestHealthOptions, id: string): string {
  return escapeText(plainLine(o.partnerNames.get(id) || id, 120)) || escapeText(id);
}

function more(total: number, shown: number, what: string): Toggle {
  const rest = total - shown;
  return { on: rest > 0, text: rest > 0 ? `… and ${plural(rest, what)} more: \`partners by health\` lists them all.` : '' };
}

export function digestHealthData(h: HealthDigestFigures | undefined, o: DigestHealthOptions): DigestHealthData {
  const showAll = { title: 'Show all partners by health', verb: 'show-partners', data: { ...noCase(), sort: 'health', ...(o.tag ? { tag: o.tag } : {}) }, style: 'default' as const };
  if (!h || h.scored === 0) {
    const none = { on: false, title: '', rows: [], more: { on: false, text: '' } };
    return { on: false, title: '', facts: [], chart: { title: '', data: [], fallback: '' }, down: none, up: none, lowest: none, quiet: none, showAll: { on: false, text: '', button: showAll } };
  }
  const mover = (m: HealthDigestFigures['down'][number]) => ({
    text: `**${nameOf(o, m.partnerId)}** ${m.score} (${m.delta > 0 ? `▲${m.delta}` : `▼${-m.delta}`} from ${m.before})${m.why ? `: ${escapeText(m.why, 300)}` : ''}`,
  });
  let bytes = 0;
  const lowest: DigestLowRow[] = [];
  for (const p of h.lowest) {
    const row = { name: nameOf(o, p.partnerId), detail: escapeText(`Health ${p.score} · ${p.reasons.map((r) => r.text).join(' · ')}`, 400), open: button('Partner', 'show-partner', noCase(p.partnerId)) };
    bytes += JSON.stringify(row).length + 700;
    if (bytes > LOWEST_BUDGET_BYTES) break;
    lowest.push(row);
  }
  const quiet = h.quiet.slice(0, QUIET_ROWS).map((q) => ({
    text: `**${nameOf(o, q.partnerId)}**: ${q.logged ? `no interaction logged for ${plural(q.days, 'day')}` : `nothing logged since it was added ${plural(q.days, 'day')} ago`}`,
  }));
  return {
    on: true,
    title: 'Partner health',
    facts: [
      { title: 'Average health', value: `${h.average} of 100 (${plural(h.scored, 'partner')})` },
      { title: 'Moved since last week', value: plural(h.moved, 'partner') },
      { title: `No interaction for ${o.noInteractionDays}+ days`, value: plural(h.quietTotal, 'partner') },
    ],
    chart: {
      title: 'Partners by health score',
      data: h.distribution.map((d) => ({ x: d.label, y: d.count })),
      fallback: h.distribution.map((d) => `${d.label}: ${d.count}`).join(' · '),
    },
    down: { on: h.down.length > 0, title: 'Down most since last week', rows: h.down.map(mover), more: { on: false, text: '' } },
    up: { on: h.up.length > 0, title: 'Up most since last week', rows: h.up.map(mover), more: { on: false, text: '' } },
    lowest: { on: lowest.length > 0, title: `Lowest health: ${lowest.length} of ${h.scored}`, rows: lowest, more: { on: false, text: '' } },
    quiet: { on: h.quietTotal > 0, title: `No interaction logged for ${o.noInteractionDays}+ days (${h.quietTotal})`, rows: quiet, more: more(h.quietTotal, quiet.length, 'partner') },
    showAll: { on: h.scored > lowest.length, text: `Every partner, lowest health first: \`partners by health\`${o.tag ? ` (or \`partners #${o.tag} by health\`)` : ''}.`, button: showAll },
  };
}
