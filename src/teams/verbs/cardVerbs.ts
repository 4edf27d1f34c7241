// The card verbs (Action.Execute): the engine command each becomes, how its card inputs are read, what the
// clicker reads when it worked and which card issues it. Half of the verb catalog (index.ts).
import type { Command } from '../../domain/commands';
import { evidenceSchema } from '../../domain/commands';
import type { Evidence, Trigger } from '../../domain/model';
import type { CaseCommandType } from '../../domain/permissions';
import type { CaseState } from '../../domain/model';
import type { CardData } from '../cardInput';
import {
  InputError,
  actionsOf,
  bool,
  checkedCommand,
  defined,
  evidenceOf,
  fixableOf,
  id,
  list,
  missing,
  num,
  stageOf,
  str,
  text,
  triggersOf,
  withStage,
} from '../cardInput';
import type { FormName } from '../cards/forms';
import { isFormName } from '../cards/forms';
import type { HealthCommandType, Symptom } from '../../domain/health';
import type { HealthCommand } from '../../domain/healthCommands';
import type { HealthFormName, PartnerSort } from '../cards/healthForms';
import { checkedHealthCommand, fitsInput, interactionInput, ratingInput, resolveInput, showPartnerInput, showPartnersInput, stageOwnerInput, symptomInput } from '../healthInput';

// ---------------------------------------------------------------- card verbs that change a case

export interface CommandVerb {
  /**
   * `step`: the work the case waits for (a ping offers its form; the first one a person may issue is "their
   * turn"); `side`: things people may also do (add evidence, withdraw, escalate, reassign).
   */
  kind: 'step' | 'side';
  /** The case card's button that opens this verb's form; none when it is clicked elsewhere (a row, a confirm). */
  button?: string | ((state: CaseState) => string);
  /** What the clicker reads on top of the case card when it worked. */
  done: string;
  /** Instead of `done`, for a flag that joined the current occurrence (merged) rather than counting as a new one. */
  doneMerged?: string;
  /** The card (form) that issues this verb, for a person who may: what a ping or a button opens. */
  form: FormName | ((state: CaseState) => FormName);
  /** The engine command from the card's values (checked by the engine's schema afterwards). */
  input(data: CardData): Record<string, unknown>;
}

const onlyStage = (type: string) => (data: CardData) => ({ type, ...withStage(data) });
const meeting = (type: string) => (data: CardData) => defined({ type, on: str(data, 'on', 'meeting date') ?? '', link: str(data, 'link', 'meeting link'), ...withStage(data) });
const risk = (type: string) => (data: CardData) => ({
  type,
  amount: num(data, 'amount', 'revenue at risk') ?? Number.NaN,
  currency: (str(data, 'currency') ?? '').toUpperCase(),
  skus: list(data, 'skus', 'SKUs', /[,;\n]/) ?? [],
  ...withStage(data),
});
const comment = (type: string) => (data: CardData) => ({ type, comment: text(data, 'comment') ?? '', ...withStage(data) });

