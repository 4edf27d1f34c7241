// What every card about a case is built from (a CaseView), and what the viewer may do on it: the engine's own
// answer (src/domain/permissions.ts), never a rule of the cards' own. src/teams/caseViews.ts loads a CaseView.
import type { CaseEvent } from '../../domain/events';
import type { ActionItem, CaseState } from '../../domain/model';
import type { CaseCommandType, Intent, PermissionContext, Verdict } from '../../domain/permissions';
import { allowedCommands, can } from '../../domain/permissions';
import { liveFlagsOnCurrentStrike, openActions, ownerOf, stakeholdersOf, stepInputs } from '../../domain/queries';
import type { FormName } from './forms';
import { STEP_VERBS, formOf } from '../verbs';
import type { ActionData, Fact, Header, People, Toggle, Tone } from './parts';
import { MAX_REFRESH_USERS, cardWhen, ctxOf, localDay, nameOf, partnerName, plural, triggersText } from './parts';
import { escapeText } from './escape';
import { STEP_NAMES } from './labels';

/** The stakeholder (or decision) email: its signed .eml link, subject and recipients (user ids). */
export interface EmailLink {
  emlUrl: string;
  subject: string;
  recipients: readonly string[];
}

export interface CaseView {
  state: CaseState;
  partnerName: string;
  /** aadObjectId of the person the card is for; without one the card shows the case and no buttons. */
  viewer?: string;
  people: People;
  /** Who may act: the directory as far as the case needs it (its people, the viewer, their managers) and the admins. */
  permissions: PermissionContext;
  /** IANA zone dates and times are shown in. */
  timeZone: string;
  /** ISO instant of the rendering (overdue marks, default dates). */
  now: string;
  /** The case's events, oldest first, for the timeline and the history. */
  events?: readonly CaseEvent[];
  /** People the bot could not reach 1:1: @mentioned on the card. */
  unreachable?: readonly string[];
  /** The app's link in Teams, offered to send to them. */
  installLink?: string;
  /** A line on top, e.g. why a ping came ("Your turn: …"). */
  headline?: string;
  headlineTone?: Tone;
  email?: EmailLink;
  /** People offered as owners or new holders in pickers; default everyone in `people`. */
  assignable?: readonly string[];
  salesDirectorCandidates?: readonly string[];
  /** The partner's other cases, newest first, for the history (`history <partner>` lists them; each opens). */
  otherCases?: readonly OtherCase[];
  /** The flag a withdraw/correct form is about; the history page. */
  flagId?: string;
  /** A flag whose evidence the card shows first (the 1:1 ping of that flag to a reporter's manager). */
  evidenceOfFlag?: string;
  before?: number;
}

/** One of a partner's cases as the history lists it. */
export interface OtherCase {
  caseId: string;
  caseNo: number;
  status: CaseState['status'];
  outcome?: CaseState['outcome'];
  openedAt: string;
  closedAt?: string;
  level: number;
}

/** The case commands the viewer may issue now. */
export function allowed(view: CaseView): Set<CaseCommandType> {
  return allowedCommands(view.state, view.viewer, view.permissions);
}

/** Whether the viewer may issue this one command (on this flag or action) now, and if not why. */
export function mayIssue(view: CaseView, intent: Intent): Verdict {
  return view.viewer ? can(view.state, intent, view.viewer, view.permissions) : { ok: false, rejection: { code: 'ACTOR.NOT_ALLOWED', message: 'Nobody is looking.' } };
}

export function canMarkDone(view: CaseView, action: ActionItem): boolean {
  return mayIssue(view, { type: 'mark-action-done', actionId: action.actionId }).ok;
}

export function isAdminViewer(view: CaseView): boolean {
  return !!view.viewer && view.permissions.admins.includes(view.viewer);
}

/** Steps whose form is the whole decision (approve or send back, continue or take ownership): shown at once, no second card. */
const DIRECT_FORMS: ReadonlySet<FormName> = new Set<FormName>(['reset-approval', 'manager-decision', 'decision-approval']);

/** The form to show instead of the case card (a ping, the answer to a click) when the case waits on the viewer for one of those. */
export function directForm(view: CaseView): FormName | undefined {
  if (!view.viewer || view.viewer !== view.state.waitingOn) return undefined;
  const form = formFor(view);
  return form && DIRECT_FORMS.has(form) ? form : undefined;
}

/** The form the viewer should act on now (what a ping offers): the form of the first step verb they may issue. */
export function formFor(view: CaseView): FormName | undefined {
  const can = allowed(view);
  const verb = STEP_VERBS.find((v) => can.has(v));
  return verb ? formOf(verb, view.state) : undefined;
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

// ---------------------------------------------------------------- what every form on a case starts with

export function headerOf(view: CaseView): Header {
  const { state } = view;
  const parts = [`Case ${state.caseNo}`, STEP_NAMES[state.step], `strike ${state.level}`, plural(state.occurrences, 'occurrence')];
  if (state.status === 'closed') parts.splice(1, 1, 'closed');
  return { partner: partnerName(state, view), subtitle: parts.join(' · ') };
}

export function headlineOf(view: CaseView): Toggle & { tone: Tone } {
  return { on: !!view.headline, text: escapeText(view.headline ?? '', 500), tone: view.headlineTone ?? 'accent' };
}

export function dueText(view: CaseView): string {
  const { state } = view;
  if (!state.dueAt) return state.phase === 'watching' ? 'Nothing due while watching' : 'No due time';
  const overdue = view.now > state.dueAt;
  return `${cardWhen(state.dueAt)}${overdue ? ' (overdue)' : ''}`;
}

export interface FormBase {
  ctx: ActionData;
  header: Header;
  headline: Toggle & { tone: Tone };
  facts: Fact[];
}

export function formBase(view: CaseView): FormBase {
  const { state } = view;
  const facts: Fact[] = [
    { title: 'Owner', value: nameOf(view.people, ownerOf(state)) },
    { title: 'Due', value: dueText(view) },
  ];
  const triggers = [...new Set(state.flags.filter((f) => !f.withdrawn).flatMap((f) => f.triggers))];
  if (triggers.length) facts.push({ title: 'Triggers', value: triggersText(triggers) });
  return { ctx: ctxOf(state), header: headerOf(view), headline: headlineOf(view), facts };
}

/** The revenue-at-risk inputs a reset form shows when the case's trigger path asks for them (docs/workflow.md#trigger-paths). */
export interface RevenueAsk {
  on: boolean;
  text: string;
  amount: { set: boolean; value: number };
  currency: string;
}

export function revenueAsk(view: CaseView): RevenueAsk {
  const draft = view.state.riskDraft;
  return {
    on: stepInputs(view.state).includes('revenue'),
    text: 'This case is about profitability: add the revenue at risk with your attempt. The VP review starts from these figures.',
    amount: { set: !!draft, value: draft?.amount ?? 0 },
    currency: draft?.currency ?? 'USD',
  };
}

export function lastAttempt(state: CaseState, step: 'ic-reset' | 'manager-reset') {
  return [...state.resetAttempts].reverse().find((a) => a.step === step);
}

/** The viewer's calendar day now, as yyyy-mm-dd (default dates on forms). */
export function today(view: CaseView): string {
  return localDay(view.now, view.timeZone);
}

export interface MeetingFormData extends FormBase {
  intro: string;
  on: string;
  canRecord: boolean;
}
