// npm run cards:gallery [-- name…]: every card template in cards/, expanded with its sample data, rendered
// as Teams would draw it (scripts/render-cards.ts) to gallery/<name>.png, with gallery/index.html to browse
// them. Prints the time per card; exits 1 if any card rendered with a problem (the page lists them).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CARDS_DIR, cardBytes, expandCard, templateNames } from '../src/teams/cards/render';
import type { RenderResult } from './render-cards';
import { CardRenderer } from './render-cards';

const OUT_DIR = path.resolve(__dirname, '..', 'gallery');

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

interface Entry {
  result: RenderResult;
  bytes: number;
}

function indexHtml(entries: Entry[], totalMs: number): string {
  const items = entries
    .map(({ result: r, bytes }) => {
      const problems = r.problems.map((p) => `<li class="problem">${escapeHtml(p)}</li>`).join('');
      const notes = r.notes.map((n) => `<li class="note">${escapeHtml(n)}</li>`).join('');
      return `<section id="${escapeHtml(r.name)}">
  <h2><a href="#${escapeHtml(r.name)}">${escapeHtml(r.name)}</a> <small>${r.width}×${r.height} px · ${(bytes / 1024).toFixed(1)} KB JSON · ${r.ms} ms</small></h2>
  ${problems || notes ? `<ul>${problems}${notes}</ul>` : ''}
  <div class="row">
    <figure><a href="${escapeHtml(r.name)}.png"><img src="${escapeHtml(r.name)}.png" width="${r.width + 32}" alt="${escapeHtml(r.name)} card"></a><figcaption>as sent</figcaption></figure>
    ${r.expanded
      .map((x, i) => {
        const file = `${r.name}.open-${i + 1}.png`;
        return `<figure><a href="${escapeHtml(file)}"><img src="${escapeHtml(file)}" width="${r.width + 32}" alt="${escapeHtml(r.name)} card with ${escapeHtml(x.title)} open"></a><figcaption>${escapeHtml(x.title)} opened</figcaption></figure>`;
      })
      .join('\n    ')}
  </div>
</section>`;
    })
    .join('\n');
  const failing = entries.filter((e) => e.result.problems.length).length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>partner-fit card gallery</title>
<style>
  body { font-family: 'Segoe UI', 'Liberation Sans', sans-serif; margin: 24px; color: #252424; background: #fafafa; }
  nav a { margin-right: 10px; white-space: nowrap; }
  section { margin: 32px 0; }
  h2 { font-size: 18px; margin: 0 0 8px; } h2 small { font-weight: 400; color: #605e5c; font-size: 13px; }
  li.problem { color: #c4314b; } li.note { color: #605e5c; }
  img { display: block; border: 0; }
  .row { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
  figure { margin: 0; } figcaption { font-size: 13px; color: #605e5c; margin-top: 4px; }
</style></head><body>
<h1>partner-fit card gallery</h1>
<p>${entries.length} cards from <code>cards/</code>, each expanded with its sample data and drawn by the official Adaptive Cards
renderer (adaptivecards 3.0.6) in headless Chromium with a Teams-like host config, in ${(totalMs / 1000).toFixed(1)} s.
${failing ? `<strong style="color:#c4314b">${failing} with problems.</strong>` : 'No render problems.'}
Teams' charts are drawn as their text fallback here.</p>
<nav>${entries.map((e) => `<a href="#${escapeHtml(e.result.name)}">${escapeHtml(e.result.name)}</a>`).join(' ')}</nav>
${items}
</body></html>
`;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = templateNames().filter((n) => wanted.length === 0 || wanted.includes(n));
  if (names.length === 0) throw new Error(`no card templates match ${wanted.join(', ')}`);
  mkdirSync(OUT_DIR, { recursive: true });
  const started = performance.now();
  const renderer = await CardRenderer.launch();
  const launchMs = Math.round(performance.now() - started);
  const entries: Entry[] = [];
  try {
    for (const name of names) {
      const data = JSON.parse(readFileSync(path.join(CARDS_DIR, `${name}.data.json`), 'utf8')) as object;
      const card = expandCard(name, data);
      const result = await renderer.render(name, card);
      writeFileSync(path.join(OUT_DIR, `${name}.png`), result.png);
      result.expanded.forEach((x, i) => writeFileSync(path.join(OUT_DIR, `${name}.open-${i + 1}.png`), x.png));
      entries.push({ result, bytes: cardBytes(card) });
      const flag = result.problems.length ? `  ${result.problems.length} problem(s)` : '';
      const opened = result.expanded.length ? ` (+${result.expanded.length} opened)` : '';
      console.log(`${name.padEnd(20)} ${`${result.width}×${result.height}`.padStart(9)} ${String(result.ms).padStart(5)} ms${opened}${flag}`);
      for (const p of result.problems) console.log(`    ${p}`);
    }
  } finally {
    await renderer.close();
  }
  const totalMs = Math.round(performance.now() - started);
  writeFileSync(path.join(OUT_DIR, 'index.html'), indexHtml(entries, totalMs));
  const renderMs = entries.reduce((sum, e) => sum + e.result.ms, 0);
  console.log(
    `${entries.length} cards in ${(totalMs / 1000).toFixed(1)} s (Chromium start ${launchMs} ms, ${Math.round(renderMs / entries.length)} ms per card) -> ${path.relative(process.cwd(), OUT_DIR)}/index.html`,
  );
  const failing = entries.filter((e) => e.result.problems.length);
  if (failing.length) {
    console.error(`${failing.length} card(s) rendered with problems: ${failing.map((e) => e.result.name).join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
