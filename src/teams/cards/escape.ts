// Every user-supplied string passes through here before it reaches a card template.
//
// Teams renders TextBlock text and FactSet titles/values as (a subset of) CommonMark, and evaluates
// `{{DATE(…)}}` / `{{TIME(…)}}` functions in them. A user string must show exactly as typed: no links,
// emphasis, lists, headings, HTML or date functions made out of it, and no `${…}` that could ever be read
// as a template expression. CommonMark lets any ASCII punctuation be backslash-escaped, so we escape the
// characters that start markup, and neutralise line-start block markers.
//
// Inputs (`value`, `placeholder`), choice titles and button titles are not markdown: they take `plainText`,
// which only cleans and bounds the string (escaping there would show the backslashes).

/** C0/C1 controls (except tab and newline) and bidi overrides that could disguise text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Characters that start inline markup anywhere in a line (and `$`, `{`, `}` for templates and date functions). */
const INLINE = /[\\`*_{}[\]<>&#|~$]/g;

/** Block markers that only matter at the start of a line: bullets, setext underlines, ordered-list numbers. */
const LINE_START = /^([-+=])|^(\d{1,9})([.)])(?=\s|$)/;

function clean(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(UNSAFE, '');
}

/** Cut to at most `max` characters (by code point), marking the cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/**
 * The one escaping function for text shown as markdown (TextBlock, Fact title/value).
 * Each line of the input becomes its own paragraph, so line breaks the user typed survive.
 */
export function escapeText(value: string | undefined | null, max?: number): string {
  if (value === undefined || value === null) return '';
  let text = clean(String(value));
  if (max !== undefined) text = truncate(text, max);
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => line.replace(INLINE, (c) => `\\${c}`).replace(LINE_START, (_m, mark, num, dot) => (mark ? `\\${mark}` : `${num}\\${dot}`)))
    .join('\n\n');
}

/** For surfaces Teams does not render as markdown: input values, placeholders, choice and button titles. */
export function plainText(value: string | undefined | null, max?: number): string {
  if (value === undefined || value === null) return '';
  const text = clean(String(value)).trim();
  return max === undefined ? text : truncate(text, max);
}

/** A one-line variant for titles and names: newlines become spaces. */
export function plainLine(value: string | undefined | null, max?: number): string {
  return plainText(value === undefined || value === null ? value : String(value).replace(/\s*[\r\n]+\s*/g, ' '), max);
}

/**
 * A user-supplied string inside a text reply (Teams shows bot text as markdown): one line, every character that
 * could start markup escaped, as escapeText does for cards. The reply's own markdown stays live around it.
 */
export function escapeInline(value: string | undefined | null, max?: number): string {
  return plainLine(value, max).replace(INLINE, (c) => `\\${c}`);
}

/** A user-supplied string inside a `code span` of a text reply: shown literally already, so only a backtick could end it. */
export function codeInline(value: string | undefined | null, max?: number): string {
  return plainLine(value, max).replace(/`/g, "'");
}
