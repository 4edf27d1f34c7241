// The whole workflow as different people, over real HTTP on Azurite (issue 3, "Tests that must exist"):
// Contoso is flagged in the reporter's 1:1 chat, the IC reset is approved, a second occurrence goes to the
// manager, who takes ownership; the improvement actions are done and the case closes `owned-internally`.
import type { Harness } from './harness';
import { startHarness } from './harness';
import type { Screen } from './workflowKit';
import { Workflow, day, expectCase, setUpOrg } from './workflowKit';
import { buttonList, cardText, openUrlOf, walk, choicesOf, findButton, hasButton, headlineOf, inputsOf } from '../support/cards';

jest.setTimeout(60_000);

const EVIDENCE_1 = 'Contoso committed five engineers in the kickoff; one showed up (kickoff notes, 28 Oct).';
const EVIDENCE_2 = 'Three escalation emails to Contoso unanswered for a week.';

describe('Contoso, flagged in the 1:1 chat, owned internally', () => {
  let h: Harness;
  let w: Workflow;
  /** What the reporter sees after each of their clicks (the card replaced in place). */
  let icCard: Screen;
  let managerCard: Screen;

  beforeAll(async () => {
    h = await startHarness();
    w = new Workflow(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('the admin sets up the directory and the partner with chat commands', async () => {
    await setUpOrg(w, ['Contoso']);
    const shown = await w.say('admin', `org show ${w.at('ic')}`, ['ic']);
    expect(cardText(shown[0]!.activity.attachments![0]!.content as never)).toMatch(/Manager: Manny Ortiz/);
  });

  it('the reporter flags with evidence in the 1:1 chat; only the manager is pinged', async () => {
    const answer = await w.say('ic', 'flag Contoso expectations');
    expect(answer).toHaveLength(1);
    const form = w.lastCard('ic');
    expect(inputsOf(form.card).triggers).toBe('misaligned-expectations');
    const { result, pinged } = await w.expectPings(
      () =>
        w.click(form, 'flag', {
          ev1_kind: 'meeting-notes',
          ev1_summary: EVIDENCE_1,
          ev1_link: 'https://contoso.example/notes/kickoff',
          ev1_date: '2026-10-28',
          ev2_kind: 'email',
          ev2_summary: EVIDENCE_2,
        }),
      { manager: /^Ivy Chen flagged Contoso \(misaligned expectations\)\. Strike 1\. Evidence \(meeting notes\): “Contoso committed five engineers .+”, and 1 more\.$/ },
    );
    icCard = result;
    expectCase(icCard.card, { headline: /^Flag recorded\.$/, subtitle: /^Case 1 · IC reset · strike 1 · 1 occurrence$/, step: 'IC reset', waitingOn: 'Ivy Chen', strike: 1, occurrences: 1 });
    expect(hasButton(icCard.card, { verb: 'show-card', form: 'reset-attempt' })).toBe(true);
    // The manager's card is theirs: no reset attempt to log, but the history with the evidence.
    managerCard = pinged.manager!;
    expectCase(managerCard.card, { step: 'IC reset', waitingOn: 'Ivy Chen' });
    expect(hasButton(managerCard.card, { verb: 'show-card', form: 'reset-attempt' })).toBe(false);
    expect(hasButton(managerCard.card, { verb: 'show-card', form: 'history' })).toBe(true);
    // The ping says what the flag's evidence is (its first item, in the headline); the whole of it is one click away.
    expect(headlineOf(managerCard.card)).toContain(EVIDENCE_1.slice(0, 30));
    // What happened and the evidence come first on the card, before the facts, each link a button that opens it.
    const text = cardText(managerCard.card);
    expect(text.indexOf('What Ivy Chen flagged: misaligned expectations')).toBeLessThan(text.indexOf('Waiting for'));
    expect(text).toContain(EVIDENCE_2);
    expect(openUrlOf(managerCard.card, 'Open the link')).toBe('https://contoso.example/notes/kickoff');
    // Waiting for Ivy's reset is the quiet choice, said first; escalating is the last button, and not a red one.
    expect(text).toMatch(/Nothing is needed from you yet: the case waits for Ivy Chen \(a reset attempt to log\), then you approve or send back their attempt\. Only if it cannot wait:/);
    const styles: string[] = [];
    walk(managerCard.card, (n) => {
      if (/escalate now/i.test(String(n.title ?? ''))) styles.push(String(n.style ?? 'default'));
    });
    expect(styles).toEqual(['default', 'default']);
    // The history opens as a card of its own below the ping; the ping stays as it was, to act on.
    const { told, opened: history } = await w.openAside(managerCard, 'history');
    expect(told).toBe('The history of Contoso is in a card of its own, below.');
    expect(history.activityId).not.toBe(managerCard.activityId);
    expect(h.channel.currentActivity(managerCard.conversationId, managerCard.activityId)?.attachments?.[0]?.content).toEqual(managerCard.card);
    expect(cardText(history.card)).toContain(EVIDENCE_1);
    expect(cardText(history.card)).toContain(EVIDENCE_2);
    expect(openUrlOf(history.card, 'Open the link')).toBe('https://contoso.example/notes/kickoff');
  });

  it('the reporter logs the reset attempt; the manager is asked to approve it', async () => {
    const form = await w.open(icCard, 'reset-attempt');
    expect(inputsOf(form.card).agreedOn).toBe(day(h.clock.now()));
    const { result, pinged } = await w.expectPings(
      () => w.click(form, 'log-reset-attempt', { agreed: 'Weekly status call with Contoso; three engineers on the project by 16 Nov.' }),
      { manager: /^Ivy Chen logged a reset attempt on Contoso\. Contoso needs you: IC reset\.$/ },
    );
    icCard = result;
    expectCase(icCard.card, { headline: /^Reset attempt logged\.$/, step: 'IC reset', waitingOn: 'Manny Ortiz' });
    expect(hasButton(icCard.card, { verb: 'approve-reset' })).toBe(false);
    // The ping is the approval form itself: no second card to open first.
    managerCard = pinged.manager!;
    expect(buttonList(managerCard.card)).toEqual(expect.arrayContaining(['approve-reset "Approve"', 'send-back-reset "Send back"']));
    expect(hasButton(managerCard.card, { verb: 'show-card', form: 'reset-approval' })).toBe(false);
  });

  it('the manager approves from the card in their chat; the reporter hears the case now watches', async () => {
    const form = managerCard;
    expect(cardText(form.card)).toMatch(/three engineers on the project by 16 Nov/);
    const { result } = await w.expectPings(() => w.click(form, 'approve-reset'), { ic: /^Manny Ortiz approved the reset attempt; the case now watches for recurrence on Contoso\.$/ });
    managerCard = result;
    expectCase(managerCard.card, { headline: /^Reset attempt approved/, step: 'IC reset', waitingOn: null });
    expect(cardText(managerCard.card)).toMatch(/Watching for recurrence/);
  });

  it('a second occurrence goes to the manager with the card to reset and decide', async () => {
    h.clock.advance(3 * 86_400_000);
    await w.say('ic', 'flag Contoso communication');
    const form = w.lastCard('ic');
    expect(cardText(form.card)).toMatch(/has an open case \(IC reset, strike 1\)/);
    const { result, pinged } = await w.expectPings(
      () => w.click(form, 'flag', { ev1_kind: 'feedback', ev1_summary: 'Customer feedback: Contoso missed the second milestone too.', newOccurrence: 'true' }),
      // One ping for the change: the flag, on a card that asks the manager for their reset.
      { manager: /^Ivy Chen flagged Contoso \(poor communication\)\. Strike 2\. Evidence \([a-z ]+\): “.+”$/ },
    );
    icCard = result;
    expectCase(icCard.card, { step: 'Manager reset', waitingOn: 'Manny Ortiz', strike: 2, occurrences: 2 });
    // The ping is the manager's reset form itself.
    managerCard = pinged.manager!;
    expectCase(managerCard.card, { subtitle: /^Case 1 · Manager reset · strike 2 · 2 occurrences$/ });
    expect(hasButton(managerCard.card, 'log-reset-attempt')).toBe(true);
  });

  it('the manager logs their reset and takes ownership with improvement actions; each other owner is pinged', async () => {
    const logged = await w.expectPings(() => w.click(managerCard, 'log-reset-attempt', { agreed: 'Met Contoso leadership: staffing plan by Friday.' }), {});
    // The answer is the choice itself (continue or take ownership), not a card with a button to open it.
    const decide = logged.result;
    expect(buttonList(decide.card)).toEqual(expect.arrayContaining(['continue "Continue"']));
    expect(hasButton(decide.card, 'take-ownership')).toBe(true);
    expect(choicesOf(decide.card).act1_owner).toEqual(expect.arrayContaining([h.people.ic.aadObjectId, h.people.manager.aadObjectId]));
    const due = day(h.clock.now(), 10);
    const { result, pinged } = await w.expectPings(
      () =>
        w.click(decide, 'take-ownership', {
          act1_text: 'Write down the staffing expectations we gave Contoso',
          act1_owner: h.people.ic.aadObjectId,
          act1_due: due,
          act2_text: 'Fix our onboarding checklist for partner engineers',
          act2_owner: h.people.manager.aadObjectId,
          act2_due: due,
        }),
      { ic: /^You have an action on Contoso\.$/ },
    );
    managerCard = result;
    expectCase(managerCard.card, { headline: /^Ownership taken/, step: 'Internal improvement', strike: 2 });
    icCard = pinged.ic!;
    expect(cardText(icCard.card)).toMatch(/Write down the staffing expectations/);
  });

  it('each owner marks their action done; the case closes owned-internally and the people who took part hear, not the VP, GM or sales it never reached', async () => {
    const icAction = { verb: 'mark-action-done', near: /Write down the staffing expectations/ };
    const managerAction = { verb: 'mark-action-done', near: /Fix our onboarding checklist/ };
    // The reporter's card offers only their own action; the manager may mark either.
    expect(hasButton(icCard.card, icAction)).toBe(true);
    expect(hasButton(icCard.card, managerAction)).toBe(false);
    const first = await w.expectPings(() => w.click(icCard, icAction), {});
    expect(cardText(first.result.card)).toMatch(/✓ Write down the staffing expectations/);
    expect(findButton(first.result.card, 'mark-action-done')).toBeUndefined();

    const closed = /^Contoso case closed: owned internally \(improvement actions done\)\.$/;
    const { result } = await w.expectPings(() => w.click(managerCard, managerAction), { ic: closed, manager: closed });
    expectCase(result.card, { outcome: /^Owned internally/ });
    expect(cardText(result.card)).toMatch(/This case is closed/);
    expect(findButton(result.card, 'mark-action-done')).toBeUndefined();
    // The partners list says how it ended in words, not the engine's id.
    const list = cardText((await w.say('stranger', 'partners'))[0]!.activity.attachments![0]!.content as Record<string, unknown>);
    expect(list).toMatch(/Closed: Owned internally/);
    expect(list).not.toMatch(/owned-internally/);
  });
});
