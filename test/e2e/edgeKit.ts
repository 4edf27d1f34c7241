// Helpers for the permission, concurrency, fault and bad-input suites: read what a person sees (the text of
// messages and cards), set up the org and a partner with admin commands, and walk a case to a given step by
// clicking the cards the bot sent, over real HTTP.
import type { CaseEvent, CaseState } from '../../src/domain';
import { WORKFLOW_V1 } from '../../src/domain/workflow';
import type { OutboxItem } from '../../src/storage/ports';
import type { SentActivity } from '../support/channel';
import type { ActionExecuteResponse, TeamsClient, TeamsConversation, TeamsUser } from '../support/teams';
import { mention } from '../support/teams';
import { allText, submitData } from '../support/cards';
import type { Harness } from './harness';

type Json = Record<string, unknown>;

/** What an Action.Execute click gets back over HTTP. */
export type Clicked = Awaited<ReturnType<TeamsClient['execute']>>;

/** How the bot refuses someone a button that is not theirs ("You can't approve the reset attempt: …"). */
export const REFUSED = /\bYou can't\b/;

/** Every piece of text a person can read on a card (text blocks, facts, runs, choices, button titles). */
export const cardText = allText;

/** What a person reads in one message: its text and the text of its cards. */
export function activityText(sent: Pick<SentActivity, 'activity'>): string {
  const a = sent.activity;
  return [a.text ?? '', ...(a.attachments ?? []).map((att) => cardText(att.content))].filter(Boolean).join('\n');
}

export function cardsOf(sent: SentActivity): Json[] {
  return (sent.activity.attachments ?? []).filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a) => a.content as Json);
}

/** The card an Action.Execute answered with (fails if it answered something else). */
export function answerCard(res: ActionExecuteResponse): Json {
  if (res.type !== 'application/vnd.microsoft.card.adaptive') throw new Error(`expected a card, got ${res.type}: ${JSON.stringify(res.value).slice(0, 300)}`);
  return res.value as Json;
}

/** What the person who clicked reads: the card's text, or the message. */
export function answerText(res: ActionExecuteResponse): string {
  return typeof res.value === 'string' ? res.value : cardText(res.value);
}

/** Whether a card offers a button with this verb (directly, or one level down in a show-card). */
export function hasVerb(card: unknown, verb: string): boolean {
  return JSON.stringify(card).includes(`"verb":"${verb}"`);
}

/** Says something and returns what the bot answered in that conversation during the turn. */
export async function sayAndRead(h: Harness, user: TeamsUser, text: string, mentions: TeamsUser[] = []): Promise<{ status: number; replies: SentActivity[]; text: string }> {
  const conversationId = h.teams.personalConversation(user).id;
  const before = h.channel.sent.length;
  const res = await h.teams.say(user, text, mentions.length ? { mentions } : {});
  const replies = h.channel.sent.slice(before).filter((s) => s.conversationId === conversationId && s.kind !== 'update');
  return { status: res.status, replies, text: replies.map(activityText).join('\n') };
}

/** Posts in a team channel (mentioning the bot) and returns the bot's answers in that thread. */
export async function postAndRead(
  h: Harness,
  user: TeamsUser,
  text: string,
  where: { teamId: string; channelId: string },
  mentions: TeamsUser[] = [],
): Promise<{ status: number; conversationId: string; replies: SentActivity[]; text: string }> {
  const activity = h.teams.channelMessage(user, { ...where, text, ...(mentions.length ? { mentions } : {}) });
  const before = h.channel.sent.length;
  const res = await h.teams.send(activity);
  const conversationId = activity.conversation.id;
  const replies = h.channel.sent.slice(before).filter((s) => s.conversationId === conversationId && s.kind !== 'update');
  return { status: res.status, conversationId, replies, text: replies.map(activityText).join('\n') };
}

export const CONTOSO = 'Contoso Cloud';
export const CONTOSO_ID = 'contoso-cloud';

/**
 * The org of every suite, set up the way an admin does it: everyone says hello once (so the bot can reach
 * them), then `org manager` / `org role` with @mentions, then `partner add`. IC -> manager -> VP -> GM.
 */
