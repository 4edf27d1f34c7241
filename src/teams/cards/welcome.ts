// The hello on install or "hi" (cards/welcome.json): what the bot is for and where to start.
import { escapeText } from './escape';
import type { MineList } from './mine';
import { NO_LIST } from './mine';
import type { ActionData, Button } from './parts';
import { noCase, showCard } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface WelcomeData {
  ctx: ActionData;
  greeting: string;
  buttons: Button[];
  /** In the 1:1 chat: what waits on them and the cases they flagged (README "What is waiting on me"). */
  mine: MineList;
}

export function welcomeData(opts: { name?: string; mine?: MineList } = {}): WelcomeData {
  return {
    ctx: noCase(),
    greeting: opts.name ? `Hello ${escapeText(opts.name, 100)}!` : 'Hello!',
    buttons: [showCard('What can I do?', 'help', noCase()), showCard('The 5 red-flag triggers', 'triggers', noCase())],
    mine: opts.mine ?? NO_LIST,
  };
}

export function welcomeCard(opts: { name?: string; mine?: MineList } = {}): AdaptiveCard {
  return renderCard('welcome', welcomeData(opts));
}
