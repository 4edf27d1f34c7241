// decide(case, command, context) -> events and notices, or a rejection. No I/O, no clock: time comes in `context`.
// The draft it builds on and the step moves flags and commands share are in draft.ts.
import { addHours, normalizeInstant } from './calendar';
import type { Command, CommandOf } from './commands';
import { commandSchema, describeIssues } from './commands';
import type { DecideContext } from './context';
import { gmFor, hasRole, managerOf, usersWithRole, vpFor } from './directory';
import type { Rejection } from './errors';
import { reject } from './errors';
import type { CaseEvent } from './events';
import type { CasePeople, CaseState, OwnerSlot, Strike } from './model';
import type { Notice } from './notices';
import { noticesFor } from './notices';
import { can, reassignedSlot } from './permissions';
import { carriedStrikes, futureDate, revenueInput } from './inputs';
import { currentActions, currentStrike, liveFlag, openActions, pendingAttempt } from './queries';
import { Draft, assignActions, checkActions, checked, enterPhase, enterStep, fromOf, stepAfterStrike, today } from './draft';

export type Decision =
  | { ok: true; events: CaseEvent[]; notices: Notice[]; state: CaseState }
  | { ok: false; rejection: Rejection };

export function caseIdFor(partnerId: string, caseNo: number): string {
  return `${partnerId}-${String(caseNo).padStart(4, '0')}`;
}


export function decide(current: CaseState | undefined, input: unknown, context: DecideContext): Decision {
  const ctx = { ...context, now: normalizeInstant(context.now) };
  const parsed = commandSchema.safeParse(input);
  if (!parsed.success) return { ok: false, rejection: reject('INPUT.INVALID', `Please check: ${describeIssues(parsed.error)}.`) };
  const command = parsed.data;
  if (!ctx.actor) return { ok: false, rejection: reject('ACTOR.NOT_ALLOWED', 'We could not tell who you are.') };
  const future = futureDate(command, today(ctx));
  if (future) return { ok: false, rejection: future };

  const draft = new Draft(current, ctx);
  const outcome = command.type === 'flag' ? raiseFlag(draft, command, ctx) : act(draft, command, ctx);
  if (outcome) return { ok: false, rejection: outcome };
  const after = draft.current;
  // A flag that opens a new case after a closed one starts fresh: nobody "hands over" from the old case.
  const before = current && current.caseId === after.caseId ? current : undefined;
  return { ok: true, events: draft.events, notices: noticesFor(before, after, draft.events, ctx), state: after };
}

// ---------------------------------------------------------------- flags

function raiseFlag(draft: Draft, cmd: CommandOf<'flag'>, ctx: DecideContext): Rejection | undefined {
  const open = draft.state && draft.state.status === 'open' ? draft.state : undefined;
  if (!open) openCase(draft, ctx);
  const state = draft.current;
  const flagNo = state.flags.length + 1;
  const flagId = `${state.caseId}-f${flagNo}`;
  const base = { flagId, reporterId: ctx.actor, triggers: [...new Set(cmd.triggers)], evidence: cmd.evidence };

  const strike = currentStrike(state);
  if (strike && !cmd.newOccurrence && mergesInto(state, strike, cmd.triggers, ctx)) {
    draft.emit({ type: 'flag-raised', ...base, strikeNo: strike.no, merged: true });
    return undefined;
  }
  const strikeNo = state.strikes.length + 1;
  const target = stepAfterStrike(state, state.level + 1, base.triggers);
  draft.emit({ type: 'flag-raised', ...base, strikeNo, merged: false });
  draft.emit({ type: 'strike-added', strikeNo, kind: 'occurrence', flagId, moves: !!target });
  if (target) enterStep(draft, target, ctx);
  return undefined;
}

function openCase(draft: Draft, ctx: DecideContext): void {
  const previous = draft.state;
  const caseNo = (previous?.caseNo ?? 0) + 1;
  const { people, missing } = resolvePeople(ctx);
  const carried = carriedStrikes(previous, ctx);
  draft.state = undefined;
  draft.emit({
    type: 'case-opened',
    caseId: caseIdFor(ctx.partner.partnerId, caseNo),
    partnerId: ctx.partner.partnerId,
    caseNo,
    workflowVersion: ctx.settings.workflowVersion, // kept to the end (docs/workflow.md#versions)
    ...(previous ? { previousCaseId: previous.caseId } : {}),
    people,
    missing,
    ...(ctx.channel ? { channel: ctx.channel } : {}),
    ...(carried.strikes.length ? { carried } : {}),
  });
}