/** In priority order: when several step verbs are open to a person, the first is the one a ping offers. */
export const COMMAND_VERBS: { readonly [T in CaseCommandType | 'flag']: CommandVerb } = {
  flag: {
    kind: 'side',
    done: 'Flag recorded.',
    doneMerged: 'Flag recorded: it joins the current occurrence as more evidence.',
    form: 'flag',
    input: (d) => defined({ type: 'flag', triggers: triggersOf(d) ?? [], evidence: evidenceOf(d), newOccurrence: bool(d, 'newOccurrence', 'new occurrence') }),
  },
  'log-reset-attempt': {
    kind: 'step',
    button: 'Log reset attempt',
    done: 'Reset attempt logged.',
    form: (state) => (state.step === 'manager-reset' ? 'manager-decision' : 'reset-attempt'),
    input: (d) =>
      defined({
        type: 'log-reset-attempt',
        agreed: text(d, 'agreed', 'what was agreed') ?? '',
        agreedOn: str(d, 'agreedOn', 'date agreed') ?? '',
        // Only on a case whose trigger path asks for the revenue at risk (docs/workflow.md#trigger-paths).
        amount: num(d, 'amount', 'revenue at risk'),
        currency: str(d, 'currency')?.toUpperCase(),
        ...withStage(d),
      }),
  },
  'approve-reset': { kind: 'step', button: 'Review the reset attempt', done: 'Reset attempt approved: the case now watches for recurrence.', form: 'reset-approval', input: onlyStage('approve-reset') },
  'send-back-reset': { kind: 'step', done: 'Sent back with your comment.', form: 'reset-approval', input: comment('send-back-reset') },
  continue: { kind: 'step', button: 'Continue or take ownership', done: 'Noted: the case watches for recurrence; the VP is being told.', form: 'manager-decision', input: onlyStage('continue') },
  'take-ownership': {
    kind: 'step',
    done: 'Ownership taken: improvement actions assigned.',
    form: 'manager-decision',
    input: (d) => ({ type: 'take-ownership', actions: actionsOf(d), ...withStage(d) }),
  },
  'confirm-risk': { kind: 'step', button: 'Confirm revenue at risk', done: 'Risk confirmed.', form: 'risk', input: risk('confirm-risk') },
  'draft-risk': {
    kind: 'step',
    button: (state) => (state.riskDraft ? 'Update the risk draft' : 'Draft revenue at risk'),
    done: 'Risk drafted: the VP confirms it.',
    form: 'risk',
    input: risk('draft-risk'),
  },
  'record-gm-meeting': { kind: 'step', button: 'Record the GM meeting', done: 'GM meeting recorded: the GM is being told.', form: 'gm-meeting', input: meeting('record-gm-meeting') },
  'record-sales-meeting': {
    kind: 'step',
    button: 'Record the Sales meeting',
    done: 'Sales meeting recorded: the case summary is on its way to the sales directors (anyone the bot cannot reach is named on the case card).',
    form: 'sales-meeting',
    input: (d) => ({ ...meeting('record-sales-meeting')(d), ...defined({ salesDirectorIds: list(d, 'salesDirectorIds', 'sales directors') }) }),
  },
  'confirm-email-sent': { kind: 'step', button: 'Stakeholder email', done: 'Email confirmed as sent: the case moves to the decision.', form: 'stakeholder-email', input: onlyStage('confirm-email-sent') },
  'propose-decision': {
    kind: 'step',
    button: 'Propose a decision',
    done: 'Decision proposed: the GM approves it.',
    form: 'decision',
    input: (d) => {
      const fixable = fixableOf(d);
      const actions = actionsOf(d);
      return defined({
        type: 'propose-decision',
        fixable: fixable ?? missing('choose fixable or not fixable'),
        rationale: text(d, 'rationale', 'the reason') ?? '',
        // Not fixable: the action slots and review date on the card are ignored.
        actions: fixable === false ? undefined : actions,
        reviewEndsOn: fixable === false ? undefined : str(d, 'reviewEndsOn', 'review end date'),
        ...withStage(d),
      });
    },
  },
  'approve-decision': { kind: 'step', button: 'Review the decision', done: 'Decision approved: it is on its way to every stakeholder.', form: 'decision-approval', input: onlyStage('approve-decision') },
  'send-back-decision': { kind: 'step', done: 'Decision sent back with your comment.', form: 'decision-approval', input: comment('send-back-decision') },
  // Before marking actions: the VP of a review period is asked about the review, action owners about their actions.
  'answer-review': {
    kind: 'step',
    button: 'Is the partnership working?',
    done: 'Review answered.',
    form: 'review',
    input: (d) => ({ type: 'answer-review', working: bool(d, 'working', 'is it working') ?? missing('say whether the partnership is working'), ...withStage(d) }),
  },
  'mark-action-done': { kind: 'step', done: 'Marked done.', form: 'action-done', input: (d) => ({ type: 'mark-action-done', actionId: id(d, 'actionId') ?? '' }) },
  'record-partner-meeting': { kind: 'step', button: 'Record the partner meeting', done: 'Partner meeting recorded: the case is closed.', form: 'partner-meeting', input: meeting('record-partner-meeting') },
  'escalate-now': { kind: 'side', done: 'Escalated.', form: 'case', input: onlyStage('escalate-now') },
  'add-evidence': { kind: 'side', done: 'Evidence added.', form: 'evidence-add', input: (d) => ({ type: 'add-evidence', evidence: evidenceOf(d) }) },
  'withdraw-flag': { kind: 'side', done: 'Your flag was withdrawn.', form: 'withdraw-correct', input: (d) => ({ type: 'withdraw-flag', flagId: id(d, 'flagId') ?? '' }) },
  'correct-flag': {
    kind: 'side',
    done: 'Your flag was corrected.',
    form: 'withdraw-correct',
    input: (d) => ({ type: 'correct-flag', flagId: id(d, 'flagId') ?? '', triggers: triggersOf(d) ?? [], evidence: evidenceOf(d) }),
  },
  'close-case': { kind: 'side', done: 'Case closed.', form: 'close-case', input: (d) => ({ type: 'close-case', reason: text(d, 'reason', 'reason') ?? '', ...withStage(d) }) },
  'reassign-owner': { kind: 'side', done: 'Reassigned.', form: 'reassign-owner', input: (d) => defined({ type: 'reassign-owner', to: id(d, 'to') ?? '', slot: str(d, 'slot'), ...withStage(d) }) },
};

