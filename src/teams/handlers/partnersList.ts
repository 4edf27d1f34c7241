// `partners [mine] [#tag] [by health|strike|owner|name]`: every partner with its health, state, strike and owner.
// A list of the whole book reads the whole book (partners, latest cases, health states, the directory): it is
// asked for by name, never read on a click about one partner.
import type { TurnContext } from 'botbuilder';
import { execOwnerOf } from '../../domain/health';
import { scoreAt } from '../../domain/healthScore';
import { partnerWorkers } from '../../domain/permissions';
import { ownerOf } from '../../domain/queries';
import type { PartnerSort } from '../cards/healthForms';
import { PARTNER_SORTS } from '../cards/healthForms';
import { noticeCard } from '../cards/notice';
import { escapeInline } from '../cards/escape';
import { partnersCard } from '../cards/partners';
import type { AdaptiveCard } from '../cards/render';
import { peopleOf, toPeople } from '../caseViews';
import type { BotDeps } from '../deps';
import type { UiRequest } from '../verbs';
import type { ChatHandler } from './common';
import { actorOf, parsed } from './common';

export interface PartnersQuery {
  sort?: PartnerSort;
  /** Only partners the viewer works with (on the case, sales director, executive owner). */
  mine?: boolean;
  tag?: string;
}

/** "mine by health #emea" -> the query, and the words it did not understand. */
export function readPartnersQuery(words: readonly string[]): { query: PartnersQuery; unknown: string[] } {
  const query: PartnersQuery = {};
  const unknown: string[] = [];
  // `level` was the sort's earlier name: still understood.
  const sortOf = (word: string | undefined) => {
    const w = word?.toLowerCase() === 'level' ? 'strike' : word?.toLowerCase();
    return w && (PARTNER_SORTS as readonly string[]).includes(w) ? (w as PartnerSort) : undefined;
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.toLowerCase();
    if (w === 'mine' || w === 'my') query.mine = true;
    else if (/^#[a-z0-9-]{1,30}$/.test(w)) query.tag = w.slice(1);
    else if (w === 'by' && sortOf(words[i + 1])) query.sort = sortOf(words[++i]);
    else if (sortOf(w)) query.sort = sortOf(w);
    else unknown.push(words[i]!);
  }
  return { query, unknown };
}

export async function partnersListCard(deps: BotDeps, viewer: string, query: PartnersQuery): Promise<AdaptiveCard | undefined> {
  const [records, cases, healths] = await Promise.all([deps.stores.partners.list(), deps.stores.cases.latestCases(), deps.stores.health.all()]);
  const live = records.filter((p) => !p.archived);
  if (live.length === 0) return undefined;
  // Only the owners the list names are read, never the whole directory.
  const people = await peopleOf(deps.stores, cases.filter((c) => c.status === 'open').map(ownerOf));
  const byPartner = new Map(cases.map((c) => [c.partnerId, c]));
  const health = new Map(healths.map((h) => [h.partnerId, h]));
  const now = deps.clock.now().toISOString();
  const rows = live
    .filter((p) => !query.tag || (health.get(p.partnerId)?.tags ?? []).includes(query.tag))
    .filter((p) => !query.mine || partnerWorkers(p, execOwnerOf(health.get(p.partnerId))?.ownerId, byPartner.get(p.partnerId)).includes(viewer))
    .map((p) => {
      const state = byPartner.get(p.partnerId);
      const h = health.get(p.partnerId);
      const score = scoreAt({ ...(h ? { health: h } : {}), ...(state ? { latestCase: state } : {}), partnerAddedAt: p.createdAt }, now, deps.config.health).score;
      return { partnerId: p.partnerId, name: p.name, health: score, ...(state ? { state } : {}) };
    });
  const filters = [...(query.mine ? ['yours only'] : []), ...(query.tag ? [`#${query.tag}`] : [])];
  return partnersCard(rows, { people: toPeople(people), ...(query.sort ? { sort: query.sort } : {}), filters });
}

const partners: ChatHandler = async (context: TurnContext, deps: BotDeps) => {
  const { query, unknown } = readPartnersQuery(parsed(context).args);
  const card = await partnersListCard(deps, actorOf(context).aadObjectId, query);
  if (!card) return deps.reply.text(context, 'No partners yet. An admin adds them with `partner add <name>` or `partner import`.');
  if (unknown.length) await deps.reply.text(context, `I didn't understand "${escapeInline(unknown.join(' '), 60)}": try \`partners mine\`, \`partners #emea\` or \`partners by health\` (also by strike, owner, name).`);
  await deps.reply.card(context, card);
};

export const PARTNERS_COMMANDS = { partners };

/** "Show all partners" on the digest (verb `show-partners`). */
export async function showPartners(context: TurnContext, deps: BotDeps, ui: Extract<UiRequest, { kind: 'show-partners' }>): Promise<AdaptiveCard> {
  const card = await partnersListCard(deps, actorOf(context).aadObjectId, { ...(ui.sort ? { sort: ui.sort } : {}), ...(ui.mine ? { mine: true } : {}), ...(ui.tag ? { tag: ui.tag } : {}) });
  return card ?? noticeCard('No partners yet.', 'Partners');
}
