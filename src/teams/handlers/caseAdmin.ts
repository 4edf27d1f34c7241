// What admins do to cases and their requests (README "Using it in Teams"): close a case with a reason, archive a
// partner with an open case (its case closed with the reason), and the flags waiting for a partner to be added.
// Who may close is the engine's answer (`can`, docs/workflow.md "Who may act"), never a rule of its own here.
import { codeInline, escapeInline } from '../cards/escape';
import type { TurnContext } from 'botbuilder';
import { closestPartners } from '../../service/partners';
import type { CaseOutcome } from '../../service/caseService';
import type { PartnerRecord } from '../../storage/ports';
import type { BotDeps } from '../deps';
import { caseCard } from '../cards/case';
import { loadCaseView } from '../caseViews';
import type { ChatHandler } from './common';
import { actorOf, parsed, partnerOrSuggest, splitKnownPartner, viewDeps } from './common';
import { answerOutcome } from './outcome';

/** The partner named first and the reason after it ("close Contoso Group a mistaken flag"), or an answer given. */
async function partnerAndReason(context: TurnContext, deps: BotDeps, usage: string): Promise<{ partner: PartnerRecord; reason: string } | undefined> {
  const { args } = parsed(context);
  const split = splitKnownPartner(args, await deps.stores.partners.finder());
  if (split) return { partner: split[0], reason: split[1].replace(/^[:\-–—\s]+/, '').trim() };
  const partner = await partnerOrSuggest(context, deps, args.join(' '), usage);
  return partner ? { partner, reason: '' } : undefined;
}

/** The engine's close-case command by the person acting, with the reason (kept to 1,000 characters). */
function closeCase(context: TurnContext, deps: BotDeps, partner: PartnerRecord, stage: number, reason: string): Promise<CaseOutcome> {
  const identity = actorOf(context);
  return deps.service.execute(
    partner.partnerId,
    { type: 'close-case', reason: reason.slice(0, 1000), stage },
    { aadObjectId: identity.aadObjectId, conversationId: identity.conversationId },
  );
}

/** "close Contoso <reason>": an admin ends the partner's open case (a mistaken flag, a partner acquired). */
export const closeCommand: ChatHandler = async (context, deps) => {
  const named = await partnerAndReason(context, deps, 'close Contoso a mistaken flag');
  if (!named) return;
  const { partner, reason } = named;
  const stored = await deps.service.current(partner.partnerId);
  if (!stored || stored.state.status !== 'open') return deps.reply.text(context, `${escapeInline(partner.name)} has no open case to close.`);
  if (!reason) return deps.reply.text(context, `Say why, after the partner: \`close ${codeInline(partner.name)} a mistaken flag\`. Everyone on the case reads it.`);
  const outcome = await closeCase(context, deps, partner, stored.state.stage, reason);
  await answerOutcome(context, deps, outcome, actorOf(context).aadObjectId, 'Case closed. Everyone on it is told why.', (card) => deps.reply.card(context, card).then(() => undefined));
};

/**
 * "partner archive Contoso [reason]": a partner with an open case needs a reason; its case is closed with it (told to
 * everyone on the case, kept in the history), then the partner is archived.
 */
export const partnerArchive: ChatHandler = async (context, deps) => {
  const named = await partnerAndReason(context, deps, 'partner archive Contoso acquired by Fabrikam');
  if (!named) return;
  const { partner, reason } = named;
  const current = await deps.service.current(partner.partnerId);
  if (current?.state.status === 'open') {
    if (!reason) {
      return deps.reply.text(
        context,
        `${escapeInline(partner.name)} has an open case. Say why you archive it, after the name: \`partner archive ${codeInline(partner.name)} acquired by Fabrikam\`. The case is closed with that reason and everyone on it is told.`,
      );
    }
    const outcome = await closeCase(context, deps, partner, current.state.stage, `Partner archived: ${reason}`);
    if (!outcome.ok) return deps.reply.text(context, `${escapeInline(partner.name)} was not archived: ${outcome.rejection.message}`);
    await deps.stores.partners.update({ ...partner, archived: true });
    const view = await loadCaseView(viewDeps(deps, context), partner, outcome.state, actorOf(context).aadObjectId);
    await deps.reply.card(context, caseCard({ ...view, headline: `Archived ${partner.name}. Its case is closed and everyone on it is told why; its history is kept.` }));
    return;
  }
  await deps.stores.partners.update({ ...partner, archived: true });
  await deps.reply.text(context, `Archived ${escapeInline(partner.name)}. Its history is kept.`);
};

/** "partner requests": the flags waiting for a partner that does not exist yet, with the partners they may mean. */
export const partnerRequests: ChatHandler = async (context, deps) => {
  const pending = await deps.stores.pendingFlags.pending();
  if (pending.length === 0) return deps.reply.text(context, 'No flag is waiting for a partner to be added.');
  const partners = await deps.stores.partners.list();
  const lines = await Promise.all(
    pending.slice(0, 50).map(async (p) => {
      const who = (await deps.stores.directory.get(p.requestedBy))?.name || 'someone';
      const close = closestPartners(partners, p.partnerName, 1)[0];
      const hint = close ? ` — if it is ${escapeInline(close.name)}: \`partner alias ${codeInline(close.name)} ${codeInline(p.partnerName)}\`` : '';
      return `- **${escapeInline(p.partnerName)}**, flagged by ${escapeInline(who)} on ${p.requestedAt.slice(0, 10)}: \`partner add ${codeInline(p.partnerName)}\`${hint}`;
    }),
  );
  const more = pending.length > 50 ? `\n\nAnd ${pending.length - 50} more.` : '';
  await deps.reply.text(context, `${pending.length} flag${pending.length > 1 ? 's are' : ' is'} waiting for a partner to be added. Adding it, or an alias or new name that matches, records the flag at once:\n\n${lines.join('\n')}${more}`);
};
