// Every chat command with an example (cards/help.json), from the verb catalog: help and the Teams menus never drift.
import { CHAT_COMMANDS } from '../verbs';
import { escapeText } from './escape';
import type { MineList } from './mine';
import { NO_LIST } from './mine';
import type { ActionData, Button } from './parts';
import { noCase, showCard } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface HelpData {
  ctx: ActionData;
  commands: { command: string; what: string; example: string }[];
  admin: { on: boolean; commands: { command: string; what: string; example: string }[] };
  buttons: Button[];
  /** In the 1:1 chat: what waits on them and the cases they flagged (README "What is waiting on me"). */
  mine: MineList;
}

// Help is built from the one command list the manifest is checked against, so the two never drift.
const HELP_COMMANDS = CHAT_COMMANDS.filter((c) => !c.adminOnly).map((c) => ({ command: c.usage, what: c.description, example: c.example }));

const ADMIN_COMMANDS = CHAT_COMMANDS.filter((c) => c.adminOnly).map((c) => ({ command: c.usage, what: c.description, example: c.example }));

function codeText(s: string): string {
  // Fixed text of ours, shown as typed: escape it like user text so `<partner>` and `|` stay literal.
  return escapeText(s);
}

export function helpData(opts: { isAdmin?: boolean; mine?: MineList } = {}): HelpData {
  const map = (c: { command: string; what: string; example: string }) => ({ command: codeText(c.command), what: c.what, example: codeText(c.example) });
  return {
    ctx: noCase(),
    commands: HELP_COMMANDS.map(map),
    admin: { on: !!opts.isAdmin, commands: ADMIN_COMMANDS.map(map) },
    buttons: [showCard('The 5 red-flag triggers', 'triggers', noCase())],
    mine: opts.mine ?? NO_LIST,
  };
}

export function helpCard(opts: { isAdmin?: boolean; mine?: MineList } = {}): AdaptiveCard {
  return renderCard('help', helpData(opts));
}
