// The directory as admins see it (cards/org.json): who reports to whom, roles, and who the bot can reach.
import { escapeText, plainLine } from './escape';
import { PARTNERS_BUDGET_BYTES } from './partners';
import type { ActionData, People, Toggle } from './parts';
import { jsonBytes, nameOf, noCase, plural } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface OrgEntry {
  userId: string;
  name?: string;
  managerId?: string;
  roles: readonly string[];
  teamsId?: string;
  /** Stored when a ping to them could not be delivered (README "Reaching people"). */
  reach?: 'not-yet' | 'blocked';
}

function reachWords(e: OrgEntry, people: People): string {
  if (e.reach === 'blocked') return 'Not reachable: blocked or removed partner-fit (pings wait for them)';
  if (e.reach === 'not-yet') return 'Not reachable yet: partner-fit is not installed for them (pings wait for them)';
  return (e.teamsId ?? people[e.userId]?.teamsId) ? 'Reachable in Teams' : 'Not reachable yet: has not talked to the bot';
}

export interface OrgData {
  ctx: ActionData;
  title: string;
  count: string;
  rows: { name: string; roles: string; manager: string; reach: string }[];
  more: Toggle;
  empty: Toggle;
}

const ROLE_WORDS: Record<string, string> = { vp: 'VP', gm: 'GM', 'sales-director': 'Sales Director', admin: 'Admin' };

/** The directory as admins see it (`org show`): who reports to whom, roles, and who the bot can reach. */
export function orgData(entries: readonly OrgEntry[], opts: { people: People; title?: string }): OrgData {
  const sorted = [...entries].sort((a, b) => plainLine(a.name ?? a.userId).localeCompare(plainLine(b.name ?? b.userId)));
  const rows: OrgData['rows'] = [];
  let bytes = 0;
  for (const e of sorted) {
    const row = {
      name: escapeText(e.name ?? opts.people[e.userId]?.name ?? e.userId, 200),
      roles: e.roles.length ? e.roles.map((r) => ROLE_WORDS[r] ?? escapeText(r, 40)).join(', ') : 'No role',
      manager: e.managerId ? `Manager: ${nameOf(opts.people, e.managerId)}` : 'No manager on record',
      reach: reachWords(e, opts.people),
    };
    bytes += jsonBytes(row) + 600;
    if (bytes > PARTNERS_BUDGET_BYTES) break;
    rows.push(row);
  }
  return {
    ctx: noCase(),
    title: escapeText(opts.title ?? 'Directory', 200),
    count: plural(entries.length, 'person', 'people'),
    rows,
    more: { on: rows.length < entries.length, text: escapeText(`${entries.length - rows.length} more not shown. Ask for one with "org show @name".`) },
    empty: { on: entries.length === 0, text: escapeText('Nobody in the directory yet. Add people with "org manager @user @manager" or "org import".') },
  };
}

export function orgCard(entries: readonly OrgEntry[], opts: { people: People; title?: string }): AdaptiveCard {
  return renderCard('org', orgData(entries, opts));
}
