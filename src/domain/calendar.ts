// Business-day arithmetic in the organisation's time zone. Pure: every instant comes in as an argument.
import { DateTime } from 'luxon';

export interface BusinessCalendar {
  /** IANA zone, e.g. "Europe/Berlin". */
  timeZone: string;
  /** ISO weekdays that are working days (1 = Monday … 7 = Sunday). */
  workingDays: readonly number[];
  /** Local dates (yyyy-mm-dd) that are not working days. */
  holidays: readonly string[];
}

export const DEFAULT_CALENDAR: BusinessCalendar = { timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], holidays: [] };

/**
 * Answers already worked out, per calendar (calendars are never changed once made): every click and every card
 * asks again for the same due times, and zone arithmetic is the slowest part of deciding one. Bounded; the
 * results are the functions' own, so nothing here changes what they answer.
 */
const answers = new WeakMap<BusinessCalendar, Map<string, string>>();
const MAX_ANSWERS = 2_000;

function remembered(cal: BusinessCalendar, key: string, work: () => string): string {
  let known = answers.get(cal);
  if (!known) answers.set(cal, (known = new Map()));
  let answer = known.get(key);
  if (answer === undefined) {
    if (known.size >= MAX_ANSWERS) known.clear();
    answer = work();
    known.set(key, answer);
  }
  return answer;
}

function local(iso: string, cal: BusinessCalendar): DateTime {
  const dt = DateTime.fromISO(iso, { zone: cal.timeZone });
  if (!dt.isValid) throw new Error(`Invalid instant ${iso}`);
  return dt;
}

export function isBusinessDay(dt: DateTime, cal: BusinessCalendar): boolean {
  return cal.workingDays.includes(dt.weekday) && !cal.holidays.includes(dt.toISODate() ?? '');
}

/** The same local time `days` business days later (a start on a day off counts from the next working day). */
export function addBusinessDays(iso: string, days: number, cal: BusinessCalendar): string {
  if (cal.workingDays.length === 0) throw new Error('A calendar needs at least one working day');
  return remembered(cal, `add|${iso}|${days}`, () => walkBusinessDays(iso, days, cal));
}

function walkBusinessDays(iso: string, days: number, cal: BusinessCalendar): string {
  const start = local(iso, cal);
  // The days are walked as plain calendar dates, and the local time moved once at the end: zone arithmetic on
  // every day made this the most expensive step of deciding a click.
  let date = Date.UTC(start.year, start.month - 1, start.day);
  let steps = 0;
  for (let left = days; left > 0; ) {
    date += DAY_MS;
    steps += 1;
    const day = new Date(date);
    if (cal.workingDays.includes(day.getUTCDay() || 7) && !cal.holidays.includes(day.toISOString().slice(0, 10))) left -= 1;
  }
  return toInstant(steps === 0 ? start : start.plus({ days: steps }));
}

const DAY_MS = 86_400_000;

/** Business days that have begun after `fromIso` up to and including `toIso`'s day. */
export function businessDaysBetween(fromIso: string, toIso: string, cal: BusinessCalendar): number {
  let dt = local(fromIso, cal).startOf('day');
  const end = local(toIso, cal).startOf('day');
  let count = 0;
  while (dt < end) {
    dt = dt.plus({ days: 1 });
    if (isBusinessDay(dt, cal)) count += 1;
  }
  return count;
}

/** The instant a local date begins, e.g. when a review period ending on that date is over. */
export function startOfLocalDate(date: string, cal: BusinessCalendar): string {
  const dt = DateTime.fromISO(date, { zone: cal.timeZone }).startOf('day');
  if (!dt.isValid) throw new Error(`Invalid date ${date}`);
  return toInstant(dt);
}

/** The first instant after a local date (an action due on a date is overdue from then). */
export function endOfLocalDate(date: string, cal: BusinessCalendar): string {
  return toInstant(local(startOfLocalDate(date, cal), cal).plus({ days: 1 }));
}

export function localDate(iso: string, cal: BusinessCalendar): string {
  return remembered(cal, `date|${iso}`, () => local(iso, cal).toISODate() ?? '');
}

// Hours and days in UTC are fixed lengths: plain instant arithmetic, without the zone machinery (a flag asks it often).
const HOUR_MS = 3_600_000;

export function addHours(iso: string, hours: number): string {
  return shifted(iso, hours * HOUR_MS);
}

export function addDays(iso: string, days: number): string {
  return shifted(iso, days * DAY_MS);
}

/** `ms` later, in the UTC form every instant is kept in; '' for something that is not an instant. */
function shifted(iso: string, ms: number): string {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? '' : new Date(at + ms).toISOString();
}

export function addMonths(iso: string, months: number): string {
  return toInstant(DateTime.fromISO(iso, { zone: 'utc' }).plus({ months }));
}

export function toInstant(dt: DateTime): string {
  return dt.toUTC().toISO({ suppressMilliseconds: false }) ?? '';
}

/** Instants are compared as strings: every one is brought to the same UTC form first. */
export function normalizeInstant(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`Invalid instant ${iso}`);
  return new Date(ms).toISOString();
}

export function isValidZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

/** The part of a day reminders and escalation pings may go out in: local hours [start, end) of a business day. */
export interface WorkingHours {
  startHour: number;
  endHour: number;
}

const zoned = new WeakMap<BusinessCalendar, Map<string, BusinessCalendar>>();

/** A calendar read in another zone: the organisation's working days and holidays, someone's own clock. */
export function inZone(cal: BusinessCalendar, timeZone: string | undefined): BusinessCalendar {
  if (!timeZone || timeZone === cal.timeZone) return cal;
  // The same calendar object for the same zone, so its remembered answers serve everyone in that zone.
  let zones = zoned.get(cal);
  if (!zones) zoned.set(cal, (zones = new Map()));
  let inIt = zones.get(timeZone);
  if (!inIt) zones.set(timeZone, (inIt = { ...cal, timeZone }));
  return inIt;
}

/**
 * The first instant at or after `iso` inside working hours in the calendar's zone: `iso` itself when it is, else
 * the start of the next working day's hours (docs/workflow.md#timers). Local hours, so a DST change moves the instant.
 */
export function nextWorkingMoment(iso: string, cal: BusinessCalendar, hours: WorkingHours): string {
  if (cal.workingDays.length === 0) throw new Error('A calendar needs at least one working day');
  return remembered(cal, `work|${iso}|${hours.startHour}|${hours.endHour}`, () => firstWorkingMoment(iso, cal, hours));
}

function firstWorkingMoment(iso: string, cal: BusinessCalendar, hours: WorkingHours): string {
  const at = local(iso, cal);
  if (isBusinessDay(at, cal) && at.hour >= hours.startHour && at.hour < hours.endHour) return toInstant(at);
  let day = at.startOf('day');
  if (!isBusinessDay(day, cal) || at.hour >= hours.endHour) {
    do day = day.plus({ days: 1 });
    while (!isBusinessDay(day, cal));
  }
  return toInstant(day.set({ hour: hours.startHour }));
}
