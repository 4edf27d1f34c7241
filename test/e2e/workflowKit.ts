// Helpers for driving the workflow end to end as the people of the cast: clicking the buttons the cards
// actually carry (Teams' way: the action's data merged with the card's inputs), reading who was pinged with
// what, and checking what a channel could see. Used by test/e2e/workflow*.test.ts.
import type { SentActivity } from '../support/channel';
import type { ActionExecuteResponse, TeamsUser } from '../support/teams';
import { mention } from '../support/teams';
import { COMMAND_VERBS } from '../../src/teams/verbs';
import type { Card } from '../support/cards';
import type { ButtonQuery, Node } from '../support/cards';
import { cardText, describeQuery, factsOf, headlineOf, submitData, subtitleOf } from '../support/cards';
import type { Cast, Harness } from './harness';

export type Who = keyof Cast;
export const EVERYONE: readonly Who[] = ['ic', 'manager', 'vp', 'gm', 'sales', 'admin', 'stranger'];

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

/** What the person who clicked reads on top of the card that replaces the clicked one, when it worked (the catalog's words). */
export const DONE: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(COMMAND_VERBS).map(([verb, v]) => [verb, v.done]));

// ---------------------------------------------------------------- what is on someone's screen

/** A card a person sees in a conversation: clicking it sends an invoke with this replyToId. */
export interface Screen {
  who: Who;
  conversationId: string;
  activityId: string;
  card: Card;
}

function cardOfActivity(s: SentActivity): Card | undefined {
  const a = (s.activity.attachments ?? []).find((x) => x.contentType === ADAPTIVE);
  return a?.content as Card | undefined;
}

export class Workflow {
  constructor(readonly h: Harness) {}

  user(who: Who): TeamsUser {
    return this.h.people[who];
  }

  /** The person's 1:1 messages from the bot so far. */
  inbox(who: Who): SentActivity[] {
    return this.h.channel.personalMessages(this.user(who).aadObjectId);
  }

  /** The latest card in someone's 1:1 chat, as a screen they can click on. */
  lastCard(who: Who): Screen {
    const withCard = this.inbox(who).filter((s) => cardOfActivity(s));
    const last = withCard[withCard.length - 1];
    if (!last) throw new Error(`${who} has no card in their 1:1 chat.\n${this.h.channel.dump()}`);
    return { who, conversationId: last.conversationId, activityId: last.activityId, card: cardOfActivity(last)! };
  }

  /** Someone types in their 1:1 chat with the bot; returns what the bot answered there. */
  async say(who: Who, text: string, mentioned: Who[] = []): Promise<SentActivity[]> {
    const before = this.inbox(who).length;
    const people = mentioned.map((m) => this.user(m));
    const res = await this.h.teams.say(this.user(who), text, people.length ? { mentions: people } : undefined);
    expect(res.status).toBeLessThan(300);
    return this.inbox(who).slice(before);
  }

  /** `org manager @a @b`-style text with Teams' mention markup. */
  at(who: Who): string {
    return mention(this.user(who));
  }

  /**
   * Clicks a button on a card someone sees, as Teams does (action data + the card's inputs + what they typed),
   * and checks the clicked card was replaced in place: the invoke answers with an Adaptive Card, which becomes
   * what they see in that message.
   */
  async click(screen: Screen, query: ButtonQuery | string, typed: Record<string, string> = {}): Promise<Screen> {
    const q = typeof query === 'string' ? { verb: query } : query;
    const data = submitData(screen.card, q, typed);
    const res = await this.h.teams.execute(this.user(screen.who), screen.conversationId, { verb: q.verb, data }, { replyToId: screen.activityId });
    expectCardResponse(res, `${screen.who} clicking ${describeQuery(q)}`);
    const card = res.value as Card;
    // A command that worked says so on top of the new card; a refused one says why (and changes nothing).
    const done = DONE[q.verb];
    if (done !== undefined && headlineOf(card) !== done) {
      throw new Error(`${screen.who} clicking ${describeQuery(q)}: expected "${done}" on the new card, got:\n${cardText(card)}`);
    }
    return { ...screen, card };
  }

  /** Opens a form in place (the `show-card` buttons). */
  async open(screen: Screen, form: string): Promise<Screen> {
    return this.click(screen, { verb: 'show-card', form });
  }

