// The README's Playground walk-through, step by step as written, over real HTTP with the demo data (src/demo.ts):
// what each window shows after each step. If a step here changes, the README's "Try it without a tenant" changes too.
import { seedDemo, DEMO_PEOPLE } from '../../src/demo';
import { silentLogger } from '../../src/log';
import { teamsUser } from '../support/teams';
import type { Cast, Harness } from './harness';
import { startHarness } from './harness';
import type { Screen } from './workflowKit';
import { Workflow, day, expectCase } from './workflowKit';
import { buttonList, cardText, hasButton, openUrlOf } from '../support/cards';

jest.setTimeout(90_000);

function demoCast(): Cast {
  const as = (i: number) => teamsUser(DEMO_PEOPLE[i]!.name, { aadObjectId: DEMO_PEOPLE[i]!.userId, name: DEMO_PEOPLE[i]!.name, email: DEMO_PEOPLE[i]!.email });
  return { ic: as(0), manager: as(1), vp: as(2), gm: as(3), sales: as(4), admin: as(5), stranger: teamsUser('Stan Ranger') };
}

describe('README: Try it without a tenant (the Playground walk-through)', () => {
  let h: Harness;
  let w: Workflow;
  let alex: Screen;
  let megan: Screen;
  let adele: Screen;

  beforeAll(async () => {
    h = await startHarness();
    h.people = demoCast();
    for (const person of Object.values(h.people)) h.channel.addMembers(person);
    await seedDemo(h.stores, silentLogger, h.clock.now());
    w = new Workflow(h);
  });
  afterAll(() => h?.stop());

  it('before step 1: the Megan, Adele, Isaiah and Patti windows are opened and each says hi', async () => {
    for (const who of ['ic', 'manager', 'vp', 'gm', 'sales'] as const) {
      const answer = await w.say(who, 'hi');
      expect(answer.length).toBeGreaterThan(0);
    }
  });

  it('1. Alex flags Contoso (expectations) with what happened: strike 1, IC reset; Megan’s window shows the flag', async () => {
    await w.say('ic', 'flag Contoso expectations');
    const { result, pinged } = await w.expectPings(() => w.click(w.lastCard('ic'), 'flag', { ev1_kind: 'email', ev1_summary: 'Contoso expects delivery in two weeks; we agreed six.' }), {
      manager: /^Alex Wilber flagged Contoso \(misaligned expectations\)\. Strike 1\./,
    });
    alex = result;
    expectCase(alex.card, { strike: 1, step: 'IC reset' });
    megan = pinged.manager!;
  });

  it('2. Alex presses Log reset attempt and says what was agreed; Megan’s ping is the approval: Approve, Send back, Escalate now', async () => {
    const form = await w.click(alex, { verb: 'show-card', form: 'reset-attempt', title: 'Log reset attempt' });
    const { pinged } = await w.expectPings(() => w.click(form, { verb: 'log-reset-attempt', title: 'Log attempt' }, { agreed: 'Weekly call; six weeks confirmed in writing.' }), {
      manager: /^Alex Wilber logged a reset attempt on Contoso\./,
    });
    megan = pinged.manager!;
    expect(buttonList(megan.card)).toEqual(['approve-reset "Approve"', 'send-back-reset "Send back"', 'escalate-now "Yes, escalate now"']);
    const approved = await w.expectPings(() => w.click(megan, { verb: 'approve-reset', title: 'Approve' }), { ic: /approved the reset attempt; the case now watches for recurrence/ });
    expect(cardText(approved.result.card)).toMatch(/Watching for recurrence/);
  });

  it('3. Alex flags Contoso again (communication): strike 2; Megan logs her reset, then Continue tells Adele', async () => {
    h.clock.advance(2 * 86_400_000);
    await w.say('ic', 'flag Contoso communication');
    const { pinged } = await w.expectPings(() => w.click(w.lastCard('ic'), 'flag', { ev1_kind: 'email', ev1_summary: 'No answer to three emails.' }), {
      manager: /^Alex Wilber flagged Contoso \(poor communication\)\. Strike 2\./,
    });
    megan = pinged.manager!;
    const logged = await w.expectPings(() => w.click(megan, { verb: 'log-reset-attempt', title: 'Log attempt' }, { agreed: 'Met their lead: named contact, 48-hour replies.' }), {});
    expect(hasButton(logged.result.card, 'continue')).toBe(true);
    expect(hasButton(logged.result.card, 'take-ownership')).toBe(true);
    await w.expectPings(() => w.click(logged.result, { verb: 'continue', title: 'Continue' }), { vp: /^Megan Bowen chose to continue with Contoso after a manager reset/ });
  });

  it('4. a third flag brings Adele in: Megan presses Draft revenue at risk, Adele confirms it, records the GM and Sales meetings, confirms the email and proposes; Isaiah approves', async () => {
    h.clock.advance(2 * 86_400_000);
    await w.say('ic', 'flag Contoso resources');
    const flagged = await w.expectPings(() => w.click(w.lastCard('ic'), 'flag', { ev1_kind: 'other', ev1_summary: 'They staffed one engineer of the five agreed.' }), {
      manager: /^Alex Wilber flagged Contoso \(resource mismatch\)\. Strike 3\./,
      vp: /^Contoso reached VP review, your step: it waits on Megan Bowen first\.$/,
    });
    megan = flagged.pinged.manager!;
    adele = flagged.pinged.vp!;
    // The VP review waits on Megan first: she presses "Draft revenue at risk".
    expect(hasButton(megan.card, { verb: 'show-card', form: 'risk', title: 'Draft revenue at risk' })).toBe(true);
    const draft = await w.click(megan, { verb: 'show-card', form: 'risk', title: 'Draft revenue at risk' });
    const drafted = await w.expectPings(() => w.click(draft, { verb: 'draft-risk', title: 'Save draft' }, { amount: '250000', currency: 'USD', skus: 'Azure Migrate' }), { vp: /drafted the revenue and SKUs at risk on Contoso/ });
    adele = drafted.pinged.vp!;
    const risk = await w.click(adele, { verb: 'show-card', form: 'risk', title: 'Confirm revenue at risk' });
    adele = (await w.expectPings(() => w.click(risk, { verb: 'confirm-risk', title: 'Confirm' }, { amount: '250000', currency: 'USD', skus: 'Azure Migrate' }), {})).result;
    const gm = await w.click(adele, { verb: 'show-card', form: 'gm-meeting', title: 'Record the GM meeting' });
    adele = (await w.expectPings(() => w.click(gm, 'record-gm-meeting', { on: day(h.clock.now()) }), { gm: /A meeting with you about Contoso was recorded/ })).result;
    const sales = await w.click(adele, { verb: 'show-card', form: 'sales-meeting', title: 'Record the Sales meeting' });
    adele = (await w.expectPings(() => w.click(sales, 'record-sales-meeting', { on: day(h.clock.now()) }), { sales: /^Escalation to Sales: Contoso/ })).result;
    const email = await w.click(adele, { verb: 'show-card', form: 'stakeholder-email', title: 'Stakeholder email' });
    expect(openUrlOf(email.card, 'Open the email')).toMatch(/\/email\//);
    adele = (await w.expectPings(() => w.click(email, { verb: 'confirm-email-sent', title: 'I sent it' }), {})).result;
    const decision = await w.click(adele, { verb: 'show-card', form: 'decision', title: 'Propose a decision' });
    const proposed = await w.expectPings(
      () => w.click(decision, 'propose-decision', { fixable: 'not-fixable', rationale: 'Contoso cannot staff the project.' }),
      { gm: /^Adele Vance proposed a decision on Contoso\. Contoso needs you: decision\.$/ },
    );
    const isaiah = proposed.pinged.gm!;
    expect(hasButton(isaiah.card, 'approve-decision')).toBe(true);
    const decided = /^Decision on Contoso: not fixable, we disengage\.$/;
    await w.expectPings(() => w.click(isaiah, { verb: 'approve-decision', title: 'Approve' }), { ic: decided, manager: decided, vp: decided, gm: decided, sales: decided });
  });
});
