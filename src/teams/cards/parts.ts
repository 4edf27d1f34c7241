// Pieces every card shares: the shapes templates expect, dates and names in words, buttons, pickers and slots.
// Pure: nothing here reads a clock or storage; every user string is escaped where it is placed.
import { DateTime } from 'luxon';
import { LIMITS } from '../../domain/commands';
import type { CaseState, Evidence, Trigger } from '../../domain/model';
import { EVIDENCE_KINDS, TRIGGERS } from '../../domain/model';
import { stakeholdersOf } from '../../domain/queries';
import { escapeText, plainLine, plainText } from './escape';
import type { FormName } from './forms';
import { KIND_LABELS, TRIGGER_LABELS } from './labels';

export interface PersonInfo {
  name?: string;
  /** The Teams `29:` id, needed for per-user views and mentions. */
  teamsId?: string;
  email?: string;
}

export type People = Record<string, PersonInfo>;

/** What every Action.Execute carries, so a click names its case and the stage it was shown at. */
export interface ActionData {
  partnerId: string;
  caseId: string;
  /** The case stage the card showed; -1 when there is no case. */
  stage: number;
  [extra: string]: string | number | boolean;
}

export type ButtonStyle = 'default' | 'positive' | 'destructive';

export interface Button {
  title: string;
  verb: string;
  data: ActionData;
  style: ButtonStyle;
}

/** A button that asks "are you sure?" in a show-card before it executes. */
export interface ConfirmButton extends Button {
  prompt: string;
  confirmTitle: string;
}

export interface Fact {
  title: string;
  value: string;
}

export interface Choice {
  title: string;
  value: string;
}

export interface Header {
  partner: string;
  subtitle: string;
}

export interface RefreshData {
  on: boolean;
  userIds: string[];
  data: ActionData;
}

