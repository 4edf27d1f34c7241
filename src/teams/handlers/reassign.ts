// "reassign Contoso @Vera": the owner's manager or an admin hands the current step to someone else.
import type { TurnContext } from 'botbuilder';
import { mentionIndex } from '../commandText';
import type { BotDeps } from '../deps';
import { lookUpMention } from '../caseViews';
import { escapeInline } from '../cards/escape';
import { actorOf, parsed, partnerOrSuggest } from './common';
import { answerOutcome } from './outcome';

export async function reassignCommand(context: TurnContext, deps: BotDeps): Promise<void> {
  const { args, mentions } = parsed(context);
  const at = args.findIndex((a) => mentionIndex(a) !== undefined);
  const mention = at >= 0 ? mentions[mentionIndex(args[at])!] : undefined;
  if (!mention) {
    await deps.reply.text(context, 'Who should take it over? Try `reassign Contoso @Vera`.');
    return;
  }
  const partner = await partnerOrSuggest(context, deps, args.slice(0, at).join(' '), 'reassign Contoso @Vera');
  if (!partner) return;
  // What Teams says about them is written only if the reassignment is allowed and done: a refused command writes nothing.
  const found = await lookUpMention(context, deps.stores, mention);
  const person = found?.person;
  if (!person) {
    await deps.reply.text(context, `I couldn't find ${escapeInline(mention.name)} in this conversation's members.`);
    return;
  }
  const identity = actorOf(context);
  const learnt = found?.learnt;
  const outcome = await deps.service.execute(
    partner.partnerId,
    { type: 'reassign-owner', to: person.userId },
    { aadObjectId: identity.aadObjectId, conversationId: identity.conversationId },
    // Before the commit, so the pings to the new holder find them.
    learnt ? { beforeCommit: async () => void (await deps.stores.directory.upsertPerson(learnt)) } : {},
  );
  await answerOutcome(context, deps, outcome, identity.aadObjectId, `Reassigned to ${person.name || 'them'}.`, async (card) => {
    await deps.reply.card(context, card);
  });
}
