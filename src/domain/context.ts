// Everything decide/tick need from outside, passed in: time, actor, directory, settings.
import type { BusinessCalendar, WorkingHours } from './calendar';
import { DEFAULT_CALENDAR, inZone } from './calendar';
import type { Directory } from './directory';
import type { Step } from './model';

export interface WorkflowSettings {
  calendar: BusinessCalendar;
  /** Hours from a strike's first flag during which overlapping flags merge into it. */
  mergeWindowHours: number;
  /** Days without a flag, after an approved reset, before the case closes `resolved`. */
  quietPeriodDays: number;
  /** Months a closed case's strikes keep counting: a new case opens at the strike after them (docs/workflow.md#strikes). */
  strikeWindowMonths: number;
  /** Business days a step may wait before it is overdue. */
  dueBusinessDays: Record<Step, number>;
  /** Overdue reminders per stage (and per action) at most. */
  reminderLimit: number;
  /** Local hour at which date-based reminders (actions, review ends) go out, and working hours begin. */
  workdayStartHour: number;
  /** Local hour at which working hours end: reminders and escalation pings wait for the next working day. */
  workdayEndHour: number;
  /** The workflow version new cases open under; open cases keep theirs (docs/workflow.md#versions). */
  workflowVersion: number;
}

export const DEFAULT_SETTINGS: WorkflowSettings = {
  calendar: DEFAULT_CALENDAR,
  mergeWindowHours: 24,
  quietPeriodDays: 90,
  strikeWindowMonths: 12,
  dueBusinessDays: {
    'ic-reset': 5,
    'manager-reset': 5,
    'internal-improvement': 5,
    'vp-review': 5,
    'sales-escalation': 5,
    decision: 5,
    'review-period': 5,
    disengaging: 5,
  },
  reminderLimit: 3,
  workdayStartHour: 9,
  workdayEndHour: 17,
  workflowVersion: 1,
};

export interface PartnerFacts {
  partnerId: string;
  salesDirectors: string[];
}

export interface DecideContext {
  /** ISO instant. */
  now: string;
  /** aadObjectId from the Teams activity, never from card data. */
  actor: string;
  conversationId?: string;
  /** Set when the command came from a team channel: a new case keeps its card there. */
  channel?: string;
  directory: Directory;
  /** ADMIN_AAD_OBJECT_IDS plus directory admins, in that order. */
  admins: string[];
  settings: WorkflowSettings;
  partner: PartnerFacts;
}

export type TickContext = Omit<DecideContext, 'actor' | 'conversationId' | 'channel'>;

/**
 * A person's calendar: the organisation's working days and holidays in their own time zone (recorded from Teams),
 * else the organisation's (docs/workflow.md#timers).
 */
export function calendarOf(settings: WorkflowSettings, directory: Directory, userId: string | undefined): BusinessCalendar {
  return inZone(settings.calendar, userId ? directory.entries[userId]?.timeZone : undefined);
}

export function workingHoursOf(settings: WorkflowSettings): WorkingHours {
  return { startHour: settings.workdayStartHour, endHour: settings.workdayEndHour };
}
