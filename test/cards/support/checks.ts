// Checks every card must pass, whatever data it was expanded from.
import { MAX_CARD_BYTES, cardBytes } from '../../../src/teams/cards/render';
import { checkCard } from './adaptive';

/** Properties the parser leaves out of its output when they hold their default value. */
const DEFAULTS: Record<string, unknown[]> = {
  wrap: [false],
  style: ['default', 'compact'],
  value: [''],
  isRequired: [false],
  items: [[]],
  actions: [[]],
  isVisible: [true],
};
/** Host-specific properties the generic parser does not model (Teams reads them). */
const HOST_PROPERTIES = new Set(['msteams']);

/** Properties in the card the parser did not keep: misspelt or unknown names, or values it rejected. */
export function droppedProperties(card: unknown, parsed: unknown, at = '$'): string[] {
  const out: string[] = [];
  if (Array.isArray(card)) {
    card.forEach((item, i) => out.push(...droppedProperties(item, Array.isArray(parsed) ? parsed[i] : undefined, `${at}[${i}]`)));
  } else if (card && typeof card === 'object') {
    // Teams' charts are registered as opaque elements in the test parser: their properties are Teams' to check.
    if (String((card as { type?: unknown }).type ?? '').startsWith('Chart.')) return out;
    const kept = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    for (const [key, value] of Object.entries(card)) {
      if (key in kept) out.push(...droppedProperties(value, kept[key], `${at}.${key}`));
      else if (HOST_PROPERTIES.has(key)) continue;
      else if (!(DEFAULTS[key] ?? []).some((d) => JSON.stringify(d) === JSON.stringify(value))) out.push(`${at}.${key}`);
    }
  }
  return out;
}

interface Node {
  type?: string;
  [k: string]: unknown;
}

function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Node);
    Object.values(node).forEach((v) => walk(v, visit));
  }
}

/** Every Action.Execute carries a verb and the case it is about (partnerId, caseId, stage). */
export function executeProblems(card: unknown): string[] {
  const problems: string[] = [];
  walk(card, (n) => {
    if (n.type !== 'Action.Execute') return;
    const data = n.data as Record<string, unknown> | undefined;
    if (typeof n.verb !== 'string' || !n.verb) problems.push(`an Action.Execute without a verb (${String(n.title)})`);
    if (!data || typeof data !== 'object') problems.push(`${String(n.verb)}: no data`);
    else for (const key of ['partnerId', 'caseId', 'stage']) if (!(key in data)) problems.push(`${String(n.verb)}: data without ${key}`);
  });
  return problems;
}

/** `${…}` left in the card: a template expression the data did not resolve. User text shows as `\$\{`. */
export function unresolved(card: unknown): string[] {
  const found: string[] = [];
  walk(card, (n) => {
    for (const v of Object.values(n)) if (typeof v === 'string' && /(?<!\\)\$\{/.test(v)) found.push(v.slice(0, 80));
  });
  return found;
}

export interface CardReport {
  problems: string[];
  dropped: string[];
  execute: string[];
  unresolved: string[];
  bytes: number;
  refreshUsers: number;
}

export function inspect(card: unknown): CardReport {
  const { problems, roundTrip } = checkCard(card);
  const refresh = (card as { refresh?: { userIds?: unknown[] } }).refresh;
  return {
    problems,
    dropped: droppedProperties(card, roundTrip),
    execute: executeProblems(card),
    unresolved: unresolved(card),
    bytes: cardBytes(card),
    refreshUsers: refresh?.userIds?.length ?? 0,
  };
}

/** Jest helper: a card that any Teams client would accept as sent. */
export function expectCleanCard(card: unknown): CardReport {
  const report = inspect(card);
  expect(report.problems).toEqual([]);
  expect(report.dropped).toEqual([]);
  expect(report.execute).toEqual([]);
  expect(report.unresolved).toEqual([]);
  expect(report.bytes).toBeLessThanOrEqual(MAX_CARD_BYTES);
  expect(report.refreshUsers).toBeLessThanOrEqual(60);
  return report;
}
