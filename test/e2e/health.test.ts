// Partner health over real HTTP, as people use it in Teams: rate the 4 C's, log a symptom and an interaction, set
// the stage and the executive owner, and see the partner card and the digest change; a stranger cannot rate.
import { mention } from '../support/teams';
import { factsOf, findButton, submitData } from '../support/cards';
import type { Clicked } from './edgeKit';
import { CONTOSO, CONTOSO_ID, REFUSED, answerCard, answerText, cardText, cardsOf, flagInChat, personal, postAndRead, sayAndRead, setUpOrg } from './edgeKit';
import type { Harness } from './harness';
import { startHarness } from './harness';

const FABRIKAM = 'Fabrikam Logistics';
const TEAM = { teamId: '19:health-team@thread.tacv2', channelId: '19:health-syncs@thread.tacv2' };
const DAY = 86_400_000;

let h: Harness;
let p: Harness['people'];

beforeAll(async () => {
  h = await startHarness();
  p = h.people;
  await setUpOrg(h, { partners: [CONTOSO, FABRIKAM] });
  await h.teams.say(p.stranger, 'hello');
  const sales = await sayAndRead(h, p.admin, `partner sales ${CONTOSO} ${mention(p.sales)}`, [p.sales]);
  expect(sales.text).toContain('sales directors: Sam Diaz');
}, 60_000);

afterAll(async () => {
  await h?.deliver();
  await h?.stop();
});

type Json = Record<string, unknown>;

/** The partner card a person gets for `partner <name>` in their 1:1 chat. */
async function partnerCard(user = p.ic, name = CONTOSO): Promise<Json> {
  const answer = await sayAndRead(h, user, `partner ${name}`);
  const card = answer.replies.flatMap(cardsOf)[0];
  if (!card) throw new Error(`no partner card: ${answer.text}`);
  return card;
}

/** Clicks a button of a card as `user` in their 1:1 chat. */
function clickButton(user: Harness['people']['ic'], card: Json, query: Parameters<typeof findButton>[1], typed: Record<string, string> = {}): Promise<Clicked> {
  const button = findButton(card, query);
  if (!button) throw new Error(`no button ${JSON.stringify(query)} on:\n${cardText(card)}`);
  return h.teams.execute(user, personal(h, user), { verb: String(button.verb), data: submitData(card, query, typed) });
}

function healthOf(card: Json): number {
  const m = /^Health (\d+) of 100/m.exec(cardText(card));
  if (!m) throw new Error(`no health line on:\n${cardText(card)}`);
  return Number(m[1]);
}

describe('a partner nobody has said anything about', () => {
  test('`partner <name>` shows its health and why, even to someone who may not rate it', async () => {
    const card = await partnerCard(p.stranger);
    expect(healthOf(card)).toBe(92);
    expect(cardText(card)).toContain('No executive owner (−8)');
    expect(factsOf(card)).toMatchObject({ Case: 'None: nobody has flagged it', 'Sales directors': 'Sam Diaz', Stage: 'Not set', 'Executive owner': 'None' });
    // Only the buttons the stranger may use: flag, nothing else.
    expect(findButton(card, { verb: 'show-partner', form: 'health-rate' })).toBeUndefined();
    expect(findButton(card, 'show-card')).toBeDefined();
  });

  test('`partner add` and the other admin commands are never taken for a partner card', async () => {
    const answer = await sayAndRead(h, p.stranger, 'partner add Northwind');
    expect(answer.text).toMatch(/Only admins can change partner records/);
  });
});

