// Every partner with its state, strike level and owner (cards/partners.json), within Teams' card size.
import type { CaseState } from '../../domain/model';
import { ownerOf } from '../../domain/queries';
import { escapeText } from './escape';
import { STEP_NAMES } from './labels';
import type { ActionData, Button, People, Toggle } from './parts';
import { button, ctxOf, jsonBytes, nameOf, noCase, plural } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

/** The partners list likewise. */
export const PARTNERS_BUDGET_BYTES = 60_000;

export interface PartnerRow {
  partnerId: string;
  name: string;
  /** The partner's latest case, if any. */
  state?: CaseState;
}

export interface PartnersData {
  ctx: ActionData;
  count: string;
  rows: { name: string; state: string; owner: string; status: Button }[];
  more: Toggle;
  empty: Toggle;
}

function rowState(state: CaseState | undefined): string {
  if (!state) return 'No case';
  if (state.status === 'closed') return `Closed: ${state.outcome ?? 'closed'}`;
  return `${STEP_NAMES[state.step]} · level ${state.level}`;
}

function rowRank(state: CaseState | undefined): number {
  if (!state) return 0;
  return state.status === 'open' ? 1000 + state.level : 1;
}

export function partnersData(rows: readonly PartnerRow[], opts: { people: People }): PartnersData {
  const sorted = [...rows].sort((a, b) => rowRank(b.state) - rowRank(a.state) || a.name.localeCompare(b.name));
  const shown: PartnersData['rows'] = [];
  let bytes = 0;
  for (const r of sorted) {
    const row = {
      name: escapeText(r.name, 200),
      state: rowState(r.state),
      owner: r.state && r.state.status === 'open' ? nameOf(opts.people, ownerOf(r.state)) : '',
      status: button('Status', 'show-status', r.state ? ctxOf(r.state) : noCase(r.partnerId)),
    };
    bytes += jsonBytes(row) + 700; // the row's template elements
    if (bytes > PARTNERS_BUDGET_BYTES) break;
    shown.push(row);
  }
  const open = rows.filter((r) => r.state?.status === 'open').length;
  return {
    ctx: noCase(),
    count: `${plural(rows.length, 'partner')}, ${plural(open, 'open case')}`,
    rows: shown,
    more: { on: shown.length < rows.length, text: escapeText(`${rows.length - shown.length} more not shown. Ask for one with "status <partner>".`) },
    empty: { on: rows.length === 0, text: escapeText('No partners yet. An admin adds them with "partner add <name>".') },
  };
}

export function partnersCard(rows: readonly PartnerRow[], opts: { people: People }): AdaptiveCard {
  return renderCard('partners', partnersData(rows, opts));
}