export async function setUpOrg(h: Harness, options: { hello?: TeamsUser[]; partners?: string[] } = {}): Promise<void> {
  const p = h.people;
  for (const person of options.hello ?? [p.admin, p.ic, p.manager, p.vp, p.gm, p.sales]) {
    const res = await h.teams.say(person, 'hello');
    expect(res.status).toBe(200);
  }
  const admin = async (text: string, mentions: TeamsUser[]) => {
    const answer = await sayAndRead(h, p.admin, text, mentions);
    expect(answer.text).not.toMatch(/couldn't|only admins|try `/i);
  };
  await admin(`org manager ${mention(p.ic)} ${mention(p.manager)}`, [p.ic, p.manager]);
  await admin(`org manager ${mention(p.manager)} ${mention(p.vp)}`, [p.manager, p.vp]);
  await admin(`org manager ${mention(p.vp)} ${mention(p.gm)}`, [p.vp, p.gm]);
  await admin(`org role ${mention(p.vp)} vp`, [p.vp]);
  await admin(`org role ${mention(p.gm)} gm`, [p.gm]);
  await admin(`org role ${mention(p.sales)} sales-director`, [p.sales]);
  for (const name of options.partners ?? [CONTOSO]) await admin(`partner add ${name}`, []);
}

export function personal(h: Harness, user: TeamsUser): TeamsConversation {
  return h.teams.personalConversation(user);
}

/** The flag form a person gets for `flag <partner> <triggers>` in their 1:1 chat. */
export async function flagForm(h: Harness, user: TeamsUser, command: string): Promise<Json> {
  const answer = await sayAndRead(h, user, command);
  const form = answer.replies.flatMap(cardsOf).find((c) => hasVerb(c, 'flag'));
  if (!form) throw new Error(`no flag form for "${command}": ${answer.text.slice(0, 400)}`);
  return form;
}

/** Flags a partner from the 1:1 chat by filling in the form; returns the answer card. */
export async function flagInChat(h: Harness, user: TeamsUser, partnerName: string, typed: Record<string, string> = {}): Promise<Clicked> {
  const form = await flagForm(h, user, `flag ${partnerName} expectations`);
  const data = submitData(form, 'flag', { ev1_summary: 'They expected a 2-day turnaround we never promised.', ...typed });
  return h.teams.execute(user, personal(h, user), { verb: 'flag', data });
}

/** The case as stored. */
export async function caseOf(h: Harness, partnerId = CONTOSO_ID): Promise<CaseState> {
  const stored = await h.stores.cases.latest(partnerId);
  if (!stored) throw new Error(`no case for ${partnerId}`);
  return stored.state;
}

export async function eventsOf(h: Harness, partnerId = CONTOSO_ID): Promise<CaseEvent[]> {
  const state = await caseOf(h, partnerId);
  return h.stores.cases.events(partnerId, state.caseId);
}

export async function outboxOf(h: Harness, partnerId = CONTOSO_ID): Promise<OutboxItem[]> {
  const state = await caseOf(h, partnerId);
  return h.stores.outbox.forCase(partnerId, state.caseId);
}

/** The data a button on the case carries: which case, at which stage. */
export function caseData(state: CaseState, extra: Json = {}): Json {
  return { partnerId: state.partnerId, caseId: state.caseId, stage: state.stage, ...extra };
}

/** Opens a form on the case for `user` (the show-card button), fills it in and submits `verb`. */
export async function submitForm(h: Harness, user: TeamsUser, form: string, verb: string, typed: Record<string, string>, partnerId = CONTOSO_ID): Promise<Clicked> {
  const state = await caseOf(h, partnerId);
  const shown = await h.teams.execute(user, personal(h, user), { verb: 'show-card', data: caseData(state, { form }) });
  const data = submitData(answerCard(shown), verb, typed);
  return h.teams.execute(user, personal(h, user), { verb, data });
}

/** Clicks a button that needs no input (approve, escalate…) with the current stage. */
export async function click(h: Harness, user: TeamsUser, verb: string, extra: Json = {}, partnerId = CONTOSO_ID): Promise<Clicked> {
  const state = await caseOf(h, partnerId);
  return h.teams.execute(user, personal(h, user), { verb, data: caseData(state, extra) });
}

export function isoDay(date: Date, plusDays = 0): string {
  return new Date(date.getTime() + plusDays * 86_400_000).toISOString().slice(0, 10);
}

/** The IC logs their reset attempt (the case then waits on the manager's approval). */
export async function logResetAttempt(h: Harness, user: TeamsUser, partnerId = CONTOSO_ID): Promise<Clicked> {
  return submitForm(h, user, 'reset-attempt', 'log-reset-attempt', { agreed: 'Weekly sync; 3-day turnaround in writing.', agreedOn: isoDay(h.clock.now()) }, partnerId);
}

/** Where a case stands, as "step/phase" (or "closed"). */
export function whereOf(state: CaseState): string {
  return state.status === 'closed' ? 'closed' : `${state.step}/${state.phase}`;
}

/** One move of the walk: who clicks which verb with which inputs. */
interface Move {
  who: keyof Harness['people'];
  verb: string;
  inputs: (h: Harness, state: CaseState) => Json;
}

/**
 * The walk through every step, by the people the workflow names (docs/workflow.md#steps), taking the `fixable` branch first
 * and, after a "no, it is not working" review, the `not fixable` one to the end.
 */
const WALK: Record<string, Move | ((state: CaseState) => Move)> = {
  'ic-reset/attempt': { who: 'ic', verb: 'log-reset-attempt', inputs: (h) => ({ agreed: 'Weekly sync agreed.', agreedOn: isoDay(h.clock.now()) }) },
  'ic-reset/approval': { who: 'manager', verb: 'escalate-now', inputs: () => ({}) },
  'manager-reset/attempt': { who: 'manager', verb: 'log-reset-attempt', inputs: (h) => ({ agreed: 'Exec sponsor call held.', agreedOn: isoDay(h.clock.now()) }) },
  'manager-reset/choice': { who: 'manager', verb: 'escalate-now', inputs: () => ({}) },
  'vp-review/risk': { who: 'manager', verb: 'draft-risk', inputs: () => ({ amount: '250000', currency: 'USD', skus: 'M365 E5, Azure' }) },
  'vp-review/risk-confirmation': { who: 'vp', verb: 'confirm-risk', inputs: () => ({ amount: '250000', currency: 'USD', skus: 'M365 E5, Azure' }) },
  'vp-review/gm-meeting': { who: 'vp', verb: 'record-gm-meeting', inputs: (h) => ({ on: isoDay(h.clock.now()) }) },
  'sales-escalation/sales-meeting': { who: 'vp', verb: 'record-sales-meeting', inputs: (h) => ({ on: isoDay(h.clock.now()), salesDirectorIds: h.people.sales.aadObjectId }) },
  'sales-escalation/email': { who: 'vp', verb: 'confirm-email-sent', inputs: () => ({}) },
  'decision/proposal': (state) =>
    state.decisionsMade > 0
      ? { who: 'vp', verb: 'propose-decision', inputs: () => ({ fixable: 'not-fixable', rationale: 'The review showed no change.' }) }
      : {
          who: 'vp',
          verb: 'propose-decision',
          inputs: (h) => ({ fixable: 'fixable', rationale: 'Clear actions can fix it.', act1_text: 'Joint plan.', act1_owner: h.people.ic.aadObjectId, act1_due: isoDay(h.clock.now(), 14), reviewEndsOn: isoDay(h.clock.now(), 30) }),
        },
  'decision/gm-approval': { who: 'gm', verb: 'approve-decision', inputs: () => ({}) },
  'review-period/actions': { who: 'vp', verb: 'answer-review', inputs: () => ({ working: 'false' }) },
  'disengaging/partner-meeting': { who: 'vp', verb: 'record-partner-meeting', inputs: (h) => ({ on: isoDay(h.clock.now()) }) },
};

/** Takes the case one step along the walk, as the person the workflow names; returns where it is now. */
export async function step(h: Harness, partnerId = CONTOSO_ID): Promise<string> {
  const state = await caseOf(h, partnerId);
  const entry = WALK[whereOf(state)];
  if (!entry) throw new Error(`the walk does not go on from ${whereOf(state)}`);
  const move = typeof entry === 'function' ? entry(state) : entry;
  const user = h.people[move.who];
  const res = await h.teams.execute(user, personal(h, user), { verb: move.verb, data: caseData(state, move.inputs(h, state)) });
  const after = await caseOf(h, partnerId);
  if (after.version === state.version) throw new Error(`${move.who} ${move.verb} at ${whereOf(state)} changed nothing: ${answerText(res).slice(0, 300)}`);
  return whereOf(after);
}

/** Steps until the case stands at `target` ("step/phase"). */
export async function walkTo(h: Harness, target: string, partnerId = CONTOSO_ID): Promise<void> {
  for (let i = 0; i < 30; i++) {
    if (whereOf(await caseOf(h, partnerId)) === target) return;
    await step(h, partnerId);
  }
  throw new Error(`never reached ${target}`);
}

/** Runs `act` and checks that the case is exactly as it was (same events, same state): a refusal changed nothing. */
export async function unchangedCase<T>(h: Harness, partnerId: string, act: () => Promise<T>): Promise<T> {
  const before = await eventsOf(h, partnerId);
  const stateBefore = await caseOf(h, partnerId);
  const result = await act();
  await h.deliver();
  expect(await eventsOf(h, partnerId)).toEqual(before);
  expect(await caseOf(h, partnerId)).toEqual(stateBefore);
  return result;
}

/** The buttons a case accepts where it stands (from the workflow table), whoever may press them. */
export function acceptedAt(state: CaseState): string[] {
  return Object.entries(WORKFLOW_V1.commands)
    .filter(([, rules]) => rules.some((r) => (r.step === '*' || r.step === state.step) && (!r.phases || r.phases.includes(state.phase))))
    .map(([verb]) => verb);
}

/** Valid inputs for every command verb, so that the only reason to refuse a click is who made it. */
export function validInputs(h: Harness, verb: string, state: CaseState, someone: string): Json {
  const flagId = state.flags.at(-1)?.flagId ?? '';
  const actionId = state.actions.at(-1)?.actionId ?? '';
  const today = isoDay(h.clock.now());
  const later = isoDay(h.clock.now(), 30);
  const evidence = { ev1_kind: 'email', ev1_summary: 'A real summary.' };
  const inputs: Record<string, Json> = {
    flag: { triggers: 'poor-communication', ...evidence },
    'add-evidence': evidence,
    'withdraw-flag': { flagId },
    'correct-flag': { flagId, triggers: 'poor-communication', ...evidence },
    'log-reset-attempt': { agreed: 'We agreed a weekly call.', agreedOn: today },
    'send-back-reset': { comment: 'Try again.' },
    'send-back-decision': { comment: 'Try again.' },
    'take-ownership': { act1_text: 'Fix onboarding.', act1_owner: someone, act1_due: later },
    'mark-action-done': { actionId },
    'draft-risk': { amount: '1000', currency: 'USD', skus: 'M365 E5' },
    'confirm-risk': { amount: '1000', currency: 'USD', skus: 'M365 E5' },
    // Meetings are recorded once they have taken place (docs/workflow.md#steps).
    'record-gm-meeting': { on: today },
    'record-sales-meeting': { on: today },
    'record-partner-meeting': { on: today },
    'propose-decision': { fixable: 'not-fixable', rationale: 'It will not change.' },
    'answer-review': { working: 'true' },
    'reassign-owner': { to: someone },
    'close-case': { reason: 'A mistaken flag.' },
  };
  return inputs[verb] ?? {};
}

export interface Where {
  teamId: string;
  channelId: string;
}

/**
 * Flags from a team channel as Teams plays it: the @mention gets a "flag in progress" card in the channel,
 * the requester's client refreshes it into their private form (refresh.userIds), and they submit it from
 * that card (replyToId), which becomes the case card of the channel.
 */
export async function flagInChannel(
  h: Harness,
  user: TeamsUser,
  partnerName: string,
  where: Where,
  typed: Record<string, string> = {},
): Promise<{ answer: Clicked; conversationId: string; cardId: string }> {
  const posted = await postAndRead(h, user, `flag ${partnerName} expectations`, where);
  const placeholder = posted.replies.find((r) => cardsOf(r).length > 0);
  if (!placeholder) throw new Error(`no card in the channel for "flag ${partnerName}": ${posted.text}`);
  const refresh = (cardsOf(placeholder)[0]!.refresh as { action: { verb: string; data: Json }; userIds: string[] } | undefined) ?? undefined;
  if (!refresh || !refresh.userIds.includes(user.id)) throw new Error('the channel card has no per-user refresh for the requester');
  const options = { replyToId: placeholder.activityId };
  const form = answerCard(await h.teams.execute(user, posted.conversationId, { verb: refresh.action.verb, data: refresh.action.data }, { ...options, trigger: 'automatic' }));
  const data = submitData(form, 'flag', { ev1_summary: 'Raised in the weekly team sync.', ...typed });
  const answer = await h.teams.execute(user, posted.conversationId, { verb: 'flag', data }, options);
  return { answer, conversationId: posted.conversationId, cardId: placeholder.activityId };
}

/**
 * Holds every case commit until `count` of them are waiting, then lets them all go at once: each of the
 * racing requests has loaded and decided on the same state, so exactly the storage's ETag check decides who
 * wins. Falls back to letting a lone commit through after `timeoutMs` (the test then sees `arrived` < count).
 */
export function raceCommits(h: Harness, count = 2, timeoutMs = 5_000): { readonly arrived: number; restore(): void } {
  const store = h.stores.cases;
  const original = store.commit;
  const waiting: Array<() => void> = [];
  let arrived = 0;
  store.commit = async function (this: typeof store, commit) {
    arrived += 1;
    if (arrived <= count) {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length === count) waiting.splice(0).forEach((go) => go());
        else setTimeout(resolve, timeoutMs).unref();
      });
    }
    return original.call(this, commit);
  };
  return {
    get arrived() {
      return arrived;
    },
    restore: () => {
      store.commit = original;
    },
  };
}