  /**
   * Clicks a button that opens a card of its own (the history): the clicked card is left as it was (the answer is a
   * message, not a card) and the new card arrives in the person's 1:1 chat. Returns what they were told and that card.
   */
  async openAside(screen: Screen, form: string): Promise<{ told: string; opened: Screen }> {
    const before = this.inbox(screen.who).length;
    const q = { verb: 'show-card', form };
    const data = submitData(screen.card, q);
    const res = await this.h.teams.execute(this.user(screen.who), screen.conversationId, { verb: q.verb, data }, { replyToId: screen.activityId });
    expect({ type: res.type, status: res.statusCode }).toEqual({ type: 'application/vnd.microsoft.activity.message', status: 200 });
    const fresh = this.inbox(screen.who).slice(before).filter((s) => cardOfActivity(s));
    expect(fresh).toHaveLength(1);
    const s = fresh[0]!;
    return { told: String(res.value), opened: { who: screen.who, conversationId: s.conversationId, activityId: s.activityId, card: cardOfActivity(s)! } };
  }

  /** Teams asking for a person's own view of a card whose refresh.userIds names them. */
  async refresh(screen: Screen): Promise<Screen> {
    const action = (screen.card.refresh as { action?: Node } | undefined)?.action;
    if (!action) throw new Error('The card has no refresh action');
    const res = await this.h.teams.execute(this.user(screen.who), screen.conversationId, { verb: String(action.verb), data: action.data ?? {} }, { replyToId: screen.activityId, trigger: 'automatic' });
    expectCardResponse(res, `refresh for ${screen.who}`);
    return { ...screen, card: res.value as Card };
  }

  /** Counts of 1:1 messages per person, to tell later who got something new. */
  mark(): Record<Who, number> {
    return Object.fromEntries(EVERYONE.map((w) => [w, this.inbox(w).length])) as Record<Who, number>;
  }

  /** The 1:1 messages each person got since `mark`, after the outbox has settled. Only people who got something. */
  async pingsSince(mark: Record<Who, number>): Promise<Partial<Record<Who, SentActivity[]>>> {
    await this.h.deliver();
    const out: Partial<Record<Who, SentActivity[]>> = {};
    for (const w of EVERYONE) {
      const fresh = this.inbox(w).slice(mark[w]);
      if (fresh.length) out[w] = fresh;
    }
    return out;
  }

  /**
   * Runs `act`, delivers the pings it caused, and checks exactly the people in `expected` were pinged in their
   * 1:1 chat, each with one card per pattern, in order, whose headline (the message summary and the card's top
   * line) matches. Returns the screens of the last ping per person.
   */
  async expectPings<T>(act: () => Promise<T>, expected: Partial<Record<Who, RegExp | RegExp[]>>): Promise<{ result: T; pinged: Partial<Record<Who, Screen>> }> {
    // People take a minute between clicks; without it every step would share one instant of the manual clock
    // and Teams' per-conversation rate limits (7 a second) would hold back the later pings of a busy case.
    this.h.clock.advance(60_000);
    const mark = this.mark();
    const result = await act();
    const got = await this.pingsSince(mark);
    const summary = Object.entries(got)
      .map(([w, list]) => `${w}: ${list!.map((s) => JSON.stringify(s.activity.summary ?? headlineOf(cardOfActivity(s) ?? {}) ?? s.activity.text ?? '')).join(' | ')}`)
      .join('\n');
    expect({ pinged: Object.keys(got).sort(), summary }).toEqual({ pinged: Object.keys(expected).sort(), summary });
    const pinged: Partial<Record<Who, Screen>> = {};
    for (const [w, patterns] of Object.entries(expected) as [Who, RegExp | RegExp[]][]) {
      const list = Array.isArray(patterns) ? patterns : [patterns];
      const msgs = got[w]!;
      expect({ who: w, count: msgs.length, summary }).toEqual({ who: w, count: list.length, summary });
      msgs.forEach((m, i) => {
        const card = cardOfActivity(m);
        if (!card) throw new Error(`${w} got a message without a card: ${JSON.stringify(m.activity).slice(0, 300)}`);
        expect(headlineOf(card)).toMatch(list[i]!);
        expect(String(m.activity.summary ?? '')).toBe(headlineOf(card));
      });
      const last = msgs[msgs.length - 1]!;
      pinged[w] = { who: w, conversationId: last.conversationId, activityId: last.activityId, card: cardOfActivity(last)! };
    }
    return { result, pinged };
  }