export type CommandVerbName = keyof typeof COMMAND_VERBS;

/** The form that issues a command for this case (e.g. the IC's reset form, or the manager's decision form). */
export function formOf(verb: CommandVerbName, state: CaseState): FormName {
  const form = COMMAND_VERBS[verb].form;
  return typeof form === 'function' ? form(state) : form;
}

/** The title of the case card's button that opens a verb's form, if it has one. */
export function buttonOf(verb: CommandVerbName, state: CaseState): string | undefined {
  const button = COMMAND_VERBS[verb].button;
  return typeof button === 'function' ? button(state) : button;
}

/** The step verbs in priority order (case commands only). */
export const STEP_VERBS = (Object.keys(COMMAND_VERBS) as CommandVerbName[]).filter((v): v is CaseCommandType => v !== 'flag' && COMMAND_VERBS[v].kind === 'step');

// ---------------------------------------------------------------- card verbs on a partner's health (README, "Partner health")

export interface HealthVerb {
  type: HealthCommandType;
  /** What the clicker reads on top of the partner card when it worked. */
  done: string;
  input(data: CardData): Record<string, unknown>;
}

export const HEALTH_VERBS = {
  'rate-partner': { type: 'rate', done: "Thanks: your rating of the 4 C's is recorded.", input: ratingInput },
  'log-symptom': { type: 'log-symptom', done: 'Symptom recorded.', input: symptomInput },
  'resolve-symptom': { type: 'resolve-symptom', done: 'Symptom resolved.', input: resolveInput },
  'log-interaction': { type: 'log-interaction', done: 'Interaction logged.', input: interactionInput },
  'set-stage-owner': { type: 'set-stage-owner', done: 'Stage and executive owner saved.', input: stageOwnerInput },
  'set-fits': { type: 'set-fits', done: 'Where it fits is saved.', input: fitsInput },
} as const satisfies Record<string, HealthVerb>;

export type HealthVerbName = keyof typeof HEALTH_VERBS;

export function isHealthVerb(verb: string): verb is HealthVerbName {
  return Object.prototype.hasOwnProperty.call(HEALTH_VERBS, verb);
}

// ---------------------------------------------------------------- card verbs that only show something

export type UiRequest =
  /** Teams asks for the viewer's card (refresh.userIds, or the manual refresh). `form: 'flag'` is a per-user flag form. */
  | { kind: 'refresh'; form?: FormName; triggers?: Trigger[] }
  /** "Request this partner" from the unknown-partner card: admins are asked; the reporter gets the form. */
  | { kind: 'request-partner'; partnerName: string; triggers: Trigger[] }
  /** The case card of `partnerId`. */
  | { kind: 'show-status' }
  /** A form (or the case, history, help, triggers) for the viewer, in place of the clicked card. */
  | { kind: 'show-card'; form: FormName; flagId?: string; before?: number; triggers?: Trigger[] }
  /** A spotter's suggestion: "Flag it" opens the flag form with the message as evidence (README "Spotting red flags in syncs"). */
  | { kind: 'spot-flag'; triggers: Trigger[]; evidence: Evidence[] }
  /** "Not this": the day's suggestion about this partner in that conversation is dismissed. */
  | { kind: 'spot-dismiss'; conversation: string; day: string }
  /** "Not for this partner": no more suggestions about it to this person in that conversation. */
  | { kind: 'spot-mute'; conversation: string }
  /** The partner card of `partnerId`, or one of its forms (a symptom form prefilled with a suggested symptom). */
  | { kind: 'show-partner'; form?: HealthFormName; symptom?: Symptom }
  /** Every partner, sorted and filtered as `partners` does ("show all" in the digest). */
  | { kind: 'show-partners'; sort?: PartnerSort; mine?: boolean; tag?: string };

function formField(data: CardData): FormName | undefined {
  const form = str(data, 'form');
  if (form === undefined) return undefined;
  if (!isFormName(form)) throw new InputError(`the form "${form.slice(0, 40)}", which does not exist`);
  return form;
}

/** The conversation a spotter's card is about (a channel or chat id, as the card carries it). */
function conversationOf(data: CardData): string {
  const conversation = str(data, 'conversation') ?? missing('which conversation the suggestion was about (the card did not say)');
  // eslint-disable-next-line no-control-regex -- conversation ids never hold control characters
  if (conversation.length > 300 || /[\u0000-\u001f\u007f]/.test(conversation)) throw new InputError('the conversation: not a valid id');
  return conversation;
}

