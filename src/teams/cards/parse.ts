// Turns what an Action.Execute sends (the action's `data` merged with the card's flat input values) into
// the engine's command, or a UI request, or a clear error. Card data names the case and the inputs only:
// identity (from, actor, userId, …) never comes from here, it comes from the Teams activity.
//
// How Teams delivers inputs: every value is a string; an empty input is "" or missing; a multi-select
// ChoiceSet is "a,b,c"; a Toggle is its valueOn/valueOff ("true"/"false"); Input.Number may be a number.
import type { Command } from '../../domain/commands';
import { LIMITS, commandSchema } from '../../domain/commands';
import type { Trigger } from '../../domain/model';
import { TRIGGERS } from '../../domain/model';
import type { CommandType } from '../../domain/workflow';
import type { FormName } from './views';
import { FORMS } from './views';

export type UiRequest =
  /** Teams asks for the viewer's card (refresh.userIds, or the manual refresh). `form: 'flag'` is a per-user flag form. */
  | { kind: 'refresh'; form?: FormName; triggers?: Trigger[] }
  /** "Request this partner" from the unknown-partner card: admins are asked; the reporter gets the form. */
  | { kind: 'request-partner'; partnerName: string; triggers: Trigger[] }
  /** The case card of `partnerId`. */
  | { kind: 'show-status' }
  /** A form (or the case, history, help, triggers) for the viewer, in place of the clicked card. */
  | { kind: 'show-card'; form: FormName; flagId?: string; before?: number; triggers?: Trigger[] };

export interface ParsedSubmit {
  partnerId?: string;
  caseId?: string;
  /** The case stage the card showed (commands that take a stage carry it too). */
  stage?: number;
  /** A flag on a partner that does not exist yet: the name the reporter typed. */
  pendingName?: string;
  command?: Command;
  ui?: UiRequest;
}

export type SubmitResult = ParsedSubmit | { error: string };

export const UI_VERBS = ['refresh', 'request-partner', 'show-status', 'show-card'] as const;
export const COMMAND_VERBS: readonly CommandType[] = [
  'flag',
  'escalate-now',
  'add-evidence',
  'withdraw-flag',
  'correct-flag',
  'log-reset-attempt',
  'approve-reset',
  'send-back-reset',
  'continue',
  'take-ownership',
  'mark-action-done',
  'draft-risk',
  'confirm-risk',
  'record-gm-meeting',
  'record-sales-meeting',
  'confirm-email-sent',
  'propose-decision',
  'approve-decision',
  'send-back-decision',
  'answer-review',
  'record-partner-meeting',
  'reassign-owner',
];

/** Action slots a card may send (act1_… to act20_…), evidence slots (ev1_… to ev10_…). */
const MAX_ACTION_SLOTS = LIMITS.actions;
const MAX_EVIDENCE_SLOTS = LIMITS.evidencePerFlag;
/** More filled evidence slots than this is refused, not silently cut. */
const EVIDENCE_SLOT_SCAN = 30;

class InputError extends Error {}

type Data = Readonly<Record<string, unknown>>;

function own(data: Data, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(data, key) ? data[key] : undefined;
}

/** A trimmed string, or undefined when empty or missing. Numbers and booleans are accepted as their text. */
function str(data: Data, key: string, label = key): string | undefined {
  const v = own(data, key);
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string') throw new InputError(`${label}: expected text`);
  const t = v.trim();
  return t === '' ? undefined : t;
}

/** Text kept as typed (inner line breaks too), only trimmed at the ends. */
function text(data: Data, key: string, label = key): string | undefined {
  const v = own(data, key);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new InputError(`${label}: expected text`);
  const t = v.replace(/\r\n?/g, '\n').trim();
  return t === '' ? undefined : t;
}

function bool(data: Data, key: string, label = key): boolean | undefined {
  const v = own(data, key);
  if (v === undefined || v === null || v === '') return undefined;
  if (v === true || v === 'true' || v === 'True') return true;
  if (v === false || v === 'false' || v === 'False') return false;
  throw new InputError(`${label}: expected yes or no`);
}

