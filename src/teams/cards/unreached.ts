// The admins' daily summary of people the bot cannot reach who block a case (cards/unreached.json, README
// "Reaching people"): who, since when, which cases wait on them, and the app's link to send them.
import type { CaseState } from '../../domain/model';
import { escapeText } from './escape';
import { PHASE_TEXT, STEP_NAMES } from './labels';
import type { ActionData, Button, Toggle } from './parts';
import { button, cardWhen, ctxOf, noCase, plural } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface UnreachedPerson {
  name: string;
  /** Why: they never opened partner-fit, or they blocked it. */
  reach: 'not-yet' | 'blocked';
  since: string;
  cases: { partnerName: string; state: CaseState }[];
}

export interface UnreachedData {
  ctx: ActionData;
  intro: string;
  people: { name: string; why: string; cases: { text: string; open: Button }[] }[];
  more: Toggle;
  installLink: { on: boolean; url: string };
}

const MAX_PEOPLE = 20;

export function unreachedData(people: readonly UnreachedPerson[], installLink: string | undefined): UnreachedData {
  const shown = people.slice(0, MAX_PEOPLE);
  return {
    ctx: noCase(),
    intro: `partner-fit cannot reach ${plural(people.length, 'person', 'people')} in a 1:1 chat, and cases wait on them. What the cases need from them is held and reaches them as soon as they open partner-fit: send them the link, or add the app for them in the Teams admin center.`,
    people: shown.map((p) => ({
      name: escapeText(p.name, 200),
      why: `${p.reach === 'blocked' ? 'Blocked or removed partner-fit' : 'Has not opened partner-fit yet'} · held since ${cardWhen(p.since)}`,
      cases: p.cases.map((c) => ({
        text: `**${escapeText(c.partnerName, 200)}** · ${STEP_NAMES[c.state.step]}: ${PHASE_TEXT[c.state.phase].replace(/^\w/, (x) => x.toLowerCase())}${c.state.dueAt ? ` · due ${cardWhen(c.state.dueAt)}` : ''}`,
        open: button('Open', 'show-status', ctxOf(c.state)),
      })),
    })),
    more: { on: people.length > shown.length, text: `And ${plural(people.length - shown.length, 'more person', 'more people')}.` },
    installLink: { on: !!installLink, url: installLink ?? '' },
  };
}

export function unreachedCard(people: readonly UnreachedPerson[], installLink: string | undefined): AdaptiveCard {
  return renderCard('unreached', unreachedData(people, installLink));
}
