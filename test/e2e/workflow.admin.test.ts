// Issue 12, "The workflow", over real HTTP on Azurite: an admin closes a mistaken flag's case and archives a partner
// with an open case (each with a reason, told to the people on the case, kept in the history); `history <partner>`
// lists the earlier cases and each opens; an admin who flags without a manager still has someone to approve; flags
// waiting for an unknown partner are recorded when it gets that name as an alias, and `partner requests` lists them;
// a red flag that comes back after each quiet period reaches the VP "the third time in 12 months".
import type { Harness } from './harness';
import { startHarness } from './harness';
import type { Who } from './workflowKit';
import { Workflow, expectCase, setUpOrg } from './workflowKit';
import type { SentActivity } from '../support/channel';
import { cardText, hasButton, submitData } from '../support/cards';
import type { Card } from '../support/cards';
import { answerCard, caseOf, click, isoDay, personal, submitForm } from './edgeKit';

jest.setTimeout(90_000);

const DAY_MS = 86_400_000;

type Pings = Partial<Record<Who, SentActivity[]>>;

/** Flags from the 1:1 chat with the form; returns the pings it caused (delivered). */
async function flagFrom(w: Workflow, who: 'ic' | 'admin' | 'manager' | 'vp', partner: string, summary: string): Promise<Pings> {
  await w.say(who, `flag ${partner} expectations`);
  const mark = w.mark();
  await w.click(w.lastCard(who), 'flag', { ev1_kind: 'email', ev1_summary: summary });
  return w.pingsSince(mark);
}

/** Someone types a command; returns their answer's text and the pings it caused for everyone else. */
async function typed(w: Workflow, who: Who, text: string): Promise<{ answer: string; pings: Pings }> {
  const mark = w.mark();
  const replies = await w.say(who, text);
  const pings = await w.pingsSince(mark);
  delete pings[who];
  return { answer: lastText(replies), pings };
}

function headlines(pings: Pings): Partial<Record<Who, string[]>> {
  return Object.fromEntries(Object.entries(pings).map(([who, list]) => [who, list!.map((s) => String(s.activity.summary ?? ''))]));
}

function lastText(replies: { activity: { text?: string; attachments?: { content?: unknown }[] } }[]): string {
  return replies.map((r) => r.activity.text ?? (r.activity.attachments ?? []).map((a) => cardText(a.content as Card)).join('\n')).join('\n');
}