export const UI_VERBS: { readonly [verb: string]: (data: CardData) => UiRequest } = {
  refresh: (d) => {
    const form = formField(d);
    const triggers = triggersOf(d);
    return { kind: 'refresh', ...(form ? { form } : {}), ...(triggers ? { triggers } : {}) };
  },
  'request-partner': (d) => {
    const partnerName = str(d, 'name') ?? str(d, 'partnerName') ?? missing('which partner should be added (the card did not say)');
    if (partnerName.length > 200) throw new InputError('the partner name: at most 200 characters');
    return { kind: 'request-partner', partnerName, triggers: triggersOf(d) ?? [] };
  },
  'show-status': () => ({ kind: 'show-status' }),
  'show-card': (d) => {
    const form = formField(d) ?? missing('which form to show (the card did not say)');
    const flagId = id(d, 'flagId');
    const before = num(d, 'before');
    const triggers = triggersOf(d);
    return {
      kind: 'show-card',
      form,
      ...(flagId ? { flagId } : {}),
      ...(before !== undefined && Number.isInteger(before) && before >= 0 ? { before } : {}),
      ...(triggers ? { triggers } : {}),
    };
  },
  // The suggestion card carries the message as evidence only to prefill the form: the engine checks the flag itself.
  'spot-flag': (d) => ({ kind: 'spot-flag', triggers: triggersOf(d) ?? [], evidence: evidenceOf(d).filter((e): e is Evidence => evidenceSchema.safeParse(e).success) }),
  'spot-dismiss': (d) => {
    const day = str(d, 'day') ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new InputError('the day of the suggestion');
    return { kind: 'spot-dismiss', conversation: conversationOf(d), day };
  },
  'spot-mute': (d) => ({ kind: 'spot-mute', conversation: conversationOf(d) }),
  'show-partner': showPartnerInput,
  'show-partners': showPartnersInput,
};

// ---------------------------------------------------------------- reading a click

export interface ParsedSubmit {
  verb: string;
  partnerId?: string;
  caseId?: string;
  /** The case stage the card showed (commands that take a stage carry it too). */
  stage?: number;
  /** A flag on a partner that does not exist yet: the name the reporter typed. */
  pendingName?: string;
  command?: Command;
  /** A health verb's command (HEALTH_VERBS). */
  health?: HealthCommand;
  ui?: UiRequest;
}

export type SubmitResult = ParsedSubmit | { error: string; unknownVerb?: true };

export function isCommandVerb(verb: string): verb is CommandVerbName {
  return Object.prototype.hasOwnProperty.call(COMMAND_VERBS, verb);
}

export function isUiVerb(verb: string): boolean {
  return Object.prototype.hasOwnProperty.call(UI_VERBS, verb);
}

/**
 * What an Action.Execute asks for. `verb` is the action's verb; `data` is `activity.value.action.data`.
 * Unknown verbs and malformed data give `{ error }` with a message for the person who clicked.
 */
export function parseSubmit(verb: string, data: unknown): SubmitResult {
  if (typeof verb !== 'string' || verb.length === 0) return { error: 'This button has no action.', unknownVerb: true };
  if (!isUiVerb(verb) && !isCommandVerb(verb) && !isHealthVerb(verb)) return { error: 'Nothing changed. Ask for the card again, for example with `status <partner>`.', unknownVerb: true };
  const input: CardData = data === undefined || data === null ? {} : (data as CardData);
  if (typeof input !== 'object' || Array.isArray(input)) return { error: 'This card sent data in a form the bot does not understand. Nothing changed.' };
  try {
    const where: ParsedSubmit = defined({ verb, partnerId: id(input, 'partnerId'), caseId: id(input, 'caseId'), stage: stageOf(input) });
    if (isUiVerb(verb)) {
      const ui = UI_VERBS[verb]!(input);
      if ((ui.kind === 'show-status' || ui.kind === 'show-partner') && !where.partnerId) return { error: 'The card did not say which partner to show.' };
      return { ...where, ui };
    }
    if (isHealthVerb(verb)) {
      if (!where.partnerId) return { error: 'The card did not say which partner it is about. Nothing changed.' };
      const health = checkedHealthCommand(HEALTH_VERBS[verb].input(input));
      return 'error' in health ? health : { ...where, health };
    }
    const command = checkedCommand(COMMAND_VERBS[verb as CommandVerbName].input(input));
    if ('error' in command) return command;
    if (verb === 'flag' && !where.partnerId) {
      const pendingName = str(input, 'pendingName', 'partner name');
      if (!pendingName) return { error: 'The card did not say which partner to flag.' };
      if (pendingName.length > 200) return { error: 'That partner name is too long (at most 200 characters).' };
      return { ...where, pendingName, command };
    }
    if (!where.partnerId) return { error: 'The card did not say which partner it is about. Nothing changed.' };
    return { ...where, command };
  } catch (err) {
    if (err instanceof InputError) return { error: `Please check ${err.message}.` };
    throw err;
  }
}

