// Just enough Bicep reading for the infra tests: params, outputs, modules and object blocks, with strings and
// comments skipped. The Bicep CLI cannot be installed here (its npm packages download it at run time).

export interface BicepParam {
  name: string;
  type: string;
  hasDefault: boolean;
  decorators: string[];
}

/** The text with comments blanked and string contents replaced by spaces (lengths kept, so indexes line up). */
export function maskStringsAndComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') {
        out += ' ';
        i++;
      }
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === "'") {
      // Single-quoted string; `${...}` interpolations are kept as spaces too (good enough for our files).
      out += "'";
      i++;
      while (i < text.length && text[i] !== "'") {
        if (text[i] === '\\') {
          out += '  ';
          i += 2;
          continue;
        }
        out += text[i] === '\n' ? '\n' : ' ';
        i++;
      }
      out += "'";
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Brackets that do not pair up, as "line:col" messages. */
export function bracketProblems(text: string): string[] {
  const masked = maskStringsAndComments(text);
  const pairs: Record<string, string> = { '}': '{', ']': '[', ')': '(' };
  const stack: { ch: string; at: number }[] = [];
  const where = (at: number) => {
    const before = masked.slice(0, at).split('\n');
    return `${before.length}:${(before[before.length - 1] ?? '').length + 1}`;
  };
  const problems: string[] = [];
  for (let i = 0; i < masked.length; i++) {
    const ch = masked[i] as string;
    if ('{[('.includes(ch)) stack.push({ ch, at: i });
    else if (ch in pairs) {
      const open = stack.pop();
      if (!open || open.ch !== pairs[ch]) problems.push(`unmatched ${ch} at ${where(i)}`);
    }
  }
  for (const open of stack) problems.push(`unclosed ${open.ch} at ${where(open.at)}`);
  return problems;
}

export function params(text: string): BicepParam[] {
  const lines = maskStringsAndComments(text).split('\n');
  const original = text.split('\n');
  const result: BicepParam[] = [];
  let decorators: string[] = [];
  lines.forEach((line, i) => {
    const src = original[i] ?? '';
    if (/^@\w+/.test(line)) {
      decorators.push((/^@(\w+)/.exec(line) as RegExpExecArray)[1] as string);
      return;
    }
    const m = /^param\s+(\w+)\s+(\w+)(\s*=.*)?$/.exec(src.trim());
    if (m && line.startsWith('param')) {
      result.push({ name: m[1] as string, type: m[2] as string, hasDefault: Boolean(m[3]), decorators });
    }
    if (line.trim() !== '') decorators = [];
  });
  return result;
}

export function outputs(text: string): { name: string; type: string; value: string }[] {
  return [...text.matchAll(/^output\s+(\w+)\s+(\w+)\s*=\s*(.+)$/gm)].map((m) => ({ name: m[1] as string, type: m[2] as string, value: (m[3] as string).trim() }));
}

/** The text between the `{` at `open` and its matching `}`. */
function blockAt(text: string, open: number): string {
  const masked = maskStringsAndComments(text);
  let depth = 0;
  for (let i = open; i < masked.length; i++) {
    if (masked[i] === '{') depth++;
    else if (masked[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error(`no closing brace for the block at ${open}`);
}

/** The body of the first `<key>: {` inside a block. */
export function childBlock(block: string, key: string): string {
  const m = new RegExp(`(^|\\n)\\s*${key}:\\s*\\{`).exec(maskStringsAndComments(block));
  if (!m) throw new Error(`no "${key}: {" block`);
  return blockAt(block, m.index + m[0].length - 1);
}

/** The keys at the top level of an object body, with their raw values when they fit on the line. */
export function topLevelEntries(block: string): Map<string, string> {
  const masked = maskStringsAndComments(block);
  const entries = new Map<string, string>();
  let depth = 0;
  let lineStart = 0;
  for (let i = 0; i <= masked.length; i++) {
    if (i === masked.length || masked[i] === '\n') {
      if (depth === 0) {
        const m = /^\s*'?([\w$]+)'?\s*:\s*(.*)$/.exec(block.slice(lineStart, i));
        if (m) entries.set(m[1] as string, (m[2] as string).trim());
      }
      for (const ch of masked.slice(lineStart, i)) {
        if (ch === '{' || ch === '[') depth++;
        if (ch === '}' || ch === ']') depth--;
      }
      lineStart = i + 1;
    }
  }
  return entries;
}

export interface BicepDeclaration {
  kind: 'resource' | 'module';
  symbol: string;
  /** Resource type with API version, or module path. */
  target: string;
  body: string;
}

export function declarations(text: string): BicepDeclaration[] {
  const masked = maskStringsAndComments(text);
  const found: BicepDeclaration[] = [];
  const re = /^(resource|module)\s+(\w+)\s+'[^']*'(\s+existing)?\s*=\s*(\[[^\n]*?)?\{/gm;
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    const quoted = /'([^']*)'/.exec(text.slice(m.index, m.index + m[0].length)) as RegExpExecArray;
    found.push({ kind: m[1] as 'resource' | 'module', symbol: m[2] as string, target: quoted[1] as string, body: blockAt(text, m.index + m[0].length - 1) });
  }
  return found;
}
