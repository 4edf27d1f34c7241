// Pure builders from domain state to card template data (cards/<name>.json). No I/O: the bot passes in
// the case, the people it knows, the viewer and the events; these decide what is shown and which buttons
// the viewer gets, following the workflow table (src/domain/workflow.ts). Every user string is escaped here.
import { DateTime } from 'luxon';
import type { Directory } from '../../domain/directory';
import { EMPTY_DIRECTORY } from '../../domain/directory';
import type { CaseEvent } from '../../domain/events';
import type { ActionItem, CaseState, Evidence, OwnerSlot, Step, Trigger } from '../../domain/model';
import { EVIDENCE_KINDS, TRIGGERS } from '../../domain/model';
import { LIMITS } from '../../domain/commands';
import type { NoticeKind } from '../../domain/notices';
import type { CaseCommandType, Intent, PermissionContext } from '../../domain/permissions';
import { allowedCommands as domainAllowed, can } from '../../domain/permissions';
import { actingSlot, currentActions, liveFlagsOnCurrentStrike, openActions, ownerOf, stakeholdersOf } from '../../domain/queries';
import type { CommandType } from '../../domain/workflow';
import { CHAT_COMMANDS as BOT_COMMANDS } from '../verbs';
import { escapeText, plainLine, plainText, truncate } from './escape';
import { KIND_LABELS, OUTCOME_TEXT, PHASE_TEXT, SLOT_LABELS, STEP_NAMES, TRIGGER_GUIDE, TRIGGER_LABELS } from './labels';

// ---------------------------------------------------------------- shared shapes

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

/** Teams shows per-user views to at most 60 people (SPEC §4). */
export const MAX_REFRESH_USERS = 60;
/** The history card keeps its events under this many bytes of JSON, well inside Teams' 80 KB. */
export const HISTORY_BUDGET_BYTES = 60_000;
/** The partners list likewise. */
export const PARTNERS_BUDGET_BYTES = 60_000;
/** Evidence sent back into a correction form at most (the rest of the card needs room too). */
export const PREFILL_BUDGET_BYTES = 50_000;
/** Evidence slots shown before "more evidence"; the rest of the 10 are behind a toggle. */
export const VISIBLE_EVIDENCE_SLOTS = 3;
/** Improvement / decision action slots on a card (the engine accepts up to 20). */
export const ACTION_SLOTS = 5;
export const VISIBLE_ACTION_SLOTS = 2;
const TIMELINE_LENGTH = 8;

import type { FormName } from './forms';
import { FORMS } from './forms';
export { FORMS };
export type { FormName };

export interface ViewOptions {
  /** aadObjectId of the person the card is rendered for; without it the card shows state only. */
  viewer?: string;
  people: People;
  /** Display name of the partner (defaults to its id). */
  partnerName?: string;
  /** A line on top, e.g. for pings ("Your turn: …"). */
  headline?: string;
  headlineTone?: Tone;
  /** The case's events (oldest first) for the timeline and history. */
  events?: readonly CaseEvent[];
  /** People the bot could not reach in a 1:1 chat; @mentioned on the card instead. */
  unreachable?: readonly string[];
  /** ADMIN_AAD_OBJECT_IDS plus directory admins: they may reassign and add evidence. */
  admins?: readonly string[];
  /** For "the owner's manager may reassign". */
  directory?: Directory;
  /** IANA zone for dates and times (default UTC). */
  timeZone?: string;
  /** ISO instant, to mark overdue steps. */
  now?: string;
}

// ---------------------------------------------------------------- small helpers

const SYSTEM = 'system';

function nameOf(people: People, userId: string | undefined): string {
  if (!userId) return 'nobody yet';
  if (userId === SYSTEM) return 'partner-fit';
  return escapeText(people[userId]?.name, 200) || 'someone not in the directory';
}

function plainNameOf(people: People, userId: string): string {
  return plainLine(people[userId]?.name ?? 'Someone not in the directory', 200);
}

function zoneOf(opts: { timeZone?: string }): string {
  return opts.timeZone ?? 'UTC';
}

/** "Mon 3 Mar 2025, 10:00 UTC" */
export function formatWhen(iso: string | undefined, timeZone = 'UTC'): string {
  if (!iso) return '';
  const dt = DateTime.fromISO(iso, { zone: timeZone });
  if (!dt.isValid) return '';
  return `${dt.toFormat('ccc d LLL yyyy, HH:mm')} ${timeZone === 'UTC' ? 'UTC' : dt.toFormat('ZZZZ')}`;
}

/** "Mon 3 Mar 2025" for a yyyy-mm-dd date. */
export function formatDay(date: string | undefined): string {
  if (!date) return '';
  const dt = DateTime.fromISO(date, { zone: 'UTC' });
  return dt.isValid ? dt.toFormat('ccc d LLL yyyy') : '';
}

function formatMoney(amount: number, currency: string): string {
  return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(amount)} ${escapeText(currency, 3)}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function triggersText(triggers: readonly Trigger[]): string {
  return triggers.map((t) => TRIGGER_LABELS[t] ?? escapeText(t, 50)).join(', ');
}

function noCase(partnerId = ''): ActionData {
  return { partnerId, caseId: '', stage: -1 };
}

function ctxOf(state: CaseState): ActionData {
  return { partnerId: state.partnerId, caseId: state.caseId, stage: state.stage };
}

function button(title: string, verb: string, data: ActionData, style: ButtonStyle = 'default'): Button {
  return { title, verb, data, style };
}

function showCard(title: string, form: FormName, base: ActionData, extra: Record<string, string | number | boolean> = {}, style: ButtonStyle = 'default'): Button {
  return button(title, 'show-card', { ...base, form, ...extra }, style);
}

function partnerName(state: { partnerId: string }, opts: { partnerName?: string }): string {
  return escapeText(opts.partnerName, 200) || escapeText(state.partnerId, 200) || 'this partner';
}

function headerOf(state: CaseState, opts: ViewOptions): Header {
  const parts = [`Case ${state.caseNo}`, STEP_NAMES[state.step], `level ${state.level}`, plural(state.occurrences, 'occurrence')];
  if (state.status === 'closed') parts.splice(1, 1, 'closed');
  return { partner: partnerName(state, opts), subtitle: parts.join(' · ') };
}

function headlineOf(opts: ViewOptions): Toggle & { tone: Tone } {
  return { on: !!opts.headline, text: escapeText(opts.headline ?? '', 500), tone: opts.headlineTone ?? 'accent' };
}

function dueText(state: CaseState, opts: ViewOptions): string {
  if (!state.dueAt) return state.phase === 'watching' ? 'Nothing due while watching' : 'No due time';
  const overdue = opts.now !== undefined && opts.now > state.dueAt;
  return `${formatWhen(state.dueAt, zoneOf(opts))}${overdue ? ' (overdue)' : ''}`;
}

/** People offered in one ChoiceSet at most (a card repeats it per action slot; Teams caps the card size). */
export const MAX_PEOPLE_CHOICES = 40;

/**
 * People to pick from: `only` if given, else everyone known; the people already on the case first, then by
 * name, at most MAX_PEOPLE_CHOICES. Titles are plain text (choice titles are not markdown).
 */
function peopleChoices(people: People, only?: readonly string[], state?: CaseState): Choice[] {
  const ids = [...new Set(only ?? Object.keys(people))];
  const onCase = new Set(state ? stakeholdersOf(state) : []);
  const byName = (a: string, b: string) => plainNameOf(people, a).localeCompare(plainNameOf(people, b));
  const ordered = [...ids.filter((id) => onCase.has(id)).sort(byName), ...ids.filter((id) => !onCase.has(id)).sort(byName)];
  return ordered
    .slice(0, MAX_PEOPLE_CHOICES)
    .map((id) => ({ title: plainLine(people[id]?.name ?? 'Someone not in the directory', 80), value: id }))
    .sort((a, b) => a.title.localeCompare(b.title));
}

const TRIGGER_CHOICES: Choice[] = TRIGGERS.map((t) => ({ title: TRIGGER_LABELS[t], value: t }));
const KIND_CHOICES: Choice[] = EVIDENCE_KINDS.map((k) => ({ title: KIND_LABELS[k], value: k }));

// ---------------------------------------------------------------- who may do what

export interface PermitOptions {
  admins?: readonly string[];
  directory?: Directory;
}

function actionContext(state: CaseState): ActionItem['context'] | undefined {
  if (state.step === 'internal-improvement') return 'improvement';
  if (state.step === 'review-period') return 'review';
  return undefined;
}

function permissionContext(opts: PermitOptions): PermissionContext {
  return { directory: opts.directory ?? EMPTY_DIRECTORY, admins: opts.admins ?? [] };
}

/** The commands the viewer may issue on the case now: the engine's own answer (src/domain/permissions.ts). */
export function allowedCommands(state: CaseState, viewer: string | undefined, opts: PermitOptions = {}): Set<CaseCommandType> {
  return domainAllowed(state, viewer, permissionContext(opts));
}

/** Whether the viewer may issue this one command (on this flag or action) now. */
export function mayIssue(state: CaseState, intent: Intent, viewer: string | undefined, opts: PermitOptions = {}) {
  return viewer ? can(state, intent, viewer, permissionContext(opts)) : ({ ok: false } as const);
}