describe('admins close a case and archive a partner with an open case, with a reason; history lists the earlier cases', () => {
  let h: Harness;
  let w: Workflow;

  beforeAll(async () => {
    h = await startHarness();
    w = new Workflow(h);
    await setUpOrg(w, ['Contoso', 'Fabrikam']);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('only an admin may close a case, and only with a reason', async () => {
    expect(headlines(await flagFrom(w, 'ic', 'Contoso', 'Contoso asked for a discount we never offered.'))).toEqual({ manager: [expect.stringMatching(/^Ivy Chen flagged Contoso/)] });
    expect(lastText(await w.say('stranger', 'close Contoso not a real problem'))).toMatch(/You can't close this case: that is for an admin\./);
    expect(lastText(await w.say('admin', 'close Contoso'))).toMatch(/Say why, after the partner: `close Contoso a mistaken flag`/);
    expect((await caseOf(h, 'contoso')).status).toBe('open');
    // The case card offers it to admins only.
    const adminStatus = await w.say('admin', 'status Contoso');
    expect(hasButton(adminStatus.at(-1)!.activity.attachments![0]!.content as Card, { verb: 'show-card', form: 'close-case' })).toBe(true);
    const icStatus = await w.say('ic', 'status Contoso');
    expect(hasButton(icStatus.at(-1)!.activity.attachments![0]!.content as Card, { verb: 'show-card', form: 'close-case' })).toBe(false);
  });

  it('the admin closes it with a reason: the reporter and the manager are told who closed it and why', async () => {
    const told = 'Contoso case closed by Ada Admin: A mistaken flag: it was about Fabrikam.';
    const { answer, pings } = await typed(w, 'admin', 'close Contoso A mistaken flag: it was about Fabrikam.');
    expect(headlines(pings)).toEqual({ ic: [told], manager: [told] });
    expect(answer).toMatch(/^Case closed\. Everyone on it is told why\./);
    expect(answer).toContain('Why: A mistaken flag: it was about Fabrikam.');
    expectCase(w.lastCard('admin').card, { outcome: /^Closed by an admin/ });
    expect(await caseOf(h, 'contoso')).toMatchObject({ status: 'closed', outcome: 'cancelled', closeReason: 'A mistaken flag: it was about Fabrikam.' });
  });

  it('a new flag opens case 2 at strike 1 (a cancelled case passes no strikes on); history lists case 1, and it opens', async () => {
    h.clock.advance(DAY_MS);
    await flagFrom(w, 'ic', 'Contoso', 'Contoso staffed juniors on the migration.');
    expect(await caseOf(h, 'contoso')).toMatchObject({ caseNo: 2, level: 1, step: 'ic-reset' });
    const replies = await w.say('ic', 'history Contoso');
    const history = replies.at(-1)!.activity.attachments![0]!.content as Card;
    expect(cardText(history)).toMatch(/Other cases of Contoso/);
    expect(cardText(history)).toMatch(/Case 1: Closed by an admin/);
    const screen = w.lastCard('ic');
    const opened = await w.click(screen, { verb: 'show-card', form: 'history', title: 'Open' });
    expect(cardText(opened.card)).toMatch(/Every event on case 1/);
    expect(cardText(opened.card)).toMatch(/Contoso asked for a discount we never offered\./);
    expect(cardText(opened.card)).not.toMatch(/staffed juniors/);
    // Case 2's history is one click back.
    const back = await w.click(opened, { verb: 'show-card', form: 'history', title: 'Open' });
    expect(cardText(back.card)).toMatch(/Every event on case 2/);
  });

  it('someone not on the case cannot open an earlier case’s history, even with a crafted click', async () => {
    const res = await h.teams.execute(h.people.stranger, personal(h, h.people.stranger), { verb: 'show-card', data: { partnerId: 'contoso', caseId: 'contoso-0001', stage: -1, form: 'history' } });
    expect(cardText(answerCard(res) as Card)).toMatch(/is for the people on the case, their managers and admins/);
    expect(cardText(answerCard(res) as Card)).not.toMatch(/discount/);
  });

  it('archiving a partner with an open case needs a reason; with one, the case closes and the people on it are told', async () => {
    expect(lastText(await w.say('admin', 'partner archive Contoso'))).toMatch(/Contoso has an open case\. Say why/);
    expect((await h.stores.partners.get('contoso'))?.archived).toBe(false);
    const told = 'Contoso case closed by Ada Admin: Partner archived: acquired by Fabrikam';
    const { answer, pings } = await typed(w, 'admin', 'partner archive Contoso acquired by Fabrikam');
    expect(answer).toMatch(/^Archived Contoso\. Its case is closed/);
    expect(headlines(pings)).toEqual({ ic: [told], manager: [told] });
    expect((await h.stores.partners.get('contoso'))?.archived).toBe(true);
    expect(await caseOf(h, 'contoso')).toMatchObject({ caseNo: 2, status: 'closed', outcome: 'cancelled' });
  });
});

describe('an admin who flags without a manager: the approval goes to the admins, and they are asked to set a manager', () => {
  let h: Harness;
  let w: Workflow;

  beforeAll(async () => {
    h = await startHarness();
    w = new Workflow(h);
    await setUpOrg(w, ['Litware']);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('the only admin flags: the case opens, and they are told the manager is missing and how to set one', async () => {
    const pings = await flagFrom(w, 'admin', 'Litware', 'Litware missed the third delivery date.');
    expect(headlines(pings)).toEqual({ admin: [expect.stringMatching(/^You have no manager in the directory, so your reset on Litware is approved by an admin meanwhile\. Set your manager with `org manager @you @your-manager`/)] });
    expect((await caseOf(h, 'litware')).missing).toContain('manager');
    // The case card says who is missing and that an admin stands in.
    expect(cardText(w.lastCard('admin').card)).toMatch(/Not found in the directory: Manager/);
  });

  it('the admin sets their manager and logs the attempt: the approval goes to that manager, with the form to approve', async () => {
    await w.say('admin', `org manager ${w.at('admin')} ${w.at('manager')}`, ['admin', 'manager']);
    const { pinged } = await w.expectPings(
      () => submitForm(h, h.people.admin, 'reset-attempt', 'log-reset-attempt', { agreed: 'Weekly delivery check-ins.', agreedOn: isoDay(h.clock.now()) }, 'litware'),
      { manager: /^Ada Admin logged a reset attempt on Litware\. Litware needs you: IC reset\.$/ },
    );
    // The ping is the approval form itself.
    expect(hasButton(pinged.manager!.card, 'approve-reset')).toBe(true);
    expect(await caseOf(h, 'litware')).toMatchObject({ phase: 'approval', waitingOn: h.people.manager.aadObjectId });
  });
});

describe('two admins: the other one stands in for a missing manager and may approve', () => {
  let h: Harness;
  let w: Workflow;

  beforeAll(async () => {
    h = await startHarness();
    w = new Workflow(h);
    await setUpOrg(w, ['Adatum']);
    await w.say('admin', `org role ${w.at('stranger')} admin`, ['stranger']);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('the approval waits on the other admin, whose ping carries the form; the reporter cannot approve their own attempt', async () => {
    const pings = await flagFrom(w, 'admin', 'Adatum', 'Adatum invoiced twice for one sprint.');
    expect(Object.keys(pings).sort()).toEqual(['admin', 'stranger']);
    expect((await caseOf(h, 'adatum')).people.manager).toBe(h.people.stranger.aadObjectId);
    const { pinged } = await w.expectPings(
      () => submitForm(h, h.people.admin, 'reset-attempt', 'log-reset-attempt', { agreed: 'Invoices checked together monthly.', agreedOn: isoDay(h.clock.now()) }, 'adatum'),
      { stranger: /Adatum needs you: IC reset\.$/ },
    );
    expect(hasButton(pinged.stranger!.card, 'approve-reset')).toBe(true);
    const own = await click(h, h.people.admin, 'approve-reset', {}, 'adatum');
    expect(cardText(answerCard(own) as Card)).toMatch(/Nobody approves their own reset attempt/);
    const approved = await click(h, h.people.stranger, 'approve-reset', {}, 'adatum');
    expect(cardText(answerCard(approved) as Card)).toMatch(/approved/i);
    expect((await caseOf(h, 'adatum')).phase).toBe('watching');
  });

  it('evidence dated tomorrow is refused with the reason, and nothing changes; dated today it is added', async () => {
    const before = await caseOf(h, 'adatum');
    const tomorrow = isoDay(h.clock.now(), 1);
    const refused = await submitForm(h, h.people.admin, 'evidence-add', 'add-evidence', { ev1_kind: 'email', ev1_summary: 'The second invoice.', ev1_date: tomorrow }, 'adatum');
    expect(cardText(answerCard(refused) as Card)).toContain(`An evidence date (${tomorrow}) is in the future. Record it once it has happened`);
    expect((await caseOf(h, 'adatum')).version).toBe(before.version);
    const added = await submitForm(h, h.people.admin, 'evidence-add', 'add-evidence', { ev1_kind: 'email', ev1_summary: 'The second invoice.', ev1_date: isoDay(h.clock.now()) }, 'adatum');
    expect(cardText(answerCard(added) as Card)).toMatch(/Evidence added/);
  });
});

/** Ivy flags a partner nobody has added: "request this partner", then the form; the flag waits for the admins. */
async function requestFlag(h: Harness, w: Workflow, name: string, summary: string): Promise<void> {
  await w.say('ic', `flag ${name} expectations`);
  const request = await w.click(w.lastCard('ic'), { verb: 'request-partner' });
  const res = await h.teams.execute(h.people.ic, personal(h, h.people.ic), { verb: 'flag', data: submitData(request.card, 'flag', { ev1_kind: 'email', ev1_summary: summary }) });
  expect(cardText(answerCard(res) as Card)).toMatch(/is not a known partner yet/);
}

describe('pending flags for an unknown partner are recorded when it gets that name as an alias; admins list them', () => {
  let h: Harness;
  let w: Workflow;

  beforeAll(async () => {
    h = await startHarness();
    w = new Workflow(h);
    await setUpOrg(w, ['Wingtip Toys']);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('a flag for "Wingtip" waits; `partner requests` lists it; `partner alias Wingtip Toys Wingtip` records it', async () => {
    await requestFlag(h, w, 'Wingtip', 'Wingtip expects weekend support.');
    expect(await h.stores.cases.latest('wingtip-toys')).toBeUndefined();

    expect(lastText(await w.say('stranger', 'partner requests'))).toMatch(/Only admins/);
    const listed = lastText(await w.say('admin', 'partner requests'));
    expect(listed).toMatch(/1 flag is waiting for a partner to be added/);
    expect(listed).toMatch(/\*\*Wingtip\*\*, flagged by Ivy Chen/);
    expect(listed).toMatch(/`partner alias Wingtip Toys Wingtip`/);

    const answer = lastText(await w.say('admin', 'partner alias Wingtip Toys Wingtip'));
    expect(answer).toMatch(/1 pending flag was recorded on it/);
    expect(await caseOf(h, 'wingtip-toys')).toMatchObject({ level: 1, step: 'ic-reset' });
    expect(lastText(await w.say('admin', 'partner requests'))).toMatch(/No flag is waiting/);
  });

  it('a flag for a name the partner is later renamed to is recorded on the rename', async () => {
    await requestFlag(h, w, 'Wingtip Group', 'Same again under the group name.');
    const answer = lastText(await w.say('admin', 'partner rename Wingtip Toys Wingtip Group'));
    expect(answer).toMatch(/Renamed Wingtip Toys to \*\*Wingtip Group\*\*.*1 pending flag was recorded on it/);
  });
});

describe('the strike count carries on across closed cases within 12 months', () => {
  let h: Harness;
  let w: Workflow;

  beforeAll(async () => {
    h = await startHarness();
    w = new Workflow(h);
    await setUpOrg(w, ['Northwind']);
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function quietPeriodPasses(): Promise<void> {
    h.clock.advance(91 * DAY_MS);
    await h.bot.jobs.run('timers', h.clock.now());
    await h.deliver();
    expect((await caseOf(h, 'northwind')).status).toBe('closed');
  }

  it('resolved twice after a reset, the third flag in 12 months goes to the VP review, and the card says so', async () => {
    await flagFrom(w, 'ic', 'Northwind', 'Northwind wants a 2-day turnaround.');
    await submitForm(h, h.people.ic, 'reset-attempt', 'log-reset-attempt', { agreed: 'Five-day turnaround, in writing.', agreedOn: isoDay(h.clock.now()) }, 'northwind');
    await click(h, h.people.manager, 'approve-reset', {}, 'northwind');
    await quietPeriodPasses();

    await flagFrom(w, 'ic', 'Northwind', 'Northwind wants a 2-day turnaround again.');
    expect(await caseOf(h, 'northwind')).toMatchObject({ caseNo: 2, level: 2, step: 'manager-reset' });
    await submitForm(h, h.people.manager, 'manager-decision', 'log-reset-attempt', { agreed: 'Exec call: five days stands.', agreedOn: isoDay(h.clock.now()) }, 'northwind');
    await click(h, h.people.manager, 'continue', {}, 'northwind');
    await quietPeriodPasses();

    const { pinged } = await w.expectPings(() => flagFrom(w, 'ic', 'Northwind', 'A third time: a 2-day turnaround demanded.'), {
      ic: /.*/,
      manager: /^Ivy Chen flagged Northwind/,
      vp: /^Northwind reached VP review, your step/,
    });
    expect(await caseOf(h, 'northwind')).toMatchObject({ caseNo: 3, level: 3, step: 'vp-review' });
    expect(cardText(pinged.vp!.card)).toMatch(/The third time in 12 months: 2 strikes from earlier cases in the last 12 months count on/);
  });
});

describe('who owns the first steps when an IC, a manager or a VP flags (docs/workflow.md#people)', () => {
  let h: Harness;
  let w: Workflow;

  beforeAll(async () => {
    h = await startHarness();
    w = new Workflow(h);
    await setUpOrg(w, ['Contoso', 'Fabrikam', 'Litware']);
    await w.say('admin', `org manager ${w.at('vp')} ${w.at('gm')}`, ['vp', 'gm']);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const attempt = (who: 'ic' | 'manager' | 'vp', partnerId: string) =>
    submitForm(h, h.people[who], 'reset-attempt', 'log-reset-attempt', { agreed: 'Agreed in writing.', agreedOn: isoDay(h.clock.now()) }, partnerId);

  it.each([
    { reporter: 'ic', partner: 'Contoso', approver: 'manager', vp: 'vp' },
    { reporter: 'manager', partner: 'Fabrikam', approver: 'vp', vp: 'vp' },
    { reporter: 'vp', partner: 'Litware', approver: 'gm', vp: 'vp' },
  ] as const)('$reporter flags $partner: $approver approves the reset, the VP step is $vp’s', async ({ reporter, partner, approver, vp }) => {
    const partnerId = partner.toLowerCase();
    await flagFrom(w, reporter, partner, `${partner} expects free weekend support.`);
    const { pinged } = await w.expectPings(() => attempt(reporter, partnerId), { [approver]: new RegExp(`logged a reset attempt on ${partner}\\. ${partner} needs you: IC reset\\.$`) });
    expect(hasButton(pinged[approver]!.card, 'approve-reset')).toBe(true);
    const state = await caseOf(h, partnerId);
    expect(state.people).toMatchObject({ manager: h.people[approver].aadObjectId, vp: h.people[vp].aadObjectId });
    expect(state.missing).toEqual([]);
  });
});
