// The whole workflow as different people, over real HTTP on Azurite (issue 3, "Tests that must exist"):
// Fabrikam is flagged in a team channel (the form is the reporter's own view, the channel sees no evidence),
// the manager continues after a second occurrence (the VP is told), a third occurrence goes to VP review,
// then risk, the GM meeting, the Sales meeting, the stakeholder email, a fixable decision the GM approves,
// the review period and its end: closed `fixed`.
import type { Harness } from './harness';
import { startHarness } from './harness';
import type { Screen } from './workflowKit';
import { PHASE_TEXT, STEP_NAMES } from '../../src/teams/cards/labels';
import { Workflow, day, expectCase, setUpOrg } from './workflowKit';
import { cardText, choicesOf, factsOf, findButton, hasButton, inputsOf, openUrlOf, refreshUsersOf, subtitleOf } from '../support/cards';

jest.setTimeout(60_000);

const TEAM_ID = '19:partner-team@thread.tacv2';
const CHANNEL_ID = '19:partner-syncs@thread.tacv2';
const EVIDENCE = [
  'Fabrikam told the customer our roadmap slips a quarter; we never said so (call notes 30 Oct).',
  'Fabrikam asked for 40% margin on the renewal, twice what we agreed.',
  'Fabrikam skipped the joint QBR without notice.',
  'Fabrikam replaced our SKU with a competitor in the Northwind bid.',
];

