// Reading Adaptive Cards the way a person and Teams do, for every suite: the inputs and the values Teams would
// send (toggles their valueOff), the buttons, what a click submits, and the text a person reads.
export type Card = Record<string, unknown>;

export interface Node {
  type?: string;
  id?: string;
  value?: unknown;
  valueOff?: unknown;
  verb?: string;
  title?: string;
  text?: string;
  data?: Record<string, unknown>;
  facts?: Array<{ title?: string; value?: string }>;
  [k: string]: unknown;
}

export function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Node);
    Object.values(node).forEach((v) => walk(v, visit));
  }
}

/** The card's own inputs with the values Teams would send untouched: the default, valueOff for a toggle, else "". */
export function inputsOf(card: Card): Record<string, string> {
  const inputs: Record<string, string> = {};
  walk(card, (n) => {
    if (typeof n.type !== 'string' || !n.type.startsWith('Input.') || typeof n.id !== 'string') return;
    const fallback = n.type === 'Input.Toggle' ? (n.valueOff ?? 'false') : '';
    inputs[n.id] = n.value === undefined || n.value === null ? String(fallback) : String(n.value);
  });
  return inputs;
}

/** The values each ChoiceSet offers, by input id. */
export function choicesOf(card: Card): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  walk(card, (n) => {
    if (n.type === 'Input.ChoiceSet' && typeof n.id === 'string') out[n.id] = ((n.choices as Array<{ value?: string }> | undefined) ?? []).map((c) => String(c.value));
  });
  return out;
}

/** Every Action.Execute on the card except the refresh action (which no one clicks). */
export function buttonsOf(card: Card): Node[] {
  const found: Node[] = [];
  const refresh = (card.refresh as { action?: unknown } | undefined)?.action;
  walk(card, (n) => {
    if (n.type === 'Action.Execute' && n !== refresh) found.push(n);
  });
  return found;
}

export interface ButtonQuery {
  verb: string;
  /** For `show-card`: which form it opens. */
  form?: string;
  title?: string | RegExp;
  /** A button in the row (ColumnSet) whose text matches: e.g. "Mark done" next to one action. */
  near?: RegExp;
}

export function describeQuery(q: ButtonQuery): string {
  return `${q.verb}${q.form ? ` (form ${q.form})` : ''}${q.title ? ` "${String(q.title)}"` : ''}${q.near ? ` next to ${String(q.near)}` : ''}`;
}

function matches(n: Node, q: ButtonQuery): boolean {
  if (n.verb !== q.verb) return false;
  if (q.form !== undefined && n.data?.form !== q.form) return false;
  if (q.title !== undefined && !(typeof q.title === 'string' ? n.title === q.title : q.title.test(String(n.title)))) return false;
  return true;
}

export function findButton(card: Card, query: ButtonQuery | string): Node | undefined {
  const q = typeof query === 'string' ? { verb: query } : query;
  const near = q.near;
  if (!near) return buttonsOf(card).find((n) => matches(n, q));
  const rows: Node[] = [];
  walk(card, (n) => {
    if (n.type === 'ColumnSet' && near.test(cardText(n as Card))) rows.push(n);
  });
  return rows.flatMap((r) => buttonsOf(r as Card)).find((n) => matches(n, q));
}

export function hasButton(card: Card, query: ButtonQuery | string): boolean {
  return findButton(card, query) !== undefined;
}

/** "verb (form)" of every button, to say what a card offered when the expected one is missing. */
export function buttonList(card: Card): string[] {
  return buttonsOf(card).map((n) => `${String(n.verb)}${n.data?.form ? `:${String(n.data.form)}` : ''} "${String(n.title)}"`);
}

/** The `data` Teams sends for a click: the action's data merged with every input of the card and what was typed. */
export function submitData(card: Card, query: ButtonQuery | string, typed: Record<string, string> = {}): Record<string, unknown> {
  const q = typeof query === 'string' ? { verb: query } : query;
  const action = findButton(card, q);
  if (!action) throw new Error(`The card offers no ${describeQuery(q)}. It offers: ${buttonList(card).join(', ') || 'nothing'}.\n${cardText(card)}`);
  const inputs = inputsOf(card);
  const choices = choicesOf(card);
  for (const [key, value] of Object.entries(typed)) {
    if (!(key in inputs)) throw new Error(`The card has no input "${key}" (it has: ${Object.keys(inputs).join(', ') || 'none'}).`);
    const offered = choices[key];
    const picked = value.split(',').filter((v) => v !== '');
    if (offered && picked.some((v) => !offered.includes(v))) throw new Error(`"${value}" is not among the choices of ${key}: ${offered.join(', ')}`);
  }
  return { ...(action.data ?? {}), ...inputs, ...typed };
}

/** The URL of the card's Action.OpenUrl with this title (undefined when it has none). */
export function openUrlOf(card: Card, title: string | RegExp): string | undefined {
  let found: string | undefined;
  walk(card, (n) => {
    if (found === undefined && n.type === 'Action.OpenUrl' && (typeof title === 'string' ? n.title === title : title.test(String(n.title)))) found = String(n.url);
  });
  return found;
}

/** Every TextBlock and fact of the card, one per line: what a person reads. */
export function cardText(card: Card): string {
  const lines: string[] = [];
  walk(card, (n) => {
    if (n.type === 'TextBlock' && typeof n.text === 'string') lines.push(n.text);
    if (n.type === 'FactSet') for (const f of n.facts ?? []) lines.push(`${f.title ?? ''}: ${f.value ?? ''}`);
  });
  return lines.join('\n');
}

export function factsOf(card: Card): Record<string, string> {
  const facts: Record<string, string> = {};
  walk(card, (n) => {
    if (n.type === 'FactSet') for (const f of n.facts ?? []) if (f.title && !(f.title in facts)) facts[f.title] = f.value ?? '';
  });
  return facts;
}

/** The line on top of a case card or form ("Flag recorded.", a ping's reason); '' when there is none. */
export function headlineOf(card: Card): string {
  const first = (card.body as Node[] | undefined)?.[0];
  if (first?.type !== 'Container' || first.bleed !== true) return '';
  const block = (first.items as Node[] | undefined)?.[0];
  return typeof block?.text === 'string' ? block.text : '';
}

/** "Case 1 · IC reset · strike 1 · 1 occurrence" */
export function subtitleOf(card: Card): string {
  const blocks: Node[] = [];
  walk(card.body, (n) => {
    if (n.type === 'TextBlock') blocks.push(n);
  });
  return String(blocks.find((b) => typeof b.text === 'string' && /^Case \d+ · /.test(b.text))?.text ?? '');
}

export function refreshUsersOf(card: Card): string[] {
  return (card.refresh as { userIds?: string[] } | undefined)?.userIds ?? [];
}

/** Every Action.Execute on the card, the refresh action included. */
export function executeActions(card: unknown): Node[] {
  const found: Node[] = [];
  walk(card, (n) => {
    if (n.type === 'Action.Execute') found.push(n);
  });
  return found;
}

/** Every piece of text a person can read on a card (text blocks, facts, runs, choices, button titles). */
export function allText(card: unknown): string {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'value', 'label', 'placeholder', 'errorMessage', 'fallbackText']) {
      if (typeof n[key] === 'string') out.push(n[key] as string);
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'data' && typeof value === 'object') visit(value);
  };
  visit(card);
  return out.join('\n');
}
