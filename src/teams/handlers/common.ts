// Helpers every handler shares: the parsed text, who is acting, the partner named, view dependencies.
import { createHash } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { Evidence, Trigger } from '../../domain';
import { closestPartners } from '../../service/partners';
import type { PartnerLookup, PartnerRecord } from '../../storage/ports';
import type { ParsedText } from '../commandText';
import { parseText } from '../commandText';
import type { BotDeps } from '../deps';
import { identify, zoneOf } from '../turn';
import { currentCase } from '../readAhead';
import type { CaseViewDeps } from '../caseViews';
import { noticeCard } from '../cards/notice';
import { flagFormCard, flagInProgressCard } from '../cards/flagForm';

/** A chat command's handler; the verb catalog (verbs/) says which command it answers. */
export type ChatHandler = (context: TurnContext, deps: BotDeps) => Promise<void>;

export function parsed(context: TurnContext): ParsedText {
  return parseText(context.activity.text, context.activity.entities ?? []);
}

/**
 * What makes a flag or added evidence count once however often Teams delivers its activity (ExecuteOptions.onceKey):
 * the activity's id, with who sent it where. Undefined without an id (nothing to tell a repeat by).
 */
export function onceKeyOf(context: TurnContext, actor: string): { onceKey: string } | Record<string, never> {
  const id = context.activity.id;
  // Hashed: ids are the sender's to choose, and a storage key has a length limit.
  return id ? { onceKey: createHash('sha256').update(`${actor}|${context.activity.conversation?.id ?? ''}|${id}`).digest('base64url') } : {};
}

export function actorOf(context: TurnContext) {
  const identity = identify(context.activity);
  if (!identity) throw new Error('No Teams identity on this activity');
  return identity;
}

/** What a card needs to load; with the turn, dates in words are in the zone Teams sent with it (the viewer's). */
export function viewDeps(deps: BotDeps, context?: TurnContext): CaseViewDeps {
  return {
    stores: deps.stores,
    emailLinks: deps.emailLinks,
    nowMs: deps.clock.now().getTime(),
    admins: deps.config.env.ADMIN_AAD_OBJECT_IDS,
    timeZone: (context && zoneOf(context.activity)) ?? deps.config.workflow.calendar.timeZone,
    ...(deps.config.reach.installLink ? { installLink: deps.config.reach.installLink } : {}),
  };
}

/** Finds the partner a command names, or answers with suggestions; undefined means it already answered. */
export async function partnerOrSuggest(context: TurnContext, deps: BotDeps, typed: string, usage: string): Promise<PartnerRecord | undefined> {
  if (!typed.trim()) {
    await deps.reply.text(context, `Which partner? Try \`${usage}\`.`);
    return undefined;
  }
  const partner = (await deps.stores.partners.finder()).find(typed);
  if (partner) return partner;
  const close = closestPartners(await deps.stores.partners.list(), typed);
  const hint = close.length ? ` Did you mean ${close.map((p) => p.name).join(', ')}?` : ' Try `partners` for the list.';
  await deps.reply.card(context, noticeCard(`I don't know a partner called "${typed}".${hint}`, 'Unknown partner'));
  return undefined;
}

/** In a channel the form is for the requester only: the shared card shows "being flagged", the requester sees the form. */
export async function showFlagForm(
  context: TurnContext,
  deps: BotDeps,
  input: { partnerId?: string; partnerName: string; triggers: Trigger[]; pending?: boolean; evidence?: readonly Evidence[] },
): Promise<void> {
  const identity = actorOf(context);
  if (identity.conversationType === 'personal') {
    // An open case shows on the form, with the "new occurrence" choice (else a second flag within a day merges).
    const stored = input.partnerId ? await currentCase(context, deps, input.partnerId) : undefined;
    await deps.reply.card(context, flagFormCard({ ...input, ...(stored ? { state: stored.state } : {}) }));
    return;
  }
  const requester = (await deps.stores.directory.get(identity.aadObjectId)) ?? { userId: identity.aadObjectId, name: identity.name, teamsId: identity.teamsId, roles: [] };
  const { evidence: _files, ...rest } = input;
  await deps.reply.card(context, flagInProgressCard({ ...rest, requester }));
}

/**
 * "partner rename Contoso Contoso Group", "partner alias Contoso Ltd as CTS": the longest leading words that
 * name a known partner, then the rest (an optional "to"/"as" between them is dropped).
 */
export function splitKnownPartner(args: readonly string[], partners: PartnerLookup): [PartnerRecord, string] | undefined {
  for (let i = args.length - 1; i >= 1; i--) {
    const partner = partners.find(args.slice(0, i).join(' '));
    if (!partner) continue;
    const rest = args.slice(i);
    if (rest.length > 1 && ['to', 'as'].includes(rest[0]!.toLowerCase())) rest.shift();
    return [partner, rest.join(' ')];
  }
  return undefined;
}
