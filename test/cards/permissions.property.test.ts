// The cards and the engine agree on who may do what, for random cases and people:
//   (a) every button a card shows someone is a command the engine accepts from them at that moment;
//   (b) every command the engine accepts from someone is reachable from a card they are shown (the case card,
//       or a form one of its buttons opens).
// Each run starts at a step of the workflow and clicks the buttons the cards offer (with sensible input), mostly
// as the person the case waits on, sometimes as anyone; new flags come in between.
import fc from 'fast-check';
import type { CaseEvent, CaseState, Command, DecideContext } from '../../src/domain';
import { DEFAULT_SETTINGS, allowedCommands, currentActions, decide, liveFlagsOnCurrentStrike } from '../../src/domain';
import type { CaseCommandType } from '../../src/domain/permissions';
import { caseCard } from '../../src/teams/cards/case';
import { formCard } from '../../src/teams/cards/caseForms';
import type { CaseView } from '../../src/teams/cards/caseView';
import { isFormName } from '../../src/teams/cards/forms';
import type { AdaptiveCard } from '../../src/teams/cards/render';
import type { CommandVerbName } from '../../src/teams/verbs';
import { COMMAND_VERBS, isCommandVerb, parseSubmit } from '../../src/teams/verbs';
import type { Card, Node } from '../support/cards';
import { choicesOf, executeActions, inputsOf } from '../support/cards';
import { ADMINS, EVIDENCE, IDS, ORG, PARTNER, PEOPLE, at, stories } from './support/fixtures';

const STARTS = (Object.keys(stories) as (keyof typeof stories)[]).filter((k) => k !== 'closed');
import { viewOf } from './support/views';

const EVERYONE: string[] = Object.values(IDS);
const NOT_FORMS = new Set(['history', 'help', 'triggers', 'case', 'flag']);

class Walk {
  state: CaseState | undefined;
  events: CaseEvent[] = [];
  day = 0;

  ctx(actor: string): DecideContext {
    return { now: at(this.day), actor, directory: ORG, admins: ADMINS, settings: DEFAULT_SETTINGS, partner: { partnerId: PARTNER.partnerId, salesDirectors: [IDS.sam] } };
  }

  try(actor: string, command: unknown) {
    const result = decide(this.state, command, this.ctx(actor));
    if (result.ok) {
      this.state = result.state;
      this.events.push(...result.events);
    }
    return result;
  }

  view(viewer: string): CaseView {
    const state = this.state!;
    const email = state.status === 'open' && (state.phase === 'email' || ['decision', 'review-period', 'disengaging'].includes(state.step));
    return viewOf(state, {
      viewer,
      people: PEOPLE,
      partnerName: PARTNER.name,
      events: this.events,
      admins: ADMINS,
      directory: ORG,
      now: at(this.day, 2),
      ...(email ? { email: { subject: 'Partner escalation', emlUrl: 'https://bot.example/e.eml', recipients: [IDS.vera] } } : {}),
    });
  }
}

/** The cards a person is shown on the case: the case card and each form its buttons open. */
function shownTo(walk: Walk, viewer: string): AdaptiveCard[] {
  const view = walk.view(viewer);
  const top = caseCard(view);
  const forms = executeActions(top)
    .filter((a) => a.verb === 'show-card' && isFormName(String(a.data?.form)) && !NOT_FORMS.has(String(a.data?.form)))
    .map((a) => formCard(String(a.data!.form) as never, { ...view, ...(a.data?.flagId ? { flagId: String(a.data.flagId) } : {}) }));
  return [top, ...forms];
}

/** The buttons that change the case (command verbs), each with the card it is on; the refresh action excluded. */
function commandButtons(cards: AdaptiveCard[]): { card: AdaptiveCard; action: Node }[] {
  return cards.flatMap((card) => {
    const refresh = (card.refresh as { action?: unknown } | undefined)?.action;
    return executeActions(card)
      .filter((a) => a !== refresh && isCommandVerb(String(a.verb)) && a.verb !== 'flag')
      .map((action) => ({ card, action }));
  });
}

/** What a person would type into the card before pressing the button: text where text is needed, valid picks. */
function fill(card: Card, state: CaseState, fixable: boolean): Record<string, string> {
  const inputs = inputsOf(card);
  const choices = choicesOf(card);
  const typed: Record<string, string> = {};
  const set = (key: string, value: string) => {
    if (key in inputs && inputs[key] === '') typed[key] = value;
  };
  for (const key of ['agreed', 'comment', 'rationale', 'ev1_summary', 'act1_text', 'reason']) set(key, 'Agreed with the partner in writing');
  set('amount', '250000');
  set('currency', 'USD');
  if (choices.act1_owner?.length) set('act1_owner', choices.act1_owner[0]!);
  if ('fixable' in inputs) typed.fixable = fixable ? 'fixable' : 'not-fixable';
  if (choices.to?.length) {
    const holders = Object.values(state.people).flat();
    typed.to = choices.to.find((id) => !holders.includes(id)) ?? choices.to[0]!;
  }
  return typed;
}

