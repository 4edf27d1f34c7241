// Every partner with its health, state, strike and owner (cards/partners.json), sorted and filtered as asked
// (`partners mine by health`), within Teams' card size.
import type { CaseState } from '../../domain/model';
import { ownerOf } from '../../domain/queries';
import { escapeText } from './escape';
import type { PartnerSort } from './healthForms';
import { OUTCOME_LABELS, STEP_NAMES } from './labels';
import type { ActionData, Button, People, Toggle } from './parts';
import { button, jsonBytes, nameOf, noCase, plainNameOf, plural } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

/** The partners list likewise. */
export const PARTNERS_BUDGET_BYTES = 60_000;

export interface PartnerRow {
  partnerId: string;
  name: string;
  /** The partner's latest case, if any. */
  state?: CaseState;
  /** The health score now (healthScore.ts). */
  health?: number;
}

export interface PartnersOptions {
  people: People;
  /** Default: open cases first, the highest strike first. */
  sort?: PartnerSort;
  /** The filters applied, in words ("yours", "#emea"), for the subtitle. */
  filters?: string[];
}

export interface PartnersData {
  ctx: ActionData;
  count: string;
  rows: { name: string; state: string; owner: string; open: Button }[];
  more: Toggle;
  empty: Toggle;
}

function rowState(r: PartnerRow): string {
  const health = r.health !== undefined ? `Health ${r.health} · ` : '';
  const state = r.state;
  if (!state) return `${health}No case`;
  if (state.status === 'closed') return `${health}Closed${state.outcome ? `: ${OUTCOME_LABELS[state.outcome]}` : ''}`;
  return `${health}${STEP_NAMES[state.step]} · strike ${state.level}`;
}

function rowRank(state: CaseState | undefined): number {
  if (!state) return 0;
  return state.status === 'open' ? 1000 + state.level : 1;
}

function openOwner(state: CaseState | undefined): string | undefined {
  return state && state.status === 'open' ? ownerOf(state) : undefined;
}

const SORT_WORDS: Record<PartnerSort, string> = { health: 'lowest health first', strike: 'highest strike first', owner: 'by case owner', name: 'by name' };

function sorter(sort: PartnerSort, people: People): (a: PartnerRow, b: PartnerRow) => number {
  const byName = (a: PartnerRow, b: PartnerRow) => a.name.localeCompare(b.name);
  switch (sort) {
    case 'health':
      return (a, b) => (a.health ?? 101) - (b.health ?? 101) || byName(a, b);
    case 'owner': {
      const key = (r: PartnerRow) => {
        const owner = openOwner(r.state);
        return owner ? plainNameOf(people, owner).toLowerCase() : '\uffff';
      };
      return (a, b) => key(a).localeCompare(key(b)) || byName(a, b);
    }
    case 'name':
      return byName;
    case 'strike':
      return (a, b) => rowRank(b.state) - rowRank(a.state) || byName(a, b);
  }
}

export function partnersData(rows: readonly PartnerRow[], opts: PartnersOptions): PartnersData {
  const sort = opts.sort ?? 'strike';
  const sorted = [...rows].sort(sorter(sort, opts.people));
  const shown: PartnersData['rows'] = [];
  let bytes = 0;
  for (const r of sorted) {
    const owner = openOwner(r.state);
    const row = {
      name: escapeText(r.name, 200),
      state: rowState(r),
      owner: owner ? nameOf(opts.people, owner) : '',
      open: button('Partner', 'show-partner', noCase(r.partnerId)),
    };
    bytes += jsonBytes(row) + 700; // the row's template elements
    if (bytes > PARTNERS_BUDGET_BYTES) break;
    shown.push(row);
  }
  const open = rows.filter((r) => r.state?.status === 'open').length;
  const how = [SORT_WORDS[sort], ...(opts.filters ?? [])].join(' · ');
  return {
    ctx: noCase(),
    count: escapeText(`${plural(rows.length, 'partner')}, ${plural(open, 'open case')} · ${how}`),
    rows: shown,
    more: { on: shown.length < rows.length, text: escapeText(`${rows.length - shown.length} more not shown. Ask for one with "partner <name>", or narrow the list: "partners mine", "partners #tag".`) },
    empty: { on: rows.length === 0, text: escapeText(opts.filters?.length ? 'No partners match.' : 'No partners yet. An admin adds them with "partner add <name>".') },
  };
}

export function partnersCard(rows: readonly PartnerRow[], opts: PartnersOptions): AdaptiveCard {
  return renderCard('partners', partnersData(rows, opts));
}
