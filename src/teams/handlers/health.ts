// Partner health (README, "Partner health"): `partner <name>`, `score <partner>`, `met <partner>`, and the health
// verbs of the catalog clicked on a partner card. Each: find the partner by key, ask the one permission function,
// record through the health service, answer with the partner card (or the form asked for).
import type { TurnContext } from 'botbuilder';
import { CardFactory, MessageFactory } from 'botbuilder';
import { healthCan } from '../../domain/permissions';
import type { HealthCommand } from '../../domain/healthCommands';
import { turnLogger } from '../../log';
import { slugify } from '../../service/partners';
import type { PartnerFacts } from '../../service/healthService';
import type { PartnerRecord } from '../../storage/ports';
import { healthCard } from '../cards/healthCards';
import type { HealthFormName } from '../cards/healthForms';
import { noticeCard } from '../cards/notice';
import { escapeInline, codeInline } from '../cards/escape';
import { cardActivity } from '../reply';
import type { AdaptiveCard } from '../cards/render';
import type { BotDeps } from '../deps';
import { loadPartnerView } from '../healthViews';
import type { ParsedSubmit, UiRequest } from '../verbs';
import { HEALTH_VERBS, isHealthVerb } from '../verbs';
import type { ChatHandler } from './common';
import { actorOf, parsed, partnerOrSuggest } from './common';

/** Words a partner's name takes at most, when a note follows it (`met Contoso win Signed the renewal`). */
const MAX_NAME_WORDS = 8;

/**
 * The partner the leading words name, and the words after it. The longest prefix is tried by key first (one
 * point read each); names the key does not give (aliases, renamed partners) fall back to the partner list.
 */
export async function partnerFromWords(deps: BotDeps, words: readonly string[]): Promise<{ partner: PartnerRecord; rest: string[] } | undefined> {
  const longest = Math.min(words.length, MAX_NAME_WORDS);
  for (let i = longest; i >= 1; i--) {
    const id = slugify(words.slice(0, i).join(' '));
    const partner = id ? await deps.stores.partners.get(id) : undefined;
    if (partner && !partner.archived) return { partner, rest: words.slice(i) };
  }
  const finder = await deps.stores.partners.finder();
  for (let i = longest; i >= 1; i--) {
    const partner = finder.find(words.slice(0, i).join(' '));
    if (partner) return { partner, rest: words.slice(i) };
  }
  return undefined;
}

async function factsOrSay(context: TurnContext, deps: BotDeps, words: readonly string[], usage: string): Promise<{ facts: PartnerFacts; rest: string[] } | undefined> {
  const found = words.length ? await partnerFromWords(deps, words) : undefined;
  const partner = found?.partner ?? (await partnerOrSuggest(context, deps, words.join(' '), usage));
  if (!partner) return undefined;
  const facts = await deps.health.facts(partner.partnerId);
  if (!facts) {
    await deps.reply.text(context, `${escapeInline(partner.name)} is archived.`);
    return undefined;
  }
  return { facts, rest: found?.rest ?? [] };
}

const partner: ChatHandler = async (context, deps) => {
  // "partner Contoso Cloud": the command text reads "contoso" as a sub-command word (as in "partner add").
  const { words, args } = parsed(context);
  const found = await factsOrSay(context, deps, [...words.slice(1), ...args], 'partner Contoso');
  if (!found) return;
  await deps.reply.card(context, healthCard('partner', await loadPartnerView(deps, found.facts, { viewer: actorOf(context).aadObjectId })));
};

const score: ChatHandler = async (context, deps) => {
  const found = await factsOrSay(context, deps, parsed(context).args, 'score Contoso');
  if (!found) return;
  const viewer = actorOf(context).aadObjectId;
  const access = await deps.health.access(found.facts, viewer);
  const verdict = healthCan('rate', viewer, access);
  if (!verdict.ok) return deps.reply.text(context, verdict.rejection.message);
  const form = healthCard('health-rate', await loadPartnerView(deps, found.facts, { viewer, access }));
  if (actorOf(context).conversationType === 'personal') return void (await deps.reply.card(context, form));
  // The form carries the person's own last rating: it goes to their 1:1 chat, never the channel.
  const sent = await deps.messenger.sendToUser(viewer, cardActivity(form));
  const name = found.facts.partner.name;
  await deps.reply.text(context, sent.ok ? `I've sent you the rating form for ${escapeInline(name)} in our 1:1 chat.` : `Your rating is yours: open a chat with me and type \`score ${codeInline(name)}\`, or use **Rate the 4 C's** on \`partner ${codeInline(name)}\`.`);
};

