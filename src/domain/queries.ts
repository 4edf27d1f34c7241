// What a case is, read off its state: who owns it, who is on it, its current strike, flags and actions.
// Pure questions the engine, the permission function, notices and cards all ask the same way.
import type { Directory } from './directory';
import { managerOf } from './directory';
import type { ActionItem, CaseState, FlagRecord, OwnerSlot, ResetAttempt, Step, Strike, Trigger } from './model';
import { STEPS } from './model';
import type { StepInput } from './workflow';
import { workflowFor } from './workflow';

/** The slot that owns the case's current step (docs/workflow.md, "Steps and owners"). */
export function ownerSlot(state: CaseState): OwnerSlot {
  return workflowFor(state.workflowVersion).steps[state.step].owner;
}

export function ownerOf(state: CaseState): string | undefined {
  return state.people[ownerSlot(state)];
}

/** The slot the case waits on now; the owner's when the phase owes nothing (watching, actions under way). */
export function actingSlot(state: CaseState): OwnerSlot {
  return workflowFor(state.workflowVersion).steps[state.step].phases[state.phase]?.waitingOn ?? ownerSlot(state);
}

/** Everyone on the case: reporters, the people in its slots, sales directors, past owners, action owners. */
export function stakeholdersOf(state: CaseState): string[] {
  const people = [
    ...state.flags.map((f) => f.reporterId),
    state.people.reporter,
    state.people.manager,
    state.people.vp,
    state.people.gm,
    ...state.people.salesDirectors,
    ...state.pastOwners,
    ...state.actions.map((a) => a.ownerId),
  ];
  return [...new Set(people.filter((p): p is string => !!p))];
}

/** The managers of everyone who flagged the case (the case's manager first), from the directory at hand. */
export function reportersManagers(state: CaseState, dir: Directory): string[] {
  const managers = [state.people.manager, ...state.flags.map((f) => managerOf(dir, f.reporterId))];
  return [...new Set(managers.filter((m): m is string => !!m))];
}

/**
 * Who took part in a case (told how it ended, docs/workflow.md#notices): the reporters and their managers, whoever
 * owned a step or was waited on, action owners, and the GM and sales directors once their meeting was recorded.
 * Not the people a step would have gone to had the case got that far.
 */
export function involvedOf(state: CaseState, dir: Directory): string[] {
  const people = [
    ...state.flags.map((f) => f.reporterId),
    ...reportersManagers(state, dir),
    ...state.pastOwners,
    state.status === 'open' ? ownerOf(state) : undefined,
    ...(state.consulted ?? []),
    ...state.actions.map((a) => a.ownerId),
    ...(state.gmMeeting ? [state.people.gm] : []),
    ...(state.salesMeeting ? state.people.salesDirectors : []),
  ];
  return [...new Set(people.filter((p): p is string => !!p))];
}

/** What a person has on a case: it waits on them, they own an open action, they flagged it. */
export type WorkKind = 'waiting' | 'action' | 'reported';

/** Each person's part in a case (the per-person index behind `mine`, README "What is waiting on me"). */
export function workOf(state: CaseState): Map<string, WorkKind[]> {
  const work = new Map<string, WorkKind[]>();
  const add = (user: string | undefined, kind: WorkKind) => {
    if (!user) return;
    const kinds = work.get(user) ?? [];
    if (!kinds.includes(kind)) work.set(user, [...kinds, kind]);
  };
  if (state.status === 'open') {
    add(state.waitingOn, 'waiting');
    for (const a of openActions(state)) add(a.ownerId, 'action');
  }
  for (const f of state.flags) if (!f.withdrawn) add(f.reporterId, 'reported');
  return work;
}

export function currentStrike(state: CaseState): Strike | undefined {
  return [...state.strikes].reverse().find((s) => !s.withdrawn);
}

/** Flags not withdrawn on the current strike: the ones their reporters may still withdraw or correct. */
export function liveFlagsOnCurrentStrike(state: CaseState): FlagRecord[] {
  const strike = currentStrike(state)?.no;
  return state.flags.filter((f) => !f.withdrawn && f.strikeNo === strike);
}

export function liveFlag(state: CaseState, flagId: string): FlagRecord | undefined {
  return state.flags.find((f) => f.flagId === flagId && !f.withdrawn);
}

/** The reset attempt of a step that waits for a decision (approve, send back, continue, take ownership). */
export function pendingAttempt(state: CaseState, step: ResetAttempt['step']): ResetAttempt | undefined {
  return [...state.resetAttempts].reverse().find((a) => a.step === step && !a.outcome);
}

/** Which actions the current step works through: improvement actions, review actions, or none. */
export function actionContextOf(state: CaseState): ActionItem['context'] | undefined {
  if (state.step === 'internal-improvement') return 'improvement';
  if (state.step === 'review-period') return 'review';
  return undefined;
}

/** The actions of the current step: improvement actions, or the latest approved decision's review actions. */
export function currentActions(state: CaseState): ActionItem[] {
  if (state.step === 'internal-improvement') return state.actions.filter((a) => a.context === 'improvement');
  if (state.step === 'review-period') return state.actions.filter((a) => a.context === 'review' && a.round === state.decisionsMade);
  return [];
}

export function openActions(state: CaseState): ActionItem[] {
  return currentActions(state).filter((a) => !a.doneAt);
}

/** What a step asks for beyond its own work, from the trigger paths of the case's live flags (docs/workflow.md#trigger-paths). */
export function stepInputs(state: CaseState, step: Step = state.step): StepInput[] {
  const wf = workflowFor(state.workflowVersion);
  const triggers = new Set(state.flags.filter((f) => !f.withdrawn).flatMap((f) => f.triggers));
  return [...new Set([...triggers].flatMap((t) => wf.paths[t].asks[step] ?? []))];
}

/**
 * The step a strike with these triggers enters at `level` under a workflow version: the furthest step any of the
 * triggers' ladders names (no trigger: an "escalate now" strike, on the plain ladder).
 */
export function stepForStrike(workflowVersion: number, level: number, triggers: readonly Trigger[]): Step {
  const wf = workflowFor(workflowVersion);
  const ladders = triggers.length ? triggers.map((t) => wf.paths[t].ladder) : [wf.stepForLevel];
  const steps = ladders.map((ladder) => ladder[Math.min(level, ladder.length) - 1]!);
  return steps.reduce((far, s) => (STEPS.indexOf(s) > STEPS.indexOf(far) ? s : far));
}