/** Valid commands of each type for a person, over every flag and action they could name. */
function candidates(state: CaseState): Command[] {
  const flags = state.flags.filter((f) => !f.withdrawn).map((f) => f.flagId);
  const actions = currentActions(state).map((a) => a.actionId);
  const stage = state.stage;
  const due = '2030-01-01';
  return [
    { type: 'escalate-now', stage },
    { type: 'add-evidence', evidence: [EVIDENCE[0]!] },
    ...flags.map((flagId): Command => ({ type: 'withdraw-flag', flagId })),
    ...flags.map((flagId): Command => ({ type: 'correct-flag', flagId, triggers: ['poor-communication'], evidence: [EVIDENCE[1]!] })),
    { type: 'log-reset-attempt', agreed: 'x', agreedOn: at(0).slice(0, 10), stage },
    { type: 'approve-reset', stage },
    { type: 'send-back-reset', comment: 'x', stage },
    { type: 'continue', stage },
    { type: 'take-ownership', actions: [{ text: 'x', ownerId: IDS.ian, dueOn: due }], stage },
    ...actions.map((actionId): Command => ({ type: 'mark-action-done', actionId })),
    { type: 'draft-risk', amount: 1, currency: 'USD', skus: [], stage },
    { type: 'confirm-risk', amount: 1, currency: 'USD', skus: [], stage },
    { type: 'record-gm-meeting', on: at(0).slice(0, 10), stage },
    { type: 'record-sales-meeting', on: at(0).slice(0, 10), stage },
    { type: 'confirm-email-sent', stage },
    { type: 'propose-decision', fixable: false, rationale: 'x', stage },
    { type: 'approve-decision', stage },
    { type: 'send-back-decision', comment: 'x', stage },
    { type: 'answer-review', working: false, stage },
    { type: 'record-partner-meeting', on: at(0).slice(0, 10), stage },
    { type: 'reassign-owner', to: IDS.sara, stage },
    { type: 'close-case', reason: 'A mistaken flag', stage },
  ];
}

/** Whether a person's cards carry a button for this command (on this flag or action, for those that name one). */
function offers(cards: AdaptiveCard[], command: Command): boolean {
  return commandButtons(cards).some(({ action }) => {
    if (action.verb !== command.type) return false;
    if ('flagId' in command) return action.data?.flagId === command.flagId;
    if ('actionId' in command) return action.data?.actionId === command.actionId;
    return true;
  });
}

const step = fc.record({ who: fc.nat(), pick: fc.nat(), flag: fc.integer({ min: 0, max: 5 }), fixable: fc.boolean(), days: fc.integer({ min: 0, max: 3 }) });

describe('cards and the engine agree on who may act', () => {
  it('every button shown is accepted, and every accepted command has a button, for random cases and people', () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 3, maxLength: 8 }), fc.constantFrom(...STARTS), (steps, start) => {
        // From any step of the workflow (a story driven there through the engine), then random clicks.
        const story = stories[start]();
        const walk = new Walk();
        walk.state = story.current;
        walk.events.push(...story.events);
        walk.day = story.day;
        for (const s of steps) {
          walk.day += s.days;
          const state = walk.state!;
          if (state.status === 'closed') break;
          if (s.flag === 0) {
            walk.try(EVERYONE[s.who % EVERYONE.length]!, { type: 'flag', triggers: ['poor-communication'], evidence: [EVIDENCE[1]!], newOccurrence: true });
            continue;
          }
          // (b) at this state, for everyone: what the engine accepts is on a card they are shown.
          const shown = new Map(EVERYONE.map((p) => [p, shownTo(walk, p)]));
          for (const person of EVERYONE) {
            const engine = allowedCommands(state, person, { directory: ORG, admins: ADMINS });
            for (const command of candidates(state)) {
              if (!engine.has(command.type as CaseCommandType)) continue;
              if (!decide(state, command, walk.ctx(person)).ok) continue;
              expect({ person, command: command.type, target: 'flagId' in command ? command.flagId : 'actionId' in command ? command.actionId : '', offered: offers(shown.get(person)!, command) }).toMatchObject({ offered: true });
              checked += 1;
            }
          }
          // (a) someone with buttons clicks one: the engine accepts it.
          const people = EVERYONE.filter((p) => commandButtons(shown.get(p)!).length > 0);
          if (people.length === 0) continue;
          // Mostly the person the case waits on, doing the step's work; sometimes anyone, anything.
          const waited = state.waitingOn && people.includes(state.waitingOn) && s.who % 4 !== 0 ? state.waitingOn : undefined;
          const person = waited ?? people[s.who % people.length]!;
          const all = commandButtons(shown.get(person)!);
          const work = all.filter(({ action }) => COMMAND_VERBS[String(action.verb) as CommandVerbName].kind === 'step');
          const buttons = waited && work.length ? work : all;
          const { card, action } = buttons[s.pick % buttons.length]!;
          const data = { ...(action.data ?? {}), ...inputsOf(card), ...fill(card, state, s.fixable) };
          const submit = parseSubmit(String(action.verb), data);
          if ('error' in submit) throw new Error(`${person} pressed "${String(action.title)}" (${String(action.verb)}): the card's own input was refused: ${submit.error}`);
          const result = walk.try(person, submit.command);
          expect({ person, verb: action.verb, title: action.title, accepted: result.ok, why: result.ok ? '' : result.rejection.message }).toMatchObject({ accepted: true });
        }
        // The flags of the current strike that a reporter may withdraw are each on their card.
        if (walk.state?.status === 'open') {
          for (const f of liveFlagsOnCurrentStrike(walk.state)) expect(offers(shownTo(walk, f.reporterId), { type: 'withdraw-flag', flagId: f.flagId })).toBe(true);
        }
      }),
      { numRuns: 40, seed: 20261202 },
    );
    expect(checked).toBeGreaterThan(200);
  });
});
