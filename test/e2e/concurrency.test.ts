// Two people acting on the same case at the same moment, over real HTTP: both requests are in flight together,
// exactly one transition is stored, and the other person gets "this case has moved on" with the current card.
import type { CaseEvent } from '../../src/domain';
import type { Clicked } from './edgeKit';
import { answerCard, answerText, caseData, caseOf, eventsOf, flagInChat, hasVerb, isoDay, personal, raceCommits, setUpOrg, step, walkTo, whereOf } from './edgeKit';
import type { Harness } from './harness';
import { startHarness } from './harness';

const MOVED_ON = /moved on/i;

let h: Harness;
let p: Harness['people'];

beforeAll(async () => {
  h = await startHarness();
  p = h.people;
  await setUpOrg(h, { partners: ['Contoso Cloud', 'Litware', 'Tailspin Toys', 'Northwind Traders', 'Proseware', 'Fabrikam'] });
}, 60_000);

afterAll(async () => {
  // Let the pings the last test caused finish before the bot and the stand-in go away.
  await h?.deliver();
  await h?.stop();
});

function count(events: CaseEvent[], type: CaseEvent['type']): number {
  return events.filter((e) => e.type === type).length;
}

/** Splits two answers into the winner's and the loser's (fails unless exactly one was moved on). */
function winnerAndLoser(answers: Clicked[]): { winner: Clicked; loser: Clicked } {
  const moved = answers.filter((a) => MOVED_ON.test(answerText(a)));
  expect({ movedOn: moved.length, answers: answers.map((a) => answerText(a).split('\n').slice(0, 3).join(' / ')) }).toEqual({ movedOn: 1, answers: expect.any(Array) });
  return { winner: answers.find((a) => !moved.includes(a))!, loser: moved[0]! };
}

test('the manager double-clicks Approve: one approval is stored, the second click sees the case moved on', async () => {
  expect(answerText(await flagInChat(h, p.ic, 'Contoso Cloud'))).toContain('Flag recorded');
  await step(h, 'contoso-cloud'); // the IC logs the reset attempt
  const state = await caseOf(h, 'contoso-cloud');
  expect(whereOf(state)).toBe('ic-reset/approval');
  const eventsBefore = await eventsOf(h, 'contoso-cloud');

  const click = () => h.teams.execute(p.manager, personal(h, p.manager), { verb: 'approve-reset', data: caseData(state) });
  const race = raceCommits(h);
  let answers: Clicked[];
  try {
    answers = await Promise.all([click(), click()]);
  } finally {
    race.restore();
  }
  expect(race.arrived).toBe(2);
  const { winner, loser } = winnerAndLoser(answers);
  expect(answerText(winner)).toContain('Reset attempt approved');
  expect(loser.httpStatus).toBe(200);

  const events = await eventsOf(h, 'contoso-cloud');
  expect(count(events, 'reset-attempt-decided') - count(eventsBefore, 'reset-attempt-decided')).toBe(1);
  expect(whereOf(await caseOf(h, 'contoso-cloud'))).toBe('ic-reset/watching');
  // The loser's card shows where the case stands now, with no approve button left.
  const card = answerCard(loser);
  expect(answerText(loser)).toContain('IC reset');
  expect(hasVerb(card, 'approve-reset')).toBe(false);
});

test('two different buttons of the same stage (Approve and Escalate now) at once: exactly one wins', async () => {
  expect(answerText(await flagInChat(h, p.ic, 'Proseware'))).toContain('Flag recorded');
  await step(h, 'proseware');
  const state = await caseOf(h, 'proseware');
  const before = await eventsOf(h, 'proseware');
  const race = raceCommits(h);
  let answers: Clicked[];
  try {
    answers = await Promise.all([
      h.teams.execute(p.manager, personal(h, p.manager), { verb: 'approve-reset', data: caseData(state) }),
      h.teams.execute(p.manager, personal(h, p.manager), { verb: 'escalate-now', data: caseData(state) }),
    ]);
  } finally {
    race.restore();
  }
  expect(race.arrived).toBe(2);
  const { winner } = winnerAndLoser(answers);
  const after = await caseOf(h, 'proseware');
  const added = (await eventsOf(h, 'proseware')).slice(before.length);
  const decided = added.flatMap((e) => (e.type === 'reset-attempt-decided' ? [e.outcome] : []));
  // One decision on the attempt, and only the winner's consequences.
  if (answerText(winner).includes('Reset attempt approved')) {
    expect(decided).toEqual(['approved']);
    expect(count(added, 'strike-added')).toBe(0);
    expect([whereOf(after), after.level]).toEqual(['ic-reset/watching', 1]);
  } else {
    expect(answerText(winner)).toContain('Escalated');
    expect(decided).toEqual(['escalated']);
    expect(count(added, 'strike-added')).toBe(1);
    expect([whereOf(after), after.level]).toEqual(['manager-reset/attempt', 2]);
  }
});

