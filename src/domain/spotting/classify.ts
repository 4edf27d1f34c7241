// The red-flag spotter (README "Spotting red flags in syncs"): a deterministic phrase classifier. It finds known
// partners (names and aliases) and trigger phrases (phrases.ts) in a message, drops phrases that are negated, quoted,
// hypothetical or already resolved, and ties each remaining phrase to the partner its clause is about. Every result
// says which words matched. Pure: no I/O; the caller passes the partner names.
import type { Trigger } from '../model';
import { TRIGGERS } from '../model';
import {
  CLAUSE_BREAKS,
  COMMA_CLAUSE_BREAKS,
  COMPETITOR_CUES,
  CONNECTORS,
  DEFLECT_BEFORE,
  HYPOTHETICAL_CUES,
  NEGATION_REACH,
  NEGATORS,
  PRONOUNS,
  RESOLVED_CUES,
  TRIGGER_PHRASES,
} from './phrases';

export interface PartnerNameRecord {
  partnerId: string;
  name: string;
  aliases: readonly string[];
}

interface Term {
  words: string[];
  partnerId: string;
  name: string;
}

/** Names and aliases as word sequences, longest first, ready to look up in any message. */
export interface PartnerNames {
  readonly terms: readonly Term[];
  readonly size: number;
}

export interface Spotted {
  partnerId: string;
  partnerName: string;
  trigger: Trigger;
  /** The words of the message that sound like the trigger, as written. */
  matched: string[];
}

