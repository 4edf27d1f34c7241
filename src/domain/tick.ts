// What time alone does to a case: overdue reminders, second-level pings, action reminders,
// review ends and quiet-period closes. Pure: `now` comes in; a scheduler stores what this returns.
import { DateTime } from 'luxon';
import type { BusinessCalendar } from './calendar';
import { addBusinessDays, addDays, isBusinessDay, nextWorkingMoment, normalizeInstant, toInstant } from './calendar';
import type { TickContext, WorkflowSettings } from './context';
import { calendarOf, workingHoursOf } from './context';
import { EMPTY_DIRECTORY, managerOf } from './directory';
import type { CaseEvent, CaseEventBody } from './events';
import { evolve } from './evolve';
import type { ActionItem, CaseState } from './model';
import type { Notice } from './notices';
import { noticesFor } from './notices';
import { openActions, ownerOf } from './queries';

export const SYSTEM_ACTOR = 'system';

export interface TickResult {
  events: CaseEvent[];
  notices: Notice[];
  state: CaseState;
}

/** First business day on or after a local date, at the workday start hour. */
function dateMoment(date: string, cal: BusinessCalendar, hour: number, after: boolean): string {
  let dt = DateTime.fromISO(date, { zone: cal.timeZone }).set({ hour, minute: 0, second: 0, millisecond: 0 });
  if (!dt.isValid) throw new Error(`Invalid date ${date}`);
  if (after) dt = dt.plus({ days: 1 });
  while (!isBusinessDay(dt, cal)) dt = dt.plus({ days: 1 });
  return toInstant(dt);
}

/** The people time pings, and their zones (docs/workflow.md#timers); without a directory, the organisation's zone. */
type Zones = Pick<TickContext, 'directory'>;
const NO_ZONES: Zones = { directory: EMPTY_DIRECTORY };

/** The review question is asked on the review's end date, at the start of the owner's working day (docs/workflow.md#timers). */
export function reviewEndsAt(state: CaseState, s: WorkflowSettings, z: Zones = NO_ZONES): string | undefined {
  return state.reviewEndsOn ? dateMoment(state.reviewEndsOn, calendarOf(s, z.directory, ownerOf(state)), s.workdayStartHour, false) : undefined;
}

export function quietCloseAt(state: CaseState, s: WorkflowSettings): string | undefined {
  if (state.phase !== 'watching' || !state.watchingSince) return undefined;
  const from = state.watchingSince > state.lastFlagAt ? state.watchingSince : state.lastFlagAt;
  return addDays(from, s.quietPeriodDays);
}

/** Reminder n (1-based) goes out n-1 business days after the due time, inside the waiting person's working hours. */
function reminderAt(dueAt: string, n: number, cal: BusinessCalendar, s: WorkflowSettings): string {
  return nextWorkingMoment(addBusinessDays(dueAt, n - 1, cal), cal, workingHoursOf(s));
}

/**
 * "Two due periods after the step began" (docs/workflow.md#timers), counted across the step's phases from when it first
 * waited on someone (a review period's months of actions do not count), inside that person's working hours.
 */
export function escalationAt(state: CaseState, s: WorkflowSettings, z: Zones = NO_ZONES): string | undefined {
  if (!state.dueAt) return undefined;
  const cal = calendarOf(s, z.directory, state.waitingOn);
  return nextWorkingMoment(addBusinessDays(state.waitingSince ?? state.stageStartedAt, 2 * s.dueBusinessDays[state.step], cal), cal, workingHoursOf(s));
}

function actionReminderAt(action: ActionItem, n: number, s: WorkflowSettings, z: Zones): string {
  const cal = calendarOf(s, z.directory, action.ownerId);
  return addBusinessDays(dateMoment(action.dueOn, cal, s.workdayStartHour, true), n - 1, cal);
}

/** Highest n ≤ limit whose moment has come, or 0. */
function dueCount(limit: number, from: number, at: (n: number) => string, now: string): number {
  let n = from;
  while (n < limit && at(n + 1) <= now) n += 1;
  return n;
}

export function tick(state: CaseState, input: TickContext): TickResult {
  const ctx = { ...input, now: normalizeInstant(input.now) };
  const s = ctx.settings;
  const events: CaseEvent[] = [];
  let current = state;
  const emit = (body: CaseEventBody) => {
    const event = { ...body, at: ctx.now, actor: SYSTEM_ACTOR } as CaseEvent;
    events.push(event);
    current = evolve(current, event);
  };
  const done = (): TickResult => ({ events, notices: events.length ? noticesFor(state, current, events, ctx) : [], state: current });

  if (state.status === 'closed') return done();

  const quiet = quietCloseAt(state, s);
  if (quiet && quiet <= ctx.now) {
    emit({ type: 'case-closed', outcome: 'resolved' });
    return done();
  }

  const reviewEnd = reviewEndsAt(state, s, ctx);
  if (state.step === 'review-period' && state.phase === 'actions' && reviewEnd && reviewEnd <= ctx.now) {
    const dueAt = addBusinessDays(ctx.now, s.dueBusinessDays['review-period'], calendarOf(s, ctx.directory, ownerOf(state)));
    emit({ type: 'stage-changed', step: 'review-period', phase: 'review-question', dueAt });
  }

  if (current.dueAt && current.waitingOn) {
    const { dueAt, waitingOn } = current;
    const cal = calendarOf(s, ctx.directory, waitingOn);
    const n = dueCount(s.reminderLimit, current.reminders.sent, (k) => reminderAt(dueAt, k, cal, s), ctx.now);
    if (n > current.reminders.sent) emit({ type: 'reminder-sent', to: waitingOn, n });
    const escalateAt = escalationAt(current, s, ctx);
    if (!current.reminders.escalated && escalateAt && escalateAt <= ctx.now) {
      const to = managerOf(ctx.directory, waitingOn) ?? ctx.admins[0];
      emit({ type: 'overdue-escalated', ...(to ? { to } : {}) });
    }
  }

  for (const action of openActions(current)) {
    const n = dueCount(s.reminderLimit, action.remindersSent, (k) => actionReminderAt(action, k, s, ctx), ctx.now);
    if (n > action.remindersSent) emit({ type: 'action-reminder-sent', actionId: action.actionId, to: action.ownerId, n });
  }
  return done();
}

/**
 * The next instant `tick` would do something, for the due-time index; undefined when nothing is pending. Pass the
 * directory `tick` gets (the people's zones), or the organisation's zone is assumed.
 */
export function nextDueAt(state: CaseState, s: WorkflowSettings, z: Zones = NO_ZONES): string | undefined {
  if (state.status === 'closed') return undefined;
  const moments: (string | undefined)[] = [quietCloseAt(state, s)];
  if (state.step === 'review-period' && state.phase === 'actions') moments.push(reviewEndsAt(state, s, z));
  if (state.dueAt && state.waitingOn) {
    const cal = calendarOf(s, z.directory, state.waitingOn);
    if (state.reminders.sent < s.reminderLimit) moments.push(reminderAt(state.dueAt, state.reminders.sent + 1, cal, s));
    if (!state.reminders.escalated) moments.push(escalationAt(state, s, z));
  }
  for (const action of openActions(state)) {
    if (action.remindersSent < s.reminderLimit) moments.push(actionReminderAt(action, action.remindersSent + 1, s, z));
  }
  const present = moments.filter((m): m is string => !!m).sort();
  return present[0];
}