test('the VP and the manager record the GM meeting at the same moment: one meeting, the other sees the case moved on', async () => {
  expect(answerText(await flagInChat(h, p.ic, 'Litware'))).toContain('Flag recorded');
  await walkTo(h, 'vp-review/gm-meeting', 'litware');
  const state = await caseOf(h, 'litware');
  const before = await eventsOf(h, 'litware');
  const record = (who: typeof p.vp, on: number) => h.teams.execute(who, personal(h, who), { verb: 'record-gm-meeting', data: caseData(state, { on: isoDay(h.clock.now(), on) }) });

  const race = raceCommits(h);
  let answers: Clicked[];
  try {
    answers = await Promise.all([record(p.vp, 0), record(p.manager, -1)]);
  } finally {
    race.restore();
  }
  expect(race.arrived).toBe(2);
  const { winner, loser } = winnerAndLoser(answers);
  expect(answerText(winner)).toContain('GM meeting recorded');
  const events = await eventsOf(h, 'litware');
  expect(count(events, 'gm-meeting-recorded') - count(before, 'gm-meeting-recorded')).toBe(1);
  // Only the winner's events were appended, numbered without a gap.
  expect(events.length - before.length).toBe(events.slice(before.length).length);
  const after = await caseOf(h, 'litware');
  expect(whereOf(after)).toBe('sales-escalation/sales-meeting');
  expect(after.version).toBe(events.length);
  // The loser is shown the case as it stands now: at GM and Sales.
  expect(answerText(loser)).toContain('GM and Sales');
  expect(hasVerb(answerCard(loser), 'record-gm-meeting')).toBe(false);
});

test('the action owner and the manager mark the same action done at once: it is done once', async () => {
  expect(answerText(await flagInChat(h, p.ic, 'Tailspin Toys'))).toContain('Flag recorded');
  await walkTo(h, 'manager-reset/choice', 'tailspin-toys');
  const choice = await caseOf(h, 'tailspin-toys');
  const owned = await h.teams.execute(p.manager, personal(h, p.manager), {
    verb: 'take-ownership',
    data: caseData(choice, { act1_text: 'Rebuild the onboarding plan.', act1_owner: p.ic.aadObjectId, act1_due: isoDay(h.clock.now(), 10), act2_text: 'Name an escalation contact.', act2_owner: p.manager.aadObjectId, act2_due: isoDay(h.clock.now(), 10) }),
  });
  expect(answerText(owned)).toContain('Ownership taken');
  const state = await caseOf(h, 'tailspin-toys');
  const action = state.actions.find((a) => a.ownerId === p.ic.aadObjectId)!;
  const done = (who: typeof p.ic) => h.teams.execute(who, personal(h, who), { verb: 'mark-action-done', data: caseData(state, { actionId: action.actionId }) });

  const race = raceCommits(h);
  let answers: Clicked[];
  try {
    answers = await Promise.all([done(p.ic), done(p.manager)]);
  } finally {
    race.restore();
  }
  expect(race.arrived).toBe(2);
  const { winner } = winnerAndLoser(answers);
  expect(answerText(winner)).toContain('Marked done');
  const events = await eventsOf(h, 'tailspin-toys');
  expect(events.filter((e) => e.type === 'action-done' && e.actionId === action.actionId)).toHaveLength(1);
  // The other action is still open, so the case stays in internal improvement.
  expect(whereOf(await caseOf(h, 'tailspin-toys'))).toBe('internal-improvement/actions');
});

test('without holding anything back, two simultaneous clicks give exactly one transition, round after round', async () => {
  // The manager double-clicks "Send back"; the IC logs a new attempt; again, ten times.
  expect(answerText(await flagInChat(h, p.ic, 'Northwind Traders'))).toContain('Flag recorded');
  for (let round = 1; round <= 10; round++) {
    await step(h, 'northwind-traders'); // the IC logs an attempt
    const state = await caseOf(h, 'northwind-traders');
    expect(whereOf(state)).toBe('ic-reset/approval');
    const before = count(await eventsOf(h, 'northwind-traders'), 'reset-attempt-decided');
    const sendBack = () => h.teams.execute(p.manager, personal(h, p.manager), { verb: 'send-back-reset', data: caseData(state, { comment: `Round ${round}: not specific enough.` }) });
    const answers = await Promise.all([sendBack(), sendBack()]);
    const { winner } = winnerAndLoser(answers);
    expect(answerText(winner)).toContain('Sent back');
    expect(count(await eventsOf(h, 'northwind-traders'), 'reset-attempt-decided') - before).toBe(1);
    expect(whereOf(await caseOf(h, 'northwind-traders'))).toBe('ic-reset/attempt');
  }
}, 60_000);

test('two people flag the same partner at the same moment: both flags are kept, as one occurrence', async () => {
  // Nobody has flagged Fabrikam yet: both clicks would open its case; the second must not lose its evidence.
  const flag = (who: typeof p.ic, summary: string) =>
    h.teams.execute(who, personal(h, who), {
      verb: 'flag',
      data: { partnerId: 'fabrikam', caseId: '', stage: -1, triggers: 'misaligned-expectations', ev1_kind: 'meeting-notes', ev1_summary: summary },
    });
  const race = raceCommits(h);
  let answers: Clicked[];
  try {
    answers = await Promise.all([flag(p.ic, 'Ivy: the kickoff went badly.'), flag(p.manager, 'Manny: same kickoff, same problem.')]);
  } finally {
    race.restore();
  }
  // Both raced to open the case; the one that lost was decided again on the opened case and committed.
  expect(race.arrived).toBe(3);
  for (const a of answers) expect(answerText(a)).toContain('Flag recorded');
  const state = await caseOf(h, 'fabrikam');
  expect(state.flags.map((f) => f.reporterId).sort()).toEqual([p.ic.aadObjectId, p.manager.aadObjectId].sort());
  expect(state.occurrences).toBe(1);
  expect(state.level).toBe(1);
  const summaries = (await eventsOf(h, 'fabrikam')).flatMap((e) => (e.type === 'flag-raised' ? e.evidence.map((x) => x.summary) : []));
  expect(summaries.sort()).toEqual(['Ivy: the kickoff went badly.', 'Manny: same kickoff, same problem.']);
});