describe('rating, symptoms, interactions, stage and owner', () => {
  test('a stranger cannot rate: refused in words, by command and by a forged click, and nothing is stored', async () => {
    const typed = await sayAndRead(h, p.stranger, `score ${CONTOSO}`);
    expect(typed.text).toMatch(/You can't rate the 4 C's of Contoso Cloud: that is for the people who work with it/);
    const forged = await h.teams.execute(p.stranger, personal(h, p.stranger), {
      verb: 'rate-partner',
      data: { partnerId: CONTOSO_ID, caseId: '', stage: -1, culture: '1', capacity: '1', commitment: '1', competencies: '1' },
    });
    expect(answerText(forged)).toMatch(REFUSED);
    expect(await h.stores.health.get(CONTOSO_ID)).toBeUndefined();
  });

  test('the IC who flagged it rates the 4 C\'s from `score`; the card shows the mean and the note', async () => {
    expect(answerText(await flagInChat(h, p.ic, CONTOSO))).toContain('Flag recorded');
    const before = healthOf(await partnerCard());
    const form = (await sayAndRead(h, p.ic, `score ${CONTOSO}`)).replies.flatMap(cardsOf)[0]!;
    expect(cardText(form)).toContain('Do you have strong alignment with the mission, vision and values');
    const res = await h.teams.execute(p.ic, personal(h, p.ic), {
      verb: 'rate-partner',
      data: submitData(form, 'rate-partner', { culture: '4', capacity: '3', commitment: '2', competencies: '4', commitment_note: 'Only ever one deal at a time' }),
    });
    const card = answerCard(res);
    expect(cardText(card)).toContain("Thanks: your rating of the 4 C's is recorded.");
    expect(factsOf(card)).toMatchObject({ Commitment: '2.0 of 5 · “Only ever one deal at a time” (Ivy Chen)', Culture: '4.0 of 5' });
    expect(cardText(card)).toContain("The 4 C's: 3.3 of 5");
    expect(healthOf(card)).toBeLessThan(before);
  });

  test('a symptom logged from the card shows as open; resolving it takes it off', async () => {
    const card = await partnerCard();
    const form = answerCard(await clickButton(p.ic, card, { verb: 'show-partner', form: 'health-symptom' }));
    const logged = answerCard(await clickButton(p.ic, form, 'log-symptom', { symptom: 'one-sided-concessions', note: 'We absorbed the whole 10% discount' }));
    expect(cardText(logged)).toContain('Symptom recorded.');
    expect(cardText(logged)).toMatch(/\*\*One-sided price concessions\*\* since .*: We absorbed the whole 10% discount \(Ivy Chen\)/);
    expect(cardText(logged)).toContain('Open symptoms (1)');
    const resolved = answerCard(await clickButton(p.ic, logged, 'resolve-symptom'));
    expect(cardText(resolved)).toContain('Symptom resolved.');
    expect(cardText(resolved)).not.toContain('Open symptoms');
    await clickButton(p.ic, resolved, { verb: 'show-partner', form: 'health-symptom' }).then((f) => clickButton(p.ic, answerCard(f), 'log-symptom', { symptom: 'no-mutual-respect' }));
  });

  test('the IC\'s manager logs a meeting in one message; a joint win in one click', async () => {
    const met = await sayAndRead(h, p.manager, `met ${CONTOSO}`);
    expect(met.text).toContain('Logged: you met Contoso Cloud today.');
    const card = met.replies.flatMap(cardsOf)[0]!;
    expect(factsOf(card)['Last interaction']).toMatch(/\(today, logged by Manny Ortiz\)$/);
    const win = answerCard(await clickButton(p.manager, card, { verb: 'log-interaction', title: 'Joint win today' }));
    expect(factsOf(win)['Last joint win']).not.toBe('None logged');
    // A joint win with a note, typed: the note is kept as written.
    const typed = await sayAndRead(h, p.manager, `met ${CONTOSO} win Signed the Fabrikam renewal together`);
    expect(typed.text).toContain('Joint win with Contoso Cloud logged for today.');
    const last = (await h.stores.health.get(CONTOSO_ID))!.state.interactions.at(-1);
    expect(last).toMatchObject({ kind: 'joint-win', note: 'Signed the Fabrikam renewal together', by: p.manager.aadObjectId });
  });

  test('the sales director sets the stage and the executive owner; the score and its reasons follow', async () => {
    const card = await partnerCard(p.sales);
    const before = healthOf(card);
    const form = answerCard(await clickButton(p.sales, card, { verb: 'show-partner', form: 'health-stage' }));
    const saved = answerCard(await clickButton(p.sales, form, 'set-stage-owner', { partnerStage: 'plateau', execOwner: p.vp.aadObjectId }));
    expect(cardText(saved)).toContain('Stage and executive owner saved.');
    expect(factsOf(saved)).toMatchObject({ 'Executive owner': 'Vera Lind', Stage: expect.stringMatching(/^Plateau: /) });
    // Plateau costs 8 and the executive owner gives back 8.
    expect(healthOf(saved)).toBe(before);
    expect(cardText(saved)).not.toContain('No executive owner');
  });

  test('`score` in a channel sends the form, with your own last rating, to your 1:1 chat', async () => {
    const asked = await postAndRead(h, p.ic, `score ${CONTOSO}`, TEAM);
    expect(asked.text).toBe("I've sent you the rating form for Contoso Cloud in our 1:1 chat.");
    expect(asked.replies.flatMap(cardsOf)).toEqual([]);
    const inChat = h.channel.sent.filter((s) => s.conversationId === personal(h, p.ic).id).at(-1)!;
    expect(cardText(cardsOf(inChat)[0]!)).toContain('Your last rating is filled in');
  });

  test('the executive owner may now rate too; the mean is over the recent raters', async () => {
    const form = (await sayAndRead(h, p.vp, `score ${CONTOSO}`)).replies.flatMap(cardsOf)[0]!;
    const card = answerCard(await h.teams.execute(p.vp, personal(h, p.vp), { verb: 'rate-partner', data: submitData(form, 'rate-partner', { culture: '2', capacity: '2', commitment: '2', competencies: '2' }) }));
    expect(cardText(card)).toContain("The 4 C's: 2.6 of 5");
    expect(cardText(card)).toMatch(/Recent raters: (Vera Lind|Ivy Chen) .*, (Vera Lind|Ivy Chen)/);
  });

  test('only an admin says where it fits (and tags it)', async () => {
    const mine = await partnerCard(p.ic);
    expect(findButton(mine, { verb: 'show-partner', form: 'health-fits' })).toBeUndefined();
    const refused = await h.teams.execute(p.ic, personal(h, p.ic), { verb: 'set-fits', data: { partnerId: CONTOSO_ID, caseId: '', stage: -1, fit1_motion: 'Co-selling', fit1_fits: 'false', tags: '' } });
    expect(answerText(refused)).toMatch(/You can't change where it fits for Contoso Cloud: that is for admins/);
    const card = await partnerCard(p.admin);
    const form = answerCard(await clickButton(p.admin, card, { verb: 'show-partner', form: 'health-fits' }));
    const saved = answerCard(await clickButton(p.admin, form, 'set-fits', { fit1_motion: 'Marketing events', fit1_fits: 'true', fit2_motion: 'Co-selling', fit2_fits: 'false', tags: '#emea, strategic' }));
    expect(factsOf(saved)).toMatchObject({ Fits: 'Marketing events: yes · Co-selling: no', Tags: '\\#emea \\#strategic' });
  });
});

describe('partners and the digest', () => {
  test('`partners by health` puts the least healthy first; `partners mine` keeps yours', async () => {
    const byHealth = await sayAndRead(h, p.ic, 'partners by health');
    const text = byHealth.text;
    expect(text.indexOf('Contoso Cloud')).toBeLessThan(text.indexOf('Fabrikam Logistics'));
    expect(text).toMatch(/Health \d+ · IC reset · strike 1/);
    const mine = await sayAndRead(h, p.ic, 'partners mine');
    expect(mine.text).toContain('Contoso Cloud');
    expect(mine.text).not.toContain('Fabrikam Logistics');
  });

  test('the digest ranks partners by health, names who moved a week later and why, and keeps to a channel\'s scope', async () => {
    const now = (await sayAndRead(h, p.ic, 'digest now')).replies.flatMap(cardsOf)[0]!;
    expect(cardText(now)).toContain('Partner health');
    expect(cardText(now)).toMatch(/Lowest health: 2 of 2/);
    // A week on: a new symptom on Contoso; the digest says it moved down, and why.
    h.clock.set(new Date(h.clock.now().getTime() + 7 * DAY));
    const card = await partnerCard(p.ic);
    const form = answerCard(await clickButton(p.ic, card, { verb: 'show-partner', form: 'health-symptom' }));
    await clickButton(p.ic, form, 'log-symptom', { symptom: 'solution-not-represented' });
    const later = (await sayAndRead(h, p.ic, 'digest now')).replies.flatMap(cardsOf)[0]!;
    expect(cardText(later)).toMatch(/Down most since last week\n\*\*Contoso Cloud\*\* \d+ \(▼\d+ from \d+\): 2 open symptoms/);

    // An admin scopes a channel's digest to Fabrikam: Contoso is no longer in it.
    const scoped = await postAndRead(h, p.admin, `digest here ${FABRIKAM}`, TEAM);
    expect(scoped.text).toContain('This channel now gets the weekly partner-health digest for Fabrikam Logistics.');
    const preview = await postAndRead(h, p.ic, 'digest now', TEAM);
    const digest = preview.replies.flatMap(cardsOf)[0]!;
    expect(cardText(digest)).toContain('Fabrikam Logistics');
    expect(cardText(digest)).not.toContain('Contoso Cloud');
    // By tag: Contoso is tagged #emea.
    await postAndRead(h, p.admin, 'digest here #emea', TEAM);
    const tagged = (await postAndRead(h, p.ic, 'digest now', TEAM)).replies.flatMap(cardsOf)[0]!;
    expect(cardText(tagged)).toContain('partners tagged \\#emea');
    expect(cardText(tagged)).toContain('Contoso Cloud');
    expect(cardText(tagged)).not.toContain('Fabrikam Logistics');
  });
});
