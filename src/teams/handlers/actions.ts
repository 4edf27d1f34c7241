// Universal Actions (Action.Execute): every verb of the catalog (verbs/) lands here. Identity comes from the
// invoke activity; card data only says what was clicked and at which stage. The clicked card is replaced in place; in shared chats everyone else gets the
// shared view (no buttons) and the people with buttons get theirs through refresh.
import type { TurnContext } from 'botbuilder';
import { turnLogger } from '../../log';
import { CardFactory, MessageFactory } from 'botbuilder';
import type { CaseState, Trigger } from '../../domain';
import { TRIGGERS, mayReadHistory } from '../../domain';
import type { PartnerRecord } from '../../storage/ports';
import { caseForHistory, casesOf } from '../caseHistory';
import type { ParsedSubmit, UiRequest } from '../verbs';
import { COMMAND_VERBS, isCommandVerb, parseSubmit } from '../verbs';
import type { BotDeps } from '../deps';
import type { CaseOutcome } from '../../service/caseService';
import { caseCard } from '../cards/case';
import { formCard } from '../cards/caseForms';
import { flagFormCard } from '../cards/flagForm';
import { noticeCard } from '../cards/notice';
import type { AdaptiveCard as Card } from '../cards/render';
import { loadCaseView } from '../caseViews';
import { caseReadAhead, currentCase } from '../readAhead';
import { actorOf, onceKeyOf, viewDeps } from './common';
import { openHistory } from './history';
import { answerOutcome } from './outcome';
import { submitPendingFlag } from './pending';
import { answerSuggestion } from './spotting';
import { executeHealth, showPartner } from './health';
import { showPartners } from './partnersList';

function isTrigger(x: unknown): x is Trigger {
  return typeof x === 'string' && (TRIGGERS as readonly string[]).includes(x);
}

