// The whole workflow as different people, over real HTTP on Azurite (issue 3, "Tests that must exist"):
// Northwind is flagged, the manager escalates twice with "Escalate now", the VP confirms the risk, the GM
// records the Sales meeting (Northwind has no sales director on record, so one is picked), the GM sends the
// first "not fixable" back, approves the second, and the partner meeting closes the case `disengaged`.
import type { Harness } from './harness';
import { startHarness } from './harness';
import type { Screen } from './workflowKit';
import { Workflow, day, expectCase, setUpOrg } from './workflowKit';
import { cardText, choicesOf, factsOf, hasButton, openUrlOf } from '../support/cards';

jest.setTimeout(60_000);

const EVIDENCE = 'Northwind staffed the migration with two juniors after selling us a senior team.';

describe('Northwind: escalated, not fixable, disengaged', () => {
  let h: Harness;
  let w: Workflow;
  let managerCard: Screen;
  let vpCard: Screen;
  let gmCard: Screen;

  beforeAll(async () => {
    h = await startHarness();
    w = new Workflow(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('the admin sets up the directory and the partner, without a sales director', async () => {
    await setUpOrg(w, ['Northwind'], { salesDirector: false });
  });

  it('the reporter flags Northwind; the manager is pinged', async () => {
    await w.say('ic', 'flag Northwind resources');
    const { pinged } = await w.expectPings(() => w.click(w.lastCard('ic'), 'flag', { ev1_kind: 'feedback', ev1_summary: EVIDENCE }), {
      manager: /^Ivy Chen flagged Northwind \(resource mismatch\)\. Strike 1\. Evidence \([a-z ]+\): “.+”$/,
    });
    managerCard = pinged.manager!;
  });

  it('the manager escalates now from the flag ping, skipping the IC reset; the reporter is told', async () => {
    expect(hasButton(managerCard.card, { verb: 'escalate-now', title: 'Yes, escalate now' })).toBe(true);
    const { result } = await w.expectPings(() => w.click(managerCard, { verb: 'escalate-now', title: 'Yes, escalate now' }), {
      ic: /^Manny Ortiz escalated the case on Northwind\. Now waiting on Manny Ortiz\.$/,
    });
    managerCard = result;
    // The manager reset is his now: the answer is its form.
    expectCase(managerCard.card, { headline: /^Escalated\.$/, subtitle: /^Case 1 · Manager reset · strike 2 · 1 occurrence$/ });
    expect(hasButton(managerCard.card, 'log-reset-attempt')).toBe(true);
  });

  it('the manager escalates again: VP review, and the VP hears it is their case', async () => {
    const { result, pinged } = await w.expectPings(() => w.click(managerCard, { verb: 'escalate-now', title: 'Yes, escalate now' }), {
      vp: /^Northwind reached VP review, your step: it waits on Manny Ortiz first\.$/,
      // The reporter hears their case went to the VP (and later the decision).
      ic: /^The case you flagged on Northwind went to the VP: Vera Lind reviews it now \(strike 3\)\. You will hear the decision\.$/,
    });
    expectCase(result.card, { step: 'VP review', waitingOn: 'Manny Ortiz', strike: 3, occurrences: 1 });
    vpCard = pinged.vp!;
  });

  it('the VP confirms the risk without waiting for a draft; the manager is told it moved on', async () => {
    const form = await w.open(vpCard, 'risk');
    const { result } = await w.expectPings(() => w.click(form, 'confirm-risk', { amount: '480,000', currency: 'eur', skus: 'Azure Migrate; Windows Server' }), {
      manager: /^Vera Lind confirmed the revenue and SKUs at risk on Northwind\. Now waiting on Vera Lind\.$/,
    });
    vpCard = result;
    expect(factsOf(vpCard.card)['Revenue at risk']).toBe('480,000 EUR (2 SKUs)');
  });

  it('the VP records the GM meeting; the GM is pinged and may record the Sales meeting', async () => {
    const form = await w.open(vpCard, 'gm-meeting');
    const { result, pinged } = await w.expectPings(() => w.click(form, 'record-gm-meeting', { on: day(h.clock.now()) }), {
      gm: /^A meeting with you about Northwind was recorded/,
    });
    vpCard = result;
    gmCard = pinged.gm!;
    expect(hasButton(gmCard.card, { verb: 'show-card', form: 'sales-meeting' })).toBe(true);
  });

  it('the GM records the Sales meeting, picking the sales director; Sales gets the summary, the VP the email step', async () => {
    const form = await w.open(gmCard, 'sales-meeting');
    expect(choicesOf(form.card).salesDirectorIds).toEqual([h.people.sales.aadObjectId]);
    const { pinged } = await w.expectPings(() => w.click(form, 'record-sales-meeting', { on: day(h.clock.now()), salesDirectorIds: h.people.sales.aadObjectId }), {
      sales: /^Escalation to Sales: Northwind\./,
      vp: /^Gus Meyer recorded the meeting with Sales on Northwind\. Northwind needs you: GM and Sales\.$/,
    });
    expect(cardText(pinged.sales!.card)).toMatch(/Revenue at risk: 480,000 EUR/);
    vpCard = pinged.vp!;
    expect(hasButton(vpCard.card, { verb: 'show-card', form: 'stakeholder-email' })).toBe(true);
  });

  it('the VP confirms the stakeholder email, then proposes "not fixable"; the GM is asked', async () => {
    const email = await w.open(vpCard, 'stakeholder-email');
    expect(factsOf(email.card).To).toBe('Ivy Chen, Manny Ortiz, Vera Lind, Gus Meyer, Sam Diaz');
    const confirmed = await w.expectPings(() => w.click(email, 'confirm-email-sent'), {});
    const form = await w.open(confirmed.result, 'decision');
    const { result, pinged } = await w.expectPings(() => w.click(form, 'propose-decision', { fixable: 'not-fixable', rationale: 'Northwind will not staff seniors.' }), {
      gm: /^Vera Lind proposed a decision on Northwind\. Northwind needs you: decision\.$/,
    });
    vpCard = result;
    expectCase(vpCard.card, { step: 'Decision', waitingOn: 'Gus Meyer' });
    gmCard = pinged.gm!;
  });

  it('the GM sends the decision back with a comment; the VP sees it and proposes again', async () => {
    const form = gmCard;
    expect(cardText(form.card)).toMatch(/Not fixable/);
    const sentBack = await w.expectPings(() => w.click(form, 'send-back-decision', { comment: 'Add what the customer loses and when we tell them.' }), {
      vp: /^Gus Meyer sent the decision back with a comment on Northwind\. Northwind needs you: decision\.$/,
    });
    expectCase(sentBack.result.card, { headline: /^Decision sent back/, waitingOn: 'Vera Lind' });
    const again = await w.open(sentBack.pinged.vp!, 'decision');
    expect(cardText(again.card)).toMatch(/Sent back by the GM: Add what the customer loses and when we tell them\./);
    const { pinged } = await w.expectPings(
      () => w.click(again, 'propose-decision', { fixable: 'not-fixable', rationale: 'Northwind will not staff seniors. The customer moves to Contoso by March; we tell them next week.' }),
      { gm: /^Vera Lind proposed a decision on Northwind\. Northwind needs you: decision\.$/ },
    );
    gmCard = pinged.gm!;
  });

  it('the GM approves: the decision goes to every stakeholder; the VP’s ping carries the partner meeting to record and the decision email', async () => {
    const form = gmCard;
    const decision = /^Decision on Northwind: not fixable, we disengage\.$/;
    const { result, pinged } = await w.expectPings(() => w.click(form, 'approve-decision'), {
      ic: decision,
      manager: decision,
      vp: decision,
      gm: decision,
      sales: decision,
    });
    expectCase(result.card, { step: 'Disengaging', waitingOn: 'Vera Lind' });
    // The VP's ping hands her the next step: the case card with the partner meeting to record (issue 12), and the
    // decision email (the second email) one click away.
    vpCard = pinged.vp!;
    expectCase(vpCard.card, { step: 'Disengaging', waitingOn: 'Vera Lind' });
    expect(hasButton(vpCard.card, { verb: 'show-card', form: 'partner-meeting' })).toBe(true);
    const decisionEmail = (await w.open(vpCard, 'stakeholder-email')).card;
    expect(factsOf(decisionEmail).Subject).toBe('Partner fit decision: Northwind — not fixable, disengaging');
    const res = await fetch(`${h.bot.url}${new URL(openUrlOf(decisionEmail, 'Open the email')!).pathname}`);
    expect(res.status).toBe(200);
    const [, body] = (await res.text()).split('\r\n\r\n');
    const text = Buffer.from(body!.replace(/\r\n/g, ''), 'base64').toString('utf8');
    expect(text).toMatch(/Not fixable, approved by Gus Meyer\./);
    expect(text).toMatch(/Why: Northwind will not staff seniors\. The customer moves to Contoso by March/);
    // Not fixable: the partner meeting comes next; no actions, no review date (those are the fixable decision's).
    expect(text).toMatch(/We disengage from Northwind\. Vera Lind meets the partner/);
    expect(text).not.toMatch(/review/i);
    expect(cardText(decisionEmail)).toMatch(/the decision not to continue, why, and the meeting with the partner to come/);
    expect(cardText(decisionEmail)).not.toMatch(/review date|actions and owners/);
  });

  it('the VP records the meeting with the partner: closed disengaged, and everyone on the case hears', async () => {
    const form = await w.open(vpCard, 'partner-meeting');
    expect(cardText(form.card)).toMatch(/The GM approved disengaging: Northwind will not staff seniors\./);
    const closed = /^Northwind case closed: disengaged \(meeting with the partner recorded\)\.$/;
    const { result } = await w.expectPings(() => w.click(form, 'record-partner-meeting', { on: day(h.clock.now()), link: 'https://teams.example/meet/northwind-exit' }), {
      ic: closed,
      manager: closed,
      vp: closed,
      gm: closed,
      sales: closed,
    });
    expectCase(result.card, { outcome: /^Disengaged/ });
  });

  it('anyone may ask: the partners list and the status show the outcome, without the evidence', async () => {
    const list = await w.say('stranger', 'partners');
    expect(cardText(list[0]!.activity.attachments![0]!.content as Record<string, unknown>)).toMatch(/Closed: Disengaged/);
    const status = await w.say('stranger', 'status Northwind');
    const card = status[0]!.activity.attachments![0]!.content as Record<string, unknown>;
    expectCase(card, { outcome: /^Disengaged/, strike: 3 });
    expect(JSON.stringify(card)).not.toContain(EVIDENCE.slice(0, 30));
    expect(hasButton(card, { verb: 'show-card', form: 'history' })).toBe(false);
  });
});