interface Token {
  word: string;
  start: number;
  end: number;
  sentence: number;
  /** A comma (or colon, dash) stands between this token and the one before. */
  afterComma: boolean;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*(?:[-/][\p{L}\p{N}]+)*%?/gu;
const LEGAL_SUFFIXES = new Set(['ltd', 'inc', 'llc', 'corp', 'corporation', 'co', 'gmbh', 'plc', 'limited', 'ag', 'sa', 'bv']);
const SPELLED_OUT: Record<string, string[]> = {
  "can't": ['can', 'not'],
  cant: ['can', 'not'],
  cannot: ['can', 'not'],
  "won't": ['will', 'not'],
  "shan't": ['shall', 'not'],
  "ain't": ['is', 'not'],
  dont: ['do', 'not'],
  doesnt: ['does', 'not'],
  didnt: ['did', 'not'],
  isnt: ['is', 'not'],
  wasnt: ['was', 'not'],
  arent: ['are', 'not'],
  werent: ['were', 'not'],
  hasnt: ['has', 'not'],
  havent: ['have', 'not'],
  hadnt: ['had', 'not'],
  wouldnt: ['would', 'not'],
  couldnt: ['could', 'not'],
  shouldnt: ['should', 'not'],
};
const SUFFIXES: Array<[string, string]> = [
  ["n't", 'not'],
  ["'re", 'are'],
  ["'ve", 'have'],
  ["'ll", 'will'],
  ["'m", 'am'],
  ["'d", 'would'],
  ["'s", "'s"],
];

/** Lower case, contractions spelled out: "Don't" -> do, not; "Contoso's" -> contoso, 's. */
function spellOut(raw: string): string[] {
  const w = raw.toLowerCase().replace(/’/g, "'");
  const fixed = SPELLED_OUT[w];
  if (fixed) return fixed;
  for (const [suffix, word] of SUFFIXES) {
    if (w.length > suffix.length && w.endsWith(suffix)) return [w.slice(0, -suffix.length), word];
  }
  return [w];
}

/**
 * Quoted words are not the writer's own ("the guide says 'escalate when they go dark'"): double quotes, curly quotes,
 * guillemets and lines quoted with ">" are blanked out, keeping every other character where it was.
 */
function withoutQuotes(text: string): string {
  const blank = (m: string) => m.replace(/[^\n]/g, ' ');
  return text
    .replace(/^[ \t]*>.*$/gm, blank)
    .replace(/"[^"\n]*"/g, blank)
    .replace(/“[^”\n]*”/g, blank)
    .replace(/«[^»\n]*»/g, blank)
    .replace(/(^|\s)['‘][^'’\n]{3,}['’](?=[\s.,!?;:]|$)/g, (m, lead: string) => lead + blank(m.slice(lead.length)));
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const masked = withoutQuotes(text);
  let sentence = 0;
  let last = 0;
  for (const m of masked.matchAll(WORD)) {
    const gap = masked.slice(last, m.index);
    if (tokens.length && /[.!?;\n]/.test(gap)) sentence += 1;
    const afterComma = /[,:—–]|\s-\s/.test(gap);
    for (const word of spellOut(m[0])) tokens.push({ word, start: m.index, end: m.index + m[0].length, sentence, afterComma });
    last = m.index + m[0].length;
  }
  return tokens;
}

function wordsOf(text: string): string[] {
  return tokenize(text).map((t) => t.word);
}

/** Builds the lookup once per change of the partner list (the caller keeps it). */
export function partnerNames(records: readonly PartnerNameRecord[]): PartnerNames {
  const terms: Term[] = [];
  for (const r of records) {
    for (const name of [r.name, ...r.aliases]) {
      const words = wordsOf(name);
      if (!words.length) continue;
      terms.push({ words, partnerId: r.partnerId, name: r.name });
      // "Contoso Ltd" is "Contoso" in conversation.
      const bare = words.filter((w, i) => i === 0 || !LEGAL_SUFFIXES.has(w));
      if (bare.length && bare.length < words.length) terms.push({ words: bare, partnerId: r.partnerId, name: r.name });
    }
  }
  terms.sort((a, b) => b.words.length - a.words.length);
  return { terms, size: records.length };
}

// ---------------------------------------------------------------- phrases

type Element = { gap: true } | { gap: false; alts: Array<{ word: string; prefix: boolean }>; optional: boolean };

function compile(phrase: string): Element[] {
  return phrase.split(/\s+/).map((part) => {
    if (part === '~') return { gap: true };
    const optional = part.endsWith('?');
    const body = optional ? part.slice(0, -1) : part;
    return { gap: false, optional, alts: body.split('|').map((a) => (a.endsWith('*') ? { word: a.slice(0, -1), prefix: true } : { word: a, prefix: false })) };
  });
}

const COMPILED = Object.fromEntries(TRIGGERS.map((t) => [t, TRIGGER_PHRASES[t].map((p) => ({ phrase: p, elements: compile(p) }))])) as Record<
  Trigger,
  Array<{ phrase: string; elements: Element[] }>
>;

const GAP = 3;

/** The end (exclusive) of a match of `elements` starting at `i`, or -1. */
function matchAt(words: readonly string[], elements: readonly Element[], i: number, e = 0): number {
  if (e === elements.length) return i;
  const el = elements[e]!;
  if (el.gap) {
    for (let skip = 0; skip <= GAP && i + skip <= words.length; skip++) {
      const end = matchAt(words, elements, i + skip, e + 1);
      if (end !== -1) return end;
    }
    return -1;
  }
  const w = words[i];
  if (w !== undefined && el.alts.some((a) => (a.prefix ? w.startsWith(a.word) : w === a.word))) {
    const end = matchAt(words, elements, i + 1, e + 1);
    if (end !== -1) return end;
  }
  return el.optional ? matchAt(words, elements, i, e + 1) : -1;
}

function hasSequence(words: readonly string[], cue: string, from = 0, to = words.length): boolean {
  const seq = cue.split(' ');
  for (let i = from; i + seq.length <= to; i++) if (seq.every((w, k) => words[i + k] === w)) return true;
  return false;
}

// ---------------------------------------------------------------- clauses

interface Mention {
  partnerId: string;
  name: string;
  start: number;
  end: number;
  deflected: boolean;
}

interface Clause {
  sentence: number;
  tokens: Token[];
  words: string[];
  mentions: Mention[];
}

function clausesOf(tokens: readonly Token[], names: PartnerNames): Clause[] {
  const clauses: Clause[] = [];
  let current: Token[] = [];
  const flush = () => {
    if (current.length) clauses.push(clauseOf(current, names));
    current = [];
  };
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const breaks = CLAUSE_BREAKS.includes(t.word) || (t.afterComma && COMMA_CLAUSE_BREAKS.includes(t.word));
    if (prev && (prev.sentence !== t.sentence || breaks)) flush();
    current.push(t);
  });
  flush();
  return clauses;
}

function clauseOf(tokens: Token[], names: PartnerNames): Clause {
  const words = tokens.map((t) => t.word);
  const mentions: Mention[] = [];
  const taken = new Set<number>();
  for (const term of names.terms) {
    for (let i = 0; i + term.words.length <= words.length; i++) {
      if (!term.words.every((w, k) => words[i + k] === w && !taken.has(i + k))) continue;
      const end = i + term.words.length;
      for (let k = i; k < end; k++) taken.add(k);
      // A comparison reaches back only to the last comma: "Unlike Contoso, Fabrikam never…" is about Fabrikam.
      const from = Math.max(0, ...tokens.map((t, k) => (k <= i && t.afterComma ? k : 0)));
      mentions.push({ partnerId: term.partnerId, name: term.name, start: i, end, deflected: deflected(words, from, i, end) });
    }
  }
  mentions.sort((a, b) => a.start - b.start);
  return { sentence: tokens[0]!.sentence, tokens, words, mentions };
}

/** "Unlike Contoso", "compared to Fabrikam", "not Contoso", "Contoso's competitor": the partner is not the subject. */
function deflected(words: readonly string[], from: number, start: number, end: number): boolean {
  if (words[start - 1] === 'not') return true;
  if (DEFLECT_BEFORE.some((cue) => hasSequence(words, cue, Math.max(from, start - 3), start))) return true;
  const after = words.slice(end, end + 2);
  return after.some((w) => COMPETITOR_CUES.includes(w));
}

/** The phrase is negated, hypothetical or resolved: it does not count. */
function cancelled(clause: Clause, start: number, end: number, partnerWords: ReadonlySet<number>): boolean {
  const { words } = clause;
  const before: string[] = [];
  for (let i = start - 1; i >= 0 && before.length < NEGATION_REACH; i--) if (!partnerWords.has(i)) before.push(words[i]!);
  if (before.some((w) => NEGATORS.includes(w))) return true;
  if (HYPOTHETICAL_CUES.some((cue) => hasSequence(words, cue, 0, start))) return true;
  if (words[0] === 'should') return true;
  return RESOLVED_CUES.some((cue) => hasSequence(words, cue, 0, start) || hasSequence(words, cue, end));
}

function firstRealWord(clause: Clause): string | undefined {
  return clause.words.find((w) => !CONNECTORS.includes(w));
}

/** The partners a clause's phrases are about: its own, or (a clause starting "they…", "we…") the nearest one before. */
function subjects(clauses: readonly Clause[], index: number): Mention[] {
  const clause = clauses[index]!;
  const own = clause.mentions.filter((m) => !m.deflected);
  if (own.length || clause.mentions.length) return own;
  if (clause.words.some((w) => COMPETITOR_CUES.includes(w))) return [];
  if (!PRONOUNS.includes(firstRealWord(clause) ?? '')) return [];
  for (let j = index - 1; j >= 0; j--) {
    const earlier = clauses[j]!;
    if (earlier.sentence < clause.sentence - 1) break;
    const named = earlier.mentions.filter((m) => !m.deflected);
    if (named.length) return named;
    if (earlier.mentions.length) return [];
  }
  return [];
}

/**
 * Which known partners the message names together with trigger language, and the words that matched. One entry per
 * partner and trigger, in the order the message names them.
 */
export function spot(text: string, names: PartnerNames): Spotted[] {
  if (!names.terms.length || !text.trim()) return [];
  const clauses = clausesOf(tokenize(text), names);
  if (!clauses.some((c) => c.mentions.length)) return [];
  const found = new Map<string, Spotted>();
  clauses.forEach((clause, index) => {
    const partnerWords = new Set(clause.mentions.flatMap((m) => Array.from({ length: m.end - m.start }, (_, k) => m.start + k)));
    for (const trigger of TRIGGERS) {
      for (const { elements } of COMPILED[trigger]) {
        for (let i = 0; i < clause.words.length; i++) {
          const end = matchAt(clause.words, elements, i);
          if (end <= i || cancelled(clause, i, end, partnerWords)) continue;
          const words = textOf(text, clause.tokens, i, end);
          for (const m of subjects(clauses, index)) {
            const key = `${m.partnerId}|${trigger}`;
            const entry = found.get(key) ?? { partnerId: m.partnerId, partnerName: m.name, trigger, matched: [] };
            if (!entry.matched.includes(words)) entry.matched.push(words);
            found.set(key, entry);
          }
          break;
        }
      }
    }
  });
  return [...found.values()];
}

/** The message's own words from token `from` to token `to` (exclusive), as written. */
function textOf(text: string, tokens: readonly Token[], from: number, to: number): string {
  return text.slice(tokens[from]!.start, tokens[to - 1]!.end).replace(/\s+/g, ' ');
}

/** The known partners a message names as its subject (not "unlike X"), in order: the guess for a flag form. */
export function partnersNamed(text: string, names: PartnerNames): Array<{ partnerId: string; name: string }> {
  if (!names.terms.length) return [];
  const seen = new Map<string, { partnerId: string; name: string; deflected: boolean }>();
  for (const clause of clausesOf(tokenize(text), names)) {
    for (const m of clause.mentions) {
      const held = seen.get(m.partnerId);
      if (!held) seen.set(m.partnerId, { partnerId: m.partnerId, name: m.name, deflected: m.deflected });
      else if (!m.deflected) held.deflected = false;
    }
  }
  const all = [...seen.values()];
  return [...all.filter((p) => !p.deflected), ...all.filter((p) => p.deflected)].map(({ partnerId, name }) => ({ partnerId, name }));
}