export interface Mention {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

export interface MsTeams {
  width: 'Full';
  entities: Mention[];
}

export interface Toggle {
  on: boolean;
  text: string;
}

export type Tone = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

/** Teams shows per-user views to at most 60 people (docs/workflow.md#limits). */
export const MAX_REFRESH_USERS = 60;

/** Evidence sent back into a correction form at most (the rest of the card needs room too). */
export const PREFILL_BUDGET_BYTES = 50_000;

/** Evidence slots shown before "more evidence"; the rest of the 10 are behind a toggle. */
export const VISIBLE_EVIDENCE_SLOTS = 3;

/** Improvement / decision action slots on a card (the engine accepts up to 20). */
export const ACTION_SLOTS = 5;

export const VISIBLE_ACTION_SLOTS = 2;

export const SYSTEM = 'system';

export function nameOf(people: People, userId: string | undefined): string {
  if (!userId) return 'nobody yet';
  if (userId === SYSTEM) return 'partner-fit';
  return escapeText(people[userId]?.name, 200) || 'someone not in the directory';
}

export function plainNameOf(people: People, userId: string): string {
  return plainLine(people[userId]?.name ?? 'Someone not in the directory', 200);
}

/** Formatting dates is costly (time-zone rules); the same instants recur on every card of a case, so keep them. */
const formatted = new Map<string, string>();
const MAX_FORMATTED = 20_000;

function remembered(key: string, make: () => string): string {
  const hit = formatted.get(key);
  if (hit !== undefined) return hit;
  if (formatted.size >= MAX_FORMATTED) formatted.clear();
  const value = make();
  formatted.set(key, value);
  return value;
}

/** An instant as Adaptive Cards' date functions want it: RFC 3339 to the second, in UTC. */
function rfc3339(iso: string): string | undefined {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * An instant in card text (TextBlock, Fact): Teams shows it in each viewer's own time zone and locale, through the
 * `{{DATE(…)}}` and `{{TIME(…)}}` functions. Plain text (headlines, button titles, replies) takes formatWhen.
 */
export function cardWhen(iso: string | undefined): string {
  const at = iso ? rfc3339(iso) : undefined;
  return at ? `{{DATE(${at}, SHORT)}} {{TIME(${at})}}` : '';
}

/** The day of an instant in card text, in each viewer's own time zone. */
export function cardDay(iso: string | undefined): string {
  const at = iso ? rfc3339(iso) : undefined;
  return at ? `{{DATE(${at}, SHORT)}}` : '';
}

/** "Mon 3 Mar 2025, 10:00 UTC": plain text that states its zone (replies, headlines, the email, the digest's week). */
export function formatWhen(iso: string | undefined, timeZone = 'UTC'): string {
  if (!iso) return '';
  return remembered(`w|${timeZone}|${iso}`, () => {
    const dt = DateTime.fromISO(iso, { zone: timeZone });
    if (!dt.isValid) return '';
    return `${dt.toFormat('ccc d LLL yyyy, HH:mm')} ${timeZone === 'UTC' ? 'UTC' : dt.toFormat('ZZZZ')}`;
  });
}

/** "Mon 3 Mar 2025" for a yyyy-mm-dd date. */
export function formatDay(date: string | undefined): string {
  if (!date) return '';
  return remembered(`d|${date}`, () => {
    const dt = DateTime.fromISO(date, { zone: 'UTC' });
    return dt.isValid ? dt.toFormat('ccc d LLL yyyy') : '';
  });
}

/** The calendar day (yyyy-mm-dd) of an instant in a zone. */
export function localDay(iso: string, timeZone: string): string {
  // Keyed by the minute: `now` differs on every call, its day does not.
  return remembered(`l|${timeZone}|${iso.slice(0, 16)}`, () => DateTime.fromISO(iso, { zone: timeZone }).toISODate() ?? '');
}

const MONEY = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function formatMoney(amount: number, currency: string): string {
  return `${MONEY.format(amount)} ${escapeText(currency, 3)}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function triggersText(triggers: readonly Trigger[]): string {
  return triggers.map((t) => TRIGGER_LABELS[t] ?? escapeText(t, 50)).join(', ');
}

export function noCase(partnerId = ''): ActionData {
  return { partnerId, caseId: '', stage: -1 };
}

export function ctxOf(state: CaseState): ActionData {
  return { partnerId: state.partnerId, caseId: state.caseId, stage: state.stage };
}

export function button(title: string, verb: string, data: ActionData, style: ButtonStyle = 'default'): Button {
  return { title, verb, data, style };
}

export function showCard(title: string, form: FormName, base: ActionData, extra: Record<string, string | number | boolean> = {}, style: ButtonStyle = 'default'): Button {
  return button(title, 'show-card', { ...base, form, ...extra }, style);
}

export function partnerName(state: { partnerId: string }, named: { partnerName?: string }): string {
  return escapeText(named.partnerName, 200) || escapeText(state.partnerId, 200) || 'this partner';
}

/** People offered in one ChoiceSet at most (a card repeats it per action slot; Teams caps the card size). */
export const MAX_PEOPLE_CHOICES = 40;

/**
 * People to pick from: `only` if given, else everyone known; the people already on the case first, then by
 * name, at most MAX_PEOPLE_CHOICES. Titles are plain text (choice titles are not markdown).
 */
export function peopleChoices(people: People, only?: readonly string[], state?: CaseState): Choice[] {
  const ids = [...new Set(only ?? Object.keys(people))];
  const onCase = new Set(state ? stakeholdersOf(state) : []);
  const byName = (a: string, b: string) => plainNameOf(people, a).localeCompare(plainNameOf(people, b));
  const ordered = [...ids.filter((id) => onCase.has(id)).sort(byName), ...ids.filter((id) => !onCase.has(id)).sort(byName)];
  return ordered
    .slice(0, MAX_PEOPLE_CHOICES)
    .map((id) => ({ title: plainLine(people[id]?.name ?? 'Someone not in the directory', 80), value: id }))
    .sort((a, b) => a.title.localeCompare(b.title));
}

export const TRIGGER_CHOICES: Choice[] = TRIGGERS.map((t) => ({ title: TRIGGER_LABELS[t], value: t }));

export const KIND_CHOICES: Choice[] = EVIDENCE_KINDS.map((k) => ({ title: KIND_LABELS[k], value: k }));

export interface EvidenceSlot {
  n: number;
  label: string;
  required: boolean;
  kind: string;
  summary: string;
  link: string;
  date: string;
}

export function evidenceSlots(prefill: readonly Evidence[] = [], requireFirst = true): { visible: EvidenceSlot[]; extra: EvidenceSlot[] } {
  const slots = Array.from({ length: LIMITS.evidencePerFlag }, (_, i) => {
    const e = prefill[i];
    return {
      n: i + 1,
      label: `Evidence ${i + 1}`,
      required: requireFirst && i === 0,
      kind: e?.kind ?? 'meeting-notes',
      summary: plainText(e?.summary, LIMITS.summary),
      link: plainText(e?.link, LIMITS.link),
      date: e?.date ?? '',
    };
  });
  const shown = Math.max(VISIBLE_EVIDENCE_SLOTS, Math.min(prefill.length, LIMITS.evidencePerFlag));
  return { visible: slots.slice(0, shown), extra: slots.slice(shown) };
}

export interface ActionSlot {
  n: number;
  label: string;
}

export function actionSlots(): { visible: ActionSlot[]; extra: ActionSlot[] } {
  const all = Array.from({ length: ACTION_SLOTS }, (_, i) => ({ n: i + 1, label: `Action ${i + 1}` }));
  return { visible: all.slice(0, VISIBLE_ACTION_SLOTS), extra: all.slice(VISIBLE_ACTION_SLOTS) };
}

const encoder = new TextEncoder();

/** UTF-8 bytes of a value as JSON: what counts against Teams' limit. */
/** An evidence link as a button's URL: https only (the engine accepts no other; older rows are checked again). */
export function openLink(link: string | undefined): { on: boolean; url: string } {
  if (!link || !link.startsWith('https://')) return { on: false, url: '' };
  try {
    return { on: true, url: new URL(link).href };
  } catch {
    return { on: false, url: '' };
  }
}

export function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}