function num(data: Data, key: string, label = key): number | undefined {
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
function list(data: Data, key: string, label = key, separators: RegExp = /,/): string[] | undefined {
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

function triggersOf(data: Data, key = 'triggers'): Trigger[] | undefined {
  const items = list(data, key, 'triggers');
  if (!items) return undefined;
  const unknown = items.find((t) => !(TRIGGERS as readonly string[]).includes(t));
  if (unknown) throw new InputError(`triggers: "${unknown.slice(0, 40)}" is not one of ${TRIGGERS.join(', ')}`);
  return [...new Set(items)] as Trigger[];
}

/** An id from our own cards (partner, case, flag, action): short, printable. */
function id(data: Data, key: string): string | undefined {
  const v = str(data, key);
  if (v === undefined) return undefined;
  // eslint-disable-next-line no-control-regex -- ids never hold control characters
  if (v.length > 100 || /[\u0000-\u001f\u007f]/.test(v)) throw new InputError(`${key}: not a valid id`);
  return v;
}

function stageOf(data: Data): number | undefined {
  const v = num(data, 'stage');
  if (v === undefined || v < 0) return undefined;
  if (!Number.isInteger(v)) throw new InputError('stage: not a valid stage');
  return v;
}

function evidenceOf(data: Data): unknown[] {
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

function actionsOf(data: Data): unknown[] {
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

function fixableOf(data: Data): boolean | undefined {
  const v = str(data, 'fixable');
  if (v === undefined) return undefined;
  if (v === 'fixable' || v === 'true') return true;
  if (v === 'not-fixable' || v === 'false') return false;
  throw new InputError('fixable: choose fixable or not fixable');
}

function missing(what: string): never {
  throw new InputError(what);
}

function withStage(data: Data): { stage?: number } {
  const stage = stageOf(data);
  return stage === undefined ? {} : { stage };
}

function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The raw command for a verb, before the engine's schema checks it. */
function commandFor(verb: CommandType, data: Data): Record<string, unknown> {
  switch (verb) {
    case 'flag':
      return defined({ type: verb, triggers: triggersOf(data) ?? [], evidence: evidenceOf(data), newOccurrence: bool(data, 'newOccurrence', 'new occurrence') });
    case 'add-evidence':
      return { type: verb, evidence: evidenceOf(data) };
    case 'withdraw-flag':
      return { type: verb, flagId: id(data, 'flagId') ?? '' };
    case 'correct-flag':
      return { type: verb, flagId: id(data, 'flagId') ?? '', triggers: triggersOf(data) ?? [], evidence: evidenceOf(data) };
    case 'escalate-now':
    case 'approve-reset':
    case 'continue':
    case 'confirm-email-sent':
    case 'approve-decision':
      return { type: verb, ...withStage(data) };
    case 'log-reset-attempt':
      return defined({ type: verb, agreed: text(data, 'agreed', 'what was agreed') ?? '', agreedOn: str(data, 'agreedOn', 'date agreed') ?? '', ...withStage(data) });
    case 'send-back-reset':
    case 'send-back-decision':
      return { type: verb, comment: text(data, 'comment') ?? '', ...withStage(data) };
    case 'take-ownership':
      return { type: verb, actions: actionsOf(data), ...withStage(data) };
    case 'mark-action-done':
      return { type: verb, actionId: id(data, 'actionId') ?? '' };
    case 'draft-risk':
    case 'confirm-risk':
      return {
        type: verb,
        amount: num(data, 'amount', 'revenue at risk') ?? Number.NaN,
        currency: (str(data, 'currency') ?? '').toUpperCase(),
        skus: list(data, 'skus', 'SKUs', /[,;\n]/) ?? [],
        ...withStage(data),
      };
    case 'record-gm-meeting':
    case 'record-partner-meeting':
      return defined({ type: verb, on: str(data, 'on', 'meeting date') ?? '', link: str(data, 'link', 'meeting link'), ...withStage(data) });
    case 'record-sales-meeting':
      return defined({
        type: verb,
        on: str(data, 'on', 'meeting date') ?? '',
        link: str(data, 'link', 'meeting link'),
        salesDirectorIds: list(data, 'salesDirectorIds', 'sales directors'),
        ...withStage(data),
      });
    case 'propose-decision': {
      const fixable = fixableOf(data);
      const actions = actionsOf(data);
      return defined({
        type: verb,
        fixable: fixable ?? missing('choose fixable or not fixable'),
        rationale: text(data, 'rationale', 'the reason') ?? '',
        // Not fixable: the action slots and review date on the card are ignored.
        actions: fixable === false ? undefined : actions,
        reviewEndsOn: fixable === false ? undefined : str(data, 'reviewEndsOn', 'review end date'),
        ...withStage(data),
      });
    }
    case 'answer-review':
      return { type: verb, working: bool(data, 'working', 'is it working') ?? missing('say whether the partnership is working'), ...withStage(data) };
    case 'reassign-owner':
      return defined({ type: verb, to: id(data, 'to') ?? '', slot: str(data, 'slot'), ...withStage(data) });
  }
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

function checked(raw: Record<string, unknown>): Command | { error: string } {
  const parsed = commandSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const reasons = parsed.error.issues.slice(0, 3).map((i) => {
    const where = i.path.length ? `${describePath(i.path)}: ` : '';
    const message = i.code === 'invalid_type' && i.received === 'nan' ? 'a number' : i.message;
    return `${where}${message === 'Required' ? 'missing' : message}`;
  });
  return { error: `Please check ${reasons.join('; ')}.` };
}

function uiFor(verb: (typeof UI_VERBS)[number], data: Data): UiRequest | { error: string } {
  switch (verb) {
    case 'refresh': {
      const form = str(data, 'form');
      if (form !== undefined && !(FORMS as readonly string[]).includes(form)) return { error: `Unknown form "${form.slice(0, 40)}".` };
      const triggers = triggersOf(data);
      return { kind: 'refresh', ...(form ? { form: form as FormName } : {}), ...(triggers ? { triggers } : {}) };
    }
    case 'request-partner': {
      const partnerName = str(data, 'name') ?? str(data, 'partnerName');
      if (!partnerName) return { error: 'Which partner should be added? The card did not say.' };
      if (partnerName.length > 200) return { error: 'That partner name is too long (at most 200 characters).' };
      return { kind: 'request-partner', partnerName, triggers: triggersOf(data) ?? [] };
    }
    case 'show-status':
      return { kind: 'show-status' };
    case 'show-card': {
      const form = str(data, 'form');
      if (!form) return { error: 'The card did not say which form to show.' };
      if (!(FORMS as readonly string[]).includes(form)) return { error: `Unknown form "${form.slice(0, 40)}".` };
      const flagId = id(data, 'flagId');
      const before = num(data, 'before');
      const triggers = triggersOf(data);
      return {
        kind: 'show-card',
        form: form as FormName,
        ...(flagId ? { flagId } : {}),
        ...(before !== undefined && Number.isInteger(before) && before >= 0 ? { before } : {}),
        ...(triggers ? { triggers } : {}),
      };
    }
  }
}

/**
 * What an Action.Execute asks for. `verb` is the action's verb; `data` is `activity.value.action.data`.
 * Unknown verbs and malformed data give `{ error }` with a message for the person who clicked.
 */
export function parseSubmit(verb: string, data: unknown): SubmitResult {
  if (typeof verb !== 'string' || verb.length === 0) return { error: 'This button has no action.' };
  const isUi = (UI_VERBS as readonly string[]).includes(verb);
  const isCommand = (COMMAND_VERBS as readonly string[]).includes(verb);
  if (!isUi && !isCommand) return { error: `Unknown action "${verb.slice(0, 40)}". Nothing changed.` };
  const input: Data = data === undefined || data === null ? {} : (data as Data);
  if (typeof input !== 'object' || Array.isArray(input)) return { error: 'This card sent data in a form the bot does not understand. Nothing changed.' };

  try {
    const partnerId = id(input, 'partnerId');
    const caseId = id(input, 'caseId');
    const stage = stageOf(input);
    const where: ParsedSubmit = defined({ partnerId, caseId, stage });

    if (isUi) {
      const ui = uiFor(verb as (typeof UI_VERBS)[number], input);
      if ('error' in ui) return ui;
      if (ui.kind === 'show-status' && !partnerId) return { error: 'The card did not say which partner to show.' };
      return { ...where, ui };
    }

    const command = checked(commandFor(verb as CommandType, input));
    if ('error' in command) return command;
    if (verb === 'flag' && !partnerId) {
      const pendingName = str(input, 'pendingName', 'partner name');
      if (!pendingName) return { error: 'The card did not say which partner to flag.' };
      if (pendingName.length > 200) return { error: 'That partner name is too long (at most 200 characters).' };
      return { ...where, pendingName, command };
    }
    if (!partnerId) return { error: 'The card did not say which partner it is about. Nothing changed.' };
    return { ...where, command };
  } catch (err) {
    if (err instanceof InputError) return { error: `Please check ${err.message}.` };
    throw err;
  }
}
