// Fifty at once, over real HTTP: fifty approvals of one reset attempt, fifty people flagging one partner, and one
// activity delivered fifty times. The first commits are held until all fifty have arrived (raceCommits), so they
// really collide; what the people read says what happened to what they did.
import type { CaseEvent } from '../../src/domain';
import type { Clicked } from '../e2e/edgeKit';
import { answerText, caseData, caseOf, eventsOf, flagInChat, personal, raceCommits, sayAndRead, setUpOrg, step, whereOf } from '../e2e/edgeKit';
import type { Harness } from '../e2e/harness';
import { startHarness } from '../e2e/harness';
import { TeamsClient, teamsUser } from '../support/teams';

const N = 50;
let h: Harness;
let p: Harness['people'];

beforeAll(async () => {
  h = await startHarness();
  p = h.people;
  await setUpOrg(h, { partners: ['Contoso', 'Fabrikam', 'Litware', 'Northwind'] });
}, 60_000);

afterAll(async () => {
  await h?.deliver();
  await h?.stop();
});

const count = (events: CaseEvent[], type: CaseEvent['type']) => events.filter((e) => e.type === type).length;

async function allAtOnce(clicks: Array<() => Promise<Clicked>>): Promise<Clicked[]> {
  const race = raceCommits(h, clicks.length, 20_000);
  try {
    const answers = await Promise.all(clicks.map((click) => click()));
    expect(race.arrived).toBeGreaterThanOrEqual(clicks.length);
    return answers;
  } finally {
    race.restore();
  }
}

/** One activity sent N times at once, as Teams does when it retries; the commits are held until all have arrived. */
async function deliveredAtOnce(activity: Parameters<Harness['teams']['send']>[0]): Promise<Array<{ status: number; text: string }>> {
  const race = raceCommits(h, N, 20_000);
  try {
    return await Promise.all(Array.from({ length: N }, () => h.teams.send(activity)));
  } finally {
    race.restore();
  }
}

test(`${N} approvals of one reset attempt at once: one transition, ${N - 1} clear "moved on" answers`, async () => {
  expect(answerText(await flagInChat(h, p.ic, 'Contoso'))).toContain('Flag recorded');
  await step(h, 'contoso');
  const state = await caseOf(h, 'contoso');
  expect(whereOf(state)).toBe('ic-reset/approval');
  const before = await eventsOf(h, 'contoso');
  const answers = await allAtOnce(Array.from({ length: N }, () => () => h.teams.execute(p.manager, personal(h, p.manager), { verb: 'approve-reset', data: caseData(state) })));
  const texts = answers.map(answerText);
  expect(texts.filter((t) => t.includes('Reset attempt approved'))).toHaveLength(1);
  expect(texts.filter((t) => /moved on/i.test(t))).toHaveLength(N - 1);
  expect(answers.every((a) => a.httpStatus === 200)).toBe(true);
  const events = await eventsOf(h, 'contoso');
  expect(count(events, 'reset-attempt-decided') - count(before, 'reset-attempt-decided')).toBe(1);
  expect(whereOf(await caseOf(h, 'contoso'))).toBe('ic-reset/watching');
}, 120_000);

