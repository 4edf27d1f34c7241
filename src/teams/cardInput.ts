// Reads what an Action.Execute sends (the action's `data` merged with the card's flat input values): the field
// readers each verb in the catalog (verbs/) builds its command with, and errors in the card's words. Card data
// names the case and the inputs only: identity (from, actor, userId, …) never comes from here.
//
// How Teams delivers inputs: every value is a string; an empty input is "" or missing; a multi-select
// ChoiceSet is "a,b,c"; a Toggle is its valueOn/valueOff ("true"/"false"); Input.Number may be a number.
import type { Command } from '../domain/commands';
import { LIMITS, commandSchema } from '../domain/commands';
import type { Trigger } from '../domain/model';
import { TRIGGERS } from '../domain/model';

/** Action slots a card may send (act1_… to act20_…), evidence slots (ev1_… to ev10_…). */
const MAX_ACTION_SLOTS = LIMITS.actions;
const MAX_EVIDENCE_SLOTS = LIMITS.evidencePerFlag;
/** More filled evidence slots than this is refused, not silently cut. */
const EVIDENCE_SLOT_SCAN = 30;

/** A card value that cannot be what the form asked for; its message names the field in the card's words. */
export class InputError extends Error {}

export type CardData = Readonly<Record<string, unknown>>;
type Data = CardData;

export function own(data: Data, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(data, key) ? data[key] : undefined;
}

/** A trimmed string, or undefined when empty or missing. Numbers and booleans are accepted as their text. */
export function str(data: Data, key: string, label = key): string | undefined {
  const v = own(data, key);
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string') throw new InputError(`${label}: expected text`);
  const t = v.trim();
  return t === '' ? undefined : t;
}

/** Text kept as typed (inner line breaks too), only trimmed at the ends. */
export function text(data: Data, key: string, label = key): string | undefined {
  const v = own(data, key);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new InputError(`${label}: expected text`);
  const t = v.replace(/\r\n?/g, '\n').trim();
  return t === '' ? undefined : t;
}

export function bool(data: Data, key: string, label = key): boolean | undefined {
  const v = own(data, key);
  if (v === undefined || v === null || v === '') return undefined;
  if (v === true || v === 'true' || v === 'True') return true;
  if (v === false || v === 'false' || v === 'False') return false;
  throw new InputError(`${label}: expected yes or no`);
}

export function num(data: Data, key: string, label = key): number | undefined {
  const v = own(data, key);
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new InputError(`${label}: expected a number`);
    return v;
  }
  if (typeof v !== 'string') throw new InputError(`${label}: expected a number`);
  let t = v.trim().replace(/[\s\u00a0]/g, '');
  if (t === '') return undefined;
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(t)) throw new InputError(`${label}: expected a number such as 1250000`);
  return Number(t);
}

/** A comma-separated string (multi-select ChoiceSet) or an array, as trimmed non-empty strings. */
export function list(data: Data, key: string, label = key, separators: RegExp = /,/): string[] | undefined {
  const v = own(data, key);
  if (v === undefined || v === null || v === '') return undefined;
  const parts = Array.isArray(v) ? v : typeof v === 'string' ? v.split(separators) : undefined;
  if (!parts) throw new InputError(`${label}: expected a list`);
  if (parts.length > 500) throw new InputError(`${label}: too many items`);
  return parts.map((p) => {
    if (typeof p !== 'string') throw new InputError(`${label}: expected text items`);
    return p.trim();
  }).filter((p) => p !== '');
}

export function triggersOf(data: Data, key = 'triggers'): Trigger[] | undefined {
  const items = list(data, key, 'triggers');
  if (!items) return undefined;
  const unknown = items.find((t) => !(TRIGGERS as readonly string[]).includes(t));
  if (unknown) throw new InputError(`triggers: "${unknown.slice(0, 40)}" is not one of ${TRIGGERS.join(', ')}`);
  return [...new Set(items)] as Trigger[];
}

/** An id from our own cards (partner, case, flag, action): short, printable. */
export function id(data: Data, key: string): string | undefined {
  const v = str(data, key);
  if (v === undefined) return undefined;
  // eslint-disable-next-line no-control-regex -- ids never hold control characters
  if (v.length > 100 || /[\u0000-\u001f\u007f]/.test(v)) throw new InputError(`${key}: not a valid id`);
  return v;
}

