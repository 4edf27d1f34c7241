// Trigger-dependent paths over real HTTP (README "The workflow", docs/workflow.md#versions): with WORKFLOW_VERSION=2 a
// misaligned-values flag goes straight to the VP review and the GM hears of it at once; with the default it climbs
// the ladder; and a case opened before the setting changed finishes on the version it opened under.
import { silentLogger } from '../../src/log';
import type { RunningBot } from '../../src/main';
import { startBot } from '../../src/main';
import { loadConfig } from '../../src/config';
import type { TeamsUser } from '../support/teams';
import { TeamsClient } from '../support/teams';
import { cardText, submitData } from '../support/cards';
import type { Harness } from './harness';
import { startHarness } from './harness';
import { CONTOSO, CONTOSO_ID, answerCard, answerText, caseData, caseOf, click, flagForm, personal, setUpOrg, submitForm, whereOf } from './edgeKit';

const FABRIKAM = 'Fabrikam';

/** Flags a partner with one trigger from the 1:1 chat, as a person fills in the form. */
async function flagWith(h: Harness, user: TeamsUser, partner: string, trigger: string): Promise<string> {
  const form = await flagForm(h, user, `flag ${partner}`);
  const data = submitData(form, 'flag', { triggers: trigger, ev1_summary: 'Said in the weekly sync, in front of the customer.' });
  return answerText(await h.teams.execute(user, personal(h, user), { verb: 'flag', data }));
}

/** What a person was pinged with in their 1:1 chat since `from`, as text. */
function pingsTo(h: Harness, user: TeamsUser, from = 0): string[] {
  return h.channel.personalCards(user.aadObjectId).slice(from).map(cardText);
}

describe('with WORKFLOW_VERSION=2 (trigger-dependent paths)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ WORKFLOW_VERSION: '2' });
    await setUpOrg(h);
  });
  afterAll(() => h.stop());

  it('a misaligned-values flag goes straight to the VP review, and the GM is told at once', async () => {
    const gmBefore = h.channel.personalCards(h.people.gm.aadObjectId).length;
    const answer = await flagWith(h, h.people.ic, CONTOSO, 'misaligned-values');
    expect(answer).toContain('Flag recorded.');
    expect(answer).toContain('VP review');
    const state = await caseOf(h);
    expect(whereOf(state)).toBe('vp-review/risk');
    expect(state.workflowVersion).toBe(2);

    await h.deliver();
    const gm = pingsTo(h, h.people.gm, gmBefore).join('\n');
    expect(gm).toMatch(/Ivy Chen flagged Contoso Cloud \(misaligned values\)\. This kind of red flag goes straight to VP review, and you are told at once\./);
    // The VP owns the step, the manager drafts the risk: both hear of it.
    expect(pingsTo(h, h.people.vp).join('\n')).toContain('Contoso Cloud');
    expect(pingsTo(h, h.people.manager).join('\n')).toMatch(/Ivy Chen flagged Contoso Cloud/);
  });

  it('a profitability case asks the reporter for the revenue at risk with the reset attempt', async () => {
    await setUpOrg(h, { hello: [], partners: [FABRIKAM] });
    await flagWith(h, h.people.ic, FABRIKAM, 'profitability');
    const state = await caseOf(h, 'fabrikam');
    const shown = answerCard(await h.teams.execute(h.people.ic, personal(h, h.people.ic), { verb: 'show-card', data: caseData(state, { form: 'reset-attempt' }) }));
    expect(cardText(shown)).toContain('This case is about profitability: add the revenue at risk with your attempt.');
    const logged = await submitForm(h, h.people.ic, 'reset-attempt', 'log-reset-attempt', { agreed: 'Price review next quarter.', agreedOn: '2026-11-02', amount: '80000', currency: 'eur' }, 'fabrikam');
    expect(answerText(logged)).toContain('Reset attempt logged.');
    expect((await caseOf(h, 'fabrikam')).riskDraft).toMatchObject({ amount: 80_000, currency: 'EUR' });
  });
});

describe('with the default (WORKFLOW_VERSION unset)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await setUpOrg(h);
  });
  afterAll(() => h.stop());

  it('a misaligned-values flag follows the ladder: IC reset first, and the GM hears nothing', async () => {
    const gmBefore = h.channel.personalCards(h.people.gm.aadObjectId).length;
    const answer = await flagWith(h, h.people.ic, CONTOSO, 'misaligned-values');
    expect(answer).toContain('IC reset');
    const state = await caseOf(h);
    expect(whereOf(state)).toBe('ic-reset/attempt');
    expect(state.workflowVersion).toBe(1);
    await h.deliver();
    expect(pingsTo(h, h.people.gm, gmBefore)).toEqual([]);
  });
});

describe('changing WORKFLOW_VERSION from 1 to 2', () => {
  let h: Harness;
  let next: RunningBot | undefined;
  beforeAll(async () => {
    h = await startHarness({ WORKFLOW_VERSION: '1' });
    await setUpOrg(h, { partners: [CONTOSO, FABRIKAM] });
  });
  afterAll(async () => {
    await next?.stop();
    await h.channel.stop();
  });

  it('leaves the open case on version 1 to the end, while a new case follows version 2', async () => {
    const { ic, manager } = h.people;
    await flagWith(h, ic, CONTOSO, 'misaligned-values');
    expect(whereOf(await caseOf(h))).toBe('ic-reset/attempt');

    // An admin changes the setting and the bot restarts on the same storage.
    await h.bot.stop();
    next = await startBot({
      config: loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ADMIN_AAD_OBJECT_IDS: h.people.admin.aadObjectId, WORKFLOW_VERSION: '2' }),
      stores: h.stores,
      clock: h.clock,
      log: silentLogger,
      random: () => 0.5,
      pollOutbox: false,
      runJobs: false,
    });
    const restarted: Harness = { ...h, bot: next, teams: new TeamsClient({ botEndpoint: `${next.url}/api/messages`, serviceUrl: h.channel.serviceUrl, clock: () => h.clock.now() }) };

    // A new case: version 2.
    await flagWith(restarted, ic, FABRIKAM, 'misaligned-values');
    const fabrikam = await caseOf(restarted, 'fabrikam');
    expect([fabrikam.workflowVersion, whereOf(fabrikam)]).toEqual([2, 'vp-review/risk']);

    // The old case: another misaligned-values strike climbs version 1's ladder to the manager reset.
    h.clock.advance(2 * 86_400_000);
    await flagWith(restarted, ic, CONTOSO, 'misaligned-values');
    let contoso = await caseOf(restarted);
    expect([contoso.workflowVersion, whereOf(contoso), contoso.level]).toEqual([1, 'manager-reset/attempt', 2]);

    // ...and finishes as version 1 does: the manager's reset, "continue", and 90 quiet days.
    await submitForm(restarted, manager, 'manager-decision', 'log-reset-attempt', { agreed: 'Code of conduct briefing with their lead.', agreedOn: '2026-11-04' });
    expect(answerText(await click(restarted, manager, 'continue'))).toContain('Noted: the case watches for recurrence');
    h.clock.advance(91 * 86_400_000);
    await next.jobs.scheduler.tick(h.clock.now());
    contoso = await caseOf(restarted, CONTOSO_ID);
    expect([contoso.status, contoso.outcome, contoso.workflowVersion]).toEqual(['closed', 'resolved', 1]);
  });
});