/** Whether the viewer may mark this action done (its owner, or the step's owner: manager or VP). */
export function canMarkDone(state: CaseState, action: ActionItem, viewer: string | undefined, opts: PermitOptions = {}): boolean {
  return mayIssue(state, { type: 'mark-action-done', actionId: action.actionId }, viewer, opts).ok;
}

/** The form the viewer should act on now (sent with "your turn" pings); undefined means the case card. */
export function formFor(state: CaseState, viewer: string | undefined, opts: PermitOptions = {}): FormName | undefined {
  const can = allowedCommands(state, viewer, opts);
  switch (state.phase) {
    case 'attempt':
      if (!can.has('log-reset-attempt')) return undefined;
      return state.step === 'manager-reset' ? 'manager-decision' : 'reset-attempt';
    case 'approval':
      return can.has('approve-reset') ? 'reset-approval' : undefined;
    case 'choice':
      return can.has('continue') ? 'manager-decision' : undefined;
    case 'actions': {
      // Owners of open actions mark theirs; the VP of a review period may also answer early.
      if (openActions(state).some((a) => a.ownerId === viewer)) return 'action-done';
      if (can.has('answer-review')) return 'review';
      return can.has('mark-action-done') ? 'action-done' : undefined;
    }
    case 'risk':
    case 'risk-confirmation':
      return can.has('draft-risk') || can.has('confirm-risk') ? 'risk' : undefined;
    case 'gm-meeting':
      return can.has('record-gm-meeting') ? 'gm-meeting' : undefined;
    case 'sales-meeting':
      return can.has('record-sales-meeting') ? 'sales-meeting' : undefined;
    case 'email':
      return can.has('confirm-email-sent') ? 'stakeholder-email' : undefined;
    case 'proposal':
      return can.has('propose-decision') ? 'decision' : undefined;
    case 'gm-approval':
      return can.has('approve-decision') ? 'decision-approval' : undefined;
    case 'review-question':
      return can.has('answer-review') ? 'review' : undefined;
    case 'partner-meeting':
      return can.has('record-partner-meeting') ? 'partner-meeting' : undefined;
    case 'watching':
      return undefined;
  }
}

/**
 * Teams ids of the people who get their own view of a case card: who the case waits on first, then the
 * owner, action owners, the current reporters and the rest of the case. At most 60 (Teams' limit).
 */
export function refreshUserIds(state: CaseState, people: People): string[] {
  if (state.status !== 'open') return [];
  const ordered = [
    state.waitingOn,
    ownerOf(state),
    ...openActions(state).map((a) => a.ownerId),
    ...liveFlagsOnCurrentStrike(state).map((f) => f.reporterId),
    state.people.manager,
    state.people.vp,
    state.people.gm,
    ...stakeholdersOf(state),
  ];
  const ids: string[] = [];
  for (const userId of ordered) {
    const teamsId = userId ? people[userId]?.teamsId : undefined;
    if (teamsId && !ids.includes(teamsId)) ids.push(teamsId);
    if (ids.length >= MAX_REFRESH_USERS) break;
  }
  return ids;
}

// ---------------------------------------------------------------- events in words

function describeEvent(e: CaseEvent, people: People, state: CaseState | undefined): string {
  const who = nameOf(people, e.actor);
  switch (e.type) {
    case 'case-opened':
      return `Case ${e.caseNo} opened`;
    case 'flag-raised':
      return `${nameOf(people, e.reporterId)} flagged ${triggersText(e.triggers)} with ${plural(e.evidence.length, 'evidence item')}${
        e.merged ? ` (added to strike ${e.strikeNo})` : ''
      }`;
    case 'strike-added':
      return e.kind === 'escalation' ? `${who} escalated now: strike ${e.strikeNo}` : `Strike ${e.strikeNo}: a new occurrence`;
    case 'strike-withdrawn':
      return `Strike ${e.strikeNo} withdrawn`;
    case 'strike-reassigned':
      return `Strike ${e.strikeNo} now rests on another flag`;
    case 'evidence-added':
      return `${who} added ${plural(e.evidence.length, 'evidence item')}`;
    case 'flag-withdrawn':
      return `${who} withdrew a flag`;
    case 'flag-corrected':
      return `${who} corrected a flag: ${triggersText(e.triggers)}`;
    case 'stage-changed':
      return `Now at ${STEP_NAMES[e.step]}: ${PHASE_TEXT[e.phase].replace(/^\w/, (c) => c.toLowerCase())}`;
    case 'reset-attempt-logged':
      return `${who} logged a reset attempt (agreed on ${formatDay(e.agreedOn)})`;
    case 'reset-attempt-decided': {
      const words = { approved: 'approved the reset', 'sent-back': 'sent the reset back', escalated: 'escalated instead', continued: 'chose to continue', owned: 'took ownership' };
      return `${who} ${words[e.outcome]}`;
    }
    case 'actions-assigned':
      return `${plural(e.actions.length, 'action')} assigned`;
    case 'action-done': {
      const text = state?.actions.find((a) => a.actionId === e.actionId)?.text;
      return `${who} marked done: ${text ? escapeText(text, 120) : 'an action'}`;
    }
    case 'risk-drafted':
      return `${who} drafted revenue at risk: ${formatMoney(e.amount, e.currency)}, ${plural(e.skus.length, 'SKU')}`;
    case 'risk-confirmed':
      return `${who} confirmed revenue at risk: ${formatMoney(e.amount, e.currency)}, ${plural(e.skus.length, 'SKU')}`;
    case 'gm-meeting-recorded':
      return `${who} recorded the GM meeting on ${formatDay(e.on)}`;
    case 'sales-meeting-recorded':
      return `${who} recorded the Sales meeting on ${formatDay(e.on)}`;
    case 'email-confirmed':
      return `${who} confirmed the stakeholder email was sent`;
    case 'decision-proposed':
      return `${who} proposed: ${e.fixable ? 'fixable' : 'not fixable'}`;
    case 'decision-approved':
      return `${who} approved the decision`;
    case 'decision-sent-back':
      return `${who} sent the decision back`;
    case 'review-answered':
      return `${who} answered the review: ${e.working ? 'the partnership is working' : 'not working'}`;
    case 'partner-meeting-recorded':
      return `${who} recorded the meeting with the partner on ${formatDay(e.on)}`;
    case 'owner-reassigned':
      return `${SLOT_LABELS[e.slot]} reassigned${e.from ? ` from ${nameOf(people, e.from)}` : ''} to ${nameOf(people, e.to)}`;
    case 'reminder-sent':
      return `Reminder ${e.n} sent to ${nameOf(people, e.to)}`;
    case 'overdue-escalated':
      return `Overdue: ${nameOf(people, e.to)} was told`;
    case 'action-reminder-sent':
      return `Action reminder ${e.n} sent to ${nameOf(people, e.to)}`;
    case 'case-closed':
      return `Case closed: ${OUTCOME_TEXT[e.outcome]}`;
  }
}

/** Longer free text the history shows with an event (never on case or channel cards). */
function eventDetail(e: CaseEvent, people: People): string {
  switch (e.type) {
    case 'reset-attempt-logged':
      return escapeText(e.agreed, LIMITS.shortText);
    case 'reset-attempt-decided':
    case 'decision-sent-back':
      return e.comment ? escapeText(e.comment, LIMITS.comment) : '';
    case 'actions-assigned':
      return e.actions.map((a) => `${escapeText(a.text, 300)} (${nameOf(people, a.ownerId)}, due ${formatDay(a.dueOn)})`).join('\n\n');
    case 'risk-drafted':
    case 'risk-confirmed':
      return e.skus.length ? `SKUs: ${e.skus.map((s) => escapeText(s, LIMITS.skuLength)).join(', ')}` : '';
    case 'decision-proposed': {
      const lines = [escapeText(e.rationale, LIMITS.shortText)];
      if (e.reviewEndsOn) lines.push(`Review ends ${formatDay(e.reviewEndsOn)}`);
      for (const a of e.actions) lines.push(`${escapeText(a.text, 300)} (${nameOf(people, a.ownerId)}, due ${formatDay(a.dueOn)})`);
      return lines.join('\n\n');
    }
    case 'gm-meeting-recorded':
    case 'sales-meeting-recorded':
    case 'partner-meeting-recorded':
      return e.link ? escapeText(e.link, LIMITS.link) : '';
    default:
      return '';
  }
}

interface TimelineItem {
  when: string;
  text: string;
}

/** Events that only restate the one before them (a flag opens the case and adds the strike). */
function quietInTimeline(e: CaseEvent): boolean {
  return e.type === 'case-opened' || (e.type === 'strike-added' && e.kind === 'occurrence') || e.type === 'strike-reassigned';
}

function timelineOf(state: CaseState, opts: ViewOptions): TimelineItem[] {
  return (opts.events ?? [])
    .filter((e) => !quietInTimeline(e)).slice(-TIMELINE_LENGTH).map((e) => ({ when: formatWhen(e.at, zoneOf(opts)), text: describeEvent(e, opts.people, state) }));
}

// ---------------------------------------------------------------- mentions for unreachable people

