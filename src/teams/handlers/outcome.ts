// One way to answer the result of a command, typed or clicked: the case card, or why nothing changed.
import type { TurnContext } from 'botbuilder';
import type { CaseOutcome } from '../../service/caseService';
import type { BotDeps } from '../deps';
import type { Card } from '../ui';
import { buildCaseView } from '../views';
import { viewDeps } from './common';

export async function answerOutcome(
  context: TurnContext,
  deps: BotDeps,
  outcome: CaseOutcome,
  viewer: string,
  doneHeadline: string,
  send: (card: Card) => Promise<void>,
): Promise<void> {
  const vd = viewDeps(deps);
  if (outcome.ok) {
    await send(deps.ui.caseCard(await buildCaseView(vd, outcome.partner, outcome.state, viewer, { headline: doneHeadline })));
    return;
  }
  const { rejection, state, partner } = outcome;
  if (!state || !partner) {
    await send(deps.ui.notice(rejection.message, 'Nothing changed'));
    return;
  }
  // The moved-on card says why above the current card; other refusals say it in the card's headline.
  if (rejection.code === 'CASE.MOVED_ON') {
    await send(deps.ui.movedOn(rejection.message, await buildCaseView(vd, partner, state, viewer)));
    return;
  }
  await send(deps.ui.caseCard(await buildCaseView(vd, partner, state, viewer, { headline: rejection.message })));
}
