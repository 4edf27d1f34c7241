// Every chat command the bot answers (SPEC §4, plus `reassign` from §3), in one list: the help text is built from it and the
// Teams manifest's command lists are checked against it (test/ship/manifest.test.ts).
// Pure data: no imports, so anything (bot, scripts, tests) can read it.

export type CommandScope = 'personal' | 'team' | 'groupChat';

export interface BotCommand {
  /** What the user types first, lower case, words separated by one space ("digest here"). Also the manifest title. */
  name: string;
  /** The full form, arguments in <angle brackets>, optional ones in [square brackets]. */
  usage: string;
  /** One sentence for help and for the Teams command menu (kept under 128 characters). */
  description: string;
  /** Where the command works. Elsewhere the bot says where to use it (e.g. "ask me in our 1:1 chat"). */
  scopes: CommandScope[];
  /** Admins only (ADMIN_AAD_OBJECT_IDS, then the `admin` role). */
  adminOnly: boolean;
  /** A realistic example for help. */
  example: string;
}

const ALL: CommandScope[] = ['personal', 'team', 'groupChat'];

export const BOT_COMMANDS: readonly BotCommand[] = [
  {
    name: 'flag',
    usage: 'flag <partner> [trigger…]',
    description: 'Raise a red flag on a partner: opens the evidence form, prefilled.',
    scopes: ALL,
    adminOnly: false,
    example: 'flag Contoso misaligned-expectations poor-communication',
  },
  {
    name: 'status',
    usage: 'status <partner>',
    description: "A partner's case: step, strike level, occurrences, owner, due date and recent events.",
    scopes: ALL,
    adminOnly: false,
    example: 'status Contoso',
  },
  {
    name: 'partners',
    usage: 'partners',
    description: 'Every partner with its state, strike level and owner.',
    scopes: ALL,
    adminOnly: false,
    example: 'partners',
  },
  {
    name: 'history',
    // Full history includes evidence, so it is answered in the 1:1 chat only.
    usage: 'history <partner>',
    description: "The full event history of a partner's case, with evidence (people on the case, their chain, admins).",
    scopes: ['personal'],
    adminOnly: false,
    example: 'history Contoso',
  },
  {
    name: 'triggers',
    usage: 'triggers',
    description: 'The coaching guide: what each red-flag trigger looks like, with examples. Escalate every time.',
    scopes: ALL,
    adminOnly: false,
    example: 'triggers',
  },
  {
    name: 'reassign',
    // SPEC §3: owners can be reassigned by the owner's manager or an admin; the engine checks who may.
    usage: 'reassign <partner> @user',
    description: "Hand the current step of a partner's case to someone else (the owner's manager or an admin).",
    scopes: ['team', 'groupChat'],
    adminOnly: false,
    example: 'reassign Contoso @Vera Ortiz',
  },
  {
    name: 'digest here',
    usage: 'digest here',
    description: 'Send the weekly partner-health digest to this channel.',
    scopes: ['team'],
    adminOnly: true,
    example: 'digest here',
  },
  {
    name: 'digest off',
    usage: 'digest off',
    description: 'Stop the weekly digest in this channel.',
    scopes: ['team'],
    adminOnly: true,
    example: 'digest off',
  },
  {
    name: 'digest now',
    usage: 'digest now',
    description: "A preview of this week's digest here (not counted as the week's digest).",
    scopes: ALL,
    adminOnly: false,
    example: 'digest now',
  },
  {
    name: 'partner add',
    usage: 'partner add <name>',
    description: 'Add a partner record.',
    scopes: ALL,
    adminOnly: true,
    example: 'partner add Contoso Ltd',
  },
  {
    name: 'partner sales',
    usage: 'partner sales <partner> @user',
    description: "Set a partner's Sales Director.",
    scopes: ALL,
    adminOnly: true,
    example: 'partner sales Contoso @Sam Director',
  },
  {
    name: 'partner rename',
    usage: 'partner rename <partner> <new name>',
    description: 'Rename a partner (its cases and history stay with it).',
    scopes: ALL,
    adminOnly: true,
    example: 'partner rename Contoso Contoso Group',
  },
  {
    name: 'partner alias',
    usage: 'partner alias <partner> <alias>',
    description: 'Add another name people use for a partner.',
    scopes: ALL,
    adminOnly: true,
    example: 'partner alias Contoso CTSO',
  },
  {
    name: 'partner archive',
    usage: 'partner archive <partner>',
    description: 'Archive a partner: it is no longer offered for new flags.',
    scopes: ALL,
    adminOnly: true,
    example: 'partner archive Fabrikam',
  },
  {
    name: 'partner import',
    usage: 'partner import',
    description: 'Import partners from a JSON or CSV file attached to the message (1:1 chat).',
    scopes: ['personal'],
    adminOnly: true,
    example: 'partner import (with partners.csv attached)',
  },
  {
    name: 'org manager',
    usage: 'org manager @user @manager',
    description: "Set a person's manager in the bot's directory.",
    scopes: ALL,
    adminOnly: true,
    example: 'org manager @Ivy Chen @Manny Lopez',
  },
  {
    name: 'org role',
    usage: 'org role @user <vp|gm|sales-director|admin>',
    description: 'Give a person a role: vp, gm, sales-director or admin.',
    scopes: ALL,
    adminOnly: true,
    example: 'org role @Val Singh vp',
  },
  {
    name: 'org unrole',
    usage: 'org unrole @user <vp|gm|sales-director|admin>',
    description: 'Take a role away from a person.',
    scopes: ALL,
    adminOnly: true,
    example: 'org unrole @Val Singh vp',
  },
  {
    name: 'org show',
    usage: 'org show [@user]',
    description: "The directory: a person's manager, chain and roles, or a summary of everyone.",
    scopes: ALL,
    adminOnly: true,
    example: 'org show @Ivy Chen',
  },
  {
    name: 'org import',
    usage: 'org import',
    description: 'Import the directory (managers and roles) from a JSON or CSV file attached to the message (1:1 chat).',
    scopes: ['personal'],
    adminOnly: true,
    example: 'org import (with org.csv attached)',
  },
  {
    name: 'help',
    usage: 'help',
    description: 'What the bot can do, with examples.',
    scopes: ALL,
    adminOnly: false,
    example: 'help',
  },
];

/** The commands that work in a scope, in catalog order. */
export function commandsForScope(scope: CommandScope): BotCommand[] {
  return BOT_COMMANDS.filter((c) => c.scopes.includes(scope));
}
