// Every card template, expanded with its sample data, drawn as Teams would draw it (scripts/render-cards.ts):
// no parse or validation event, no renderer warning, no exception or console error in the page, no text cut
// off, and a picture with something on it. Each Action.ShowCard is opened and checked too.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { CARDS_DIR, expandCard, templateNames } from '../../src/teams/cards/render';
import type { RenderResult } from '../../scripts/render-cards';
import { CardRenderer } from '../../scripts/render-cards';

let renderer: CardRenderer;

beforeAll(async () => {
  renderer = await CardRenderer.launch();
}, 60_000);

afterAll(async () => {
  await renderer?.close();
});

/** Distinct colours in the picture: a blank or single-colour image has one or two. */
function colours(png: Buffer): number {
  const image = PNG.sync.read(png);
  const seen = new Set<number>();
  for (let i = 0; i < image.data.length && seen.size < 50; i += 4 * 7) seen.add(image.data.readUInt32BE(i));
  return seen.size;
}

function expectDrawn(result: RenderResult): void {
  expect(result.problems).toEqual([]);
  expect(result.text.trim().length).toBeGreaterThan(0);
  expect(result.height).toBeGreaterThan(16);
  const image = PNG.sync.read(result.png);
  expect(image.width).toBeGreaterThanOrEqual(result.width);
  expect(colours(result.png)).toBeGreaterThan(2);
}

const names = templateNames();

describe('card rendering', () => {
  it('finds the templates', () => {
    expect(names.length).toBeGreaterThanOrEqual(26);
  });

  describe.each(names)('%s', (name) => {
    it('renders with its sample data: no errors or warnings, nothing cut off, not empty', async () => {
      const data = JSON.parse(readFileSync(path.join(CARDS_DIR, `${name}.data.json`), 'utf8')) as object;
      const result = await renderer.render(name, expandCard(name, data));
      expectDrawn(result);
      for (const opened of result.expanded) expect(colours(opened.png)).toBeGreaterThan(2);
    });
  });

  it('draws the fallback of Teams charts, and opens show cards', async () => {
    const digest = await renderer.render('digest', expandCard('digest', JSON.parse(readFileSync(path.join(CARDS_DIR, 'digest.data.json'), 'utf8'))));
    expect(digest.notes.filter((n) => /^Chart\.\w+: drew its fallback$/.test(n)).length).toBeGreaterThan(0);
    const approval = await renderer.render('reset-approval', expandCard('reset-approval', JSON.parse(readFileSync(path.join(CARDS_DIR, 'reset-approval.data.json'), 'utf8'))));
    expect(approval.expanded.length).toBeGreaterThan(0);
    expect(approval.expanded[0]!.height).toBeGreaterThan(approval.height);
  });
});

describe('the render check itself', () => {
  const card = (body: unknown[], extra: object = {}) => ({ type: 'AdaptiveCard', version: '1.5', body, ...extra });

  it('reports unknown elements, invalid inputs and charts without a fallback', async () => {
    const result = await renderer.render(
      'bad',
      card([{ type: 'TextBlock', text: 'hello', wrap: true }, { type: 'Bogus' }, { type: 'Input.Text' }, { type: 'Chart.Pie', title: 'No fallback' }]),
    );
    const all = result.problems.join('\n');
    expect(all).toMatch(/Unknown element type "Bogus"/);
    expect(all).toMatch(/must have an id|id/i);
    expect(all).toMatch(/Chart.Pie has no fallback element/);
  });

  it('reports an empty card', async () => {
    const result = await renderer.render('empty', card([]));
    expect(result.problems.join('\n')).toMatch(/empty output/);
  });

  it('reports text cut off at the right edge', async () => {
    const result = await renderer.render(
      'clipped',
      // A markdown table does not wrap its words (a list inside a TextBlock once did not either, before the CSS fix).
      card([{ type: 'ColumnSet', columns: [{ type: 'Column', width: '60px', items: [{ type: 'TextBlock', text: '| a | b |\n|---|---|\n| WWWWWWWWWWWW | WWWWWWWWWWWW |', wrap: true }] }] }]),
    );
    expect(result.problems.join('\n')).toMatch(/cut off at the right edge/);
  });

  it('never reaches the network', async () => {
    const result = await renderer.render('image', card([{ type: 'TextBlock', text: 'logo', wrap: true }, { type: 'Image', url: 'https://example.com/logo.png', altText: 'logo' }]));
    expect(result.notes.join('\n')).toMatch(/refused a network request: https:\/\/example.com\/logo.png/);
  });
});
