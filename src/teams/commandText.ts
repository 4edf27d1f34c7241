// Parses what people type to the bot: "/Flag Contoso expectations", "org manager @Ivy @Manny".
import type { Trigger } from '../domain';
import { TRIGGERS } from '../domain';

export interface MentionRef {
  /** Teams id ("29:…") of the mentioned person. */
  teamsId: string;
  name: string;
}

export interface ParsedText {
  /** Lower-case command words, e.g. ["org", "manager"]; empty for an empty message. */
  words: string[];
  /** The raw argument tokens after the command word; mentions appear as "@1", "@2"… */
  args: string[];
  mentions: MentionRef[];
}

interface MentionEntity {
  type?: string;
  mentioned?: { id?: string; name?: string };
  text?: string;
}

const TRIGGER_WORDS: Record<string, Trigger> = {
  expectations: 'misaligned-expectations',
  expectation: 'misaligned-expectations',
  misaligned: 'misaligned-expectations',
  resources: 'resource-mismatch',
  resource: 'resource-mismatch',
  capacity: 'resource-mismatch',
  communication: 'poor-communication',
  comms: 'poor-communication',
  values: 'misaligned-values',
  ethics: 'misaligned-values',
  abuse: 'misaligned-values',
  conduct: 'misaligned-values',
  profitability: 'profitability',
  profit: 'profitability',
  margin: 'profitability',
};

export function triggerFromWord(word: string): Trigger | undefined {
  const w = word.toLowerCase().replace(/[^a-z-]/g, '');
  if ((TRIGGERS as readonly string[]).includes(w)) return w as Trigger;
  return TRIGGER_WORDS[w];
}

function decodeEntities(s: string): string {
  return s
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** At most this many characters of a typed command are read; the rest is ignored (huge pastes). */
export const MAX_COMMAND_CHARS = 4000;

export function parseText(text: string | undefined, entities: readonly unknown[] = []): ParsedText {
  const mentions: MentionRef[] = [];
  const mentionEntities = (entities as MentionEntity[]).filter((e) => e?.type === 'mention' && e.mentioned?.id && e.text);
  let body = (text ?? '').slice(0, MAX_COMMAND_CHARS);
  for (const e of mentionEntities) {
    if (!body.includes(e.text!)) continue;
    mentions.push({ teamsId: e.mentioned!.id!, name: e.mentioned!.name ?? '' });
    body = body.replace(e.text!, ` @${mentions.length} `);
  }
  body = decodeEntities(body.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  const tokens = tokenize(body);
  const first = (tokens[0] ?? '').replace(/^\//, '').toLowerCase();
  const words = first ? [first] : [];
  let rest = tokens.slice(1);
  if ((first === 'org' || first === 'partner' || first === 'digest') && rest[0]) {
    words.push(rest[0].toLowerCase());
    rest = rest.slice(1);
  }
  return { words, args: rest, mentions };
}

/** Splits on spaces, keeping "quoted names" together. */
function tokenize(s: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|“([^”]*)”|(\S+)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out.filter((t) => t.length > 0);
}

/** "flag Fabrikam Inc expectations comms" -> partner "Fabrikam Inc", triggers [...]: triggers are read from the end. */
export function splitPartnerAndTriggers(args: readonly string[]): { partner: string; triggers: Trigger[] } {
  const triggers: Trigger[] = [];
  let end = args.length;
  while (end > 1) {
    // Two words first: "poor communication", "resource mismatch" are how people write the triggers.
    const pair = end > 2 ? triggerFromWord(`${args[end - 2]}-${args[end - 1]}`) : undefined;
    const t = pair ?? triggerFromWord(args[end - 1]!);
    if (!t) break;
    if (!triggers.includes(t)) triggers.unshift(t);
    end -= pair ? 2 : 1;
  }
  return { partner: args.slice(0, end).join(' '), triggers };
}

export function mentionIndex(token: string | undefined): number | undefined {
  const m = /^@(\d+)$/.exec(token ?? '');
  return m ? Number(m[1]) - 1 : undefined;
}