test(`${N} people flag one partner at the same moment: all ${N} flags are recorded, merged into one occurrence`, async () => {
  const people = Array.from({ length: N }, (_, i) => teamsUser(`Flagger ${i + 1}`));
  // They have used the bot before (their first contact is not what this measures).
  for (const who of people) expect((await h.teams.say(who, 'hello')).status).toBe(200);
  // Fifty decisions retried on fresh reads on two cores take a while: a patient client.
  const teams = new TeamsClient({ botEndpoint: `${h.bot.url}/api/messages`, serviceUrl: h.channel.serviceUrl, clock: () => h.clock.now(), timeoutMs: 120_000 });
  const flag = (who: (typeof people)[number], i: number) => () =>
    teams.execute(who, personal(h, who), {
      verb: 'flag',
      data: { partnerId: 'fabrikam', caseId: '', stage: -1, triggers: 'misaligned-expectations', ev1_kind: 'meeting-notes', ev1_summary: `Flagger ${i + 1}: the kickoff went badly.` },
    });
  const answers = await allAtOnce(people.map(flag));
  const texts = answers.map(answerText);
  expect(texts.filter((t) => t.includes('Flag recorded'))).toHaveLength(N);
  // Each answer says which: the one that opened the case, and the others that joined its occurrence.
  expect(texts.filter((t) => t.includes('joins the current occurrence'))).toHaveLength(N - 1);
  const state = await caseOf(h, 'fabrikam');
  expect(new Set(state.flags.map((f) => f.reporterId))).toEqual(new Set(people.map((x) => x.aadObjectId)));
  expect([state.occurrences, state.level]).toEqual([1, 1]);
  const summaries = (await eventsOf(h, 'fabrikam')).flatMap((e) => (e.type === 'flag-raised' ? e.evidence.map((x) => x.summary) : []));
  expect(summaries.sort()).toEqual(people.map((_, i) => `Flagger ${i + 1}: the kickoff went badly.`).sort());
}, 180_000);

test(`one click delivered ${N} times (Teams retrying): applied once, every delivery answered`, async () => {
  expect(answerText(await flagInChat(h, p.ic, 'Litware'))).toContain('Flag recorded');
  await step(h, 'litware');
  const state = await caseOf(h, 'litware');
  const before = await eventsOf(h, 'litware');
  const activity = h.teams.invokeExecute(p.manager, personal(h, p.manager), { verb: 'send-back-reset', data: caseData(state, { comment: 'Name the dates you agreed.' }) });
  const responses = await deliveredAtOnce(activity);
  expect(responses.map((r) => r.status)).toEqual(Array.from({ length: N }, () => 200));
  expect(responses.filter((r) => r.text.includes('Sent back'))).toHaveLength(1);
  expect(responses.filter((r) => /moved on/i.test(r.text))).toHaveLength(N - 1);
  const events = await eventsOf(h, 'litware');
  expect(count(events, 'reset-attempt-decided') - count(before, 'reset-attempt-decided')).toBe(1);
  expect(whereOf(await caseOf(h, 'litware'))).toBe('ic-reset/attempt');
}, 120_000);

test(`one admin command delivered ${N} times: one partner added, the other deliveries say it exists`, async () => {
  const activity = h.teams.personalMessage(p.admin, 'partner add Tailspin Toys');
  const responses = await Promise.all(Array.from({ length: N }, () => h.teams.send(activity)));
  expect(responses.every((r) => r.status === 200)).toBe(true);
  expect((await h.stores.partners.list()).filter((x) => x.name === 'Tailspin Toys')).toHaveLength(1);
  const answer = await sayAndRead(h, p.admin, 'partners');
  expect(answer.text).toContain('Tailspin Toys');
}, 120_000);

test(`one flag delivered ${N} times (Teams retrying): recorded once, every delivery told it is recorded`, async () => {
  // A flag carries no stage to catch a repeat: the activity's id does (README "Reliability").
  const activity = h.teams.invokeExecute(p.ic, personal(h, p.ic), {
    verb: 'flag',
    data: { partnerId: 'northwind', caseId: '', stage: -1, triggers: 'poor-communication', ev1_kind: 'meeting-notes', ev1_summary: 'Nobody from Northwind came to the kickoff.' },
  });
  const responses = await deliveredAtOnce(activity);
  expect(responses.map((r) => r.status)).toEqual(Array.from({ length: N }, () => 200));
  expect(responses.filter((r) => r.text.includes('Flag recorded'))).toHaveLength(N);
  // Delivered again later (the answer was lost on the way): still once.
  expect((await h.teams.send(activity)).text).toContain('Flag recorded');
  const events = await eventsOf(h, 'northwind');
  expect(count(events, 'flag-raised')).toBe(1);
  expect((await caseOf(h, 'northwind')).flags).toHaveLength(1);
  // The same person flagging again in a new activity is a new flag, as before.
  expect(answerText(await flagInChat(h, p.ic, 'Northwind'))).toContain('Flag recorded');
  expect(count(await eventsOf(h, 'northwind'), 'flag-raised')).toBe(2);
}, 120_000);
