// Spotting red flags in syncs (README "Spotting red flags in syncs"). With resource-specific consent Teams sends
// every channel and meeting-chat message; the bot answers none of them. Each is checked in memory for a known partner
// with trigger language; a match becomes a quiet suggestion in the author's 1:1 chat, at most one per partner per
// conversation per day. The message's text is never stored or logged: it goes only into that card.
import type { TurnContext } from 'botbuilder';
import { localDate, maySwitchSpotting } from '../../domain';
import type { Spotted } from '../../domain/spotting/classify';
import { spot } from '../../domain/spotting/classify';
import { turnLogger } from '../../log';
import { flagFormCard } from '../cards/flagForm';
import { noticeCard } from '../cards/notice';
import type { AdaptiveCard } from '../cards/render';
import { spotSuggestionCard } from '../cards/spotSuggestion';
import type { BotDeps } from '../deps';
import { htmlToText, messageEvidence } from '../messageEvidence';
import { cardActivity } from '../reply';
import type { TurnIdentity } from '../turn';
import { identify, remember } from '../turn';
import type { ChatCommandName, UiRequest } from '../verbs';
import type { ChatHandler } from './common';
import { actorOf } from './common';

/** A channel without its thread (spotting is switched and limited per channel), or the chat itself. */
export function conversationKey(identity: Pick<TurnIdentity, 'conversationId'>): string {
  return identity.conversationId.split(';messageid=')[0]!;
}

function place(context: TurnContext, identity: TurnIdentity): string {
  if (identity.conversationType === 'channel') return 'in a channel';
  return (context.activity.channelData as { meeting?: unknown } | undefined)?.meeting ? 'in a meeting chat' : 'in a group chat';
}

/** The message's address in Teams, for the evidence link. */
function messageLink(context: TurnContext, identity: TurnIdentity): string | undefined {
  const id = context.activity.id;
  if (!id || !/^\d+$/.test(id)) return undefined;
  const chat = identity.conversationType === 'channel' ? '' : '?context=%7B%22contextType%22%3A%22chat%22%7D';
  return `https://teams.microsoft.com/l/message/${conversationKey(identity)}/${id}${chat}`;
}

/** An un-mentioned message in a channel or group chat: suggest a flag to its author if it sounds like one. */
export async function spotMessage(context: TurnContext, deps: BotDeps): Promise<void> {
  const identity = identify(context.activity);
  if (!identity || identity.conversationType === 'personal') return;
  const text = htmlToText(context.activity.text ?? '');
  const found = spot(text, await deps.partnerIndex.current());
  // The common case ends here, without a storage read.
  if (found.length === 0) return;
  const conversation = conversationKey(identity);
  if (await deps.spotting.isOff(conversation)) return;

  const byPartner = new Map<string, Spotted[]>();
  for (const s of found) byPartner.set(s.partnerId, [...(byPartner.get(s.partnerId) ?? []), s]);
  const now = deps.clock.now().toISOString();
  const calendar = deps.config.workflow.calendar;
  const day = localDate(now, calendar);
  let remembered = false;
  for (const [partnerId, spotted] of byPartner) {
    if (await deps.spotting.isMuted(identity.aadObjectId, conversation, partnerId)) continue;
    const triggers = spotted.map((s) => s.trigger);
    if (!(await deps.spotting.claimSuggestion({ day, conversationKey: conversation, partnerId, userId: identity.aadObjectId, at: now, triggers }))) continue;
    // The author may never have talked to the bot: keep what Teams needs to reach them 1:1.
    if (!remembered) await remember(context, identity, deps.stores);
    remembered = true;
    const at = context.activity.timestamp ? new Date(context.activity.timestamp).toISOString() : now;
    const [evidence] = messageEvidence({ author: identity.name, at, text, link: messageLink(context, identity), files: [], meeting: place(context, identity) === 'in a meeting chat' }, calendar.timeZone);
    const card = spotSuggestionCard({
      partner: { partnerId, name: spotted[0]!.partnerName },
      triggers,
      matched: spotted.flatMap((s) => s.matched),
      evidence: evidence!,
      text,
      where: place(context, identity),
      conversation,
      day,
    });
    const sent = await deps.messenger.sendToUser(identity.aadObjectId, cardActivity(card));
    if (!sent.ok) turnLogger(deps.log, context.activity).info({ partnerId, status: sent.status, code: sent.code }, 'could not deliver a red-flag suggestion');
  }
}

/** "Flag it", "Not this", "Not for this partner" on a suggestion card: the card the person sees next. */
export async function answerSuggestion(context: TurnContext, deps: BotDeps, ui: Extract<UiRequest, { kind: `spot-${string}` }>, partnerId: string | undefined): Promise<AdaptiveCard> {
  const viewer = actorOf(context).aadObjectId;
  const partner = partnerId ? await deps.stores.partners.get(partnerId) : undefined;
  if (!partner || partner.archived) return noticeCard('That partner is not known any more. Try `partners`.', 'Nothing to show');
  const now = deps.clock.now().toISOString();
  switch (ui.kind) {
    case 'spot-flag': {
      const open = await deps.service.current(partner.partnerId);
      return flagFormCard({ partnerId: partner.partnerId, partnerName: partner.name, triggers: ui.triggers, evidence: ui.evidence, ...(open ? { state: open.state } : {}) });
    }
    case 'spot-dismiss':
      await deps.spotting.dismiss(ui.day, ui.conversation, partner.partnerId, viewer, now);
      return noticeCard(`Noted: not a red flag. No more suggestions about ${partner.name} from that conversation today. \`flag ${partner.name}\` is always there if it becomes one.`, 'Suggestion dismissed');
    case 'spot-mute':
      await deps.spotting.mute(viewer, ui.conversation, partner.partnerId, now);
      return noticeCard(`You will get no more suggestions about ${partner.name} from that conversation. You can still flag it any time with \`flag ${partner.name}\`.`, 'Noted');
  }
}

function switchSpotting(on: boolean): ChatHandler {
  return async (context, deps) => {
    const identity = actorOf(context);
    const verdict = maySwitchSpotting(identity.aadObjectId, { admins: await deps.service.admins() });
    if (!verdict.ok) return deps.reply.text(context, verdict.rejection.message);
    if (identity.conversationType === 'personal') {
      return deps.reply.text(context, 'Spotting works in team channels and meeting or group chats: mention me there with `spotting off` or `spotting on`.');
    }
    const key = conversationKey(identity);
    const changed = on ? await deps.spotting.turnOn(key) : await deps.spotting.turnOff(key, identity.aadObjectId, deps.clock.now().toISOString());
    const here = identity.conversationType === 'channel' ? 'this channel' : 'this chat';
    if (on) {
      return deps.reply.text(
        context,
        changed ? `Spotting is on again in ${here}: when a message sounds like a red flag about a partner, its author gets a private suggestion to flag it.` : `Spotting is already on in ${here}.`,
      );
    }
    return deps.reply.text(
      context,
      changed
        ? `Spotting is off in ${here}: partner-fit ignores the messages here (it still answers when @mentioned). \`spotting on\` turns it back on.`
        : `Spotting is already off in ${here}. \`spotting on\` turns it back on.`,
    );
  };
}

export const SPOTTING_COMMANDS = {
  'spotting off': switchSpotting(false),
  'spotting on': switchSpotting(true),
} satisfies Partial<Record<ChatCommandName, ChatHandler>>;