export function stageOf(data: Data): number | undefined {
  const v = num(data, 'stage');
  if (v === undefined || v < 0) return undefined;
  if (!Number.isInteger(v)) throw new InputError('stage: not a valid stage');
  return v;
}

export function evidenceOf(data: Data): unknown[] {
  const items: unknown[] = [];
  for (let n = 1; n <= EVIDENCE_SLOT_SCAN; n++) {
    const label = `Evidence ${n}`;
    const summary = text(data, `ev${n}_summary`, `${label} summary`);
    const link = str(data, `ev${n}_link`, `${label} link`);
    const date = str(data, `ev${n}_date`, `${label} date`);
    if (summary === undefined && link === undefined && date === undefined) continue; // an empty slot (its kind has a default)
    if (n > MAX_EVIDENCE_SLOTS) throw new InputError(`at most ${MAX_EVIDENCE_SLOTS} evidence items`);
    const kind = str(data, `ev${n}_kind`, `${label} kind`) ?? 'other';
    items.push({ kind, ...(summary !== undefined ? { summary } : { summary: '' }), ...(link !== undefined ? { link } : {}), ...(date !== undefined ? { date } : {}) });
  }
  return items;
}

export function actionsOf(data: Data): unknown[] {
  const items: unknown[] = [];
  for (let n = 1; n <= MAX_ACTION_SLOTS; n++) {
    const label = `Action ${n}`;
    const actionText = text(data, `act${n}_text`, `${label} text`);
    const ownerId = id(data, `act${n}_owner`);
    const dueOn = str(data, `act${n}_due`, `${label} due date`);
    // The due date has a default on the card: a slot counts once it has text or an owner.
    if (actionText === undefined && ownerId === undefined) continue;
    items.push({ text: actionText ?? '', ownerId: ownerId ?? '', dueOn: dueOn ?? '' });
  }
  return items;
}

export function fixableOf(data: Data): boolean | undefined {
  const v = str(data, 'fixable');
  if (v === undefined) return undefined;
  if (v === 'fixable' || v === 'true') return true;
  if (v === 'not-fixable' || v === 'false') return false;
  throw new InputError('fixable: choose fixable or not fixable');
}

export function missing(what: string): never {
  throw new InputError(what);
}

export function withStage(data: Data): { stage?: number } {
  const stage = stageOf(data);
  return stage === undefined ? {} : { stage };
}

export function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const FIELD_NAMES: Record<string, string> = {
  agreed: 'what was agreed',
  agreedOn: 'the date agreed',
  on: 'the meeting date',
  link: 'the link',
  rationale: 'the reason',
  reviewEndsOn: 'the review end date',
  currency: 'the currency',
  amount: 'the amount',
  comment: 'the comment',
  flagId: 'the flag',
  actionId: 'the action',
  to: 'the person',
  slot: 'the part of the case',
  fixable: 'fixable or not',
  working: 'is it working',
};

/** zod's path (evidence.1.summary) in the card's words (Evidence 2 summary). */
function describePath(path: readonly (string | number)[]): string {
  const [head, index, field] = path;
  if ((head === 'evidence' || head === 'actions') && typeof index === 'number') {
    const what = head === 'evidence' ? 'Evidence' : 'Action';
    return `${what} ${index + 1}${field !== undefined ? ` ${String(field) === 'ownerId' ? 'owner' : String(field) === 'dueOn' ? 'due date' : String(field)}` : ''}`;
  }
  if (head === 'skus' && typeof index === 'number') return `SKU ${index + 1}`;
  if (typeof head === 'string') return FIELD_NAMES[head] ?? head;
  return 'input';
}

export function checkedCommand(raw: Record<string, unknown>): Command | { error: string } {
  const parsed = commandSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const reasons = parsed.error.issues.slice(0, 3).map((i) => {
    const where = i.path.length ? `${describePath(i.path)}: ` : '';
    const message = i.code === 'invalid_type' && i.received === 'nan' ? 'a number' : i.message;
    return `${where}${message === 'Required' ? 'missing' : message}`;
  });
  return { error: `Please check ${reasons.join('; ')}.` };
}
