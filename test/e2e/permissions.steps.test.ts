// Permissions at every step of the workflow, over real HTTP: someone off the case clicks every button the case
// accepts where it stands, with valid inputs, and is refused each time; nothing changes.
import { acceptedAt, answerText, caseData, caseOf, flagInChat, isoDay, personal, setUpOrg, step, unchangedCase, validInputs, whereOf, REFUSED } from './edgeKit';
import type { Harness } from './harness';
import { startHarness } from './harness';

const LITWARE = 'Litware';
const LITWARE_ID = 'litware';
const TAILSPIN = 'Tailspin Toys';
const TAILSPIN_ID = 'tailspin-toys';

let h: Harness;
let p: Harness['people'];

beforeAll(async () => {
  h = await startHarness();
  p = h.people;
  await setUpOrg(h, { partners: [LITWARE, TAILSPIN] });
  await h.teams.say(p.stranger, 'hello');
}, 60_000);

afterAll(async () => {
  // Let the pings the last test caused finish before the bot and the stand-in go away.
  await h?.deliver();
  await h?.stop();
});

/** The stranger mashes every button the case accepts now, all at once: each refused, the case as it was. */
async function strangerRefusedEverywhere(partnerId: string): Promise<void> {
  const state = await caseOf(h, partnerId);
  const where = whereOf(state);
  const verbs = acceptedAt(state);
  expect(verbs.length).toBeGreaterThan(0);
  const answers = await unchangedCase(h, partnerId, () =>
    Promise.all(verbs.map((verb) => h.teams.execute(p.stranger, personal(h, p.stranger), { verb, data: caseData(state, validInputs(h, verb, state, p.stranger.aadObjectId)) }))),
  );
  answers.forEach((res, i) => {
    const verb = verbs[i]!;
    expect({ where, verb, httpStatus: res.httpStatus, text: answerText(res) }).toEqual({ where, verb, httpStatus: 200, text: expect.stringMatching(REFUSED) });
    // Refused for who they are, not for the step: the verbs come from what this step accepts.
    expect({ where, verb, text: answerText(res) }).toEqual({ where, verb, text: expect.not.stringMatching(/another step|moved on/i) });
  });
}

test('a stranger cannot act on any button at any step, even with valid inputs', async () => {
  expect(answerText(await flagInChat(h, p.ic, LITWARE))).toContain('Flag recorded');
  const visited: string[] = [];
  for (let where = whereOf(await caseOf(h, LITWARE_ID)); where !== 'closed'; where = await step(h, LITWARE_ID)) {
    visited.push(where);
    await strangerRefusedEverywhere(LITWARE_ID);
  }
  expect(visited).toEqual([
    'ic-reset/attempt',
    'ic-reset/approval',
    'manager-reset/attempt',
    'manager-reset/choice',
    'vp-review/risk',
    'vp-review/risk-confirmation',
    'vp-review/gm-meeting',
    'sales-escalation/sales-meeting',
    'sales-escalation/email',
    'decision/proposal',
    'decision/gm-approval',
    'review-period/actions',
    'decision/proposal',
    'decision/gm-approval',
    'disengaging/partner-meeting',
  ]);
  // A closed case accepts nothing from anyone.
  const closed = await caseOf(h, LITWARE_ID);
  const res = await unchangedCase(h, LITWARE_ID, () => h.teams.execute(p.stranger, personal(h, p.stranger), { verb: 'add-evidence', data: caseData(closed, validInputs(h, 'add-evidence', closed, '')) }));
  expect(answerText(res)).toMatch(/closed.*accepts no more actions/);
}, 60_000);

test('a stranger cannot mark an improvement action done, nor act on the internal-improvement step', async () => {
  expect(answerText(await flagInChat(h, p.ic, TAILSPIN))).toContain('Flag recorded');
  await step(h, TAILSPIN_ID); // the IC logs a reset attempt
  await step(h, TAILSPIN_ID); // the manager escalates: manager reset
  await step(h, TAILSPIN_ID); // the manager logs their attempt
  const state = await caseOf(h, TAILSPIN_ID);
  const owned = await h.teams.execute(p.manager, personal(h, p.manager), {
    verb: 'take-ownership',
    data: caseData(state, { act1_text: 'Rebuild the onboarding plan.', act1_owner: p.ic.aadObjectId, act1_due: isoDay(h.clock.now(), 10) }),
  });
  expect(answerText(owned)).toContain('Ownership taken');
  expect(whereOf(await caseOf(h, TAILSPIN_ID))).toBe('internal-improvement/actions');
  await strangerRefusedEverywhere(TAILSPIN_ID);
});
