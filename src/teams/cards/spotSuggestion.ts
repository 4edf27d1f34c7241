// The spotter's quiet suggestion (cards/spot-suggestion.json), sent to the author's 1:1 chat only (README "Spotting
// red flags in syncs"): what it heard, the words that sounded like a red flag, and Flag it / Not this / Not for
// this partner. The message travels in the card (to prefill the form), never into storage.
import type { Evidence, Trigger } from '../../domain/model';
import { escapeText, plainText } from './escape';
import { TRIGGER_LABELS } from './labels';
import type { ActionData, Button } from './parts';
import { button, noCase } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface SpotSuggestionInput {
  partner: { partnerId: string; name: string };
  triggers: readonly Trigger[];
  /** The words of the message that matched, as written. */
  matched: readonly string[];
  /** The message as the first evidence item of a flag (summary with author and time, link, date). */
  evidence: Evidence;
  /** What the person wrote, for them to recognise it. */
  text: string;
  /** "in #partners-sync at 10:02 (UTC)" */
  where: string;
  /** The channel (without its thread) or chat, and the day of the suggestion: what "Not this" and "Not for this partner" remember. */
  conversation: string;
  day: string;
}

export interface SpotSuggestionData {
  title: string;
  where: string;
  quote: string;
  matched: string;
  coaching: string;
  flag: Button;
  dismiss: Button;
  mute: Button;
}

const QUOTE_CHARS = 500;

/** "misaligned expectations and poor communication" */
function triggerWords(triggers: readonly Trigger[]): string {
  const words = triggers.map((t) => TRIGGER_LABELS[t].toLowerCase());
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : (words[0] ?? 'a red flag');
}

export function spotSuggestionData(input: SpotSuggestionInput): SpotSuggestionData {
  const name = escapeText(input.partner.name, 200);
  const base: ActionData = { ...noCase(input.partner.partnerId) };
  const e = input.evidence;
  const flagData: ActionData = {
    ...base,
    triggers: input.triggers.join(','),
    ev1_kind: e.kind,
    ev1_summary: plainText(e.summary, 2000),
    ...(e.link ? { ev1_link: e.link } : {}),
    ...(e.date ? { ev1_date: e.date } : {}),
  };
  const about: ActionData = { ...base, conversation: input.conversation };
  return {
    title: `Sounds like ${triggerWords(input.triggers)} with ${name} — flag it?`,
    where: `You wrote ${escapeText(input.where, 300)}:`,
    quote: escapeText(input.text, QUOTE_CHARS),
    matched: `What sounded like it: ${input.matched.slice(0, 5).map((m) => `“${escapeText(m.replace(/\s+/g, ' '), 120)}”`).join(', ')}.`,
    coaching: 'Stay alert in syncs and 1:1s, and escalate every time: a flag takes a minute, and only the people on the case see your evidence. Only you see this message.',
    flag: button('Flag it', 'spot-flag', flagData, 'positive'),
    dismiss: button('Not this', 'spot-dismiss', { ...about, day: input.day }),
    mute: button('Not for this partner', 'spot-mute', about),
  };
}

export function spotSuggestionCard(input: SpotSuggestionInput): AdaptiveCard {
  return renderCard('spot-suggestion', spotSuggestionData(input));
}
