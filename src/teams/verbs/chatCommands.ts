// The chat commands (what people type) and the message actions (the … menu of a message): the other half of the
// verb catalog (index.ts). Help, the router and the manifest script read these lists; nothing else lists commands.
import { splitPartnerAndTriggers } from '../commandText';

export type CommandScope = 'personal' | 'team' | 'groupChat';

export interface ChatCommand {
  /** What the user types first, lower case, words separated by one space ("digest here"). Also the manifest title. */
  name: string;
  /** What routes a message to it: the name, with or without "/", in any case (see `commandPattern`). */
  pattern: RegExp;
  /** The full form, arguments in <angle brackets>, optional ones in [square brackets]. */
  usage: string;
  /** One sentence for help and for the Teams command menu (kept under 128 characters). */
  description: string;
  /** Where the command works (the manifest's command lists per scope). */
  scopes: CommandScope[];
  /** Admins only (ADMIN_AAD_OBJECT_IDS, then the `admin` role). */
  adminOnly: boolean;
  /** A realistic example for help. */
  example: string;
  /** The scopes whose Teams command menu lists it (at most 10 per scope; the manifest is built from this). */
  menu: CommandScope[];
  /**
   * The partner the command names, from its arguments, when its answer shows that partner's case: the turn starts
   * reading the case while it checks for changes (src/teams/readAhead.ts).
   */
  partnerOf?: (args: readonly string[]) => string;
}

const ALL: CommandScope[] = ['personal', 'team', 'groupChat'];
const chat = <N extends string>(
  name: N,
  usage: string,
  description: string,
  example: string,
  o: { scopes?: CommandScope[]; adminOnly?: boolean; menu?: boolean | CommandScope[]; notFollowedBy?: string[]; partnerOf?: ChatCommand['partnerOf'] } = {},
): ChatCommand & { name: N } => {
  const scopes = o.scopes ?? ALL;
  return {
    name,
    pattern: commandPattern(name, o.notFollowedBy),
    usage,
    description,
    scopes,
    adminOnly: o.adminOnly ?? false,
    example,
    menu: o.menu === true ? scopes : o.menu || [],
    ...(o.partnerOf ? { partnerOf: o.partnerOf } : {}),
  };
};

/** `status Contoso Ltd`: every argument is the partner's name. */
const wholeArgs = (args: readonly string[]): string => args.join(' ');

/** The admin commands on partner records: `partner <name>` must never take them. */
const PARTNER_ADMIN_WORDS = ['add', 'sales', 'rename', 'alias', 'archive', 'import', 'requests'];

