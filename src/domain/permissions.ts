// Who may do what, decided in this one place (docs/workflow.md, "Who may act"). `decide` refuses through `can`;
// every card asks `can` / `allowedCommands` which buttons to show, so a button is never shown to someone the
// engine would refuse, and a refusal always gives the reason that applies.
import type { Directory } from './directory';
import { chainFrom, managerOf } from './directory';
import type { Rejection } from './errors';
import { reject } from './errors';
import type { HealthCommandType } from './health';
import { HEALTH_COMMAND_TYPES } from './health';
import type { CaseState, Outcome, OwnerSlot } from './model';
import { actingSlot, currentActions, liveFlag, liveFlagsOnCurrentStrike, openActions, pendingAttempt, stakeholdersOf } from './queries';
import type { CommandType, Permit } from './workflow';
import { workflowFor } from './workflow';

export type CaseCommandType = Exclude<CommandType, 'flag'>;

export interface PermissionContext {
  /** At least the people on the case and the person asking, with their managers. */
  directory: Directory;
  /** ADMIN_AAD_OBJECT_IDS plus directory admins. */
  admins: readonly string[];
}

/**
 * A command as far as permission goes: what it is, what it names, and the stage the card showed. Without a
 * flag or action named, the question is "may this person do it to any of them?" (should a card offer it?).
 */
export interface Intent {
  type: CaseCommandType;
  flagId?: string;
  actionId?: string;
  slot?: OwnerSlot;
  stage?: number;
}

export type Verdict = { ok: true } | { ok: false; rejection: Rejection };

const OK: Verdict = { ok: true };

function no(code: Rejection['code'], message: string): Verdict {
  return { ok: false, rejection: reject(code, message) };
}

/** Each command in the words of a refusal: "You can't <words>…". */
export const COMMAND_WORDS: Record<CaseCommandType, string> = {
  'escalate-now': 'escalate this case',
  'add-evidence': 'add evidence to this case',
  'withdraw-flag': 'withdraw this flag',
  'correct-flag': 'correct this flag',
  'log-reset-attempt': 'log the reset attempt',
  'approve-reset': 'approve the reset attempt',
  'send-back-reset': 'send the reset attempt back',
  continue: 'choose to continue',
  'take-ownership': 'take ownership',
  'mark-action-done': 'mark this action done',
  'draft-risk': 'draft the risk',
  'confirm-risk': 'confirm the risk',
  'record-gm-meeting': 'record the GM meeting',
  'record-sales-meeting': 'record the Sales meeting',
  'confirm-email-sent': 'confirm the stakeholder email',
  'propose-decision': 'propose the decision',
  'approve-decision': 'approve the decision',
  'send-back-decision': 'send the decision back',
  'answer-review': 'answer the review',
  'record-partner-meeting': 'record the partner meeting',
  'close-case': 'close this case',
  'reassign-owner': 'reassign this case',
};

const OUTCOME_WORDS: Record<Outcome, string> = {
  resolved: 'resolved',
  'owned-internally': 'owned internally',
  fixed: 'fixed',
  disengaged: 'disengaged',
  withdrawn: 'withdrawn',
  cancelled: 'closed by an admin',
};

export const MOVED_ON_TEXT = 'This case has moved on since this card was shown. Here is where it stands now.';

const SLOT_WORDS: Record<OwnerSlot, string> = { reporter: 'the reporter', manager: 'the manager', vp: 'the VP', gm: 'the GM' };

/** Who each permit is, in general words (refusals name the people; docs/workflow.md uses these). */
export const PERMIT_WORDS: Record<Permit, string> = {
  ...SLOT_WORDS,
  member: 'anyone on the case, and admins',
  'flag-reporter': "the flag's reporter",
  'action-owner': "the action's owner",
  'owner-manager': 'the manager of whoever holds that part of the case',
  admin: 'an admin',
};

export function isAdmin(person: string, ctx: Pick<PermissionContext, 'admins'>): boolean {
  return ctx.admins.includes(person);
}

/** Turning red-flag spotting off or on in a channel or chat: admins only (README "Spotting red flags in syncs"). */
export function maySwitchSpotting(person: string, ctx: Pick<PermissionContext, 'admins'>): Verdict {
  return isAdmin(person, ctx) ? OK : no('ACTOR.NOT_ALLOWED', 'Only admins can turn red-flag spotting off or on here. Ask an admin, or see `help`.');
}

/** The full history (with evidence): people on the case, anyone up their management chain, and admins. */
export function mayReadHistory(state: CaseState, person: string, ctx: PermissionContext): boolean {
  return isAdmin(person, ctx) || stakeholdersOf(state).some((p) => chainFrom(ctx.directory, p).includes(person));
}