/**
 * Who the case goes to, by role (docs/workflow.md#people): the reporter's line manager approves their reset, and the
 * VP step is the VP of the reporter's organisation (the reporter, if they are a VP) however deep the reporter sits.
 * A missing link never stops a flag: an admin other than the reporter stands in (the admins may all act for it) and
 * admins are told, so no step is ever left without someone who can move it.
 */
function resolvePeople(ctx: DecideContext): { people: CasePeople; missing: OwnerSlot[] } {
  const dir = ctx.directory;
  const manager = managerOf(dir, ctx.actor);
  const found: Partial<Record<OwnerSlot, string>> = { manager, vp: vpFor(dir, ctx.actor), gm: gmFor(dir, ctx.actor) };
  const missing = (['manager', 'vp', 'gm'] as const).filter((slot) => !found[slot]);
  const standIn = ctx.admins.find((a) => a !== ctx.actor) ?? ctx.admins[0];
  const pick = (slot: 'manager' | 'vp' | 'gm') => found[slot] ?? standIn;
  const people: CasePeople = { reporter: ctx.actor, salesDirectors: [...ctx.partner.salesDirectors] };
  for (const slot of ['manager', 'vp', 'gm'] as const) {
    const person = pick(slot);
    if (person) people[slot] = person;
  }
  return { people, missing: [...missing] };
}

/** Overlapping trigger, same partner, within the window from the strike's first flag (docs/workflow.md#strikes). */
function mergesInto(state: CaseState, strike: Strike, triggers: readonly string[], ctx: DecideContext): boolean {
  if (strike.kind !== 'occurrence') return false;
  if (ctx.now > addHours(strike.at, ctx.settings.mergeWindowHours)) return false;
  return state.flags.some((f) => f.strikeNo === strike.no && !f.withdrawn && f.triggers.some((t) => triggers.includes(t)));
}


// ---------------------------------------------------------------- other commands

function act(draft: Draft, cmd: Exclude<Command, { type: 'flag' }>, ctx: DecideContext): Rejection | undefined {
  const verdict = can(draft.state, cmd, ctx.actor, ctx);
  if (!verdict.ok) return verdict.rejection;
  return handlers[cmd.type](draft, cmd as never, ctx);
}

type Handler<T extends Command['type']> = (draft: Draft, cmd: CommandOf<T>, ctx: DecideContext) => Rejection | undefined;
type Handlers = { [T in Exclude<Command['type'], 'flag'>]: Handler<T> };