/** Every chat command, in the order help and the Teams command menu show them. */
export const CHAT_COMMANDS = [
  chat('flag', 'flag <partner> [trigger…]', 'Raise a red flag on a partner: opens the evidence form, prefilled.', 'flag Contoso misaligned-expectations poor-communication', {
    menu: true,
    partnerOf: (args) => splitPartnerAndTriggers(args).partner,
  }),
  chat('status', 'status <partner>', "A partner's case: step, strike, occurrences, owner, due date and recent events.", 'status Contoso', { menu: true, partnerOf: wholeArgs }),
  // What waits on the person asking, across partners (README "What is waiting on me"); in a shared chat it goes to their 1:1 chat.
  chat('mine', 'mine', 'Everything waiting on you across partners (step, due date, the card to act on), and the cases you flagged.', 'mine', { menu: ['personal'] }),
  chat('partners', 'partners [mine] [#tag] [by health|strike|owner|name]', 'Every partner with its health, state, strike and owner; sort and filter them.', 'partners mine by health', { menu: true }),
  chat('partner', 'partner <name>', "A partner's health at a glance: score and trend, why, its case, 4 C's, symptoms, stage and executive owner.", 'partner Contoso', {
    menu: true,
    notFollowedBy: PARTNER_ADMIN_WORDS,
  }),
  chat('score', 'score <partner>', "Rate a partner on the 4 C's: culture, capacity, commitment and competencies, 1 to 5.", 'score Contoso'),
  chat('met', 'met <partner> [win] [note]', 'Log that you met the partner today; add "win" for a joint win.', 'met Contoso win Signed the Fabrikam renewal together'),
  // The full history includes evidence, so it is answered in the 1:1 chat only.
  chat('history', 'history <partner>', "A partner's case history with evidence, and its earlier cases, each to open (people on the case, their chain, admins).", 'history Contoso', { scopes: ['personal'], menu: true, partnerOf: wholeArgs }),
  chat('triggers', 'triggers', 'The coaching guide: what each red-flag trigger looks like, with examples. Escalate every time.', 'triggers', { menu: true }),
  // Who may close is the engine's answer (admins); a mistaken flag, a partner acquired (docs/workflow.md#steps).
  chat('close', 'close <partner> <reason>', "Close a partner's open case now, with the reason everyone on it is told (admins).", 'close Contoso a mistaken flag: it was about Fabrikam', { adminOnly: true }),
  chat('reassign', 'reassign <partner> @user', "Hand the current step of a partner's case to someone else (the owner's manager or an admin).", 'reassign Contoso @Vera Ortiz', { scopes: ['team', 'groupChat'], menu: true }),
  chat('digest here', 'digest here [partner, partner… | #tag]', 'Send the weekly partner-health digest to this channel: every partner, or only those named or tagged.', 'digest here Contoso, Fabrikam', {
    scopes: ['team'],
    adminOnly: true,
    menu: true,
  }),
  chat('digest off', 'digest off', 'Stop the weekly digest in this channel.', 'digest off', { scopes: ['team'], adminOnly: true, menu: true }),
  // In the 1:1 menu `mine` took its place (menus hold 10 commands a scope).
  chat('digest now', 'digest now', "A preview of this week's digest here (not counted as the week's digest).", 'digest now', { menu: ['team', 'groupChat'] }),
  // Red-flag spotting reads this channel's or chat's messages (with resource-specific consent): admins can stop it here.
  chat('spotting off', 'spotting off', 'Stop suggesting red flags from the messages here (partner-fit still answers when @mentioned).', 'spotting off', { scopes: ['team', 'groupChat'], adminOnly: true }),
  chat('spotting on', 'spotting on', 'Suggest red flags from the messages here again (to their authors, privately).', 'spotting on', { scopes: ['team', 'groupChat'], adminOnly: true }),
  // Menus hold 10 commands a scope: `partner <name>` took the place of these admin commands in some of them.
  chat('partner add', 'partner add <name>', 'Add a partner record.', 'partner add Contoso Ltd', { adminOnly: true, menu: ['groupChat'] }),
  chat('partner sales', 'partner sales <partner> @user', "Set a partner's Sales Director.", 'partner sales Contoso @Sam Director', { adminOnly: true }),
  chat('partner rename', 'partner rename <partner> <new name>', 'Rename a partner (its cases and history stay with it).', 'partner rename Contoso Contoso Group', { adminOnly: true }),
  chat('partner alias', 'partner alias <partner> <alias>', 'Add another name people use for a partner.', 'partner alias Contoso CTSO', { adminOnly: true }),
  chat('partner archive', 'partner archive <partner> [reason]', 'Archive a partner: no longer offered for new flags. With an open case, say why: the case closes with it.', 'partner archive Fabrikam acquired by Contoso', { adminOnly: true }),
  chat('partner requests', 'partner requests', 'The flags waiting for a partner that does not exist yet: the name typed, who, when.', 'partner requests', { adminOnly: true }),
  chat('partner import', 'partner import', 'Import partners from a JSON or CSV file attached to the message (1:1 chat).', 'partner import (with partners.csv attached)', { scopes: ['personal'], adminOnly: true, menu: true }),
  chat('org manager', 'org manager @user @manager', "Set a person's manager in the bot's directory.", 'org manager @Ivy Chen @Manny Lopez', { adminOnly: true, menu: ['groupChat'] }),
  chat('org role', 'org role @user <vp|gm|sales-director|admin>', 'Give a person a role: vp, gm, sales-director or admin.', 'org role @Val Singh vp', { adminOnly: true }),
  chat('org unrole', 'org unrole @user <vp|gm|sales-director|admin>', 'Take a role away from a person.', 'org unrole @Val Singh vp', { adminOnly: true }),
  chat('org show', 'org show [@user]', "The directory: a person's manager, chain and roles, or a summary of everyone.", 'org show @Ivy Chen', { adminOnly: true }),
  chat('org import', 'org import', 'Import the directory (managers and roles) from a JSON or CSV file attached to the message (1:1 chat).', 'org import (with org.csv attached)', { scopes: ['personal'], adminOnly: true, menu: true }),
  chat('help', 'help', 'What the bot can do, with examples.', 'help', { menu: true }),
] as const satisfies readonly ChatCommand[];

export type ChatCommandName = (typeof CHAT_COMMANDS)[number]['name'];

/** The commands that work in a scope, in catalog order. */
export function commandsForScope(scope: CommandScope): ChatCommand[] {
  return CHAT_COMMANDS.filter((c) => (c.scopes as readonly CommandScope[]).includes(scope));
}

/** Matches a command typed with or without a leading "/", in any case: "/Flag …", "org  manager …"; never when one of `notFollowedBy` comes next. */
export function commandPattern(name: string, notFollowedBy: readonly string[] = []): RegExp {
  const not = notFollowedBy.length ? `(?!\\s+(${notFollowedBy.join('|')})(\\s|$))` : '';
  return new RegExp(`^\\s*\\/?${name.split(' ').join('\\s+')}${not}(\\s|$)`, 'i');
}

// ---------------------------------------------------------------- message actions (the … menu of a message)

export interface MessageAction {
  /** The command id Teams sends back in composeExtension/fetchTask and submitAction. */
  id: string;
  /** What the … menu shows (at most 32 characters). */
  title: string;
  description: string;
}

/** Message extension action commands (context `message`); the manifest's composeExtensions are built from these. */
export const MESSAGE_ACTIONS = [
  {
    id: 'flagMessage',
    title: 'Flag a partner red flag',
    description: 'Flag a partner with this message as evidence: the evidence form, prefilled with the message.',
  },
] as const satisfies readonly MessageAction[];

export type MessageActionId = (typeof MESSAGE_ACTIONS)[number]['id'];

/** "hi" is how most people start: it gets a hello and how to begin, not "I didn't understand". Not a command. */
export const GREETING = /^\s*\/?(hi|hello|hey|hallo|good (morning|afternoon|evening))\b[\s!.]*$/i;

/** The command a message runs, as the router (src/teams/app.ts) picks it: the greeting first, then the catalog's order. */
export function chatCommandOf(text: string): ChatCommand | undefined {
  if (GREETING.test(text)) return undefined;
  return CHAT_COMMANDS.find((c) => c.pattern.test(text));
}