/** Whether `person` may issue the command on the case now, and if not, why (a code and the words people read). */
export function can(state: CaseState | undefined, intent: Intent, person: string, ctx: PermissionContext): Verdict {
  if (!state) return no('CASE.NOT_FOUND', 'There is no case for this partner yet. Flag it first.');
  if (!person) return no('ACTOR.NOT_ALLOWED', 'We could not tell who you are.');
  if (state.status === 'closed') return no('CASE.CLOSED', `This case is closed (${OUTCOME_WORDS[state.outcome ?? 'resolved']}); it accepts no more actions. A new flag opens a new case.`);
  // A card shown at an earlier stage: whatever it offered may no longer apply, so say that first.
  if (intent.stage !== undefined && intent.stage !== state.stage) return no('CASE.MOVED_ON', MOVED_ON_TEXT);
  const words = COMMAND_WORDS[intent.type];
  const wf = workflowFor(state.workflowVersion);
  const rules = wf.commands[intent.type].filter((r) => (r.step === '*' || r.step === state.step) && (!r.phases || r.phases.includes(state.phase)));
  if (rules.length === 0) return no('STEP.WRONG', `You can't ${words} at this point of the case. Here is where it stands and what it waits for.`);
  const permits = [...new Set(rules.flatMap((r) => r.by))];
  if (!permits.some((p) => holds(state, p, intent, person, ctx))) return no('ACTOR.NOT_ALLOWED', notAllowed(words, permits, state, intent, ctx));
  return stateRules(state, intent, person);
}

/** Every case command the person may issue now (for cards: which buttons to show). */
export function allowedCommands(state: CaseState | undefined, person: string | undefined, ctx: PermissionContext): Set<CaseCommandType> {
  const allowed = new Set<CaseCommandType>();
  if (!state || !person) return allowed;
  for (const type of Object.keys(COMMAND_WORDS) as CaseCommandType[]) if (can(state, { type }, person, ctx).ok) allowed.add(type);
  return allowed;
}

function holds(state: CaseState, permit: Permit, intent: Intent, person: string, ctx: PermissionContext): boolean {
  switch (permit) {
    case 'reporter':
    case 'manager':
    case 'vp':
    case 'gm':
      // A slot the directory could not fill belongs to the admins, all of them, until it is (docs/workflow.md#people).
      return state.people[permit] === person || (state.missing.includes(permit) && isAdmin(person, ctx));
    case 'member':
      return stakeholdersOf(state).includes(person) || isAdmin(person, ctx);
    case 'flag-reporter':
      return intent.flagId !== undefined
        ? state.flags.some((f) => f.flagId === intent.flagId && f.reporterId === person)
        : liveFlagsOnCurrentStrike(state).some((f) => f.reporterId === person);
    case 'action-owner':
      return intent.actionId !== undefined
        ? currentActions(state).some((a) => a.actionId === intent.actionId && a.ownerId === person)
        : openActions(state).some((a) => a.ownerId === person);
    case 'owner-manager': {
      const holder = state.people[intent.slot ?? actingSlot(state)];
      return !!holder && managerOf(ctx.directory, holder) === person;
    }
    case 'admin':
      return isAdmin(person, ctx);
  }
}

function nameOf(ctx: PermissionContext, id: string | undefined): string | undefined {
  const name = id ? ctx.directory.entries[id]?.name?.trim() : undefined;
  return name ? name.slice(0, 100) : undefined;
}

function describe(permit: Permit, state: CaseState, intent: Intent, ctx: PermissionContext): string {
  switch (permit) {
    case 'reporter':
    case 'manager':
    case 'vp':
    case 'gm': {
      const name = nameOf(ctx, state.people[permit]);
      return name ? `${SLOT_WORDS[permit]} (${name})` : SLOT_WORDS[permit];
    }
    case 'member':
      return 'the people on the case and admins';
    case 'flag-reporter':
      return 'the person who raised that flag';
    case 'action-owner':
      return "the action's owner";
    case 'owner-manager': {
      const name = nameOf(ctx, state.people[intent.slot ?? actingSlot(state)]);
      return name ? `${name}'s manager` : 'the manager of whoever holds this part of the case';
    }
    case 'admin':
      return 'an admin';
  }
}

function notAllowed(words: string, permits: Permit[], state: CaseState, intent: Intent, ctx: PermissionContext): string {
  const who = permits.map((p) => describe(p, state, intent, ctx));
  const list = who.length > 1 ? `${who.slice(0, -1).join(', ')} or ${who.at(-1)}` : who[0];
  const slotted = permits.some((p) => p === 'reporter' || p === 'manager' || p === 'vp' || p === 'gm');
  return `You can't ${words}: that is for ${list}.${slotted ? ' Ask them, or an admin to reassign it.' : ''}`;
}

