// The README's table of the health formula is the code's: every weight the score uses is a row, with its value,
// and every row names a weight the code has. Change one without the other and this fails.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HEALTH_WEIGHTS } from '../../src/domain';

/** `stage.plateau` -> 8 for nested weights. */
function flatten(o: Record<string, unknown>, prefix = ''): Record<string, number> {
  return Object.fromEntries(
    Object.entries(o).flatMap(([k, v]) => (typeof v === 'number' ? [[`${prefix}${k}`, v]] : Object.entries(flatten(v as Record<string, unknown>, `${prefix}${k}.`)))),
  );
}

/** The rows of the table under "## Partner health" whose weight cell is a `code` name: name -> points. */
function readmeWeights(): Record<string, number> {
  const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Partner health'));
  if (!section) throw new Error('README has no "## Partner health" section');
  const rows = section.split('\n').filter((l) => /^\| [^|]+ \| `[^`]+` \| [\d.]+ \|/.test(l));
  return Object.fromEntries(rows.map((l) => l.split('|').map((c) => c.trim())).map((cells) => [cells[2]!.replace(/`/g, ''), Number(cells[3])]));
}

describe('the README formula table', () => {
  it('lists every weight of the code, with its value, and nothing else', () => {
    const documented = readmeWeights();
    expect(Object.keys(documented).length).toBeGreaterThan(10);
    expect(documented).toEqual(flatten(HEALTH_WEIGHTS));
  });
});
