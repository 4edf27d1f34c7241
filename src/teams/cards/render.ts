// Expands the card templates in <project root>/cards with adaptivecards-templating. Templates are read once
// and cached; data comes from the card modules beside this file, which escape every user string beforehand.
// Template expressions are parsed from the template only: values in the data are never evaluated.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type * as ACData from 'adaptivecards-templating';
/** `cards/` at the project root, from src/teams/cards (and from the bundle in dist/ after `npm run build`). */
export const CARDS_DIR = resolveCardsDir();

/** Teams refuses messages above about 80 KB; cards stay within this (docs/workflow.md#limits). */
export const MAX_CARD_BYTES = 80 * 1024;

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  body?: unknown[];
  actions?: unknown[];
  refresh?: { action: unknown; userIds?: string[] };
  msteams?: unknown;
  [key: string]: unknown;
}

export class CardTemplateError extends Error {
  constructor(
    readonly card: string,
    message: string,
  ) {
    super(`Card "${card}": ${message}`);
    this.name = 'CardTemplateError';
  }
}

function resolveCardsDir(): string {
  // src/teams/cards -> three up; the bundle dist/partner-fit.js -> one up.
  const candidates = [path.resolve(__dirname, '../../..', 'cards'), path.resolve(__dirname, '..', 'cards')];
  for (const dir of candidates) {
    try {
      if (readdirSync(dir).some((f) => f.endsWith('.json'))) return dir;
    } catch {
      // not there
    }
  }
  return candidates[0]!;
}

const cache = new Map<string, ACData.Template>();

// Required on first use, not at start: it brings adaptive-expressions and antlr4ts, about a quarter of the modules
// the bot loads. The process warms it up a moment after it is healthy (warmUpTemplates), or the first card does.
let templating: typeof ACData | undefined;
const acdata = (): typeof ACData => (templating ??= require('adaptivecards-templating') as typeof ACData);

/** Loads the templating library now (called soon after the bot is healthy, so the first card need not wait for it). */
export function warmUpTemplates(): void {
  acdata();
}

const NAME = /^[a-z][a-z0-9-]{0,40}$/;

function templateFor(name: string): ACData.Template {
  const hit = cache.get(name);
  if (hit) return hit;
  if (!NAME.test(name)) throw new CardTemplateError(name, 'not a card name');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path.join(CARDS_DIR, `${name}.json`), 'utf8'));
  } catch (err) {
    throw new CardTemplateError(name, `cannot load template: ${(err as Error).message}`);
  }
  const template = new (acdata().Template)(json);
  cache.set(name, template);
  return template;
}

/** The names of every template in cards/ (sample data files excluded). */
export function templateNames(): string[] {
  return readdirSync(CARDS_DIR)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.data.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** Drop the nulls a false `$when` leaves in objects, so the card carries no empty properties. */
function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map(stripNulls);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = stripNulls(v);
    return out;
  }
  return value;
}

/** Expand a template with data. Throws CardTemplateError if the template is missing or broken. */
export function expandCard(name: string, data: object): AdaptiveCard {
  let expanded: unknown;
  try {
    expanded = templateFor(name).expand({ $root: data });
  } catch (err) {
    throw new CardTemplateError(name, `expansion failed: ${(err as Error).message}`);
  }
  const card = stripNulls(expanded) as AdaptiveCard;
  if (!card || card.type !== 'AdaptiveCard') throw new CardTemplateError(name, 'did not expand to an AdaptiveCard');
  return card;
}

export function cardBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/**
 * Render a card for sending. A card that would exceed Teams' size limit is replaced by a notice
 * (never a failed send); the view builders keep their lists within budget so this is a last resort.
 */
export function renderCard(name: string, data: object): AdaptiveCard {
  const card = expandCard(name, data);
  if (cardBytes(card) <= MAX_CARD_BYTES) return card;
  return TOO_LARGE;
}

/** What replaces a card Teams would refuse: fixed text, so it can never be too large itself. */
const TOO_LARGE: AdaptiveCard = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text: 'This card is too large for Teams. Ask for the history or the status instead.', wrap: true, color: 'warning' }],
};

/** The Bot Framework attachment for a card. */
export function cardAttachment(card: AdaptiveCard): { contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; content: AdaptiveCard } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}

/**
 * The invoke response body Teams expects for an Action.Execute (`adaptiveCard/action`): the card that
 * replaces the clicked one.
 */
export function cardInvokeResponse(card: AdaptiveCard): { statusCode: 200; type: typeof ADAPTIVE_CARD_CONTENT_TYPE; value: AdaptiveCard } {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card };
}

/** For tests: forget cached templates. */
export function clearTemplateCache(): void {
  cache.clear();
}
