// The case card (cards/case.json): where a case stands, what it waits for, and the viewer's buttons. Everyone
// else in a shared chat sees it without buttons; the people on the case get their own view through refresh.
import type { ActionItem } from '../../domain/model';
import { mayReadHistory } from '../../domain/permissions';
import { actionContextOf, currentActions, liveFlagsOnCurrentStrike, ownerOf } from '../../domain/queries';
import { STEP_VERBS, buttonOf, formOf } from '../verbs';
import type { CaseView } from './caseView';
import { allowed, canMarkDone, dueText, headerOf, headlineOf, refreshUserIds } from './caseView';
import { LIMITS } from '../../domain/commands';
import { escapeText, plainLine } from './escape';
import { KIND_LABELS, OUTCOME_TEXT, PHASE_TEXT, SLOT_LABELS, STEP_NAMES } from './labels';
import type { ActionData, Button, ConfirmButton, Fact, Header, Mention, MsTeams, People, RefreshData, Toggle, Tone } from './parts';
import { button, cardWhen, ctxOf, formatDay, formatMoney, localDay, nameOf, openLink, plural, showCard, triggersText } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';
import type { TimelineItem } from './timeline';
import { timelineOf } from './timeline';

/** A name safe inside `<at>…</at>` and in the entity: no markup characters at all. */
function mentionName(people: People, userId: string): string {
  return plainLine(people[userId]?.name ?? 'colleague', 100).replace(/[\\`*_{}[\]<>&#|~$]/g, '') || 'colleague';
}

/** Mentions on one card at most; the rest are counted. */
const MAX_MENTIONS = 20;

export function unreachableOf(view: CaseView): { toggle: Toggle; entities: Mention[] } {
  const all = [...new Set(view.unreachable ?? [])];
  if (all.length === 0) return { toggle: { on: false, text: '' }, entities: [] };
  const ids = all.slice(0, MAX_MENTIONS);
  const entities: Mention[] = [];
  // A mention notifies only on the shared card (a channel, a group chat); a card for one viewer (a 1:1 chat, their
  // refreshed view) names people plainly: nobody is mentioned there.
  const mentions = view.viewer === undefined;
  const names = ids.map((id) => {
    const teamsId = view.people[id]?.teamsId;
    if (!teamsId || !mentions) return nameOf(view.people, id);
    const name = mentionName(view.people, id);
    entities.push({ type: 'mention', text: `<at>${name}</at>`, mentioned: { id: teamsId, name } });
    return `<at>${name}</at>`;
  });
  const more = all.length > ids.length ? ` and ${all.length - ids.length} more` : '';
  const text = `The bot could not reach ${names.join(', ')}${more} in a 1:1 chat yet (partner-fit is not installed for them, or they blocked it). Nothing is lost: what the case needs from them waits and reaches them as soon as they open partner-fit.`;
  return { toggle: { on: true, text }, entities };
}

/** The app's link in Teams, to copy and send to the people not reached yet (README "Reaching people"). */
export interface InstallLink {
  on: boolean;
  url: string;
}

function installLinkOf(view: CaseView, unreachable: Toggle): InstallLink {
  return { on: unreachable.on && !!view.installLink, url: view.installLink ?? '' };
}

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
  evidence: FlagEvidence;
  unreachable: Toggle;
  installLink: InstallLink;
  actionArea: { on: boolean; intro: string; buttons: Button[]; confirms: ConfirmButton[] };
  more: { on: boolean; buttons: Button[] };
}

export interface FlagEvidence {
  on: boolean;
  title: string;
  note: Toggle;
  items: { summary: string; meta: string; link: { on: boolean; url: string } }[];
}

const NO_EVIDENCE: FlagEvidence = { on: false, title: '', note: { on: false, text: '' }, items: [] };

/**
 * What was flagged, with its evidence, first on the card (the ping of a flag to a reporter's manager): only for a
 * viewer who may read the history; confidential evidence stays there.
 */
function flagEvidenceOf(view: CaseView): FlagEvidence {
  const { state } = view;
  const flag = view.evidenceOfFlag ? state.flags.find((f) => f.flagId === view.evidenceOfFlag) : undefined;
  if (!flag || !view.viewer || !mayReadHistory(state, view.viewer, view.permissions)) return NO_EVIDENCE;
  const title = `What ${nameOf(view.people, flag.reporterId)} flagged: ${triggersText(flag.triggers).toLowerCase()}`;
  if (flag.confidential) return { on: true, title, note: { on: true, text: 'The evidence is confidential: open the history to read it.' }, items: [] };
  const latest = [...(view.events ?? [])].reverse().find((e) => (e.type === 'flag-raised' || e.type === 'flag-corrected') && e.flagId === flag.flagId);
  const evidence = latest && 'evidence' in latest ? latest.evidence : [];
  return {
    on: true,
    title,
    note: { on: evidence.length === 0, text: 'No evidence attached.' },
    items: evidence.map((ev) => ({
      summary: escapeText(ev.summary, LIMITS.summary),
      meta: [KIND_LABELS[ev.kind], ev.date ? formatDay(ev.date) : ''].filter(Boolean).join(' · '),
      link: openLink(ev.link),
    })),
  };
}

/** The actions of the current step (or of `context`), each with a "mark done" for the people who may. */
export function actionRows(view: CaseView, context?: ActionItem['context']): ActionRow[] {
  const { state } = view;
  const ctx = ctxOf(state);
  // The current step's actions (a later decision's review actions replace an earlier one's).
  const shown = context === undefined || context === actionContextOf(state) ? currentActions(state) : state.actions.filter((a) => a.context === context);
  return shown.map((a) => ({
    text: escapeText(a.text, 500),
    meta: `${nameOf(view.people, a.ownerId)} · due ${formatDay(a.dueOn)}${a.doneAt ? ` · done ${cardWhen(a.doneAt)}` : ''}`,
    done: !!a.doneAt,
    canMark: canMarkDone(view, a),
    markData: { ...ctx, actionId: a.actionId },
  }));
}

function caseFacts(view: CaseView): Fact[] {
  const { state } = view;
  const facts: Fact[] = [];
  if (state.status === 'open') {
    facts.push({ title: 'Step', value: STEP_NAMES[state.step] });
    facts.push({ title: 'Waiting for', value: PHASE_TEXT[state.phase] });
    facts.push({ title: 'Owner', value: nameOf(view.people, ownerOf(state)) });
    if (state.waitingOn) facts.push({ title: 'Waiting on', value: nameOf(view.people, state.waitingOn) });
    facts.push({ title: 'Due', value: dueText(view) });
  } else {
    facts.push({ title: 'Outcome', value: state.outcome ? OUTCOME_TEXT[state.outcome] : 'Closed' });
    facts.push({ title: 'Closed', value: cardWhen(state.closedAt) });
  }
  facts.push({ title: 'Occurrences', value: String(state.occurrences) });
  const triggers = [...new Set(state.flags.filter((f) => !f.withdrawn).flatMap((f) => f.triggers))];
  if (triggers.length) facts.push({ title: 'Triggers', value: triggersText(triggers) });
  if (state.risk) facts.push({ title: 'Revenue at risk', value: `${formatMoney(state.risk.amount, state.risk.currency)} (${plural(state.risk.skus.length, 'SKU')})` });
  if (state.reviewEndsOn && state.step === 'review-period') facts.push({ title: 'Review ends', value: formatDay(state.reviewEndsOn) });
  facts.push({ title: 'Opened', value: cardWhen(state.openedAt) });
  return facts;
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

/** "third" for 3; past ten, "11th". */
function ordinal(n: number): string {
  return ORDINALS[n - 1] ?? `${n}th`;
}

function caseNotes(view: CaseView): Toggle {
  const { state } = view;
  const notes: string[] = [];
  if (state.flags.some((f) => f.confidential && !f.withdrawn)) notes.push('Some evidence on this case is confidential: it is shown only in the history, to the people on the case.');
  if (state.missing.length) notes.push(`Not found in the directory: ${state.missing.map((s) => SLOT_LABELS[s]).join(', ')}. An admin stands in until it is filled.`);
  const carried = state.carried?.strikes.length ?? 0;
  if (carried > 0 && state.carried) {
    // The count carries on across closed cases within the strike window (docs/workflow.md#strikes).
    const months = state.carried.windowMonths;
    notes.push(`The ${ordinal(state.level)} time in ${months} months: ${plural(carried, 'strike')} from earlier cases in the last ${months} months count on, so this case started further up the ladder.`);
  } else if (state.previousCaseId) notes.push('This partner had an earlier case.');
  return { on: notes.length > 0, text: notes.join('\n\n') };
}

/**
 * The viewer's buttons: one per form of the step work they may do now (the verb catalog names each button),
 * "escalate now" behind a confirmation, and the side actions under "more".
 */
function viewerButtons(view: CaseView): { primary: Button[]; confirms: ConfirmButton[]; more: Button[] } {
  const { state } = view;
  const ctx = ctxOf(state);
  const can = allowed(view);
  const primary: Button[] = [];
  const forms = new Set<string>();
  for (const verb of STEP_VERBS) {
    const title = buttonOf(verb, state);
    const form = formOf(verb, state);
    if (!title || !can.has(verb) || forms.has(form)) continue;
    forms.add(form);
    primary.push(showCard(title, form, ctx, {}, 'positive'));
  }
  const confirms: ConfirmButton[] = [];
  if (can.has('escalate-now') && state.phase !== 'approval') {
    // The quiet choice comes first (wait for the step under way); escalating is the last button, not a red one.
    confirms.push({
      ...button('Escalate now', 'escalate-now', ctx),
      prompt: `This raises the case to strike ${state.level + 1} without a new occurrence.`,
      confirmTitle: 'Yes, escalate now',
    });
  }
  const more: Button[] = [];
  if (can.has('add-evidence')) more.push(showCard('Add evidence', 'evidence-add', ctx));
  const mine = liveFlagsOnCurrentStrike(state).filter((f) => f.reporterId === view.viewer);
  if (can.has('withdraw-flag') || can.has('correct-flag')) {
    for (const f of mine.slice(0, 2)) more.push(showCard(mine.length > 1 ? `My flag of ${formatDay(localDay(f.at, view.timeZone))}` : 'Withdraw or correct my flag', 'withdraw-correct', ctx, { flagId: f.flagId }));
  }
  // After the GM approves, the VP sends the second email (the decision): keep it one click away.
  if (state.status === 'open' && view.viewer === state.people.vp && (state.step === 'review-period' || state.step === 'disengaging')) {
    more.push(showCard('Decision email', 'stakeholder-email', ctx));
  }
  if (can.has('reassign-owner')) more.push(showCard('Reassign', 'reassign-owner', ctx));
  if (view.viewer && mayReadHistory(state, view.viewer, view.permissions)) more.push(showCard('History', 'history', ctx));
  // Closing is for admins, and rare: last, and never pushing History off the card.
  if (can.has('close-case')) more.push(showCard('Close the case', 'close-case', ctx));
  return { primary, confirms, more: more.slice(0, 6) };
}

/** Above the viewer's buttons: their turn, or (when all they could do is escalate) that waiting is the usual choice. */
function actionIntro(view: CaseView, primaryButtons: number): string {
  const { state } = view;
  if (state.waitingOn && state.waitingOn === view.viewer) return 'Your turn:';
  if (primaryButtons > 0 || !state.waitingOn) return 'You can:';
  const first = nameOf(view.people, state.waitingOn);
  const approval = state.people.manager === view.viewer && state.step === 'ic-reset' ? ', then you approve or send back their attempt' : '';
  return `Nothing is needed from you yet: the case waits for ${first} (${PHASE_TEXT[state.phase].replace(/^\w/, (c) => c.toLowerCase())})${approval}. Only if it cannot wait:`;
}

export function caseCardData(view: CaseView): CaseCardData {
  const { state } = view;
  const ctx = ctxOf(state);
  const userIds = refreshUserIds(state, view.people);
  const unreachable = unreachableOf(view);
  const { primary, confirms, more } = viewerButtons(view);
  const rows = actionRows(view);
  const reason = state.closeReason ? ` Why: ${escapeText(state.closeReason, 1000)}` : '';
  const closedText = state.status === 'closed' && state.outcome ? `This case is closed. ${OUTCOME_TEXT[state.outcome]}.${reason}` : '';
  return {
    ctx,
    refresh: { on: userIds.length > 0, userIds, data: ctx },
    msteams: { width: 'Full', entities: unreachable.entities },
    headline: headlineOf(view),
    header: headerOf(view),
    closed: { on: state.status === 'closed', text: closedText },
    facts: caseFacts(view),
    notes: caseNotes(view),
    actionList: { on: rows.length > 0, title: state.step === 'internal-improvement' ? 'Improvement actions' : 'Actions for the review', items: rows },
    timeline: { on: (view.events ?? []).length > 0, items: timelineOf(view) },
    evidence: flagEvidenceOf(view),
    unreachable: unreachable.toggle,
    installLink: installLinkOf(view, unreachable.toggle),
    actionArea: {
      on: primary.length + confirms.length > 0,
      intro: actionIntro(view, primary.length),
      buttons: primary.slice(0, 5),
      confirms,
    },
    more: { on: more.length > 0, buttons: more },
  };
}

export function caseCard(view: CaseView): AdaptiveCard {
  return renderCard('case', caseCardData(view));
}
