// Answering inside a turn: a card or a line of text, and the invoke responses of Universal Actions.
import { CardFactory, INVOKE_RESPONSE_KEY, MessageFactory, StatusCodes } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import type { AdaptiveCard as Card } from './cards/render';

export interface Reply {
  card(context: TurnContext, card: Card): Promise<string | undefined>;
  text(context: TurnContext, text: string): Promise<void>;
  /** Answers an Action.Execute with a card that replaces the clicked one for the person who clicked. */
  invokeCard(context: TurnContext, card: Card): Promise<void>;
  invokeMessage(context: TurnContext, text: string): Promise<void>;
  /** Refuses any invoke in the shape its sender expects: a dialog message for message actions, else a card message. */
  invokeRefusal(context: TurnContext, text: string): Promise<void>;
}

export function cardActivity(card: Card) {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

export const reply: Reply = {
  async card(context, card) {
    return (await context.sendActivity(cardActivity(card)))?.id;
  },
  async text(context, text) {
    await context.sendActivity(MessageFactory.text(text));
  },
  async invokeCard(context, card) {
    await context.sendActivity({
      type: 'invokeResponse',
      value: { status: StatusCodes.OK, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } },
    });
  },
  async invokeMessage(context, text) {
    await context.sendActivity({
      type: 'invokeResponse',
      value: { status: StatusCodes.OK, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } },
    });
  },
  async invokeRefusal(context, text) {
    if (!String(context.activity.name ?? '').startsWith('composeExtension/')) return reply.invokeMessage(context, text);
    await context.sendActivity({ type: 'invokeResponse', value: { status: StatusCodes.OK, body: { task: { type: 'message', value: text } } } });
  },
};

/** Answers a card click with a message unless the turn already answered it (used when a turn failed). */
export async function answerUnansweredInvoke(context: TurnContext, text: string): Promise<void> {
  if (context.turnState.get(INVOKE_RESPONSE_KEY)) return;
  await reply.invokeMessage(context, text);
}
