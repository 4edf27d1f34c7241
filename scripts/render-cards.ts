// Renders Adaptive Cards to PNG the way a Teams client would draw them, for the card gallery
// (scripts/cards-gallery.ts) and the render check (test/render). Headless Chromium from the Debian package
// `chromium`, driven by playwright-core; in the page, the official renderer (npm adaptivecards 3.0.6, its UMD
// bundle) with a Teams-like host config, markdown through markdown-it (Teams renders a markdown subset), and
// Teams' @mentions drawn as mentions. Nothing is fetched from the network: the scripts are injected from
// node_modules and every request the page makes is refused.
//
// Teams' Chart.* elements are unknown to this renderer, as to any host without charts: the renderer draws
// their `fallback`, which is what this checks for them (an unknown element without a fallback is an error).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** Card widths in a Teams chat on a desktop client: a normal card, and one with `msteams.width: "Full"`. */
export const CARD_WIDTHS = { normal: 440, full: 780 } as const;

// Teams' light theme (classic palette): text, subtle text, brand accent, and the semantic colours.
const TEAMS = {
  text: '#252424',
  subtle: '#bf252424',
  light: '#ffffff',
  accent: '#6264a7',
  accentSubtle: '#8b8cc7',
  good: '#92c353',
  warning: '#f8d22a',
  attention: '#c4314b',
  font: "'Segoe UI', 'Segoe UI Web (West European)', -apple-system, BlinkMacSystemFont, 'Helvetica Neue', 'Liberation Sans', 'DejaVu Sans', sans-serif",
  mono: "Consolas, 'Courier New', 'Liberation Mono', 'DejaVu Sans Mono', monospace",
};

function foregrounds() {
  const pair = (c: string, subtle: string) => ({ default: c, subtle });
  return {
    default: pair(TEAMS.text, TEAMS.subtle),
    dark: pair(TEAMS.text, TEAMS.subtle),
    light: pair(TEAMS.light, '#fff3f2f1'),
    accent: pair(TEAMS.accent, TEAMS.accentSubtle),
    good: pair(TEAMS.good, '#e592c353'),
    warning: pair(TEAMS.warning, '#e5f8d22a'),
    attention: pair(TEAMS.attention, '#e5c4314b'),
  };
}

const fontType = (fontFamily: string) => ({
  fontFamily,
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 200, default: 400, bolder: 600 },
});

/** A host config after Teams' light theme (Adaptive Cards designer's "Microsoft Teams" container). */
export const TEAMS_HOST_CONFIG = {
  choiceSetInputValueSeparator: ',',
  supportsInteractivity: true,
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#eeeeee' },
  imageSizes: { small: 32, medium: 52, large: 100 },
  fontTypes: { default: fontType(TEAMS.font), monospace: fontType(TEAMS.mono) },
  containerStyles: Object.fromEntries(
    (
      [
        ['default', '#ffffff'],
        ['emphasis', '#f9f8f7'],
        ['accent', '#c7def9'],
        ['good', '#ccffcc'],
        ['attention', '#ffc5b2'],
        ['warning', '#ffe2b2'],
      ] as const
    ).map(([name, backgroundColor]) => [name, { backgroundColor, foregroundColors: foregrounds() }]),
  ),
  actions: {
    maxActions: 6,
    spacing: 'Default',
    buttonSpacing: 8,
    showCard: { actionMode: 'Inline', inlineTopMargin: 16, style: 'emphasis' },
    preExpandSingleShowCardAction: false,
    actionsOrientation: 'Horizontal',
    actionAlignment: 'Left',
  },
  adaptiveCard: { allowCustomStyle: false },
  imageSet: { imageSize: 'Medium', maxImageHeight: 100 },
  factSet: {
    title: { size: 'Default', color: 'Default', isSubtle: false, weight: 'Bolder', wrap: true },
    value: { size: 'Default', color: 'Default', isSubtle: false, weight: 'Default', wrap: true },
    spacing: 16,
  },
};

