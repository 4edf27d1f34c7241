// "This case has moved on" above the case as it stands now (cards/moved-on.json): stale clicks, lost races.
import { escapeText } from './escape';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface RenderedCard {
  body?: unknown[];
  actions?: unknown[];
  refresh?: { action: unknown; userIds?: string[] };
  msteams?: unknown;
  [key: string]: unknown;
}

export interface MovedOnData {
  message: string;
  body: unknown[];
  hasActions: boolean;
  actions: unknown[];
  hasRefresh: boolean;
  refresh: { action: unknown; userIds: string[] };
  msteams: unknown;
}

/** "This case has moved on" above the current card (already rendered), for stale or lost-race clicks. */
export function movedOnData(current: RenderedCard, message = 'This case has moved on since this card was shown. Here is where it stands now.'): MovedOnData {
  const refresh = current.refresh;
  return {
    message: escapeText(message, 500),
    body: current.body ?? [],
    hasActions: (current.actions ?? []).length > 0,
    actions: current.actions ?? [],
    hasRefresh: !!refresh,
    refresh: { action: refresh?.action ?? {}, userIds: refresh?.userIds ?? [] },
    msteams: current.msteams ?? { width: 'Full' },
  };
}

/** "This case has moved on" above the current card (for stale clicks and lost races). */
export function movedOnCard(current: AdaptiveCard, message?: string): AdaptiveCard {
  return renderCard('moved-on', movedOnData(current, message));
}