const handlers: Handlers = {
  'escalate-now': (draft, _cmd, ctx) => {
    const attempt = pendingAttempt(draft.current, draft.current.step === 'ic-reset' ? 'ic-reset' : 'manager-reset');
    if (attempt) draft.emit({ type: 'reset-attempt-decided', attemptId: attempt.attemptId, outcome: 'escalated' });
    const target = stepAfterStrike(draft.current, draft.current.level + 1);
    draft.emit({ type: 'strike-added', strikeNo: draft.current.strikes.length + 1, kind: 'escalation', moves: !!target });
    if (target) enterStep(draft, target, ctx);
    return undefined;
  },

  'add-evidence': (draft, cmd, ctx) => {
    const state = draft.current;
    const strike = currentStrike(state);
    const own = state.flags.filter((f) => !f.withdrawn && f.strikeNo === strike?.no);
    const target = own.find((f) => f.reporterId === ctx.actor) ?? own[0] ?? [...state.flags].reverse().find((f) => !f.withdrawn);
    if (!target) return reject('STEP.WRONG', 'There is no flag on this case to add evidence to. Flag the partner instead.');
    draft.emit({ type: 'evidence-added', flagId: target.flagId, evidence: cmd.evidence });
    return undefined;
  },

  'withdraw-flag': (draft, cmd, ctx) => {
    const state = draft.current;
    const flag = checked(liveFlag(state, cmd.flagId));
    const strike = checked(currentStrike(state));
    draft.emit({ type: 'flag-withdrawn', flagId: flag.flagId });
    if (flag.merged) return undefined;
    // Someone else flagged the same thing: their flag carries the occurrence on.
    const heir = draft.current.flags.find((f) => f.strikeNo === strike.no && !f.withdrawn);
    if (heir) {
      draft.emit({ type: 'strike-reassigned', strikeNo: strike.no, flagId: heir.flagId });
      return undefined;
    }
    draft.emit({ type: 'strike-withdrawn', strikeNo: strike.no });
    if (draft.current.strikes.every((s) => s.withdrawn)) {
      draft.emit({ type: 'case-closed', outcome: 'withdrawn' });
      return undefined;
    }
    // Undo the move only while nothing else has happened since: decisions taken after it stand.
    if (strike.moved && draft.current.stage === strike.before.stage + 1) enterPhase(draft, strike.before.step, strike.before.phase, ctx);
    return undefined;
  },

  'correct-flag': (draft, cmd) => {
    const flag = checked(liveFlag(draft.current, cmd.flagId));
    draft.emit({ type: 'flag-corrected', flagId: flag.flagId, triggers: [...new Set(cmd.triggers)], evidence: cmd.evidence });
    return undefined;
  },

  'log-reset-attempt': (draft, cmd, ctx) => {
    const state = draft.current;
    const step = state.step as 'ic-reset' | 'manager-reset';
    const figures = revenueInput(state, cmd);
    if (!figures.ok) return figures.rejection;
    draft.emit({
      type: 'reset-attempt-logged',
      attemptId: `${state.caseId}-r${state.resetAttempts.length + 1}`,
      step,
      agreed: cmd.agreed,
      agreedOn: cmd.agreedOn,
    });
    // Revenue a trigger path asked for becomes the risk draft the VP review starts from.
    if (figures.revenue) draft.emit({ type: 'risk-drafted', ...figures.revenue, skus: state.riskDraft?.skus ?? [] });
    enterPhase(draft, step, step === 'ic-reset' ? 'approval' : 'choice', ctx);
    return undefined;
  },

  'approve-reset': (draft, _cmd, ctx) => {
    const attempt = checked(pendingAttempt(draft.current, 'ic-reset'));
    draft.emit({ type: 'reset-attempt-decided', attemptId: attempt.attemptId, outcome: 'approved' });
    enterPhase(draft, 'ic-reset', 'watching', ctx);
    return undefined;
  },

  'send-back-reset': (draft, cmd, ctx) => {
    const attempt = checked(pendingAttempt(draft.current, 'ic-reset'));
    draft.emit({ type: 'reset-attempt-decided', attemptId: attempt.attemptId, outcome: 'sent-back', comment: cmd.comment });
    enterPhase(draft, 'ic-reset', 'attempt', ctx);
    return undefined;
  },

  continue: (draft, _cmd, ctx) => {
    const attempt = pendingAttempt(draft.current, 'manager-reset');
    if (attempt) draft.emit({ type: 'reset-attempt-decided', attemptId: attempt.attemptId, outcome: 'continued' });
    enterPhase(draft, 'manager-reset', 'watching', ctx);
    return undefined;
  },

  'take-ownership': (draft, cmd, ctx) => {
    const late = checkActions(cmd.actions, ctx);
    if (late) return late;
    const attempt = pendingAttempt(draft.current, 'manager-reset');
    if (attempt) draft.emit({ type: 'reset-attempt-decided', attemptId: attempt.attemptId, outcome: 'owned' });
    assignActions(draft, 'improvement', cmd.actions);
    enterStep(draft, 'internal-improvement', ctx);
    return undefined;
  },

  'mark-action-done': (draft, cmd) => {
    const action = checked(currentActions(draft.current).find((a) => a.actionId === cmd.actionId));
    draft.emit({ type: 'action-done', actionId: action.actionId });
    if (draft.current.step === 'internal-improvement' && openActions(draft.current).length === 0) draft.emit({ type: 'case-closed', outcome: 'owned-internally' });
    return undefined;
  },

  'draft-risk': (draft, cmd, ctx) => {
    draft.emit({ type: 'risk-drafted', amount: cmd.amount, currency: cmd.currency, skus: cmd.skus });
    if (draft.current.phase === 'risk') enterPhase(draft, 'vp-review', 'risk-confirmation', ctx);
    return undefined;
  },

  'confirm-risk': (draft, cmd, ctx) => {
    draft.emit({ type: 'risk-confirmed', amount: cmd.amount, currency: cmd.currency, skus: cmd.skus });
    enterPhase(draft, 'vp-review', 'gm-meeting', ctx);
    return undefined;
  },

  'record-gm-meeting': (draft, cmd, ctx) => {
    draft.emit({ type: 'gm-meeting-recorded', on: cmd.on, ...(cmd.link ? { link: cmd.link } : {}) });
    enterStep(draft, 'sales-escalation', ctx);
    return undefined;
  },

  'record-sales-meeting': (draft, cmd, ctx) => {
    const fromRecord = draft.current.people.salesDirectors;
    const picked = [...new Set(cmd.salesDirectorIds ?? [])];
    const stranger = picked.find((id) => !hasRole(ctx.directory, id, 'sales-director'));
    if (stranger) return reject('INPUT.INVALID', 'Everyone picked as sales director must have the sales-director role in the directory.');
    const directors = [...new Set([...fromRecord, ...picked])];
    if (directors.length === 0 && usersWithRole(ctx.directory, 'sales-director').length > 0) {
      return reject('INPUT.INVALID', 'This partner has no sales director on record: pick at least one.');
    }
    draft.emit({ type: 'sales-meeting-recorded', on: cmd.on, ...(cmd.link ? { link: cmd.link } : {}), salesDirectorIds: directors });
    enterPhase(draft, 'sales-escalation', 'email', ctx);
    return undefined;
  },

  'confirm-email-sent': (draft, _cmd, ctx) => {
    draft.emit({ type: 'email-confirmed' });
    enterStep(draft, 'decision', ctx);
    return undefined;
  },

  'propose-decision': (draft, cmd, ctx) => {
    const actions = cmd.actions ?? [];
    if (cmd.fixable) {
      if (actions.length === 0) return reject('INPUT.INVALID', 'A fixable decision needs at least one action with an owner and a due date.');
      if (!cmd.reviewEndsOn || cmd.reviewEndsOn <= today(ctx)) return reject('INPUT.INVALID', 'A fixable decision needs a review end date after today.');
      const late = checkActions(actions, ctx);
      if (late) return late;
    }
    draft.emit({
      type: 'decision-proposed',
      fixable: cmd.fixable,
      rationale: cmd.rationale,
      ...(cmd.fixable && cmd.reviewEndsOn ? { reviewEndsOn: cmd.reviewEndsOn } : {}),
      actions: cmd.fixable ? actions.map((a) => ({ ...a })) : [],
    });
    enterPhase(draft, 'decision', 'gm-approval', ctx);
    return undefined;
  },

  'approve-decision': (draft, _cmd, ctx) => {
    const proposal = checked(draft.current.decision);
    draft.emit({ type: 'decision-approved' });
    if (proposal.fixable) {
      assignActions(draft, 'review', proposal.actions);
      enterStep(draft, 'review-period', ctx);
    } else {
      enterStep(draft, 'disengaging', ctx);
    }
    return undefined;
  },

  'send-back-decision': (draft, cmd, ctx) => {
    draft.emit({ type: 'decision-sent-back', comment: cmd.comment });
    enterPhase(draft, 'decision', 'proposal', ctx);
    return undefined;
  },

  'answer-review': (draft, cmd, ctx) => {
    draft.emit({ type: 'review-answered', working: cmd.working });
    if (cmd.working) draft.emit({ type: 'case-closed', outcome: 'fixed' });
    else enterStep(draft, 'decision', ctx);
    return undefined;
  },

  'record-partner-meeting': (draft, cmd) => {
    draft.emit({ type: 'partner-meeting-recorded', on: cmd.on, ...(cmd.link ? { link: cmd.link } : {}) });
    draft.emit({ type: 'case-closed', outcome: 'disengaged' });
    return undefined;
  },

  'close-case': (draft, cmd) => {
    draft.emit({ type: 'case-closed', outcome: 'cancelled', reason: cmd.reason });
    return undefined;
  },

  'reassign-owner': (draft, cmd) => {
    const state = draft.current;
    const slot = reassignedSlot(state, cmd);
    if (state.people[slot] === cmd.to) return reject('INPUT.INVALID', 'That person already holds this part of the case.');
    draft.emit({ type: 'owner-reassigned', slot, ...fromOf(state.people[slot]), to: cmd.to });
    return undefined;
  },
};

