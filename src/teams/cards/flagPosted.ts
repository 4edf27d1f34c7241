import { ownerOf } from '../../domain/queries';
import type { CaseView } from './caseView';
import { STEP_NAMES } from './labels';
import type { ActionData, Button, Fact } from './parts';
import { button, ctxOf, nameOf, partnerName, triggersText } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface FlagPostedData {
  ctx: ActionData;
  partner: string;
  text: string;
  facts: Fact[];
  statusButton: Button;
}

/** The short card a channel gets when someone flags there: no evidence, no summaries. */
export function flagPostedData(view: CaseView): FlagPostedData {
  const { state } = view;
  const flag = (view.flagId && state.flags.find((f) => f.flagId === view.flagId)) || state.flags[state.flags.length - 1];
  const name = partnerName(state, view);
  const who = flag ? nameOf(view.people, flag.reporterId) : 'Someone';
  const what = flag ? triggersText(flag.triggers) : 'a red flag';
  const merged = flag?.merged ? ' It was added to the current strike (same event as an earlier flag).' : '';
  return {
    ctx: ctxOf(state),
    partner: name,
    text: `${who} flagged ${name}: ${what}.${merged} The evidence is with the people on the case.`,
    facts: [
      { title: 'Step', value: STEP_NAMES[state.step] },
      { title: 'Strike', value: String(state.level) },
      { title: 'Occurrences', value: String(state.occurrences) },
      { title: 'Owner', value: nameOf(view.people, ownerOf(state)) },
    ],
    statusButton: button('Status', 'show-status', ctxOf(state)),
  };
}

export function flagPostedCard(view: CaseView): AdaptiveCard {
  return renderCard('flag-posted', flagPostedData(view));
}
