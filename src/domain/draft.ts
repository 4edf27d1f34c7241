// The draft a decision is built on, and the moves flags and commands share: entering a step or phase (with its
// due time in the waiting person's zone), handing a stood-in slot back to the directory's person, the actor's
// day, actions. Pure, like decide.ts, which is the only user (docs/workflow.md).
import { addBusinessDays, localDate } from './calendar';
import type { DecideContext } from './context';
import { calendarOf } from './context';
import { gmFor, managerOf, vpFor } from './directory';
import type { Rejection } from './errors';
import { reject } from './errors';
import type { CaseEvent, CaseEventBody } from './events';
import { evolve } from './evolve';
import type { CaseState, OwnerSlot, Phase, Step, Trigger } from './model';
import { stepForStrike } from './queries';
import { workflowFor } from './workflow';

/** Steps a new strike moves on from by level (docs/workflow.md#strikes); later steps keep their step. */
const EARLY_STEPS: readonly Step[] = ['ic-reset', 'manager-reset', 'internal-improvement'];

/** Accumulates events, applying each so later checks see its effect. */
export class Draft {
  readonly events: CaseEvent[] = [];
  constructor(
    public state: CaseState | undefined,
    private readonly ctx: DecideContext,
  ) {}

  emit(body: CaseEventBody): void {
    const event = {
      ...body,
      at: this.ctx.now,
      actor: this.ctx.actor,
      ...(this.ctx.conversationId ? { conversationId: this.ctx.conversationId } : {}),
    } as CaseEvent;
    this.events.push(event);
    this.state = evolve(this.state, event);
  }

  get current(): CaseState {
    if (!this.state) throw new Error('No case yet');
    return this.state;
  }
}

/** The step a new strike (taking the case to `level`) moves to, by its trigger paths (docs/workflow.md#trigger-paths). */
export function stepAfterStrike(state: CaseState, level: number, triggers: readonly Trigger[] = []): Step | undefined {
  if (state.step === 'review-period') return 'decision';
  if (EARLY_STEPS.includes(state.step)) return stepForStrike(state.workflowVersion, level, triggers);
  // From the VP review on (level 3, or a path that starts there): the occurrence is recorded and pinged; the step stays.
  return undefined;
}

export function enterStep(draft: Draft, step: Step, ctx: DecideContext): void {
  const wf = workflowFor(draft.current.workflowVersion);
  fillMissingOwner(draft, wf.steps[step].owner, ctx);
  enterPhase(draft, step, wf.steps[step].entry, ctx);
}

export function enterPhase(draft: Draft, step: Step, phase: Phase, ctx: DecideContext): void {
  const wf = workflowFor(draft.current.workflowVersion);
  const waits = wf.steps[step].phases[phase]?.waitingOn;
  if (waits) fillMissingOwner(draft, waits, ctx);
  // Business days in the zone of the person it waits on (docs/workflow.md#timers).
  const zone = waits ? calendarOf(ctx.settings, ctx.directory, draft.current.people[waits]) : undefined;
  const dueAt = zone ? addBusinessDays(ctx.now, ctx.settings.dueBusinessDays[step], zone) : undefined;
  draft.emit({ type: 'stage-changed', step, phase, ...(dueAt ? { dueAt } : {}) });
}

/** An admin stood in because the directory lacked someone; if the directory has them now, hand over. */
function fillMissingOwner(draft: Draft, slot: OwnerSlot, ctx: DecideContext): void {
  const state = draft.current;
  if (!state.missing.includes(slot) || slot === 'reporter') return;
  const dir = ctx.directory;
  const manager = managerOf(dir, state.people.reporter);
  const found = slot === 'manager' ? manager : slot === 'vp' ? vpFor(dir, state.people.reporter) : gmFor(dir, state.people.reporter);
  if (found && found !== state.people[slot]) draft.emit({ type: 'owner-reassigned', slot, ...fromOf(state.people[slot]), to: found });
}

export function fromOf(person: string | undefined): { from?: string } {
  return person ? { from: person } : {};
}

/** The actor's calendar day: dates they type are read in their own zone. */
export function today(ctx: DecideContext): string {
  return localDate(ctx.now, calendarOf(ctx.settings, ctx.directory, ctx.actor));
}

export function checkActions(actions: readonly { dueOn: string }[], ctx: DecideContext): Rejection | undefined {
  const late = actions.find((a) => a.dueOn < today(ctx));
  return late ? reject('INPUT.INVALID', `An action is due on ${late.dueOn}, which has passed. Pick today or a later date.`) : undefined;
}

export function assignActions(draft: Draft, context: 'improvement' | 'review', actions: readonly { text: string; ownerId: string; dueOn: string }[]): void {
  const start = draft.current.actions.length;
  draft.emit({
    type: 'actions-assigned',
    context,
    actions: actions.map((a, i) => ({ actionId: `${draft.current.caseId}-a${start + i + 1}`, text: a.text, ownerId: a.ownerId, dueOn: a.dueOn })),
  });
}

/** What `can` has already checked (a pending attempt, a live flag, the action named) is there. */
export function checked<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('decide: a precondition checked by can() does not hold');
  return value;
}