// The Teams chat around the card, Teams' buttons (default, positive = brand filled, destructive = red text),
// inputs with Teams' underline, and mentions in the brand colour.
const TEAMS_CSS = `
  html, body { margin: 0; background: #f5f5f5; }
  body { padding: 16px; font-family: ${TEAMS.font}; -webkit-font-smoothing: antialiased; }
  #frame { display: inline-block; background: #fff; border-radius: 6px; box-shadow: 0 1px 2px rgba(0,0,0,.14), 0 0 2px rgba(0,0,0,.12); overflow: hidden; }
  .ac-adaptiveCard { font-family: ${TEAMS.font}; }
  .ac-pushButton { font-family: ${TEAMS.font}; font-size: 14px; font-weight: 600; min-height: 32px; padding: 4px 12px; border-radius: 4px;
    border: 1px solid #e1dfdd; background: #fff; color: #252424; cursor: pointer; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .ac-pushButton.style-positive, .ac-pushButton.primary { background: ${TEAMS.accent}; border-color: ${TEAMS.accent}; color: #fff; }
  .ac-pushButton.style-destructive { color: ${TEAMS.attention}; border-color: #e1dfdd; }
  .ac-pushButton.expanded { background: #e1dfdd; }
  .ac-pushButton-disabled { opacity: .5; }
  .ac-input { font-family: ${TEAMS.font}; font-size: 14px; color: #252424; }
  .ac-textInput, .ac-numberInput, .ac-dateInput, .ac-timeInput, .ac-multichoiceInput.ac-choiceSetInput-compact {
    box-sizing: border-box; width: 100%; min-height: 32px; padding: 5px 8px; border: 1px solid transparent; border-bottom: 1px solid #c8c6c4;
    border-radius: 4px; background: #f3f2f1; font-family: ${TEAMS.font}; font-size: 14px; color: #252424; }
  textarea.ac-textInput { min-height: 64px; resize: none; }
  .ac-input-container { width: 100%; }
  .ac-choiceSetInput-expanded label, .ac-toggleInput label { font-size: 14px; }
  .ac-textBlock p { margin: 0; }
  /* The renderer sets width: 100% on a TextBlock's list: with the indent inside that width, not added to it. */
  .ac-textBlock ul, .ac-textBlock ol { margin: 0; padding-left: 20px; box-sizing: border-box; }
  .ac-textBlock a { color: ${TEAMS.accent}; text-decoration: none; }
  .pf-mention { color: ${TEAMS.accent}; font-weight: 600; }
`;

