// `mine`: everything waiting on the person asking, across partners, and the cases they flagged (README "What is
// waiting on me"). What waits on one person is theirs: in a channel or group chat it goes to their 1:1 chat.
import type { TurnContext } from 'botbuilder';
import type { MineList } from '../cards/mine';
import { mineCard, mineList } from '../cards/mine';
import type { BotDeps } from '../deps';
import { loadMine } from '../mine';
import { cardActivity } from '../reply';
import type { ChatCommandName } from '../verbs';
import type { ChatHandler } from './common';
import { actorOf } from './common';

async function mine(context: TurnContext, deps: BotDeps): Promise<void> {
  const me = actorOf(context);
  const card = mineCard(await loadMine(deps.stores, me.aadObjectId, deps.clock.now().getTime()));
  if (me.conversationType === 'personal') {
    await deps.reply.card(context, card);
    return;
  }
  const sent = await deps.messenger.sendToUser(me.aadObjectId, cardActivity(card));
  await deps.reply.text(context, sent.ok ? "I've sent what waits on you to our 1:1 chat." : 'What waits on you is shown only in our 1:1 chat: open a chat with me and type `mine`.');
}

/** The same list for the welcome card and help, in the person's 1:1 chat only (undefined elsewhere). */
export async function mineListFor(context: TurnContext, deps: BotDeps): Promise<MineList | undefined> {
  const me = actorOf(context);
  if (me.conversationType !== 'personal') return undefined;
  return mineList(await loadMine(deps.stores, me.aadObjectId, deps.clock.now().getTime()));
}

export const MINE_COMMANDS = { mine } satisfies Partial<Record<ChatCommandName, ChatHandler>>;
