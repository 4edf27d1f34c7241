// Plays Teams' part of an Action.Execute: the clicked action's data merged with every input of the card
// (as Teams sends them: strings, "" when empty), plus what the test "types". Typing into an input the
// card does not have fails, so template input ids and the parser cannot drift apart.

interface Node {
  type?: string;
  id?: string;
  value?: unknown;
  verb?: string;
  data?: Record<string, unknown>;
  [k: string]: unknown;
}

function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Node);
    Object.values(node).forEach((v) => walk(v, visit));
  }
}

export function inputsOf(card: unknown): Record<string, string> {
  const inputs: Record<string, string> = {};
  walk(card, (n) => {
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string') {
      inputs[n.id] = n.value === undefined || n.value === null ? '' : String(n.value);
    }
  });
  return inputs;
}

export function executeActions(card: unknown): Node[] {
  const found: Node[] = [];
  walk(card, (n) => {
    if (n.type === 'Action.Execute') found.push(n);
  });
  return found;
}

export function findAction(card: unknown, verb: string, title?: string): Node {
  const action = executeActions(card).find((a) => a.verb === verb && (title === undefined || a.title === title));
  if (!action) throw new Error(`no Action.Execute "${verb}"${title ? ` titled "${title}"` : ''} on the card`);
  return action;
}

/** The `data` Teams would send for clicking `verb` after typing `typed` into the card's inputs. */
export function submitData(card: unknown, verb: string, typed: Record<string, string> = {}, title?: string): Record<string, unknown> {
  const action = findAction(card, verb, title);
  const inputs = inputsOf(card);
  for (const key of Object.keys(typed)) if (!(key in inputs)) throw new Error(`the card has no input "${key}"`);
  return { ...(action.data ?? {}), ...inputs, ...typed };
}
