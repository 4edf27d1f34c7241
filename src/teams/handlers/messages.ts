// Typed commands (the chat commands of src/teams/verbs/). Each handler: parse, authorise, call the service, answer with a card.
import type { TurnContext } from 'botbuilder';
import { mayReadHistory } from '../../domain';
import { closestPartners } from '../../service/partners';
import { splitPartnerAndTriggers } from '../commandText';
import type { BotDeps } from '../deps';
import { caseCard } from '../cards/case';
import { helpCard } from '../cards/help';
import { noticeCard } from '../cards/notice';
import { escapeInline } from '../cards/escape';
import { triggersCard } from '../cards/triggers';
import { unknownPartnerCard } from '../cards/unknownPartner';
import { welcomeCard } from '../cards/welcome';
import { loadCaseView } from '../caseViews';
import type { ChatCommandName } from '../verbs';
import type { ChatHandler } from './common';
import { actorOf, parsed, partnerOrSuggest, showFlagForm, viewDeps } from './common';
import { chatFiles, fileEvidence } from '../messageEvidence';
import { localDate } from '../../domain';
import { openHistory } from './history';
import { currentCase } from '../readAhead';
import { reassignCommand } from './reassign';
import { closeCommand } from './caseAdmin';
import { mineListFor } from './mine';
import { PARTNERS_COMMANDS } from './partnersList';

async function flag(context: TurnContext, deps: BotDeps): Promise<void> {
  const { args } = parsed(context);
  const { partner: typed, triggers } = splitPartnerAndTriggers(args);
  if (!typed) {
    await deps.reply.text(context, 'Which partner? Try `flag Contoso expectations` — the triggers are optional; `triggers` explains them.');
    return;
  }
  const partner = (await deps.stores.partners.finder()).find(typed);
  if (!partner) {
    await deps.reply.card(context, unknownPartnerCard(typed, closestPartners(await deps.stores.partners.list(), typed), triggers));
    return;
  }
  // Files sent with `flag` in the 1:1 chat become evidence links (the bot never downloads them).
  const files = actorOf(context).conversationType === 'personal' ? chatFiles(context.activity.attachments) : [];
  const evidence = fileEvidence(files, localDate(deps.clock.now().toISOString(), deps.config.workflow.calendar));
  await showFlagForm(context, deps, { partnerId: partner.partnerId, partnerName: partner.name, triggers, ...(evidence.length ? { evidence } : {}) });
}

async function status(context: TurnContext, deps: BotDeps): Promise<void> {
  const { args } = parsed(context);
  const partner = await partnerOrSuggest(context, deps, args.join(' '), 'status Contoso');
  if (!partner) return;
  const stored = await currentCase(context, deps, partner.partnerId);
  if (!stored) {
    await deps.reply.card(context, noticeCard(`${partner.name} has no case: nobody has flagged it. Use \`flag ${partner.name}\` if something is wrong.`, partner.name));
    return;
  }
  const viewer = actorOf(context).aadObjectId;
  await deps.reply.card(context, caseCard(await loadCaseView(viewDeps(deps, context), partner, stored.state, viewer)));
}

async function history(context: TurnContext, deps: BotDeps): Promise<void> {
  const { args } = parsed(context);
  const partner = await partnerOrSuggest(context, deps, args.join(' '), 'history Contoso');
  if (!partner) return;
  const stored = await currentCase(context, deps, partner.partnerId);
  if (!stored) {
    await deps.reply.text(context, `${escapeInline(partner.name)} has no case yet.`);
    return;
  }
  const viewer = actorOf(context).aadObjectId;
  const view = await loadCaseView(viewDeps(deps, context), partner, stored.state, viewer);
  const told = await openHistory(context, deps, view);
  // In the 1:1 chat the history card is the answer; elsewhere (or when refused) say where it went.
  if (actorOf(context).conversationType !== 'personal' || !mayReadHistory(stored.state, viewer, view.permissions)) await deps.reply.text(context, told);
}

async function help(context: TurnContext, deps: BotDeps): Promise<void> {
  const mine = await mineListFor(context, deps);
  await deps.reply.card(context, helpCard({ isAdmin: await deps.service.isAdmin(actorOf(context).aadObjectId), ...(mine ? { mine } : {}) }));
}

async function triggers(context: TurnContext, deps: BotDeps): Promise<void> {
  await deps.reply.card(context, triggersCard());
}

export async function handleUnknown(context: TurnContext, deps: BotDeps): Promise<void> {
  const text = (context.activity.text ?? '').trim();
  const attachments = context.activity.attachments ?? [];
  if (!text && attachments.some((a) => a.contentType === 'application/vnd.microsoft.teams.file.download.info')) {
    await deps.reply.text(context, 'Thanks for the file. Send it again with `org import` or `partner import` as the message so I know what it holds.');
    return;
  }
  const isAdmin = await deps.service.isAdmin(actorOf(context).aadObjectId);
  const intro = text ? `I didn't understand "${text.slice(0, 80)}${text.length > 80 ? '…' : ''}". ` : '';
  await deps.reply.text(context, `${intro}Here is what I can do:`);
  await deps.reply.card(context, helpCard({ isAdmin }));
}

export async function greet(context: TurnContext, deps: BotDeps): Promise<void> {
  const mine = await mineListFor(context, deps);
  await deps.reply.card(context, welcomeCard(mine ? { mine } : {}));
}

/** The case commands anyone may type; admin and digest commands are in admin.ts and digest.ts. */
export const CASE_COMMANDS = {
  flag,
  status,
  ...PARTNERS_COMMANDS,
  history,
  triggers,
  help,
  reassign: reassignCommand,
  close: closeCommand,
} satisfies Partial<Record<ChatCommandName, ChatHandler>>;