export async function handleExecute(context: TurnContext, deps: BotDeps, data: unknown): Promise<string> {
  const verb = String((context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb ?? '');
  const identity = actorOf(context);
  const viewer = identity.aadObjectId;
  const respond = async (card: Card) => deps.reply.invokeCard(context, card);
  const parsedSubmit = parseSubmit(verb, data);
  if ('error' in parsedSubmit) {
    await deps.reply.invokeCard(context, noticeCard(parsedSubmit.error, parsedSubmit.unknownVerb ? 'This button is no longer valid' : 'Nothing changed'));
    return '';
  }
  const { partnerId, command, ui, health } = parsedSubmit;
  if (health && partnerId) {
    await executeHealth(context, deps, { ...parsedSubmit, health, partnerId });
    return '';
  }

  if (ui) {
    // History from a working card opens as a card of its own; the clicked card stays as it was (a message answer leaves it).
    // (Open and Earlier events on a history card carry no stage, or a page: they move within that card.)
    if (ui.kind === 'show-card' && ui.form === 'history' && ui.before === undefined && parsedSubmit.stage !== undefined && partnerId) {
      const answer = await historyAside(context, deps, partnerId, viewer);
      if (typeof answer === 'string') await deps.reply.invokeMessage(context, answer);
      else await deps.reply.invokeCard(context, answer);
      return '';
    }
    await deps.reply.invokeCard(context, await uiAction(context, deps, { ...parsedSubmit, ui }, viewer));
    return '';
  }
  if (!partnerId) {
    if (verb === 'flag' && parsedSubmit.pendingName) {
      const text = await submitPendingFlag(context, deps, parsedSubmit.pendingName, command);
      await deps.reply.invokeCard(context, noticeCard(text, 'Flag saved'));
      return '';
    }
    await deps.reply.invokeCard(context, noticeCard('This card does not say which partner it is about. Try `status <partner>`.', 'Nothing changed'));
    return '';
  }
  const outcome = await deps.service.execute(
    partnerId,
    command,
    { aadObjectId: viewer, conversationId: identity.conversationId, ...(identity.channel ? { channel: identity.channel } : {}) },
    { ...onceKeyOf(context, viewer), ...caseReadAhead(context, partnerId) },
  );
  if (outcome.ok && verb === 'flag' && identity.conversationType !== 'personal' && context.activity.replyToId) {
    // The clicked card becomes one of this case's cards in the channel, each kept up to date from now on.
    await deps.stores.conversations.addCaseCard(outcome.state.caseId, identity.conversationId, context.activity.replyToId);
  }
  const view = await answerOutcome(context, deps, outcome, viewer, doneHeadline(verb, outcome), respond);
  // Everyone else in a shared chat sees the same case without the clicker's buttons: no second read needed.
  if (view) {
    const { viewer: _clicker, ...shared } = view;
    await shareInConversation(context, deps, caseCard(shared));
  }
  return '';
}

/** The catalog's words for a verb that worked; a flag says whether it was merged into the current occurrence. */
function doneHeadline(verb: string, outcome: CaseOutcome): string {
  if (!isCommandVerb(verb)) return 'Done.';
  const entry = COMMAND_VERBS[verb];
  const merged = outcome.ok && outcome.events.some((e) => e.type === 'flag-raised' && e.merged);
  return merged && entry.doneMerged ? entry.doneMerged : entry.done;
}

async function uiAction(context: TurnContext, deps: BotDeps, submit: ParsedSubmit & { ui: UiRequest }, viewer: string): Promise<Card> {
  const { ui, partnerId } = submit;
  const identity = actorOf(context);
  const shared = identity.conversationType !== 'personal';
  const forTeamsId = shared ? { forTeamsId: identity.teamsId } : {};
  if (ui.kind === 'spot-flag' || ui.kind === 'spot-dismiss' || ui.kind === 'spot-mute') return answerSuggestion(context, deps, ui, partnerId);
  const triggers = ('triggers' in ui ? (ui.triggers ?? []) : []).filter(isTrigger);
  if (ui.kind === 'show-partners') return showPartners(context, deps, ui);
  if (ui.kind === 'show-partner' && partnerId) return showPartner(context, deps, partnerId, ui);
  if (ui.kind === 'request-partner') return flagFormCard({ partnerName: ui.partnerName, triggers, pending: true, ...forTeamsId });
  const wantsFlagForm = (ui.kind === 'refresh' || ui.kind === 'show-card') && ui.form === 'flag';
  if (wantsFlagForm && !partnerId && submit.pendingName) return flagFormCard({ partnerName: submit.pendingName, triggers, pending: true, ...forTeamsId });
  if (!partnerId) return noticeCard('This card does not say which partner it is about. Try `status <partner>`.', 'Nothing to show');
  const partner = await deps.stores.partners.get(partnerId);
  if (!partner || partner.archived) return noticeCard('That partner is not known any more. Try `partners`.', 'Nothing to show');
  if (wantsFlagForm) {
    const open = await currentCase(context, deps, partnerId);
    return flagFormCard({ partnerId, partnerName: partner.name, triggers, ...forTeamsId, ...(open ? { state: open.state } : {}) });
  }
  const stored = await currentCase(context, deps, partnerId);
  if (!stored) return noticeCard(`${partner.name} has no case yet. \`flag ${partner.name}\` opens one.`, partner.name);
  if (ui.kind === 'show-card' && ui.form === 'history') return historyFor(context, deps, partner, stored.state, submit.caseId, viewer, ui.before);
  const view = await loadCaseView(viewDeps(deps, context), partner, stored.state, viewer);
  if (ui.kind === 'show-card') {
    return formCard(ui.form, { ...view, ...(ui.flagId ? { flagId: ui.flagId } : {}), ...(ui.before !== undefined ? { before: ui.before } : {}) });
  }
  return caseCard(view);
}

/** The history of a partner's case as a card of its own (a text for the clicker), or a card saying why there is none. */
async function historyAside(context: TurnContext, deps: BotDeps, partnerId: string, viewer: string): Promise<string | Card> {
  const partner = await deps.stores.partners.get(partnerId);
  if (!partner || partner.archived) return noticeCard('That partner is not known any more. Try `partners`.', 'Nothing to show');
  const stored = await currentCase(context, deps, partnerId);
  if (!stored) return noticeCard(`${partner.name} has no case yet.`, partner.name);
  return openHistory(context, deps, await loadCaseView(viewDeps(deps, context), partner, stored.state, viewer));
}

/**
 * The history of the case a card names (an earlier case from the list, or the latest), with the partner's other cases;
 * only for the people who may read it (docs/workflow.md, "Who may act"): it carries evidence.
 */
async function historyFor(context: TurnContext, deps: BotDeps, partner: PartnerRecord, latest: CaseState, caseId: string | undefined, viewer: string, before?: number): Promise<Card> {
  const state = await caseForHistory(deps.stores, latest, caseId);
  if (!state) return noticeCard(`That case of ${partner.name} is not known. \`history ${partner.name}\` lists its cases.`, 'Nothing to show');
  const view = await loadCaseView(viewDeps(deps, context), partner, state, viewer);
  if (!mayReadHistory(state, viewer, view.permissions)) {
    return noticeCard(`The full history of ${partner.name} (with evidence) is for the people on the case, their managers and admins. \`status ${partner.name}\` shows where it stands.`, 'Nothing to show');
  }
  return formCard('history', { ...view, otherCases: await casesOf(deps.stores, latest), ...(before !== undefined ? { before } : {}) });
}

/** In channels and group chats the clicked message is shared: everyone else gets the view without buttons. */
async function shareInConversation(context: TurnContext, deps: BotDeps, sharedCard: Card): Promise<void> {
  const identity = actorOf(context);
  const replyToId = context.activity.replyToId;
  if (identity.conversationType === 'personal' || !replyToId) return;
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(sharedCard));
  activity.id = replyToId;
  try {
    await context.updateActivity(activity);
  } catch (err) {
    turnLogger(deps.log, context.activity).warn({ err }, 'could not update the shared card');
  }
}
