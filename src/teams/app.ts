// The teams-ai Application: routes only. Each handler parses, authorises, calls the service and renders a card.
// The modules themselves, not the package index, which also loads the OpenAI client and tokenizers (start-up time).
import { Application } from '@microsoft/teams-ai/lib/Application';
import { TurnState } from '@microsoft/teams-ai/lib/TurnState';
import type { TurnContext } from 'botbuilder';
import { welcomeCard } from './cards/welcome';
import type { BotDeps } from './deps';
import { handleExecute } from './handlers/actions';
import { ADMIN_COMMANDS } from './handlers/admin';
import type { ChatHandler } from './handlers/common';
import type { DigestCommands } from './handlers/digest';
import { digestCommands } from './handlers/digest';
import { HEALTH_COMMANDS } from './handlers/health';
import { MINE_COMMANDS, mineListFor } from './handlers/mine';
import { CASE_COMMANDS, greet, handleUnknown } from './handlers/messages';
import { fetchMessageFlag, submitMessageFlag, unknownMessageAction } from './handlers/messageAction';
import { SPOTTING_COMMANDS, spotMessage } from './handlers/spotting';
import type { ChatCommandName, MessageActionId } from './verbs';
import { CHAT_COMMANDS, COMMAND_VERBS, GREETING, HEALTH_VERBS, MESSAGE_ACTIONS, UI_VERBS } from './verbs';
import { turnLogger } from '../log';
import { identify, mentionsBot, remember, tenantAllowed } from './turn';
import { readCaseAhead } from './readAhead';

export type AppTurnState = TurnState;

/** The activity types the bot answers or acts on; only they remember the person and conversation. */
const REMEMBERED_TYPES = new Set(['message', 'invoke', 'installationUpdate', 'conversationUpdate']);

/** Turn-state key: the person who came back this turn (their held pings follow the answer). */
const CAME_BACK = 'partnerFit.cameBack';

export interface ChatRoute {
  name: ChatCommandName | 'hello';
  pattern: RegExp;
  handle: ChatHandler;
}

/** One route per chat command of the catalog, in its order, each to its handler; the greeting first. */
export function chatRoutes(digest: DigestCommands): ChatRoute[] {
  const handlers: Record<ChatCommandName, ChatHandler> = { ...CASE_COMMANDS, ...MINE_COMMANDS, ...HEALTH_COMMANDS, ...ADMIN_COMMANDS, ...SPOTTING_COMMANDS, ...digestCommands(digest) };
  return [{ name: 'hello', pattern: GREETING, handle: greet }, ...CHAT_COMMANDS.map((c) => ({ name: c.name, pattern: c.pattern, handle: handlers[c.name] }))];
}

/** Every card verb of the catalog has a route of its own; anything else is answered as no longer valid. */
export function cardVerbs(): string[] {
  return [...Object.keys(COMMAND_VERBS), ...Object.keys(HEALTH_VERBS), ...Object.keys(UI_VERBS)];
}