/** `met Contoso`, `met Contoso win`, `met Contoso win Signed the renewal together`: logged for today. */
const met: ChatHandler = async (context, deps) => {
  const found = await factsOrSay(context, deps, parsed(context).args, 'met Contoso');
  if (!found) return;
  const [first, ...after] = found.rest;
  const win = /^(win|won|joint-win)$/i.test(first ?? '');
  const note = (win ? after : found.rest).join(' ').trim().slice(0, 500);
  const command: HealthCommand = { type: 'log-interaction', kind: win ? 'joint-win' : 'meeting', ...(note ? { note } : {}) };
  const done = win ? `Joint win with ${found.facts.partner.name} logged for today.` : `Logged: you met ${found.facts.partner.name} today.`;
  await deps.reply.card(context, (await run(context, deps, found.facts.partner.partnerId, command, done)).card);
};

export const HEALTH_COMMANDS = { partner, score, met };

/** Records a command; the partner card that says how it went, and the same card without the headline for others. */
async function run(context: TurnContext, deps: BotDeps, partnerId: string, command: HealthCommand, done: string): Promise<{ card: AdaptiveCard; shared?: AdaptiveCard }> {
  const identity = actorOf(context);
  const viewer = identity.aadObjectId;
  const outcome = await deps.health.execute(partnerId, command, { aadObjectId: viewer, conversationId: identity.conversationId });
  if (!outcome.facts) return { card: noticeCard(outcome.ok ? done : outcome.rejection.message, 'Nothing changed') };
  const headline = outcome.ok ? (outcome.events.length ? done : 'Nothing changed: it was already so.') : outcome.rejection.message;
  // The people read for the decision serve the card too, unless the executive owner (one of them) changed.
  const sameAccess = outcome.access && !(outcome.ok && outcome.events.some((e) => e.type === 'exec-owner-set'));
  const view = await loadPartnerView(deps, outcome.facts, { viewer, headline, headlineTone: outcome.ok ? 'good' : 'attention', ...(sameAccess ? { access: outcome.access } : {}) });
  const { headline: _said, ...unsaid } = view;
  return { card: healthCard('partner', view), ...(outcome.ok ? { shared: healthCard('partner', unsaid) } : {}) };
}

/** A health verb clicked on a card: record it, answer with the partner card; others in a shared chat see it too. */
export async function executeHealth(context: TurnContext, deps: BotDeps, submit: ParsedSubmit & { health: HealthCommand; partnerId: string }): Promise<void> {
  const done = isHealthVerb(submit.verb) ? HEALTH_VERBS[submit.verb].done : 'Done.';
  const { card, shared } = await run(context, deps, submit.partnerId, submit.health, done);
  await deps.reply.invokeCard(context, card);
  if (shared) await shareInConversation(context, deps, shared);
}

/** `show-partner`: the partner card or one of its forms, for the person who clicked. */
export async function showPartner(context: TurnContext, deps: BotDeps, partnerId: string, ui: Extract<UiRequest, { kind: 'show-partner' }>): Promise<AdaptiveCard> {
  const facts = await deps.health.facts(partnerId);
  if (!facts) return noticeCard('That partner is not known any more. Try `partners`.', 'Nothing to show');
  const viewer = actorOf(context).aadObjectId;
  const access = await deps.health.access(facts, viewer);
  const form: HealthFormName = ui.form ?? 'partner';
  const needs = { partner: undefined, 'health-rate': 'rate', 'health-symptom': 'log-symptom', 'health-stage': 'set-stage-owner', 'health-fits': 'set-fits' } as const;
  const wanted = needs[form];
  const verdict = wanted ? healthCan(wanted, viewer, access) : { ok: true as const };
  const view = await loadPartnerView(deps, facts, { viewer, access, ...(ui.symptom ? { symptom: ui.symptom } : {}), ...(verdict.ok ? {} : { headline: verdict.rejection.message, headlineTone: 'attention' as const }) });
  return healthCard(verdict.ok ? form : 'partner', view);
}

/** In channels and group chats the clicked message is shared: the others see the partner as it is now. */
async function shareInConversation(context: TurnContext, deps: BotDeps, card: AdaptiveCard): Promise<void> {
  const replyToId = context.activity.replyToId;
  if (actorOf(context).conversationType === 'personal' || !replyToId) return;
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  activity.id = replyToId;
  try {
    await context.updateActivity(activity);
  } catch (err) {
    turnLogger(deps.log, context.activity).warn({ err }, 'could not update the shared partner card');
  }
}