  /** Every activity the bot put into a conversation that is not someone's 1:1 chat (channels, group chats). */
  sharedActivities(): SentActivity[] {
    const personal = new Set(EVERYONE.flatMap((w) => this.inbox(w).map((s) => s.conversationId)));
    for (const w of EVERYONE) {
      const c = this.h.channel.conversationFor(this.user(w).aadObjectId);
      if (c) personal.add(c);
    }
    return this.h.channel.sent.filter((s) => !personal.has(s.conversationId));
  }
}

export function expectCardResponse(res: ActionExecuteResponse & { httpStatus: number }, what: string): void {
  if (res.type !== ADAPTIVE || res.statusCode !== 200 || res.httpStatus !== 200) {
    throw new Error(`${what}: expected an Adaptive Card in place, got HTTP ${res.httpStatus} ${res.statusCode} ${res.type}: ${JSON.stringify(res.value).slice(0, 500)}`);
  }
}

/** Checks the step, phase text and who the case waits on, as the case card shows them. */
export function expectCase(card: Card, expected: { subtitle?: RegExp; step?: string; waitingOn?: string | null; outcome?: RegExp; strike?: number; occurrences?: number; headline?: RegExp }): void {
  const facts = factsOf(card);
  const got: Record<string, unknown> = {};
  const want: Record<string, unknown> = {};
  if (expected.subtitle) {
    got.subtitle = subtitleOf(card);
    want.subtitle = expect.stringMatching(expected.subtitle);
  }
  if (expected.step !== undefined) {
    got.step = facts.Step;
    want.step = expected.step;
  }
  if (expected.waitingOn !== undefined) {
    got.waitingOn = facts['Waiting on'];
    want.waitingOn = expected.waitingOn ?? undefined;
  }
  if (expected.outcome) {
    got.outcome = facts.Outcome;
    want.outcome = expect.stringMatching(expected.outcome);
  }
  if (expected.strike !== undefined) {
    // The strike is said once, in the subtitle ("Case 1 · IC reset · strike 2 · …"), never again as a fact.
    got.strike = { subtitle: /· strike (\d+) ·/.exec(subtitleOf(card) ?? '')?.[1], facts: Object.keys(facts).filter((t) => /strike|level/i.test(t)) };
    want.strike = { subtitle: String(expected.strike), facts: [] };
  }
  if (expected.occurrences !== undefined) {
    got.occurrences = facts.Occurrences;
    want.occurrences = String(expected.occurrences);
  }
  if (expected.headline) {
    got.headline = headlineOf(card);
    want.headline = expect.stringMatching(expected.headline);
  }
  expect(got).toEqual(want);
}

/** yyyy-mm-dd of a Date. */
export function day(d: Date, plusDays = 0): string {
  return new Date(d.getTime() + plusDays * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The admin sets up the directory and the partners with chat commands, after everyone has said hello once
 * (so the bot knows their Teams ids and can reach them). Checks each answer. Sam is each partner's sales
 * director unless `salesDirector: false` (then the VP or GM picks one from the role at the Sales meeting).
 */
export async function setUpOrg(w: Workflow, partners: readonly string[], options: { salesDirector?: boolean } = {}): Promise<void> {
  for (const who of EVERYONE) await w.say(who, 'hello');
  const answer = async (text: string, mentioned: Who[], expected: RegExp) => {
    const replies = await w.say('admin', text, mentioned);
    expect(replies.map((r) => r.activity.text ?? '').join('\n')).toMatch(expected);
  };
  await answer(`org manager ${w.at('ic')} ${w.at('manager')}`, ['ic', 'manager'], /Ivy Chen now reports to Manny Ortiz/);
  await answer(`org manager ${w.at('manager')} ${w.at('vp')}`, ['manager', 'vp'], /Manny Ortiz now reports to Vera Lind/);
  await answer(`org role ${w.at('vp')} vp`, ['vp'], /Vera Lind: now vp/);
  await answer(`org role ${w.at('gm')} gm`, ['gm'], /Gus Meyer: now gm/);
  await answer(`org role ${w.at('sales')} sales-director`, ['sales'], /Sam Diaz: now sales-director/);
  for (const p of partners) {
    await answer(`partner add ${p}`, [], new RegExp(`Added \\*\\*${p}\\*\\*`));
    if (options.salesDirector !== false) await answer(`partner sales ${p} ${w.at('sales')}`, ['sales'], new RegExp(`${p}'s sales directors: Sam Diaz`));
  }
}