/** A name safe inside `<at>…</at>` and in the entity: no markup characters at all. */
function mentionName(people: People, userId: string): string {
  return plainLine(people[userId]?.name ?? 'colleague', 100).replace(/[\\`*_{}[\]<>&#|~$]/g, '') || 'colleague';
}

/** Mentions on one card at most; the rest are counted. */
const MAX_MENTIONS = 20;

function unreachableOf(opts: ViewOptions): { toggle: Toggle; entities: Mention[] } {
  const all = [...new Set(opts.unreachable ?? [])];
  if (all.length === 0) return { toggle: { on: false, text: '' }, entities: [] };
  const ids = all.slice(0, MAX_MENTIONS);
  const entities: Mention[] = [];
  const names = ids.map((id) => {
    const teamsId = opts.people[id]?.teamsId;
    if (!teamsId) return nameOf(opts.people, id);
    const name = mentionName(opts.people, id);
    entities.push({ type: 'mention', text: `<at>${name}</at>`, mentioned: { id: teamsId, name } });
    return `<at>${name}</at>`;
  });
  const more = all.length > ids.length ? ` and ${all.length - ids.length} more` : '';
  return { toggle: { on: true, text: `The bot could not reach these people in a 1:1 chat, so they are mentioned here: ${names.join(', ')}${more}` }, entities };
}

// ---------------------------------------------------------------- the case card

export interface ActionRow {
  text: string;
  meta: string;
  done: boolean;
  canMark: boolean;
  markData: ActionData;
}

export interface CaseCardData {
  ctx: ActionData;
  refresh: RefreshData;
  msteams: MsTeams;
  headline: Toggle & { tone: Tone };
  header: Header;
  closed: Toggle;
  facts: Fact[];
  notes: Toggle;
  actionList: { on: boolean; title: string; items: ActionRow[] };
  timeline: { on: boolean; items: TimelineItem[] };
  unreachable: Toggle;
  actionArea: { on: boolean; intro: string; buttons: Button[]; confirms: ConfirmButton[] };
  more: { on: boolean; buttons: Button[] };
}

function actionRows(state: CaseState, viewer: string | undefined, opts: ViewOptions, context?: ActionItem['context']): ActionRow[] {
  const ctx = ctxOf(state);
  // The current step's actions (a later decision's review actions replace an earlier one's).
  const shown = context === undefined || context === actionContext(state) ? currentActions(state) : state.actions.filter((a) => a.context === context);
  return shown
    .map((a) => ({
      text: escapeText(a.text, 500),
      meta: `${nameOf(opts.people, a.ownerId)} · due ${formatDay(a.dueOn)}${a.doneAt ? ` · done ${formatWhen(a.doneAt, zoneOf(opts))}` : ''}`,
      done: !!a.doneAt,
      canMark: canMarkDone(state, a, viewer, opts),
      markData: { ...ctx, actionId: a.actionId },
    }));
}

function caseFacts(state: CaseState, opts: ViewOptions): Fact[] {
  const facts: Fact[] = [];
  if (state.status === 'open') {
    facts.push({ title: 'Step', value: STEP_NAMES[state.step] });
    facts.push({ title: 'Waiting for', value: PHASE_TEXT[state.phase] });
    facts.push({ title: 'Owner', value: nameOf(opts.people, ownerOf(state)) });
    if (state.waitingOn) facts.push({ title: 'Waiting on', value: nameOf(opts.people, state.waitingOn) });
    facts.push({ title: 'Due', value: dueText(state, opts) });
  } else {
    facts.push({ title: 'Outcome', value: state.outcome ? OUTCOME_TEXT[state.outcome] : 'Closed' });
    facts.push({ title: 'Closed', value: formatWhen(state.closedAt, zoneOf(opts)) });
  }
  facts.push({ title: 'Level', value: String(state.level) });
  facts.push({ title: 'Occurrences', value: String(state.occurrences) });
  const triggers = [...new Set(state.flags.filter((f) => !f.withdrawn).flatMap((f) => f.triggers))];
  if (triggers.length) facts.push({ title: 'Triggers', value: triggersText(triggers) });
  if (state.risk) facts.push({ title: 'Revenue at risk', value: `${formatMoney(state.risk.amount, state.risk.currency)} (${plural(state.risk.skus.length, 'SKU')})` });
  if (state.reviewEndsOn && state.step === 'review-period') facts.push({ title: 'Review ends', value: formatDay(state.reviewEndsOn) });
  facts.push({ title: 'Opened', value: formatWhen(state.openedAt, zoneOf(opts)) });
  return facts;
}

function caseNotes(state: CaseState): Toggle {
  const notes: string[] = [];
  if (state.flags.some((f) => f.confidential && !f.withdrawn)) notes.push('Some evidence on this case is confidential: it is shown only in the history, to the people on the case.');
  if (state.missing.length) notes.push(`Not found in the directory: ${state.missing.map((s) => SLOT_LABELS[s]).join(', ')}. An admin stands in until it is filled.`);
  if (state.previousCaseId) notes.push('This partner had an earlier case.');
  return { on: notes.length > 0, text: notes.join('\n\n') };
}

/** The action area for the viewer: one button per thing they can do now (forms open in place). */
function viewerButtons(state: CaseState, opts: ViewOptions): { primary: Button[]; confirms: ConfirmButton[]; more: Button[] } {
  const ctx = ctxOf(state);
  const can = allowedCommands(state, opts.viewer, opts);
  const primary: Button[] = [];
  const confirms: ConfirmButton[] = [];
  const more: Button[] = [];
  if (can.has('log-reset-attempt')) primary.push(showCard('Log reset attempt', state.step === 'manager-reset' ? 'manager-decision' : 'reset-attempt', ctx, {}, 'positive'));
  if (can.has('approve-reset')) primary.push(showCard('Review the reset attempt', 'reset-approval', ctx, {}, 'positive'));
  if (can.has('continue') || can.has('take-ownership')) primary.push(showCard('Continue or take ownership', 'manager-decision', ctx, {}, 'positive'));
  if (can.has('confirm-risk')) primary.push(showCard('Confirm revenue at risk', 'risk', ctx, {}, 'positive'));
  else if (can.has('draft-risk')) primary.push(showCard(state.riskDraft ? 'Update the risk draft' : 'Draft revenue at risk', 'risk', ctx, {}, 'positive'));
  if (can.has('record-gm-meeting')) primary.push(showCard('Record the GM meeting', 'gm-meeting', ctx, {}, 'positive'));
  if (can.has('record-sales-meeting')) primary.push(showCard('Record the Sales meeting', 'sales-meeting', ctx, {}, 'positive'));
  if (can.has('confirm-email-sent')) primary.push(showCard('Stakeholder email', 'stakeholder-email', ctx, {}, 'positive'));
  if (can.has('propose-decision')) primary.push(showCard('Propose a decision', 'decision', ctx, {}, 'positive'));
  if (can.has('approve-decision')) primary.push(showCard('Review the decision', 'decision-approval', ctx, {}, 'positive'));
  if (can.has('answer-review')) primary.push(showCard('Is the partnership working?', 'review', ctx, {}, 'positive'));
  if (can.has('record-partner-meeting')) primary.push(showCard('Record the partner meeting', 'partner-meeting', ctx, {}, 'positive'));
  if (can.has('escalate-now') && state.phase !== 'approval') {
    confirms.push({
      ...button('Escalate now', 'escalate-now', ctx, 'destructive'),
      prompt: `This raises the case to level ${state.level + 1} without a new occurrence.`,
      confirmTitle: 'Yes, escalate now',
    });
  }
  if (can.has('add-evidence')) more.push(showCard('Add evidence', 'evidence-add', ctx));
  const mine = liveFlagsOnCurrentStrike(state).filter((f) => f.reporterId === opts.viewer);
  if (can.has('withdraw-flag') || can.has('correct-flag')) {
    for (const f of mine.slice(0, 2)) more.push(showCard(mine.length > 1 ? `My flag of ${formatDay(f.at.slice(0, 10))}` : 'Withdraw or correct my flag', 'withdraw-correct', ctx, { flagId: f.flagId }));
  }
  // After the GM approves, the VP sends the second email (the decision): keep it one click away.
  if (state.status === 'open' && opts.viewer === state.people.vp && (state.step === 'review-period' || state.step === 'disengaging')) {
    more.push(showCard('Decision email', 'stakeholder-email', ctx));
  }
  if (can.has('reassign-owner')) more.push(showCard('Reassign', 'reassign-owner', ctx));
  if (opts.viewer && (stakeholdersOf(state).includes(opts.viewer) || (opts.admins ?? []).includes(opts.viewer))) more.push(showCard('History', 'history', ctx));
  return { primary, confirms, more: more.slice(0, 5) };
}

export function caseCardData(state: CaseState, opts: ViewOptions): CaseCardData {
  const ctx = ctxOf(state);
  const userIds = refreshUserIds(state, opts.people);
  const unreachable = unreachableOf(opts);
  const { primary, confirms, more } = viewerButtons(state, opts);
  const rows = actionRows(state, opts.viewer, opts);
  const closedText = state.status === 'closed' && state.outcome ? `This case is closed. ${OUTCOME_TEXT[state.outcome]}.` : '';
  return {
    ctx,
    refresh: { on: userIds.length > 0, userIds, data: ctx },
    msteams: { width: 'Full', entities: unreachable.entities },
    headline: headlineOf(opts),
    header: headerOf(state, opts),
    closed: { on: state.status === 'closed', text: closedText },
    facts: caseFacts(state, opts),
    notes: caseNotes(state),
    actionList: { on: rows.length > 0, title: state.step === 'internal-improvement' ? 'Improvement actions' : 'Actions for the review', items: rows },
    timeline: { on: (opts.events ?? []).length > 0, items: timelineOf(state, opts) },
    unreachable: unreachable.toggle,
    actionArea: {
      on: primary.length + confirms.length > 0,
      intro: state.waitingOn && state.waitingOn === opts.viewer ? 'Your turn:' : 'You can:',
      buttons: primary.slice(0, 5),
      confirms,
    },
    more: { on: more.length > 0, buttons: more },
  };
}

/** A headline for pings that reuse the case card (SPEC §5). */
export function noticeHeadline(kind: NoticeKind, state: CaseState, opts: { partnerName?: string; people: People; detail?: string }): string {
  const partner = opts.partnerName ?? state.partnerId;
  const step = STEP_NAMES[state.step];
  switch (kind) {
    case 'flag-raised':
      return `${partner} was flagged again. You hear of every flag on your team's partners.`;
    case 'strike-added':
      return `A new occurrence on ${partner}: the case is now at level ${state.level}.`;
    case 'your-turn':
      return `Your turn on ${partner}: ${PHASE_TEXT[state.phase].replace(/^\w/, (c) => c.toLowerCase())}.`;
    case 'handed-over':
      return `${partner} moved on to ${step}; it no longer waits on you.`;
    case 'case-card':
      return `${partner}: ${step}, level ${state.level}.`;
    case 'missing-link':
      return `Admins: ${opts.detail ?? 'a directory link is missing'}. You stand in until it is fixed.`;
    case 'vp-informed':
      return `The manager chose to continue with ${partner} after a second occurrence.`;
    case 'gm-briefing':
      return `The GM meeting on ${partner} is recorded: you are the GM on this case.`;
    case 'sales-briefing':
      return `${partner} is escalated to Sales: here is the case summary.`;
    case 'decision':
      return `Decision on ${partner}: ${state.decision?.fixable ? 'fixable, with a review period' : 'not fixable, disengaging'}.`;
    case 'action-assigned':
      return `You own an action on ${partner}.`;
    case 'action-reminder':
      return `Reminder: an action on ${partner} is due.`;
    case 'reminder':
      return `Reminder: ${partner} is waiting on you (${step}).`;
    case 'overdue':
      return `${partner} is overdue at ${step}: it has waited two due periods.`;
    case 'outcome':
      return `${partner}: the case closed. ${state.outcome ? OUTCOME_TEXT[state.outcome] : ''}`.trim();
  }
}

// ---------------------------------------------------------------- evidence inputs

export interface EvidenceSlot {
  n: number;
  label: string;
  required: boolean;
  kind: string;
  summary: string;
  link: string;
  date: string;
}

function evidenceSlots(prefill: readonly Evidence[] = [], requireFirst = true): { visible: EvidenceSlot[]; extra: EvidenceSlot[] } {
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

// ---------------------------------------------------------------- flag form and channel cards

export interface PartnerRef {
  partnerId: string;
  name: string;
}

export interface FlagFormData {
  ctx: ActionData;
  refresh: RefreshData;
  partner: string;
  intro: string;
  triggerChoices: Choice[];
  selectedTriggers: string;
  kindChoices: Choice[];
  slots: EvidenceSlot[];
  extraSlots: EvidenceSlot[];
  moreEvidence: Toggle;
  laterNote: string;
  newOccurrence: Toggle;
  privateNote: Toggle;
}

export function flagFormData(
  partner: PartnerRef,
  opts: {
    triggers?: readonly Trigger[];
    state?: CaseState;
    evidence?: readonly Evidence[];
    /** Per-user view in a channel: only this Teams id sees the form. */
    forTeamsId?: string;
    inChannel?: boolean;
    /** The partner does not exist yet (requested from admins): the flag is kept until it does. */
    pending?: boolean;
  } = {},
): FlagFormData {
  const open = !opts.pending && opts.state && opts.state.status === 'open' ? opts.state : undefined;
  const ctx: ActionData = opts.pending ? { ...noCase(), pendingName: plainLine(partner.name, 200) } : open ? ctxOf(open) : noCase(partner.partnerId);
  const { visible, extra } = evidenceSlots(opts.evidence);
  const name = escapeText(partner.name, 200) || escapeText(partner.partnerId, 200) || 'this partner';
  const selected = (opts.triggers ?? []).filter((t) => TRIGGERS.includes(t));
  return {
    ctx,
    refresh: {
      on: !!opts.forTeamsId,
      userIds: opts.forTeamsId ? [opts.forTeamsId] : [],
      data: { ...ctx, form: 'flag', ...(selected.length ? { triggers: [...new Set(selected)].join(',') } : {}) },
    },
    partner: name,
    intro: opts.pending
      ? `${name} is not a partner yet. The admins have been asked to add it: fill in your flag now and it is recorded as soon as they do.`
      : open
        ? `${name} has an open case (${STEP_NAMES[open.step]}, level ${open.level}). Your flag is added to it.`
        : `Flag ${name}: pick what went wrong and add what shows it.`,
    triggerChoices: TRIGGER_CHOICES,
    selectedTriggers: [...new Set(selected)].join(','),
    kindChoices: KIND_CHOICES,
    slots: visible,
    extraSlots: extra,
    moreEvidence: { on: extra.length > 0, text: `More evidence (up to ${LIMITS.evidencePerFlag} items)` },
    laterNote: 'You can add more evidence later with "Add evidence" on the case card.',
    newOccurrence: {
      on: !!open,
      text: 'This is a new occurrence (not the same event someone flagged in the last day)',
    },
    privateNote: { on: !!opts.inChannel, text: 'Only you see this form. The channel sees a short note without your evidence.' },
  };
}

export interface FlagPostedData {
  ctx: ActionData;
  partner: string;
  text: string;
  facts: Fact[];
  statusButton: Button;
}

/** The short card a channel gets when someone flags there: no evidence, no summaries. */
export function flagPostedData(state: CaseState, opts: ViewOptions & { flagId?: string }): FlagPostedData {
  const flag = (opts.flagId && state.flags.find((f) => f.flagId === opts.flagId)) || state.flags[state.flags.length - 1];
  const name = partnerName(state, opts);
  const who = flag ? nameOf(opts.people, flag.reporterId) : 'Someone';
  const what = flag ? triggersText(flag.triggers) : 'a red flag';
  const merged = flag?.merged ? ' It was added to the current strike (same event as an earlier flag).' : '';
  return {
    ctx: ctxOf(state),
    partner: name,
    text: `${who} flagged ${name}: ${what}.${merged} The evidence is with the people on the case.`,
    facts: [
      { title: 'Step', value: STEP_NAMES[state.step] },
      { title: 'Level', value: String(state.level) },
      { title: 'Occurrences', value: String(state.occurrences) },
      { title: 'Owner', value: nameOf(opts.people, ownerOf(state)) },
    ],
    statusButton: button('Status', 'show-status', ctxOf(state)),
  };
}

export interface UnknownPartnerData {
  ctx: ActionData;
  text: string;
  hasSuggestions: boolean;
  suggestions: Button[];
  request: Button;
}

export function unknownPartnerData(typed: string, suggestions: readonly PartnerRef[], triggers: readonly Trigger[] = []): UnknownPartnerData {
  const list = [...new Set(triggers)].join(',');
  const shown = suggestions.slice(0, 5);
  return {
    ctx: noCase(),
    text: `No partner called "${escapeText(typed, 200)}" yet.${shown.length ? ' Did you mean one of these?' : ''}`,
    hasSuggestions: shown.length > 0,
    suggestions: shown.map((p) => showCard(plainLine(p.name, 100), 'flag', noCase(p.partnerId), { triggers: list })),
    request: button('Request this partner', 'request-partner', { ...noCase(), name: plainLine(typed, 200), triggers: list }, 'positive'),
  };
}

// ---------------------------------------------------------------- static cards

export interface WelcomeData {
  ctx: ActionData;
  greeting: string;
  buttons: Button[];
}

export function welcomeData(opts: { name?: string } = {}): WelcomeData {
  return {
    ctx: noCase(),
    greeting: opts.name ? `Hello ${escapeText(opts.name, 100)}!` : 'Hello!',
    buttons: [showCard('What can I do?', 'help', noCase()), showCard('The 5 red-flag triggers', 'triggers', noCase())],
  };
}

export interface HelpData {
  ctx: ActionData;
  commands: { command: string; what: string; example: string }[];
  admin: { on: boolean; commands: { command: string; what: string; example: string }[] };
  buttons: Button[];
}

// Help is built from the one command list the manifest is checked against, so the two never drift.
const HELP_COMMANDS = BOT_COMMANDS.filter((c) => !c.adminOnly).map((c) => ({ command: c.usage, what: c.description, example: c.example }));
const ADMIN_COMMANDS = BOT_COMMANDS.filter((c) => c.adminOnly).map((c) => ({ command: c.usage, what: c.description, example: c.example }));

function codeText(s: string): string {
  // Fixed text of ours, shown as typed: escape it like user text so `<partner>` and `|` stay literal.
  return escapeText(s);
}

export function helpData(opts: { isAdmin?: boolean } = {}): HelpData {
  const map = (c: { command: string; what: string; example: string }) => ({ command: codeText(c.command), what: c.what, example: codeText(c.example) });
  return {
    ctx: noCase(),
    commands: HELP_COMMANDS.map(map),
    admin: { on: !!opts.isAdmin, commands: ADMIN_COMMANDS.map(map) },
    buttons: [showCard('The 5 red-flag triggers', 'triggers', noCase())],
  };
}

export interface TriggersData {
  ctx: ActionData;
  triggers: { label: string; oneOnOne: string; teamSync: string; examples: string }[];
  closing: string;
}

export function triggersData(): TriggersData {
  return {
    ctx: noCase(),
    triggers: TRIGGER_GUIDE.map((g) => ({
      label: g.label,
      oneOnOne: escapeText(g.oneOnOne),
      teamSync: escapeText(g.teamSync),
      examples: g.examples.map((x) => `• ${escapeText(x)}`).join('\n\n'),
    })),
    closing: escapeText(
      'Stay alert in every 1:1 and team sync, and escalate every time: one of these is enough. Flag it with "flag <partner>", even if you are not sure. The case starts with you resetting expectations.',
    ),
  };
}

export interface NoticeData {
  ctx: ActionData;
  refresh: RefreshData;
  title: Toggle;
  message: string;
  tone: Tone;
  buttons: Button[];
}

/** A plain message (errors, confirmations). `message` is escaped here; keep it free of markup. */
export function noticeData(opts: {
  message: string;
  title?: string;
  tone?: Tone;
  buttons?: Button[];
  /** Per-user view: these Teams ids get `refreshData` sent back with verb `refresh`. */
  refresh?: { userIds: readonly string[]; data: ActionData };
}): NoticeData {
  const userIds = [...new Set(opts.refresh?.userIds ?? [])].slice(0, MAX_REFRESH_USERS);
  return {
    ctx: opts.refresh?.data ?? noCase(),
    refresh: { on: userIds.length > 0, userIds, data: opts.refresh?.data ?? noCase() },
    title: { on: !!opts.title, text: escapeText(opts.title ?? '', 200) },
    message: escapeText(opts.message, 4000),
    tone: opts.tone ?? 'default',
    buttons: (opts.buttons ?? []).slice(0, 5),
  };
}

export interface RenderedCard {
  body?: unknown[];
  actions?: unknown[];
  refresh?: { action: unknown; userIds?: string[] };
  msteams?: unknown;
  [key: string]: unknown;
}

export interface MovedOnData {
  message: string;
  body: unknown[];
  hasActions: boolean;
  actions: unknown[];
  hasRefresh: boolean;
  refresh: { action: unknown; userIds: string[] };
  msteams: unknown;
}

/** "This case has moved on" above the current card (already rendered), for stale or lost-race clicks. */
export function movedOnData(current: RenderedCard, message = 'This case has moved on since this card was shown. Here is where it stands now.'): MovedOnData {
  const refresh = current.refresh;
  return {
    message: escapeText(message, 500),
    body: current.body ?? [],
    hasActions: (current.actions ?? []).length > 0,
    actions: current.actions ?? [],
    hasRefresh: !!refresh,
    refresh: { action: refresh?.action ?? {}, userIds: refresh?.userIds ?? [] },
    msteams: current.msteams ?? { width: 'Full' },
  };
}

// ---------------------------------------------------------------- forms on a case

interface FormBase {
  ctx: ActionData;
  header: Header;
  headline: Toggle & { tone: Tone };
  facts: Fact[];
}

function formBase(state: CaseState, opts: ViewOptions): FormBase {
  const facts: Fact[] = [
    { title: 'Owner', value: nameOf(opts.people, ownerOf(state)) },
    { title: 'Due', value: dueText(state, opts) },
  ];
  const triggers = [...new Set(state.flags.filter((f) => !f.withdrawn).flatMap((f) => f.triggers))];
  if (triggers.length) facts.push({ title: 'Triggers', value: triggersText(triggers) });
  return { ctx: ctxOf(state), header: headerOf(state, opts), headline: headlineOf(opts), facts };
}

function lastAttempt(state: CaseState, step: 'ic-reset' | 'manager-reset') {
  return [...state.resetAttempts].reverse().find((a) => a.step === step);
}

function today(opts: ViewOptions): string {
  return (opts.now ? DateTime.fromISO(opts.now, { zone: zoneOf(opts) }) : DateTime.now().setZone(zoneOf(opts))).toISODate() ?? '';
}

export interface ResetAttemptData extends FormBase {
  prompt: string;
  sentBack: Toggle;
  agreedOn: string;
  canLog: boolean;
}

export function resetAttemptData(state: CaseState, opts: ViewOptions): ResetAttemptData {
  const step = state.step === 'manager-reset' ? 'manager-reset' : 'ic-reset';
  const last = lastAttempt(state, step);
  const sentBack = last?.outcome === 'sent-back';
  return {
    ...formBase(state, opts),
    prompt:
      step === 'ic-reset'
        ? 'Talk to the partner and reset expectations. Log what you agreed and when; your manager approves it.'
        : 'As the manager, reset expectations with the partner. Log what you agreed and when, then continue or take ownership.',
    sentBack: { on: sentBack, text: sentBack ? `Sent back by ${nameOf(opts.people, state.people.manager)}: ${escapeText(last?.comment ?? '', LIMITS.comment)}` : '' },
    agreedOn: today(opts),
    canLog: allowedCommands(state, opts.viewer, opts).has('log-reset-attempt'),
  };
}

export interface ResetApprovalData extends FormBase {
  attempt: { by: string; agreed: string; agreedOn: string; at: string };
  canApprove: boolean;
  canDecide: boolean;
  ownNote: Toggle;
  escalate: ConfirmButton;
}

export function resetApprovalData(state: CaseState, opts: ViewOptions): ResetApprovalData {
  const attempt = [...state.resetAttempts].reverse().find((a) => a.step === 'ic-reset' && !a.outcome) ?? lastAttempt(state, 'ic-reset');
  const can = allowedCommands(state, opts.viewer, opts);
  const approve = mayIssue(state, { type: 'approve-reset' }, opts.viewer, opts);
  const own = !approve.ok && 'rejection' in approve && approve.rejection.code === 'ACTOR.OWN_ATTEMPT';
  const ctx = ctxOf(state);
  return {
    ...formBase(state, opts),
    attempt: {
      by: nameOf(opts.people, attempt?.by),
      agreed: escapeText(attempt?.agreed ?? 'No attempt logged yet.', LIMITS.shortText),
      agreedOn: formatDay(attempt?.agreedOn),
      at: formatWhen(attempt?.at, zoneOf(opts)),
    },
    canApprove: approve.ok,
    canDecide: can.has('send-back-reset'),
    ownNote: { on: own, text: 'You logged this attempt, so you cannot approve it. An admin can reassign the approval.' },
    escalate: {
      ...button('Escalate now', 'escalate-now', ctx, 'destructive'),
      prompt: `Skip the reset: the case goes to level ${state.level + 1} (Manager reset) now.`,
      confirmTitle: 'Yes, escalate now',
    },
  };
}

export interface ActionSlot {
  n: number;
  label: string;
}

function actionSlots(): { visible: ActionSlot[]; extra: ActionSlot[] } {
  const all = Array.from({ length: ACTION_SLOTS }, (_, i) => ({ n: i + 1, label: `Action ${i + 1}` }));
  return { visible: all.slice(0, VISIBLE_ACTION_SLOTS), extra: all.slice(VISIBLE_ACTION_SLOTS) };
}

export interface ManagerDecisionData extends FormBase {
  logAttempt: Toggle & { agreedOn: string };
  choose: Toggle;
  attempt: { on: boolean; agreed: string; agreedOn: string };
  people: Choice[];
  slots: ActionSlot[];
  extraSlots: ActionSlot[];
  dueDefault: string;
  escalate: ConfirmButton & { on: boolean };
}

export function managerDecisionData(state: CaseState, opts: ViewOptions & { assignable?: readonly string[] }): ManagerDecisionData {
  const can = allowedCommands(state, opts.viewer, opts);
  const attempt = lastAttempt(state, 'manager-reset');
  const { visible, extra } = actionSlots();
  const due = DateTime.fromISO(today(opts)).plus({ days: 14 }).toISODate() ?? '';
  return {
    ...formBase(state, opts),
    logAttempt: {
      on: can.has('log-reset-attempt'),
      text: 'First, reset expectations with the partner yourself and log what you agreed.',
      agreedOn: today(opts),
    },
    choose: {
      on: can.has('continue') || can.has('take-ownership'),
      text: 'Continue: the case watches for recurrence and the VP is told. Take ownership: the red flag is ours to fix, with improvement actions, each with an owner and a due date.',
    },
    attempt: { on: !!attempt && state.phase === 'choice', agreed: escapeText(attempt?.agreed ?? '', LIMITS.shortText), agreedOn: formatDay(attempt?.agreedOn) },
    people: peopleChoices(opts.people, opts.assignable, state),
    slots: visible,
    extraSlots: extra,
    dueDefault: due,
    escalate: {
      on: can.has('escalate-now'),
      ...button('Escalate now', 'escalate-now', ctxOf(state), 'destructive'),
      prompt: `Skip the reset: the case goes to level ${state.level + 1} (VP review) now.`,
      confirmTitle: 'Yes, escalate now',
    },
  };
}

export interface ActionDoneData extends FormBase {
  title: string;
  items: ActionRow[];
  empty: Toggle;
}

export function actionDoneData(state: CaseState, opts: ViewOptions): ActionDoneData {
  const context = actionContext(state) ?? (state.actions.some((a) => a.context === 'review') ? 'review' : 'improvement');
  const rows = actionRows(state, opts.viewer, opts, context).sort((a, b) => Number(a.done) - Number(b.done));
  return {
    ...formBase(state, opts),
    title: context === 'improvement' ? 'Improvement actions' : 'Actions for the review period',
    items: rows,
    empty: { on: rows.length === 0, text: 'There are no actions on this case.' },
  };
}

export interface RiskFormData extends FormBase {
  intro: string;
  amount: { set: boolean; value: number };
  currency: string;
  skus: string;
  draftNote: Toggle;
  canDraft: boolean;
  canConfirm: boolean;
}

export function riskFormData(state: CaseState, opts: ViewOptions): RiskFormData {
  const can = allowedCommands(state, opts.viewer, opts);
  const draft = state.riskDraft;
  return {
    ...formBase(state, opts),
    intro: 'Revenue and SKUs at risk if this partnership ends. The manager drafts, the VP confirms.',
    amount: { set: !!draft, value: draft?.amount ?? 0 },
    currency: plainText(draft?.currency ?? 'USD', 3),
    skus: plainText((draft?.skus ?? []).join('\n'), LIMITS.skus * (LIMITS.skuLength + 1)),
    draftNote: {
      on: !!draft,
      text: draft ? `Draft by ${nameOf(opts.people, draft.by)} on ${formatWhen(draft.at, zoneOf(opts))}: ${formatMoney(draft.amount, draft.currency)}, ${plural(draft.skus.length, 'SKU')}.` : '',
    },
    canDraft: can.has('draft-risk'),
    canConfirm: can.has('confirm-risk'),
  };
}

export interface MeetingFormData extends FormBase {
  intro: string;
  on: string;
  canRecord: boolean;
}

export function gmMeetingData(state: CaseState, opts: ViewOptions): MeetingFormData {
  const risk = state.risk;
  return {
    ...formBase(state, opts),
    intro: `Set up a meeting with the GM (${nameOf(opts.people, state.people.gm)}) and record it here; the GM is pinged with the case.${
      risk ? ` Revenue at risk: ${formatMoney(risk.amount, risk.currency)}.` : ''
    }`,
    on: today(opts),
    canRecord: allowedCommands(state, opts.viewer, opts).has('record-gm-meeting'),
  };
}

export interface SalesMeetingData extends MeetingFormData {
  directors: Toggle;
  pick: { on: boolean; choices: Choice[] };
}

export function salesMeetingData(state: CaseState, opts: ViewOptions & { salesDirectorCandidates?: readonly string[] }): SalesMeetingData {
  const known = state.people.salesDirectors;
  const candidates = (opts.salesDirectorCandidates ?? []).filter((id) => !known.includes(id));
  return {
    ...formBase(state, opts),
    intro: 'Record the meeting with the Sales Director(s). They are pinged with the case summary, and the stakeholder email is drafted next.',
    on: today(opts),
    canRecord: allowedCommands(state, opts.viewer, opts).has('record-sales-meeting'),
    directors: {
      on: known.length > 0,
      text: `Sales Director(s) of this partner: ${known.map((id) => nameOf(opts.people, id)).join(', ')}`,
    },
    pick: { on: known.length === 0 && candidates.length > 0, choices: peopleChoices(opts.people, candidates, state) },
  };
}

export interface StakeholderEmailData extends FormBase {
  intro: string;
  subject: string;
  recipients: string;
  emlUrl: string;
  mailto: Toggle & { url: string };
  confirmed: Toggle;
  canConfirm: boolean;
}

/** A mailto: with recipients and subject only (the body is in the .eml; mail clients cap mailto length). */
export function mailtoUrl(emails: readonly string[], subject: string): string {
  const to = emails.filter((e) => /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+$/.test(e)).map(encodeURIComponent).join(',');
  return `mailto:${to}?subject=${encodeURIComponent(plainLine(subject, 200))}`;
}

export function stakeholderEmailData(state: CaseState, opts: ViewOptions & { email: { subject: string; emlUrl: string; recipients: readonly string[] } }): StakeholderEmailData {
  const emails = opts.email.recipients.map((id) => opts.people[id]?.email).filter((e): e is string => !!e);
  return {
    ...formBase(state, opts),
    // After the GM approves, the same card carries the second email: the decision, to every stakeholder.
    intro:
      state.step === 'review-period' || state.step === 'disengaging' || state.status === 'closed'
        ? 'The decision email is drafted from the case: the decision, its actions and owners, and the review date. Open it, check it and send it to every stakeholder.'
        : 'The stakeholder email is drafted from the case: every flag and its evidence, the attempts, risk, meetings and the decision point. Open it, check it, send it, then confirm here.',
    subject: escapeText(opts.email.subject, 300),
    recipients: opts.email.recipients.map((id) => nameOf(opts.people, id)).join(', ') || 'No recipients known',
    emlUrl: opts.email.emlUrl,
    mailto: { on: emails.length > 0, text: 'Write in my mail app', url: mailtoUrl(emails, opts.email.subject) },
    // The confirmation belongs to the stakeholder email; the decision email that follows has none of its own.
    confirmed: {
      on: !!state.emailConfirmedAt && (state.step === 'sales-escalation' || state.step === 'decision'),
      text: state.emailConfirmedAt ? `Confirmed sent on ${formatWhen(state.emailConfirmedAt, zoneOf(opts))}.` : '',
    },
    canConfirm: allowedCommands(state, opts.viewer, opts).has('confirm-email-sent'),
  };
}

export interface DecisionFormData extends FormBase {
  intro: string;
  sentBack: Toggle;
  choices: Choice[];
  people: Choice[];
  slots: ActionSlot[];
  extraSlots: ActionSlot[];
  dueDefault: string;
  reviewEndsOn: string;
  canPropose: boolean;
}

export function decisionFormData(state: CaseState, opts: ViewOptions & { assignable?: readonly string[] }): DecisionFormData {
  const { visible, extra } = actionSlots();
  const base = DateTime.fromISO(today(opts));
  const comment = state.decision?.comment;
  return {
    ...formBase(state, opts),
    intro: 'Is this fixable? If so, name clear actions with owners and due dates and when the review period ends. The GM approves the decision.',
    sentBack: { on: !!comment && state.phase === 'proposal', text: comment ? `Sent back by the GM: ${escapeText(comment, LIMITS.comment)}` : '' },
    choices: [
      { title: 'Fixable: actions and a review period', value: 'fixable' },
      { title: 'Not fixable: disengage from the partner', value: 'not-fixable' },
    ],
    people: peopleChoices(opts.people, opts.assignable, state),
    slots: visible,
    extraSlots: extra,
    dueDefault: base.plus({ days: 30 }).toISODate() ?? '',
    reviewEndsOn: base.plus({ days: 90 }).toISODate() ?? '',
    canPropose: allowedCommands(state, opts.viewer, opts).has('propose-decision'),
  };
}

export interface DecisionApprovalData extends FormBase {
  decision: { verdict: string; rationale: string; by: string; reviewEnds: Toggle; actions: { text: string; meta: string }[] };
  canApprove: boolean;
  canSendBack: boolean;
  ownNote: Toggle;
}

export function decisionApprovalData(state: CaseState, opts: ViewOptions): DecisionApprovalData {
  const d = state.decision;
  const can = allowedCommands(state, opts.viewer, opts);
  const approve = mayIssue(state, { type: 'approve-decision' }, opts.viewer, opts);
  const own = !approve.ok && 'rejection' in approve && approve.rejection.code === 'ACTOR.OWN_PROPOSAL';
  return {
    ...formBase(state, opts),
    decision: {
      verdict: d ? (d.fixable ? 'Fixable' : 'Not fixable') : 'No decision proposed yet',
      rationale: escapeText(d?.rationale ?? '', LIMITS.shortText),
      by: d ? `Proposed by ${nameOf(opts.people, d.by)} on ${formatWhen(d.at, zoneOf(opts))}` : '',
      reviewEnds: { on: !!d?.reviewEndsOn, text: `Review period ends ${formatDay(d?.reviewEndsOn)}` },
      actions: (d?.actions ?? []).map((a) => ({ text: escapeText(a.text, 500), meta: `${nameOf(opts.people, a.ownerId)} · due ${formatDay(a.dueOn)}` })),
    },
    canApprove: approve.ok,
    canSendBack: can.has('send-back-decision'),
    ownNote: { on: own, text: 'You proposed this decision, so you cannot approve it. An admin can reassign the GM approval.' },
  };
}

export interface ReviewData extends FormBase {
  intro: string;
  items: ActionRow[];
  canAnswer: boolean;
  yes: Button;
  no: ConfirmButton;
}

export function reviewData(state: CaseState, opts: ViewOptions): ReviewData {
  const ctx = ctxOf(state);
  return {
    ...formBase(state, opts),
    intro: `The review period ${state.phase === 'review-question' ? 'has ended' : `ends ${formatDay(state.reviewEndsOn)}`}. Is the partnership working? Yes closes the case as fixed; no goes back to a decision.`,
    items: actionRows(state, opts.viewer, opts, 'review'),
    canAnswer: allowedCommands(state, opts.viewer, opts).has('answer-review'),
    yes: button('Yes, it is working', 'answer-review', { ...ctx, working: true }, 'positive'),
    no: {
      ...button('No, not working', 'answer-review', { ...ctx, working: false }, 'destructive'),
      prompt: 'The case goes back to Decision: propose again, fixable or not.',
      confirmTitle: 'Yes, it is not working',
    },
  };
}

export function partnerMeetingData(state: CaseState, opts: ViewOptions): MeetingFormData {
  return {
    ...formBase(state, opts),
    intro: `The GM approved disengaging: ${escapeText(state.decision?.rationale ?? '', 500)} Record the meeting scheduled with the partner; this closes the case.`,
    on: today(opts),
    canRecord: allowedCommands(state, opts.viewer, opts).has('record-partner-meeting'),
  };
}

export interface ReassignData extends FormBase {
  holders: Fact[];
  slots: Choice[];
  slot: string;
  people: Choice[];
  canReassign: boolean;
}

export function reassignOwnerData(state: CaseState, opts: ViewOptions & { assignable?: readonly string[] }): ReassignData {
  const slots: OwnerSlot[] = ['reporter', 'manager', 'vp', 'gm'];
  const current = actingSlot(state);
  return {
    ...formBase(state, opts),
    holders: slots.map((s) => ({ title: SLOT_LABELS[s], value: nameOf(opts.people, state.people[s]) })),
    slots: slots.map((s) => ({ title: `${SLOT_LABELS[s]} (now ${plainNameOf(opts.people, state.people[s] ?? '')})`, value: s })),
    slot: current,
    people: peopleChoices(opts.people, opts.assignable, state),
    canReassign: allowedCommands(state, opts.viewer, opts).has('reassign-owner'),
  };
}

export interface EvidenceAddData extends FormBase {
  intro: string;
  kindChoices: Choice[];
  slots: EvidenceSlot[];
  extraSlots: EvidenceSlot[];
  moreEvidence: Toggle;
  canAdd: boolean;
}

export function evidenceAddData(state: CaseState, opts: ViewOptions): EvidenceAddData {
  const { visible, extra } = evidenceSlots();
  return {
    ...formBase(state, opts),
    intro: `Evidence goes to the current strike (level ${state.level}). Up to ${LIMITS.evidencePerFlag} items at a time.`,
    kindChoices: KIND_CHOICES,
    slots: visible,
    extraSlots: extra,
    moreEvidence: { on: extra.length > 0, text: `More evidence (up to ${LIMITS.evidencePerFlag} items)` },
    canAdd: allowedCommands(state, opts.viewer, opts).has('add-evidence'),
  };
}

/** The evidence a flag holds now, from its events: the last correction (or the flag) plus what was added since. */
export function flagEvidence(events: readonly CaseEvent[], flagId: string): Evidence[] {
  let items: Evidence[] = [];
  for (const e of events) {
    if ((e.type === 'flag-raised' || e.type === 'flag-corrected') && e.flagId === flagId) items = [...e.evidence];
    else if (e.type === 'evidence-added' && e.flagId === flagId) items = [...items, ...e.evidence];
  }
  return items;
}

export interface WithdrawCorrectData extends FormBase {
  flag: { text: string };
  flagData: ActionData;
  triggerChoices: Choice[];
  selectedTriggers: string;
  kindChoices: Choice[];
  slots: EvidenceSlot[];
  extraSlots: EvidenceSlot[];
  moreEvidence: Toggle;
  /** The reporter may withdraw this flag now. */
  canWithdraw: boolean;
  /** …and correct it here (not when its evidence is too large to send back in one card). */
  canCorrect: boolean;
  overflow: Toggle;
  withdraw: ConfirmButton;
}

export function withdrawCorrectData(state: CaseState, opts: ViewOptions & { flagId: string }): WithdrawCorrectData {
  const flag = state.flags.find((f) => f.flagId === opts.flagId);
  const all = flagEvidence(opts.events ?? [], opts.flagId);
  const evidence = all.slice(0, LIMITS.evidencePerFlag);
  const { visible, extra } = evidenceSlots(evidence);
  const canWithdraw = mayIssue(state, { type: 'withdraw-flag', flagId: opts.flagId }, opts.viewer, opts).ok;
  const tooLarge = jsonBytes(evidence) > PREFILL_BUDGET_BYTES;
  const data = { ...ctxOf(state), flagId: opts.flagId };
  return {
    ...formBase(state, opts),
    flag: {
      text: flag
        ? `Your flag of ${formatWhen(flag.at, zoneOf(opts))}: ${triggersText(flag.triggers)}, ${plural(flag.evidenceCount, 'evidence item')}.`
        : 'This flag is not on the case.',
    },
    flagData: data,
    triggerChoices: TRIGGER_CHOICES,
    selectedTriggers: (flag?.triggers ?? []).join(','),
    kindChoices: KIND_CHOICES,
    slots: visible,
    extraSlots: extra,
    moreEvidence: { on: extra.length > 0, text: `More evidence (up to ${LIMITS.evidencePerFlag} items)` },
    canWithdraw,
    canCorrect: mayIssue(state, { type: 'correct-flag', flagId: opts.flagId }, opts.viewer, opts).ok && !tooLarge,
    overflow: {
      on: canWithdraw && (all.length > LIMITS.evidencePerFlag || tooLarge),
      text: tooLarge
        ? 'This flag\'s evidence is too large to edit in a card. Withdraw it and flag again, or add evidence to it.'
        : `This flag holds ${all.length} items; a correction keeps the ${LIMITS.evidencePerFlag} shown here.`,
    },
    withdraw: {
      ...button('Withdraw my flag', 'withdraw-flag', data, 'destructive'),
      prompt: 'Withdrawing takes the flag back; if it was the only flag of its strike, the level goes down again.',
      confirmTitle: 'Yes, withdraw it',
    },
  };
}

// ---------------------------------------------------------------- partners list and history

export interface PartnerRow {
  partnerId: string;
  name: string;
  /** The partner's latest case, if any. */
  state?: CaseState;
}

export interface PartnersData {
  ctx: ActionData;
  count: string;
  rows: { name: string; state: string; owner: string; status: Button }[];
  more: Toggle;
  empty: Toggle;
}

function rowState(state: CaseState | undefined): string {
  if (!state) return 'No case';
  if (state.status === 'closed') return `Closed: ${state.outcome ?? 'closed'}`;
  return `${STEP_NAMES[state.step]} · level ${state.level}`;
}

function rowRank(state: CaseState | undefined): number {
  if (!state) return 0;
  return state.status === 'open' ? 1000 + state.level : 1;
}

export function partnersData(rows: readonly PartnerRow[], opts: { people: People }): PartnersData {
  const sorted = [...rows].sort((a, b) => rowRank(b.state) - rowRank(a.state) || a.name.localeCompare(b.name));
  const shown: PartnersData['rows'] = [];
  let bytes = 0;
  for (const r of sorted) {
    const row = {
      name: escapeText(r.name, 200),
      state: rowState(r.state),
      owner: r.state && r.state.status === 'open' ? nameOf(opts.people, ownerOf(r.state)) : '',
      status: button('Status', 'show-status', r.state ? ctxOf(r.state) : noCase(r.partnerId)),
    };
    bytes += jsonBytes(row) + 700; // the row's template elements
    if (bytes > PARTNERS_BUDGET_BYTES) break;
    shown.push(row);
  }
  const open = rows.filter((r) => r.state?.status === 'open').length;
  return {
    ctx: noCase(),
    count: `${plural(rows.length, 'partner')}, ${plural(open, 'open case')}`,
    rows: shown,
    more: { on: shown.length < rows.length, text: escapeText(`${rows.length - shown.length} more not shown. Ask for one with "status <partner>".`) },
    empty: { on: rows.length === 0, text: escapeText('No partners yet. An admin adds them with "partner add <name>".') },
  };
}

export interface OrgEntry {
  userId: string;
  name?: string;
  managerId?: string;
  roles: readonly string[];
  teamsId?: string;
}

export interface OrgData {
  ctx: ActionData;
  title: string;
  count: string;
  rows: { name: string; roles: string; manager: string; reach: string }[];
  more: Toggle;
  empty: Toggle;
}

const ROLE_WORDS: Record<string, string> = { vp: 'VP', gm: 'GM', 'sales-director': 'Sales Director', admin: 'Admin' };

/** The directory as admins see it (`org show`): who reports to whom, roles, and who the bot can reach. */
export function orgData(entries: readonly OrgEntry[], opts: { people: People; title?: string }): OrgData {
  const sorted = [...entries].sort((a, b) => plainLine(a.name ?? a.userId).localeCompare(plainLine(b.name ?? b.userId)));
  const rows: OrgData['rows'] = [];
  let bytes = 0;
  for (const e of sorted) {
    const row = {
      name: escapeText(e.name ?? opts.people[e.userId]?.name ?? e.userId, 200),
      roles: e.roles.length ? e.roles.map((r) => ROLE_WORDS[r] ?? escapeText(r, 40)).join(', ') : 'No role',
      manager: e.managerId ? `Manager: ${nameOf(opts.people, e.managerId)}` : 'No manager on record',
      reach: (e.teamsId ?? opts.people[e.userId]?.teamsId) ? 'Reachable in Teams' : 'Not reachable yet: has not talked to the bot',
    };
    bytes += jsonBytes(row) + 600;
    if (bytes > PARTNERS_BUDGET_BYTES) break;
    rows.push(row);
  }
  return {
    ctx: noCase(),
    title: escapeText(opts.title ?? 'Directory', 200),
    count: plural(entries.length, 'person', 'people'),
    rows,
    more: { on: rows.length < entries.length, text: escapeText(`${entries.length - rows.length} more not shown. Ask for one with "org show @name".`) },
    empty: { on: entries.length === 0, text: escapeText('Nobody in the directory yet. Add people with "org manager @user @manager" or "org import".') },
  };
}

export interface HistoryEvidence {
  kind: string;
  summary: string;
  meta: string;
}

export interface HistoryRow {
  when: string;
  text: string;
  detail: Toggle;
  confidential: boolean;
  evidence: HistoryEvidence[];
}

export interface HistoryData extends FormBase {
  intro: string;
  rows: HistoryRow[];
  earlier: Toggle & { button: Button };
}

const encoder = new TextEncoder();

/** UTF-8 bytes of a value as JSON: what counts against Teams' limit. */
export function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

/** A history row's bytes on the card: its data plus the template elements around it. */
function historyRowBytes(row: HistoryRow): number {
  return jsonBytes(row) + 600 + row.evidence.length * 400;
}

function historyRow(e: CaseEvent, state: CaseState, opts: ViewOptions, summaryMax: number): HistoryRow {
  const detail = eventDetail(e, opts.people);
  const shortened = summaryMax < LIMITS.summary;
  return {
    when: formatWhen(e.at, zoneOf(opts)),
    text: describeEvent(e, opts.people, state),
    detail: { on: detail.length > 0, text: detail },
    confidential: confidentialEvent(e, state),
    evidence: evidenceOf(e).map((ev) => {
      const summary = escapeText(ev.summary, summaryMax);
      const cut = shortened && Array.from(ev.summary).length > summaryMax;
      return {
        kind: KIND_LABELS[ev.kind] ?? 'Other',
        summary: cut ? `${summary} (shortened here; the stakeholder email has it in full)` : summary,
        meta: [ev.date ? formatDay(ev.date) : '', ev.link ? escapeText(ev.link, LIMITS.link) : ''].filter(Boolean).join(' · '),
      };
    }),
  };
}

function evidenceOf(e: CaseEvent): Evidence[] {
  if (e.type === 'flag-raised' || e.type === 'flag-corrected' || e.type === 'evidence-added') return e.evidence;
  return [];
}

function confidentialEvent(e: CaseEvent, state: CaseState): boolean {
  if (e.type === 'flag-raised' || e.type === 'flag-corrected') return state.flags.find((f) => f.flagId === e.flagId)?.confidential ?? false;
  if (e.type === 'evidence-added') return state.flags.find((f) => f.flagId === e.flagId)?.confidential ?? false;
  return false;
}

/**
 * The full history with evidence (confidential included: the bot shows it only to people on the case,
 * their chain and admins). Newest events that fit the size budget, oldest first; `before` pages back.
 */
export function historyData(state: CaseState, opts: ViewOptions & { before?: number }): HistoryData {
  const events = opts.events ?? [];
  const end = Math.min(opts.before ?? events.length, events.length);
  const rows: HistoryRow[] = [];
  let bytes = 0;
  let first = end;
  for (let i = end - 1; i >= 0; i--) {
    const e = events[i]!;
    let row = historyRow(e, state, opts, LIMITS.summary);
    // One event too big on its own (ten summaries of pathological text): shorten its summaries to fit.
    for (let max = LIMITS.summary / 2; historyRowBytes(row) > HISTORY_BUDGET_BYTES && max >= 50; max = Math.floor(max / 2)) {
      row = historyRow(e, state, opts, max);
    }
    const size = historyRowBytes(row);
    if (bytes + size > HISTORY_BUDGET_BYTES && rows.length > 0) break;
    bytes += size;
    rows.unshift(row);
    first = i;
  }
  return {
    ...formBase(state, opts),
    intro: `Every event on case ${state.caseNo}, with evidence. Confidential evidence is marked; do not forward it.`,
    rows,
    earlier: {
      on: first > 0,
      text: `${plural(first, 'earlier event')} not shown here.`,
      button: showCard('Earlier events', 'history', ctxOf(state), { before: first }),
    },
  };
}

// ---------------------------------------------------------------- one entry point for show-card

export type FormOptions = ViewOptions & {
  assignable?: readonly string[];
  salesDirectorCandidates?: readonly string[];
  email?: { subject: string; emlUrl: string; recipients: readonly string[] };
  flagId?: string;
  before?: number;
};

/** The card name and data for a form the viewer asked for (verb `show-card`), on a case. */
export function formCard(form: FormName, state: CaseState, opts: FormOptions): { card: string; data: object } {
  switch (form) {
    case 'case':
      return { card: 'case', data: caseCardData(state, opts) };
    case 'flag':
      return { card: 'flag-form', data: flagFormData({ partnerId: state.partnerId, name: opts.partnerName ?? state.partnerId }, { state }) };
    case 'reset-attempt':
      return { card: 'reset-attempt', data: resetAttemptData(state, opts) };
    case 'reset-approval':
      return { card: 'reset-approval', data: resetApprovalData(state, opts) };
    case 'manager-decision':
      return { card: 'manager-decision', data: managerDecisionData(state, opts) };
    case 'action-done':
      return { card: 'action-done', data: actionDoneData(state, opts) };
    case 'risk':
      return { card: 'risk', data: riskFormData(state, opts) };
    case 'gm-meeting':
      return { card: 'gm-meeting', data: gmMeetingData(state, opts) };
    case 'sales-meeting':
      return { card: 'sales-meeting', data: salesMeetingData(state, opts) };
    case 'stakeholder-email':
      if (!opts.email) return { card: 'notice', data: noticeData({ message: 'The stakeholder email is not drafted yet. Try again in a moment.', tone: 'warning' }) };
      return { card: 'stakeholder-email', data: stakeholderEmailData(state, { ...opts, email: opts.email }) };
    case 'decision':
      return { card: 'decision', data: decisionFormData(state, opts) };
    case 'decision-approval':
      return { card: 'decision-approval', data: decisionApprovalData(state, opts) };
    case 'review':
      return { card: 'review', data: reviewData(state, opts) };
    case 'partner-meeting':
      return { card: 'partner-meeting', data: partnerMeetingData(state, opts) };
    case 'reassign-owner':
      return { card: 'reassign-owner', data: reassignOwnerData(state, opts) };
    case 'evidence-add':
      return { card: 'evidence-add', data: evidenceAddData(state, opts) };
    case 'withdraw-correct':
      return { card: 'withdraw-correct', data: withdrawCorrectData(state, { ...opts, flagId: opts.flagId ?? '' }) };
    case 'history':
      return { card: 'history', data: historyData(state, opts) };
    case 'triggers':
      return { card: 'triggers', data: triggersData() };
    case 'help':
      return { card: 'help', data: helpData({ isAdmin: !!opts.viewer && (opts.admins ?? []).includes(opts.viewer) }) };
  }
}

const FORM_FOR_VERB: Partial<Record<CommandType, FormName>> = {
  flag: 'flag',
  'escalate-now': 'case',
  'add-evidence': 'evidence-add',
  'withdraw-flag': 'withdraw-correct',
  'correct-flag': 'withdraw-correct',
  'approve-reset': 'reset-approval',
  'send-back-reset': 'reset-approval',
  continue: 'manager-decision',
  'take-ownership': 'manager-decision',
  'mark-action-done': 'action-done',
  'draft-risk': 'risk',
  'confirm-risk': 'risk',
  'record-gm-meeting': 'gm-meeting',
  'record-sales-meeting': 'sales-meeting',
  'confirm-email-sent': 'stakeholder-email',
  'propose-decision': 'decision',
  'approve-decision': 'decision-approval',
  'send-back-decision': 'decision-approval',
  'answer-review': 'review',
  'record-partner-meeting': 'partner-meeting',
  'reassign-owner': 'reassign-owner',
};

/** The form that issues a command verb (e.g. "log-reset-attempt" is the IC's reset form or the manager's decision form). */
export function formForVerb(verb: string, state: CaseState): FormName | undefined {
  if (verb === 'log-reset-attempt') return state.step === 'manager-reset' ? 'manager-decision' : 'reset-attempt';
  if ((FORMS as readonly string[]).includes(verb)) return verb as FormName;
  return FORM_FOR_VERB[verb as CommandType];
}

/** The steps in words, for other cards (the digest) that name steps. */
export function stepName(step: Step): string {
  return STEP_NAMES[step];
}

export { truncate };
