// A flag on a partner nobody added yet (cards/unknown-partner.json): the closest names, or ask the admins.
import type { Trigger } from '../../domain/model';
import { escapeText, plainLine } from './escape';
import type { PartnerRef } from './flagForm';
import type { ActionData, Button } from './parts';
import { button, noCase, showCard } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface UnknownPartnerData {
  ctx: ActionData;
  text: string;
  hasSuggestions: boolean;
  suggestions: Button[];
  request: Button;
}

export function unknownPartnerData(typed: string, suggestions: readonly PartnerRef[], triggers: readonly Trigger[] = []): UnknownPartnerData {
  const list = [...new Set(triggers)].join(',');
  const shown = suggestions.slice(0, 5);
  return {
    ctx: noCase(),
    text: `No partner called "${escapeText(typed, 200)}" yet.${shown.length ? ' Did you mean one of these?' : ''}`,
    hasSuggestions: shown.length > 0,
    suggestions: shown.map((p) => showCard(plainLine(p.name, 100), 'flag', noCase(p.partnerId), { triggers: list })),
    request: button('Request this partner', 'request-partner', { ...noCase(), name: plainLine(typed, 200), triggers: list }, 'positive'),
  };
}

export function unknownPartnerCard(typed: string, suggestions: readonly PartnerRef[], triggers: readonly Trigger[] = []): AdaptiveCard {
  return renderCard('unknown-partner', unknownPartnerData(typed, suggestions, triggers));
}