describe('Fabrikam, flagged in a channel: continue, VP review, fixable, fixed', () => {
  let h: Harness;
  let w: Workflow;
  /** The channel thread where Fabrikam was flagged, and the bot's card in it. */
  let thread: string;
  let channelCardId: string;
  let icCard: Screen;
  let managerCard: Screen;
  let vpCard: Screen;
  let gmCard: Screen;
  let salesCard: Screen;
  let emailCard: Screen;
  let emlPath: string;

  const channelCard = () => h.channel.currentActivity(thread, channelCardId);

  beforeAll(async () => {
    h = await startHarness();
    w = new Workflow(h);
  });
  afterEach(async () => {
    if (!h) return;
    // Whatever happened, nothing the bot put in a channel carried evidence.
    const shared = JSON.stringify(w.sharedActivities().map((s) => s.activity));
    for (const e of EVIDENCE) expect(shared).not.toContain(e.slice(0, 30));
    // The channel keeps one message for the case, updated in place to where the case stands.
    const stored = await h.bot.service.current('fabrikam');
    if (!stored || !channelCardId) return;
    expect(h.channel.messagesTo(thread)).toHaveLength(1);
    const card = channelCard()!.attachments![0]!.content as Record<string, unknown>;
    const { state } = stored;
    expect(subtitleOf(card)).toBe(`Case 1 · ${state.status === 'closed' ? 'closed' : STEP_NAMES[state.step]} · strike ${state.level} · ${state.occurrences} occurrence${state.occurrences === 1 ? '' : 's'}`);
    if (state.status === 'open') expect(factsOf(card)['Waiting for']).toBe(PHASE_TEXT[state.phase]);
    expect(findButton(card, 'show-card')).toBeUndefined();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('the admin sets up the directory and the partner with chat commands', async () => {
    await setUpOrg(w, ['Fabrikam']);
  });

  it('the reporter flags in the team channel: the form is theirs alone, the channel gets a card without evidence', async () => {
    const post = h.teams.channelMessage(h.people.ic, { teamId: TEAM_ID, channelId: CHANNEL_ID, teamName: 'Partners', text: 'flag Fabrikam expectations' });
    thread = `${CHANNEL_ID};messageid=${post.id}`;
    const mark = w.mark();
    expect((await h.teams.send(post)).status).toBe(200);
    const placed = h.channel.messagesTo(thread);
    expect(placed).toHaveLength(1);
    channelCardId = placed[0]!.activityId;
    const placeholder = placed[0]!.activity.attachments![0]!.content as Record<string, unknown>;
    expect(cardText(placeholder)).toMatch(/Ivy Chen is flagging Fabrikam/);
    expect(refreshUsersOf(placeholder)).toEqual([h.people.ic.id]);
    expect(inputsOf(placeholder)).toEqual({});

    // Teams refreshes the card for the one user it names: the reporter sees the form in the channel.
    const form = await w.refresh({ who: 'ic', conversationId: thread, activityId: channelCardId, card: placeholder });
    expect(cardText(form.card)).toMatch(/Only you see this form/);
    expect(refreshUsersOf(form.card)).toEqual([h.people.ic.id]);
    expect(inputsOf(form.card).triggers).toBe('misaligned-expectations');
    expect(await w.pingsSince(mark)).toEqual({});

    const { result } = await w.expectPings(
      () => w.click(form, 'flag', { ev1_kind: 'meeting-notes', ev1_summary: EVIDENCE[0]!, ev1_date: '2026-10-30' }),
      { manager: /^Ivy Chen flagged Fabrikam \(misaligned expectations\)\. Strike 1\. Evidence \([a-z ]+\): “.+”$/ },
    );
    icCard = result;
    expectCase(icCard.card, { headline: /^Flag recorded\.$/, step: 'IC reset', waitingOn: 'Ivy Chen', strike: 1 });
    // The channel's message became the case card, for everyone: no buttons in the shared view, and the
    // people on the case get their own view by refresh.
    const shared = channelCard()!.attachments![0]!.content as Record<string, unknown>;
    expectCase(shared, { step: 'IC reset', waitingOn: 'Ivy Chen', strike: 1 });
    expect(findButton(shared, 'show-card')).toBeUndefined();
    expect(refreshUsersOf(shared)).toEqual(expect.arrayContaining([h.people.ic.id, h.people.manager.id]));
    expect(refreshUsersOf(shared)).not.toContain(h.people.stranger.id);
    expect(h.channel.messagesTo(thread)).toHaveLength(1);
    // The manager, named in refresh.userIds, sees their own buttons on the channel card.
    const managerView = await w.refresh({ who: 'manager', conversationId: thread, activityId: channelCardId, card: shared });
    expect(hasButton(managerView.card, { verb: 'escalate-now', title: 'Yes, escalate now' })).toBe(true);
    expect(hasButton(managerView.card, { verb: 'show-card', form: 'reset-attempt' })).toBe(false);
  });

  it('the reporter logs the reset attempt from their view of the channel card; the manager approves in 1:1', async () => {
    const shared = { who: 'ic' as const, conversationId: thread, activityId: channelCardId, card: channelCard()!.attachments![0]!.content as Record<string, unknown> };
    const mine = await w.refresh(shared);
    const form = await w.open(mine, 'reset-attempt');
    const { pinged } = await w.expectPings(() => w.click(form, 'log-reset-attempt', { agreed: 'Fabrikam will align messaging with our roadmap deck.' }), {
      manager: /^Ivy Chen logged a reset attempt on Fabrikam\. Fabrikam needs you: IC reset\.$/,
    });
    expectCase(channelCard()!.attachments![0]!.content as Record<string, unknown>, { waitingOn: 'Manny Ortiz' });

    const approval = pinged.manager!;
    expect(hasButton(approval.card, 'approve-reset')).toBe(true);
    const approved = await w.expectPings(() => w.click(approval, 'approve-reset'), { ic: /^Manny Ortiz approved the reset attempt; the case now watches for recurrence on Fabrikam\.$/ });
    expectCase(approved.result.card, { step: 'IC reset', waitingOn: null });
    // The channel card follows, in place.
    expect(cardText(channelCard()!.attachments![0]!.content as Record<string, unknown>)).toMatch(/Watching for recurrence/);
    expect(h.channel.messagesTo(thread)).toHaveLength(1);
  });

  it('a second occurrence: the manager resets and continues; the VP is told', async () => {
    h.clock.advance(2 * 86_400_000);
    await w.say('ic', 'flag Fabrikam profitability');
    const flagged = await w.expectPings(() => w.click(w.lastCard('ic'), 'flag', { ev1_kind: 'email', ev1_summary: EVIDENCE[1]! }), {
      manager: /^Ivy Chen flagged Fabrikam \(profitability\)\. Strike 2\. Evidence \([a-z ]+\): “.+”$/,
    });
    managerCard = flagged.pinged.manager!;
    const logged = await w.expectPings(() => w.click(managerCard, 'log-reset-attempt', { agreed: 'Agreed a margin cap of 25% with Fabrikam leadership.' }), {});
    const choose = logged.result;
    expect(cardText(choose.card)).toMatch(/Agreed a margin cap of 25%/);
    const { result, pinged } = await w.expectPings(() => w.click(choose, 'continue'), {
      vp: /^Manny Ortiz chose to continue with Fabrikam after a manager reset; the case watches for recurrence\.$/,
    });
    expectCase(result.card, { headline: /VP is being told/, step: 'Manager reset', waitingOn: null, strike: 2 });
    expectCase(pinged.vp!.card, { step: 'Manager reset', strike: 2 });
  });

  it('a third occurrence goes to VP review: the manager drafts the risk, the VP hears it is their case', async () => {
    h.clock.advance(2 * 86_400_000);
    await w.say('ic', 'flag Fabrikam communication');
    const { pinged } = await w.expectPings(() => w.click(w.lastCard('ic'), 'flag', { ev1_kind: 'other', ev1_summary: EVIDENCE[2]!, newOccurrence: 'true' }), {
      manager: /^Ivy Chen flagged Fabrikam \(poor communication\)\. Strike 3\. Evidence \([a-z ]+\): “.+”$/,
      vp: /^Fabrikam reached VP review, your step: it waits on Manny Ortiz first\.$/,
    });
    managerCard = pinged.manager!;
    vpCard = pinged.vp!;
    expectCase(managerCard.card, { subtitle: /^Case 1 · VP review · strike 3 · 3 occurrences$/, waitingOn: 'Manny Ortiz' });
    expect(factsOf(vpCard.card).Owner).toBe('Vera Lind');
    expect(hasButton(managerCard.card, { verb: 'show-card', form: 'risk' })).toBe(true);
    // The VP may confirm straight away, or wait for the manager's draft.
    expect(hasButton(vpCard.card, { verb: 'show-card', form: 'risk' })).toBe(true);
  });

  it('the manager drafts revenue and SKUs at risk; the VP confirms them', async () => {
    const draftForm = await w.open(managerCard, 'risk');
    const drafted = await w.expectPings(() => w.click(draftForm, 'draft-risk', { amount: '1250000', currency: 'usd', skus: 'Azure Arc\nDynamics 365 Sales' }), {
      vp: /^Manny Ortiz drafted the revenue and SKUs at risk on Fabrikam\. Fabrikam needs you: VP review\.$/,
    });
    expectCase(drafted.result.card, { headline: /^Risk drafted/, waitingOn: 'Vera Lind' });
    vpCard = drafted.pinged.vp!;
    const confirmForm = await w.open(vpCard, 'risk');
    expect(inputsOf(confirmForm.card)).toMatchObject({ amount: '1250000', currency: 'USD', skus: 'Azure Arc\nDynamics 365 Sales' });
    const confirmed = await w.expectPings(() => w.click(confirmForm, 'confirm-risk'), {});
    vpCard = confirmed.result;
    expectCase(vpCard.card, { headline: /^Risk confirmed\.$/, step: 'VP review', waitingOn: 'Vera Lind' });
    expect(factsOf(vpCard.card)['Revenue at risk']).toBe('1,250,000 USD (2 SKUs)');
  });

  it('the VP records the GM meeting; the GM is pinged', async () => {
    const form = await w.open(vpCard, 'gm-meeting');
    expect(cardText(form.card)).toMatch(/Meet the GM \(Gus Meyer\)/);
    const { result, pinged } = await w.expectPings(() => w.click(form, 'record-gm-meeting', { on: day(h.clock.now()), link: 'https://teams.example/meet/gm-fabrikam' }), {
      gm: /^A meeting with you about Fabrikam was recorded for Fri 6 Nov 2026\.$/,
    });
    vpCard = result;
    expectCase(vpCard.card, { step: 'GM and Sales', waitingOn: 'Vera Lind' });
    gmCard = pinged.gm!;
    expectCase(gmCard.card, { step: 'GM and Sales' });
  });

  it('the VP records the Sales meeting; the sales director gets the summary', async () => {
    const form = await w.open(vpCard, 'sales-meeting');
    expect(cardText(form.card)).toMatch(/Sales Director\(s\) of this partner: Sam Diaz/);
    const { result, pinged } = await w.expectPings(() => w.click(form, 'record-sales-meeting', { on: day(h.clock.now()) }), {
      sales: /^Escalation to Sales: Fabrikam\. The case summary is below; meeting on Fri 6 Nov 2026\.$/,
    });
    vpCard = result;
    expectCase(vpCard.card, { step: 'GM and Sales', waitingOn: 'Vera Lind' });
    expect(cardText(vpCard.card)).toMatch(/The stakeholder email to be sent and confirmed/);
    const summary = cardText(pinged.sales!.card);
    expect(summary).toMatch(/Revenue at risk: 1,250,000 USD/);
    expect(summary).toMatch(/ · strike 3 · /);
    expect(summary).not.toMatch(/Level/);
  });

  it('the VP opens the stakeholder email card: subject, recipients, a mailto and a signed .eml link', async () => {
    emailCard = await w.open(vpCard, 'stakeholder-email');
    const facts = factsOf(emailCard.card);
    expect(facts.Subject).toBe('Partner fit escalation: Fabrikam — red flags and decision point');
    expect(facts.To).toBe('Ivy Chen, Manny Ortiz, Vera Lind, Gus Meyer, Sam Diaz');
    const actions = emailCard.card.actions as Array<{ type: string; title: string; url?: string }>;
    const mailto = actions.find((a) => a.url?.startsWith('mailto:'));
    expect(mailto?.url).toBe(
      'mailto:ivy.chen%40contoso.example,manny.ortiz%40contoso.example,vera.lind%40contoso.example,gus.meyer%40contoso.example,sam.diaz%40contoso.example' +
        '?subject=Partner%20fit%20escalation%3A%20Fabrikam%20%E2%80%94%20red%20flags%20and%20decision%20point',
    );
    const open = actions.find((a) => a.type === 'Action.OpenUrl' && a.title === 'Open the email');
    // The link's origin is PUBLIC_BASE_URL, else 127.0.0.1 and the configured PORT (0 here: the harness binds a
    // free port), so the test follows the path on the bot's real address.
    emlPath = new URL(open!.url!).pathname;
    expect(emlPath).toMatch(/^\/email\/[\w-]+\.[\w-]+$/);

    // The link is signed: a changed signature or a forged payload is refused.
    const tampered = emlPath.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await fetch(`${h.bot.url}${tampered}`)).status).toBe(404);
    const forged = emlPath.replace(/\/email\/[^.]+/, `/email/${Buffer.from(JSON.stringify({ p: 'fabrikam', c: 'fabrikam-0001', k: 'stakeholder', e: 9e15 })).toString('base64url')}`);
    expect((await fetch(`${h.bot.url}${forged}`)).status).toBe(404);
  });

  it('the .eml link serves an RFC 822 message with every flag, its evidence, the risk and the meetings', async () => {
    const res = await fetch(`${h.bot.url}${emlPath}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('message/rfc822');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="fabrikam-stakeholder\.eml"$/);
    const eml = await res.text();
    const [head, body] = eml.split('\r\n\r\n');
    expect(head).toMatch(/^To: ivy\.chen@contoso\.example, manny\.ortiz@contoso\.example, /m);
    expect(head).toMatch(/^Subject: =\?UTF-8\?B\?/m); // the em dash makes it an encoded word
    expect(head).toMatch(/^MIME-Version: 1\.0$/m);
    expect(head).toMatch(/^Content-Transfer-Encoding: base64$/m);
    const subject = /^Subject: =\?UTF-8\?B\?([^?]+)\?=$/m.exec(head!)![1]!;
    expect(Buffer.from(subject, 'base64').toString('utf8')).toBe('Partner fit escalation: Fabrikam — red flags and decision point');
    const text = Buffer.from(body!.replace(/\r\n/g, ''), 'base64').toString('utf8');
    for (const e of EVIDENCE.slice(0, 3)) expect(text).toContain(e);
    // Triggers, evidence kinds and answers in words, never the engine's ids.
    expect(text).toMatch(/Ivy Chen flagged misaligned expectations \(strike 1\)/);
    expect(text).toMatch(/\* Meeting notes \(2026-10-30\): /);
    expect(text).not.toMatch(/misaligned-expectations|poor-communication|meeting-notes/);
    expect(text).toMatch(/Revenue at risk: 1,250,000 USD/);
    expect(text).toMatch(/With the GM \(Gus Meyer\)/);
    expect(text).toMatch(/With the Sales Director\(s\) \(Sam Diaz\)/);
  });

  it('the VP confirms the email was sent: the case moves to the decision', async () => {
    const { result } = await w.expectPings(() => w.click(emailCard, 'confirm-email-sent'), {});
    vpCard = result;
    expectCase(vpCard.card, { headline: /^Email confirmed as sent/, step: 'Decision', waitingOn: 'Vera Lind' });
  });

  it('the VP proposes fixable with actions and a review end; the GM is asked to approve', async () => {
    const form = await w.open(vpCard, 'decision');
    expect(choicesOf(form.card).fixable).toEqual(['fixable', 'not-fixable']);
    const inputs = inputsOf(form.card);
    expect(inputs.reviewEndsOn).toBe(day(h.clock.now(), 90));
    const { result, pinged } = await w.expectPings(
      () =>
        w.click(form, 'propose-decision', {
          fixable: 'fixable',
          rationale: 'Fabrikam leadership wants to stay; margin and messaging can be fixed in a quarter.',
          reviewEndsOn: day(h.clock.now(), 28),
          act1_text: 'Joint messaging review with Fabrikam marketing',
          act1_owner: h.people.ic.aadObjectId,
          act1_due: day(h.clock.now(), 14),
          act2_text: 'Renegotiate the renewal margin',
          act2_owner: h.people.sales.aadObjectId,
          act2_due: day(h.clock.now(), 21),
        }),
      { gm: /^Vera Lind proposed a decision on Fabrikam\. Fabrikam needs you: decision\.$/ },
    );
    vpCard = result;
    expectCase(vpCard.card, { headline: /^Decision proposed/, step: 'Decision', waitingOn: 'Gus Meyer' });
    gmCard = pinged.gm!;
    expect(hasButton(gmCard.card, 'approve-decision')).toBe(true);
  });

  it('the GM approves: the decision goes to every stakeholder, action owners get their buttons, the review period starts', async () => {
    const form = gmCard;
    expect(cardText(form.card)).toMatch(/Fixable/);
    expect(cardText(form.card)).toMatch(/Renegotiate the renewal margin/);
    const decision = /^Decision on Fabrikam: fixable, review until Fri 4 Dec 2026\.$/;
    // One ping each: the decision, on a card with that person's own buttons (the action owners' "Mark done").
    const { result, pinged } = await w.expectPings(() => w.click(form, 'approve-decision'), { ic: decision, manager: decision, vp: decision, gm: decision, sales: decision });
    expectCase(result.card, { headline: /^Decision approved/, step: 'Review period' });
    icCard = pinged.ic!;
    expect(hasButton(icCard.card, { verb: 'mark-action-done', near: /Joint messaging review/ })).toBe(true);
    expect(hasButton(icCard.card, { verb: 'mark-action-done', near: /Renegotiate/ })).toBe(false);
    salesCard = pinged.sales!;
    // The VP's is the second email, carrying the decision, ready to send.
    expect(factsOf(pinged.vp!.card).Subject).toBe('Partner fit decision: Fabrikam — fixable, review period agreed');
    expect(openUrlOf(pinged.vp!.card, 'Open the email')).toMatch(/\/email\/[\w-]+\.[\w-]+$/);
  });

  it('the action owners mark their actions done from the cards they were sent', async () => {
    const ic = await w.expectPings(() => w.click(icCard, { verb: 'mark-action-done', near: /Joint messaging review/ }), {});
    expect(cardText(ic.result.card)).toMatch(/✓ Joint messaging review/);
    const sales = await w.expectPings(() => w.click(salesCard, { verb: 'mark-action-done', near: /Renegotiate the renewal margin/ }), {});
    expect(cardText(sales.result.card)).toMatch(/✓ Renegotiate the renewal margin/);
    expectCase(sales.result.card, { step: 'Review period' });
  });

  it('at the review end the VP is asked whether the partnership works; yes closes it fixed and everyone hears', async () => {
    h.clock.set(new Date(`${day(h.clock.now(), 29)}T10:00:00.000Z`));
    const asked = await w.expectPings(
      async () => {
        await h.bot.jobs.scheduler.tick(h.clock.now());
      },
      {
        // Only the VP: the weeks of the review period do not make the question overdue the moment it is asked.
        vp: /^Fabrikam needs you: review period\.$/,
      },
    );
    vpCard = asked.pinged.vp!;
    expect(cardText(vpCard.card)).toMatch(/The VP to answer: is the partnership working\?/);
    const review = await w.open(vpCard, 'review');
    const closed = /^Fabrikam case closed: fixed \(the review found the partnership working\)\.$/;
    const { result } = await w.expectPings(() => w.click(review, { verb: 'answer-review', title: 'Yes, it is working' }), {
      ic: closed,
      manager: closed,
      vp: closed,
      gm: closed,
      sales: closed,
    });
    expectCase(result.card, { outcome: /^Fixed/ });
    // The channel where it all started shows the outcome too, still in the same message.
    expect(cardText(channelCard()!.attachments![0]!.content as Record<string, unknown>)).toMatch(/This case is closed\. Fixed/);
    expect(h.channel.messagesTo(thread)).toHaveLength(1);
  });
});
