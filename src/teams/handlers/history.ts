// Opening a case's history as a card of its own (issue 12): the card someone works on stays where it is. Given any
// loaded case view, so a command or a list of earlier cases can open the history of the case it names.
import type { TurnContext } from 'botbuilder';
import { mayReadHistory } from '../../domain';
import type { CaseView } from '../cards/caseView';
import { codeInline, escapeInline } from '../cards/escape';
import { historyCard } from '../cards/history';
import type { BotDeps } from '../deps';
import { casesOf } from '../caseHistory';
import { cardActivity } from '../reply';
import { actorOf } from './common';

/**
 * Sends the history of `view`'s case as a new card: below, in the 1:1 chat; from a channel or group chat, to the
 * viewer's 1:1 chat (it carries evidence, some of it confidential). Returns what to tell the viewer where they asked.
 */
export async function openHistory(context: TurnContext, deps: BotDeps, view: CaseView): Promise<string> {
  // Text replies are markdown: the name as typed, never live markup; inside `code` it needs no escaping.
  const partner = escapeInline(view.partnerName);
  const typed = codeInline(view.partnerName);
  const viewer = actorOf(context).aadObjectId;
  if (!mayReadHistory(view.state, viewer, view.permissions)) {
    return `The full history of ${partner} (with evidence) is for the people on the case, their managers and admins. \`status ${typed}\` shows where it stands.`;
  }
  // The partner's earlier cases are listed under it, each opening its own history.
  const card = historyCard({ ...view, otherCases: await casesOf(deps.stores, view.state) });
  if (actorOf(context).conversationType === 'personal') {
    await deps.reply.card(context, card);
    return `The history of ${partner} is in a card of its own, below.`;
  }
  const sent = await deps.messenger.sendToUser(viewer, cardActivity(card));
  return sent.ok
    ? `I've sent the history of ${partner} to you in our 1:1 chat (it includes evidence).`
    : `The history includes evidence, so I only show it in our 1:1 chat: open a chat with me and type \`history ${typed}\`.`;
}