export function createApp(deps: BotDeps, digest: DigestCommands): Application<AppTurnState> {
  const app = new Application<AppTurnState>({
    adapter: deps.adapter,
    botAppId: deps.config.env.MicrosoftAppId,
    removeRecipientMention: true,
    startTypingTimer: false,
  });

  // Every turn: a stranger's tenant is refused before anything is stored; in shared conversations the bot
  // answers only when @mentioned, and passes the other messages (resource-specific consent) to the red-flag
  // spotter, which may suggest a flag to their author privately; otherwise the person and conversation are
  // remembered for later pings.
  app.turn('beforeTurn', async (context: TurnContext) => {
    const activity = context.activity;
    const identity = identify(activity);
    if (!identity) {
      // No Entra identity (a bot, an anonymous meeting guest, a forged activity): nothing to act as. A click still
      // gets an answer (Teams shows an error for an invoke left unanswered).
      if (activity.type === 'invoke') await deps.reply.invokeRefusal(context, 'partner-fit works for people signed in to Teams in an organisation only.');
      return activity.type !== 'message' && activity.type !== 'invoke';
    }
    const unmentioned = activity.type === 'message' && identity.conversationType !== 'personal' && !mentionsBot(activity);
    if (!tenantAllowed(identity, deps.config.env.ALLOWED_TENANT_IDS)) {
      turnLogger(deps.log, activity).warn({ tenantId: identity.tenantId }, 'activity from a tenant that is not allowed');
      // A message nobody addressed to the bot gets no answer, not even a refusal.
      if (activity.type === 'message' && !unmentioned) await context.sendActivity('Sorry, partner-fit is not available to your organisation.');
      if (activity.type === 'invoke') await deps.reply.invokeRefusal(context, 'Sorry, partner-fit is not available to your organisation.');
      return false;
    }
    if (unmentioned) {
      // Never an answer in the conversation, whatever happens: a fault is logged (without the message).
      await spotMessage(context, deps).catch((err: unknown) => turnLogger(deps.log, activity).warn({ err }, 'red-flag spotting failed'));
      return false;
    }
    // Activities the bot does nothing with (typing, reactions, events) are not a reason to store anything.
    if (!REMEMBERED_TYPES.has(activity.type)) return false;
    // One read: whether another instance changed people or partners since this one last looked; a click's case
    // is read meanwhile (readAhead.ts).
    readCaseAhead(context, deps);
    await deps.stores.refresh();
    const remembered = await remember(context, identity, deps.stores);
    if (remembered.cameBack) context.turnState.set(CAME_BACK, identity.aadObjectId);
    return true;
  });

  // Someone the bot could not reach talked to it (or installed it): what was held for them follows the answer, in
  // one "waiting for you" card (README "Reaching people"). A failure leaves it held for next time.
  app.turn('afterTurn', async (context: TurnContext) => {
    const cameBack = context.turnState.get(CAME_BACK) as string | undefined;
    if (cameBack) await deps.reach.deliverHeld(cameBack).catch((err: unknown) => turnLogger(deps.log, context.activity).warn({ err }, 'held pings not delivered'));
    return true;
  });

  // Teams sends installationUpdate for every install (1:1, team, group chat) and also a conversationUpdate
  // with the bot among membersAdded: greeting on the first only says hello once.
  app.activity('installationUpdate', async (context) => {
    const action = (context.activity as { action?: string }).action;
    if (action === 'add' || action === 'add-upgrade') {
      const mine = await mineListFor(context, deps);
      await deps.reply.card(context, welcomeCard(mine ? { mine } : {}));
    }
  });
  app.conversationUpdate('membersAdded', async () => undefined);

  for (const route of chatRoutes(digest)) app.message(route.pattern, (context) => route.handle(context, deps));
  for (const verb of cardVerbs()) app.adaptiveCards.actionExecute(verb, (context, _state, data) => handleExecute(context, deps, data));
  // A verb no catalog entry has (an old card, a forged one): handleExecute answers "no longer valid".
  app.adaptiveCards.actionExecute(/.*/, (context, _state, data) => handleExecute(context, deps, data));
  // Message actions (the … menu of a message), one pair of routes per catalog entry; an unknown command id last.
  const messageActions: Record<MessageActionId, { fetch: typeof fetchMessageFlag; submit: typeof submitMessageFlag }> = {
    flagMessage: { fetch: fetchMessageFlag, submit: submitMessageFlag },
  };
  for (const action of MESSAGE_ACTIONS) {
    app.messageExtensions.fetchTask(action.id, (context) => messageActions[action.id].fetch(context, deps));
    app.messageExtensions.submitAction(action.id, (context, _state, data) => messageActions[action.id].submit(context, deps, data));
  }
  app.messageExtensions.fetchTask(/.*/, unknownMessageAction);
  app.messageExtensions.submitAction(/.*/, unknownMessageAction);
  // Catch-all last: anything else gets help, never silence. A function, not a RegExp: teams-ai's RegExp
  // selectors skip messages without text (a bare @mention in a channel, a file sent alone).
  app.message(async (context) => context.activity.type === 'message', (context) => handleUnknown(context, deps));
  return app;
}
