import { LIMITS } from '../../domain/commands';
import type { CaseEvent } from '../../domain/events';
import type { CaseState, Evidence } from '../../domain/model';
import type { CaseView, FormBase } from './caseView';
import { formBase } from './caseView';
import { escapeText } from './escape';
import { KIND_LABELS, OUTCOME_TEXT } from './labels';
import type { Button, Toggle } from './parts';
import { cardWhen, ctxOf, formatDay, jsonBytes, openLink, plural, showCard } from './parts';
import { describeEvent, eventDetail } from './timeline';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

/** The history card keeps its events under this many bytes of JSON, well inside Teams' 80 KB. */
export const HISTORY_BUDGET_BYTES = 60_000;

export interface HistoryEvidence {
  kind: string;
  summary: string;
  meta: string;
  /** The evidence's link, as a button that opens it (https only). */
  link: { on: boolean; url: string };
}

export interface HistoryRow {
  when: string;
  text: string;
  detail: Toggle;
  confidential: boolean;
  evidence: HistoryEvidence[];
}

export interface HistoryData extends FormBase {
  intro: string;
  rows: HistoryRow[];
  earlier: Toggle & { button: Button };
  cases: { on: boolean; title: string; items: { text: string; button: Button }[] };
}

/** The partner's other cases, each with a button that opens its history (`history <partner>`). */
function otherCasesOf(view: CaseView): HistoryData['cases'] {
  const items = (view.otherCases ?? [])
    .filter((c) => c.caseId !== view.state.caseId)
    .map((c) => ({
      text: `Case ${c.caseNo}: ${c.status === 'open' ? 'open' : c.outcome ? OUTCOME_TEXT[c.outcome] : 'closed'} · opened ${cardWhen(c.openedAt)}${c.closedAt ? ` · closed ${cardWhen(c.closedAt)}` : ''} · strike ${c.level}`,
      button: showCard('Open', 'history', { partnerId: view.state.partnerId, caseId: c.caseId, stage: -1 }),
    }));
  return { on: items.length > 0, title: `Other cases of ${escapeText(view.partnerName, 200)}`, items };
}

/** A history row's bytes on the card: its data plus the template elements around it. */
function historyRowBytes(row: HistoryRow): number {
  return jsonBytes(row) + 600 + row.evidence.length * 400;
}

function historyRow(e: CaseEvent, view: CaseView, summaryMax: number): HistoryRow {
  const { state } = view;
  const detail = eventDetail(e, view.people);
  const shortened = summaryMax < LIMITS.summary;
  return {
    when: cardWhen(e.at),
    text: describeEvent(e, view.people, state),
    detail: { on: detail.length > 0, text: detail },
    confidential: confidentialEvent(e, state),
    evidence: evidenceOf(e).map((ev) => {
      const summary = escapeText(ev.summary, summaryMax);
      const cut = shortened && Array.from(ev.summary).length > summaryMax;
      return {
        kind: KIND_LABELS[ev.kind] ?? 'Other',
        summary: cut ? `${summary} (shortened here; the stakeholder email has it in full)` : summary,
        meta: ev.date ? formatDay(ev.date) : '',
        link: openLink(ev.link),
      };
    }),
  };
}

function evidenceOf(e: CaseEvent): Evidence[] {
  if (e.type === 'flag-raised' || e.type === 'flag-corrected' || e.type === 'evidence-added') return e.evidence;
  return [];
}

function confidentialEvent(e: CaseEvent, state: CaseState): boolean {
  if (e.type === 'flag-raised' || e.type === 'flag-corrected') return state.flags.find((f) => f.flagId === e.flagId)?.confidential ?? false;
  if (e.type === 'evidence-added') return state.flags.find((f) => f.flagId === e.flagId)?.confidential ?? false;
  return false;
}

/**
 * The full history with evidence (confidential included: the bot shows it only to people on the case,
 * their chain and admins). Newest events that fit the size budget, newest first; `before` pages back.
 */
export function historyData(view: CaseView): HistoryData {
  const { state } = view;
  const events = view.events ?? [];
  const end = Math.min(view.before ?? events.length, events.length);
  const rows: HistoryRow[] = [];
  let bytes = 0;
  let first = end;
  for (let i = end - 1; i >= 0; i--) {
    const e = events[i]!;
    let row = historyRow(e, view, LIMITS.summary);
    // One event too big on its own (ten summaries of pathological text): shorten its summaries to fit.
    for (let max = LIMITS.summary / 2; historyRowBytes(row) > HISTORY_BUDGET_BYTES && max >= 50; max = Math.floor(max / 2)) {
      row = historyRow(e, view, max);
    }
    const size = historyRowBytes(row);
    if (bytes + size > HISTORY_BUDGET_BYTES && rows.length > 0) break;
    bytes += size;
    rows.push(row);
    first = i;
  }
  return {
    ...formBase(view),
    intro: `Every event on case ${state.caseNo}, with evidence. Confidential evidence is marked; do not forward it.`,
    rows,
    earlier: {
      on: first > 0,
      text: `${plural(first, 'earlier event')} not shown here.`,
      button: showCard('Earlier events', 'history', ctxOf(state), { before: first }),
    },
    cases: otherCasesOf(view),
  };
}

export function historyCard(view: CaseView): AdaptiveCard {
  return renderCard('history', historyData(view));
}
