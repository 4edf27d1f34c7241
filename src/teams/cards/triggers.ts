// The coaching guide (cards/triggers.json): what each red flag looks like in a 1:1 or a team sync.
import { escapeText } from './escape';
import { TRIGGER_GUIDE } from './labels';
import type { ActionData } from './parts';
import { noCase } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface TriggersData {
  ctx: ActionData;
  triggers: { label: string; oneOnOne: string; teamSync: string; examples: string }[];
  closing: string;
}

export function triggersData(): TriggersData {
  return {
    ctx: noCase(),
    triggers: TRIGGER_GUIDE.map((g) => ({
      label: g.label,
      oneOnOne: escapeText(g.oneOnOne),
      teamSync: escapeText(g.teamSync),
      examples: g.examples.map((x) => `• ${escapeText(x)}`).join('\n\n'),
    })),
    closing: escapeText(
      'Stay alert in every 1:1 and team sync, and escalate every time: one of these is enough. Flag it with "flag <partner>", even if you are not sure. The case starts with you resetting expectations.',
    ),
  };
}

export function triggersCard(): AdaptiveCard {
  return renderCard('triggers', triggersData());
}