/** Rules that hang on the case's own data rather than on who the person is. */
function stateRules(state: CaseState, intent: Intent, person: string): Verdict {
  switch (intent.type) {
    case 'approve-reset':
    case 'send-back-reset': {
      const attempt = pendingAttempt(state, 'ic-reset');
      if (!attempt) return no('STEP.WRONG', 'There is no reset attempt waiting for approval.');
      // Nobody approves their own reset attempt, whatever their roles.
      if (intent.type === 'approve-reset' && attempt.by === person) return no('ACTOR.OWN_ATTEMPT', 'Nobody approves their own reset attempt. An admin can reassign the approval.');
      return OK;
    }
    case 'approve-decision': {
      if (!state.decision) return no('STEP.WRONG', 'There is no decision to approve.');
      if (state.decision.by === person) return no('ACTOR.OWN_PROPOSAL', 'Nobody approves their own decision. An admin can reassign the GM approval.');
      return OK;
    }
    case 'withdraw-flag':
    case 'correct-flag': {
      if (intent.flagId === undefined) return OK;
      const flag = liveFlag(state, intent.flagId);
      if (!flag) return no('FLAG.NOT_CURRENT', 'That flag was already withdrawn.');
      if (!liveFlagsOnCurrentStrike(state).includes(flag)) return no('FLAG.NOT_CURRENT', 'Only a flag on the current strike can be withdrawn or corrected; the case has moved past it.');
      return OK;
    }
    case 'mark-action-done': {
      if (intent.actionId === undefined) return openActions(state).length > 0 ? OK : no('STEP.WRONG', 'Every action here is already done.');
      const action = currentActions(state).find((a) => a.actionId === intent.actionId);
      if (!action) return no('INPUT.INVALID', 'That action is not part of this step.');
      if (action.doneAt) return no('CASE.MOVED_ON', 'That action is already marked done.');
      return OK;
    }
    default:
      return OK;
  }
}

/** The reassignment's slot: the one named, else what the case waits on now, else the step's owner. */
export function reassignedSlot(state: CaseState, intent: { slot?: OwnerSlot }): OwnerSlot {
  return intent.slot ?? actingSlot(state);
}


// ---------------------------------------------------------------- partner health (README, "Partner health")

export interface HealthPermissionContext {
  /** At least the person asking and the people who work with the partner, with their management chains. */
  directory: Directory;
  /** ADMIN_AAD_OBJECT_IDS plus the directory admins among the people read. */
  admins: readonly string[];
  /** The people who work with the partner (`partnerWorkers`). */
  workers: readonly string[];
  /** The partner's name, for refusals. */
  partnerName: string;
}

/** Each health command in the words of a refusal: "You can't <words> <partner>…". */
export const HEALTH_COMMAND_WORDS: Record<HealthCommandType, string> = {
  rate: "rate the 4 C's of",
  'log-symptom': 'log a symptom on',
  'resolve-symptom': 'resolve a symptom of',
  'log-interaction': 'log an interaction with',
  'set-stage-owner': 'set the stage and executive owner of',
  'set-fits': 'change where it fits for',
};

/**
 * The people who work with a partner: everyone on its latest case (who flagged it, the people the case went to,
 * action owners), its sales directors and its executive owner.
 */
export function partnerWorkers(partner: { salesDirectors: readonly string[] }, execOwner: string | undefined, latestCase: CaseState | undefined): string[] {
  return [...new Set([...(latestCase ? stakeholdersOf(latestCase) : []), ...partner.salesDirectors, ...(execOwner ? [execOwner] : [])])];
}

/**
 * Whether `person` may give a health command for the partner. Where it fits: admins. Everything else (rate,
 * symptoms, interactions, stage and executive owner): the people who work with it, anyone up their management
 * chains (their managers), and admins.
 */
export function healthCan(type: HealthCommandType, person: string, ctx: HealthPermissionContext): Verdict {
  if (!person) return no('ACTOR.NOT_ALLOWED', 'We could not tell who you are.');
  if (isAdmin(person, ctx)) return OK;
  const words = `${HEALTH_COMMAND_WORDS[type]} ${ctx.partnerName}`;
  if (type === 'set-fits') return no('ACTOR.NOT_ALLOWED', `You can't ${words}: that is for admins.`);
  if (ctx.workers.some((w) => chainFrom(ctx.directory, w).includes(person))) return OK;
  return no(
    'ACTOR.NOT_ALLOWED',
    `You can't ${words}: that is for the people who work with it (who flagged it or are on its case, its sales directors, its executive owner), their managers, and admins.`,
  );
}

/** Every health command the person may give (for cards: which buttons to show). */
export function allowedHealthCommands(person: string | undefined, ctx: HealthPermissionContext): Set<HealthCommandType> {
  return new Set(person ? HEALTH_COMMAND_TYPES.filter((t) => healthCan(t, person, ctx).ok) : []);
}
