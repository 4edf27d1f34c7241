// One way to answer the result of a command, typed or clicked: the case card, or why nothing changed.
import type { TurnContext } from 'botbuilder';
import type { CaseOutcome } from '../../service/caseService';
import type { BotDeps } from '../deps';
import { caseCard } from '../cards/case';
import type { CaseView } from '../cards/caseView';
import { directForm } from '../cards/caseView';
import { formCard } from '../cards/caseForms';
import { movedOnCard } from '../cards/movedOn';
import { noticeCard } from '../cards/notice';
import type { AdaptiveCard as Card } from '../cards/render';
import { loadCaseView } from '../caseViews';
import { viewDeps } from './common';

export async function answerOutcome(
  context: TurnContext,
  deps: BotDeps,
  outcome: CaseOutcome,
  viewer: string,
  doneHeadline: string,
  send: (card: Card) => Promise<void>,
): Promise<CaseView | undefined> {
  const { state, partner } = outcome;
  if (!state || !partner) {
    // Only a rejection lacks them (no case yet, unknown partner); an accepted command always has both.
    await send(noticeCard(outcome.ok ? doneHeadline : outcome.rejection.message, 'Nothing changed'));
    return undefined;
  }
  const view = await loadCaseView(viewDeps(deps), partner, state, viewer);
  const next = outcome.ok ? directForm(view) : undefined;
  // When the case now waits on the clicker for a decision (the manager after their own reset attempt), its form comes at once.
  if (next) await send(formCard(next, { ...view, headline: doneHeadline }));
  else if (outcome.ok) await send(caseCard({ ...view, headline: doneHeadline }));
  // The moved-on card says why above the current card; other refusals say it in the card's headline.
  else if (outcome.rejection.code === 'CASE.MOVED_ON') await send(movedOnCard(caseCard(view), outcome.rejection.message));
  else await send(caseCard({ ...view, headline: outcome.rejection.message }));
  // The view as read (without headline), for callers that also show the case to others.
  return view;
}
