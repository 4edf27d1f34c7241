// The hello on install or "hi" (cards/welcome.json): what the bot is for and where to start.
import { escapeText } from './escape';
import type { ActionData, Button } from './parts';
import { noCase, showCard } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface WelcomeData {
  ctx: ActionData;
  greeting: string;
  buttons: Button[];
}

export function welcomeData(opts: { name?: string } = {}): WelcomeData {
  return {
    ctx: noCase(),
    greeting: opts.name ? `Hello ${escapeText(opts.name, 100)}!` : 'Hello!',
    buttons: [showCard('What can I do?', 'help', noCase()), showCard('The 5 red-flag triggers', 'triggers', noCase())],
  };
}

export function welcomeCard(opts: { name?: string } = {}): AdaptiveCard {
  return renderCard('welcome', welcomeData(opts));
}