// Runs in the page (plain JavaScript: the page has no TypeScript). `renderCard` returns what went wrong.
const PAGE_SCRIPT = `
(() => {
  const AC = window.AdaptiveCards;
  const md = window.markdownit({ html: false, linkify: false, breaks: false });
  const collected = [];
  for (const level of ['warn', 'error']) {
    const original = console[level].bind(console);
    console[level] = (...args) => { collected.push('console.' + level + ': ' + args.map(String).join(' ')); original(...args); };
  }
  window.addEventListener('error', (e) => collected.push('page error: ' + e.message));
  AC.GlobalSettings.applets.logEnabled = true;
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    // Teams draws <at>Name</at> (escaped by markdown-it, as raw HTML is off) as a mention.
    result.outputHtml = md.render(text).replace(/&lt;at&gt;(.*?)&lt;\\/at&gt;/g, '<span class="pf-mention">$1</span>');
    result.didProcess = true;
  };

  function chartsOf(node, out) {
    if (Array.isArray(node)) node.forEach((n) => chartsOf(n, out));
    else if (node && typeof node === 'object') {
      if (typeof node.type === 'string' && node.type.startsWith('Chart.')) out.push(node);
      for (const [k, v] of Object.entries(node)) if (k !== 'fallback') chartsOf(v, out);
    }
    return out;
  }

  // Text cut off at the right edge is unreadable: an error for wrapping text, a note where the template
  // chose truncation (wrap: false) and for button titles (Teams truncates those with an ellipsis too).
  window.checkLayout = () => {
    const problems = [];
    const notes = [];
    const frame = document.getElementById('frame');
    for (const el of frame.querySelectorAll('.ac-textBlock, .ac-pushButton > div')) {
      if (el.clientWidth === 0 || el.scrollWidth <= el.clientWidth + 1) continue;
      const what = '"' + el.innerText.replace(/\\s+/g, ' ').slice(0, 80) + '"';
      if (el.parentElement.classList.contains('ac-pushButton')) notes.push('button title truncated: ' + what);
      else if (getComputedStyle(el).whiteSpace === 'nowrap') notes.push('text truncated (wrap: false): ' + what);
      else problems.push('text cut off at the right edge: ' + what);
    }
    return { problems, notes, height: Math.ceil(frame.getBoundingClientRect().height) };
  };

  window.renderCard = (json, hostConfig, width) => {
    collected.length = 0;
    const problems = [];
    const notes = [];
    const frame = document.getElementById('frame');
    frame.innerHTML = '';
    frame.style.width = width + 'px';
    const charts = chartsOf(json.body || [], []);
    const card = new AC.AdaptiveCard();
    card.hostConfig = new AC.HostConfig(hostConfig);
    const context = new AC.SerializationContext();
    let unknownCharts = 0;
    try {
      card.parse(json, context);
    } catch (e) {
      problems.push('parse threw: ' + (e && e.stack || e));
    }
    for (let i = 0; i < context.eventCount; i++) {
      const e = context.getEventAt(i);
      const m = /Unknown element type "(Chart\\.[A-Za-z.]+)"/.exec(e.message);
      if (m) { unknownCharts++; continue; }
      problems.push('parse: ' + AC.ValidationEvent[e.event] + ': ' + e.message);
    }
    for (const e of card.validateProperties().validationEvents) problems.push('validate: ' + AC.ValidationEvent[e.event] + ': ' + e.message);
    if (unknownCharts !== charts.length) problems.push('expected ' + charts.length + ' chart element(s) reported unknown, got ' + unknownCharts);
    for (const chart of charts) {
      if (!chart.fallback || typeof chart.fallback !== 'object') problems.push(chart.type + ' has no fallback element: hosts without charts draw nothing');
      else notes.push(chart.type + ': drew its fallback');
    }
    let element;
    try {
      element = card.render();
    } catch (e) {
      problems.push('render threw: ' + (e && e.stack || e));
    }
    if (!element) problems.push('the renderer returned nothing');
    else frame.appendChild(element);
    for (const chart of charts) {
      const plain = (s) => String(s || '').replace(/[*_~]/g, '').replace(/\\s+/g, ' ').trim();
      const text = plain(chart.fallback && chart.fallback.text).slice(0, 30);
      if (text && !plain(frame.innerText).includes(text)) problems.push(chart.type + ': its fallback text is not on the card');
    }
    const rect = frame.getBoundingClientRect();
    const text = frame.innerText.trim();
    if (element && (rect.height < 16 || text.length === 0)) problems.push('empty output: ' + Math.round(rect.height) + 'px high, ' + text.length + ' characters');
    const layout = window.checkLayout();
    problems.push(...layout.problems, ...collected);
    notes.push(...layout.notes);
    return { problems, notes, text, width: Math.ceil(rect.width), height: Math.ceil(rect.height) };
  };
})();
`;

export interface RenderResult {
  name: string;
  png: Buffer;
  width: number;
  height: number;
  /** Milliseconds for this card: parse, render, layout and screenshot. */
  ms: number;
  /** Anything that makes the render wrong: parse/validation events, renderer warnings, exceptions, page errors. */
  problems: string[];
  /** Worth knowing, not an error: charts drawn as their fallback, text clipped with an ellipsis. */
  notes: string[];
  /** The card's visible text. */
  text: string;
  /** The card again with each Action.ShowCard opened in turn (its form is hidden until clicked). */
  expanded: { title: string; png: Buffer; height: number }[];
}

interface PageOutcome {
  problems: string[];
  notes: string[];
  text: string;
  width: number;
  height: number;
}

export class ChromiumMissingError extends Error {
  constructor(readonly executablePath: string) {
    super(
      `Chromium is not at ${executablePath}. Install the Debian package: apt-get update && apt-get install -y chromium ` +
        '(or set CHROMIUM_PATH to another Chromium).',
    );
    this.name = 'ChromiumMissingError';
  }
}

export class CardRenderer {
  private readonly pageProblems: string[] = [];
  private readonly refused: string[] = [];

  private constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
    private readonly userDataDir: string,
  ) {
    page.on('pageerror', (err) => this.pageProblems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') this.pageProblems.push(`console.${msg.type()}: ${msg.text()}`);
    });
  }

  /** Starts Chromium with a fresh profile and loads the renderer into a blank page. */
  static async launch(executablePath = CHROMIUM_PATH): Promise<CardRenderer> {
    if (!existsSync(executablePath)) throw new ChromiumMissingError(executablePath);
    const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'pf-cards-chromium-'));
    let context: BrowserContext | undefined;
    try {
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: CARD_WIDTHS.full + 64, height: 800 },
        deviceScaleFactor: 1,
        offline: true,
        serviceWorkers: 'block',
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const renderer = new CardRenderer(context, page, userDataDir);
      // Nothing from the network, ever: the scripts come from node_modules below.
      await context.route('**/*', (route) => {
        renderer.refused.push(route.request().url());
        return route.abort();
      });
      await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>${TEAMS_CSS}</style></head><body><div id="frame"></div></body></html>`);
      await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.js') });
      await page.addScriptTag({ path: require.resolve('markdown-it/dist/markdown-it.min.js') });
      await page.addScriptTag({ content: PAGE_SCRIPT });
      if (renderer.pageProblems.length) throw new Error(`the renderer page did not load cleanly:\n${renderer.pageProblems.join('\n')}`);
      return renderer;
    } catch (err) {
      await context?.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
      throw err;
    }
  }

  async render(name: string, card: object): Promise<RenderResult> {
    const started = performance.now();
    this.pageProblems.length = 0;
    this.refused.length = 0;
    const full = (card as { msteams?: { width?: string } }).msteams?.width?.toLowerCase() === 'full';
    const width = full ? CARD_WIDTHS.full : CARD_WIDTHS.normal;
    const outcome = (await this.page.evaluate(
      ([json, hostConfig, w]) => (window as unknown as { renderCard(j: unknown, h: unknown, w: number): unknown }).renderCard(json, hostConfig, w),
      [card, TEAMS_HOST_CONFIG, width] as const,
    )) as PageOutcome;
    const frame = this.page.locator('#frame');
    const png = await frame.screenshot({ type: 'png', animations: 'disabled' });
    const problems = [...outcome.problems];
    const notes = [...outcome.notes];
    const expanded: RenderResult['expanded'] = [];
    // Action.ShowCard buttons (the renderer marks them "expandable"), top level and nested, one at a time.
    const showCards = frame.locator('.ac-pushButton.expandable');
    for (let i = 0; i < (await showCards.count()); i++) {
      const button = showCards.nth(i);
      if (!(await button.isVisible())) continue;
      const title = ((await button.getAttribute('title')) ?? `show card ${i + 1}`).trim();
      await button.click();
      const layout = (await this.page.evaluate(() => (window as unknown as { checkLayout(): unknown }).checkLayout())) as Omit<PageOutcome, 'text' | 'width'>;
      expanded.push({ title, png: await frame.screenshot({ type: 'png', animations: 'disabled' }), height: layout.height });
      problems.push(...layout.problems.map((p) => `${title} (opened): ${p}`));
      notes.push(...layout.notes.filter((n) => !notes.includes(n)).map((n) => `${title} (opened): ${n}`));
      await button.click();
    }
    // Console messages the in-page hook already counted are not repeated.
    for (const p of this.pageProblems) if (!problems.some((q) => q.endsWith(p.replace(/^console\.\w+: /, '')))) problems.push(p);
    notes.push(...this.refused.map((url) => `refused a network request: ${url}`));
    return { name, png, width: outcome.width, height: outcome.height, ms: Math.round(performance.now() - started), problems, notes, text: outcome.text, expanded };
  }

  async close(): Promise<void> {
    try {
      await this.context.close();
    } finally {
      rmSync(this.userDataDir, { recursive: true, force: true });
    }
  }
}

declare const window: unknown;
