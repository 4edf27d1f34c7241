// Bad input over real HTTP: bodies that are not activities, card clicks with unknown verbs, missing fields,
// wrong types and out-of-bounds values, hostile text, huge messages, unknown partners and commands. Each gets a
// 4xx or a clear message, never a crash, and nothing is stored.
import type { CaseEvent } from '../../src/domain';
import { submitData } from '../support/cards';

import {
  activityText,
  answerCard,
  answerText,
  caseOf,
  cardsOf,
  eventsOf,
  hasVerb,
  personal,
  postAndRead,
  sayAndRead,
  setUpOrg,
} from './edgeKit';
import type { Clicked } from './edgeKit';
import type { Harness } from './harness';
import { startHarness } from './harness';

const CONTOSO_ID = 'contoso-cloud';

let h: Harness;
let p: Harness['people'];

beforeAll(async () => {
  h = await startHarness();
  p = h.people;
  await setUpOrg(h, { partners: ['Contoso Cloud', 'Contoso Pharma', 'Litware'] });
}, 60_000);

afterAll(async () => {
  // Let the pings the last test caused finish before the bot and the stand-in go away.
  await h?.deliver();
  await h?.stop();
});

/** A flag click on Contoso with these inputs (on top of a valid one-item flag). */
function flagClick(inputs: Record<string, unknown>, base: Record<string, unknown> = {}): Promise<Clicked> {
  const data = { partnerId: CONTOSO_ID, caseId: '', stage: -1, triggers: 'misaligned-expectations', ev1_kind: 'email', ev1_summary: 'A valid summary.', ...base, ...inputs };
  return h.teams.execute(p.ic, personal(h, p.ic), { verb: 'flag', data });
}

function flagEvents(events: CaseEvent[]): Array<Extract<CaseEvent, { type: 'flag-raised' }>> {
  return events.flatMap((e) => (e.type === 'flag-raised' ? [e] : []));
}

/** Nothing about any partner was stored: no case, no pending flag. */
async function nothingStored(): Promise<void> {
  for (const partnerId of [CONTOSO_ID, 'contoso-pharma', 'litware']) expect(await h.stores.cases.latest(partnerId)).toBeUndefined();
  expect(await h.stores.pendingFlags.pending()).toEqual([]);
}

describe('bodies that are not Bot Framework activities', () => {
  test('malformed JSON gets 400', async () => {
    for (const body of ['{"type": "message", "text": ', 'not json at all', '{"type":"message"}}']) {
      const res = await h.teams.sendRaw(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
  });

  test('JSON that is not an activity gets 400 and says what was expected', async () => {
    for (const body of ['[]', '"message"', '42', 'null', '{}', '{"type": 7}', '{"text": "flag Contoso"}']) {
      const res = await h.teams.sendRaw(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    const res = await h.teams.sendRaw('[]');
    expect(res.text).toContain('Expected a Bot Framework activity');
  });

  test('an activity with fields of the wrong type gets 400 naming the field, never internal text', async () => {
    const good = h.teams.personalMessage(p.ic, 'help');
    const tries: Array<[string, Record<string, unknown>]> = [
      ['serviceUrl', { serviceUrl: { url: 'https://evil.example' } }],
      ['serviceUrl', { serviceUrl: 'javascript:alert(1)' }],
      ['from.name', { from: { ...good.from, name: { first: 'Ivy' } } }],
      ['from', { from: 'Ivy' }],
      ['conversation.id', { conversation: { ...good.conversation, id: 7 } }],
      ['entities', { entities: 'mention' }],
      ['text', { text: ['flag', 'Contoso'] }],
    ];
    for (const [field, change] of tries) {
      const res = await h.teams.send({ ...good, ...change } as typeof good);
      expect({ field, status: res.status, text: res.text }).toEqual({ field, status: 400, text: expect.stringContaining(field) });
      expect(res.text).not.toMatch(/is not a function|TypeError|EDM|at \w+ \(/);
    }
    await nothingStored();
  });

  test('a body over 512 KB gets 413 and is not processed', async () => {
    const activity = h.teams.personalMessage(p.ic, `flag Contoso Cloud expectations ${'x'.repeat(600 * 1024)}`);
    const before = h.channel.sent.length;
    const res = await h.teams.send(activity);
    expect(res.status).toBe(413);
    expect(h.channel.sent.length).toBe(before);
  });

  test('the bot is still up and answering after all that', async () => {
    const answer = await sayAndRead(h, p.ic, 'triggers');
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('Misaligned expectations');
    await nothingStored();
  });
});

describe('card clicks with bad data', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['no evidence at all', { ev1_summary: '' }, /Evidence|at least 1 evidence item/i],
    ['no trigger', { triggers: '' }, /at least one trigger/i],
    ['an unknown trigger', { triggers: 'bad-vibes' }, /"bad-vibes" is not one of/],
    ['an unknown evidence kind', { ev1_kind: 'rumour' }, /Evidence 1 kind/],
    ['a 2,001-character summary', { ev1_summary: 'x'.repeat(2001) }, /Evidence 1 summary: at most 2000 characters/],
    ['an http:// link', { ev1_link: 'http://contoso.example/minutes' }, /Evidence 1 link: an https:\/\/ link/],
    ['a javascript: link', { ev1_link: 'javascript:alert(1)' }, /Evidence 1 link/],
    ['a 501-character link', { ev1_link: `https://contoso.example/${'a'.repeat(480)}` }, /Evidence 1 link: a link of at most 500 characters/],
    ['a date that does not exist', { ev1_date: '2026-02-30' }, /Evidence 1 date: a real calendar date/],
    ['a summary that is an object', { ev1_summary: { text: 'hi' } }, /Evidence 1 summary: expected text/],
    ['triggers as a number', { triggers: 42 }, /triggers: expected a list/],
    ['a stage that is not a number', { stage: 'latest' }, /stage: expected a number/],
    ['a partner id full of ${…}', { partnerId: '${partnerId}' }, /not known/],
    ['a partner id with control characters', { partnerId: 'contoso\u0000cloud' }, /partnerId: not a valid id/],
    ['no partner at all', { partnerId: '' }, /did not say which partner/],
  ];

  test.each(cases)('a flag with %s gets a clear message and stores nothing', async (_what, inputs, message) => {
    const res = await flagClick(inputs);
    expect(res.httpStatus).toBe(200);
    expect(res.statusCode).toBe(200);
    expect(answerText(res)).toMatch(message);
    await nothingStored();
  });

  test('a flag with 11 evidence items is refused, not cut to 10', async () => {
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [[`ev${i + 1}_kind`, 'email'], [`ev${i + 1}_summary`, `Item ${i + 1}`]]).flat());
    const res = await flagClick(eleven);
    expect(answerText(res)).toMatch(/at most 10 evidence items/);
    await nothingStored();
  });

  test('unknown verbs, a missing verb and data that is not an object each get a clear message', async () => {
    const tries: Array<[{ verb: string; data?: Record<string, unknown> }, RegExp]> = [
      [{ verb: 'delete-case', data: { partnerId: CONTOSO_ID } }, /This button is no longer valid[^]*Nothing changed/],
      [{ verb: '${verb}', data: { partnerId: CONTOSO_ID } }, /This button is no longer valid/],
      [{ verb: '', data: {} }, /no action/],
    ];
    for (const [action, message] of tries) {
      const res = await h.teams.execute(p.ic, personal(h, p.ic), action);
      expect({ verb: action.verb, text: answerText(res) }).toEqual({ verb: action.verb, text: expect.stringMatching(message) });
    }
    for (const data of [['partnerId', CONTOSO_ID], 'contoso-cloud', 7]) {
      const activity = h.teams.invokeExecute(p.ic, personal(h, p.ic), { verb: 'flag' });
      (activity.value as { action: { data: unknown } }).action.data = data;
      const res = await h.teams.send(activity);
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).toContain('does not understand');
    }
    // A click without its action is not a card click: 400 at the edge. An invoke name the bot does not handle
    // gets botbuilder's 501 Not Implemented, with no turn error, and the bot carries on.
    const bare = h.teams.invokeExecute(p.ic, personal(h, p.ic), { verb: 'flag' });
    delete bare.value;
    const refused = await h.teams.send(bare);
    expect([refused.status, refused.text]).toEqual([400, expect.stringContaining('value.action')]);
    expect((await h.teams.send({ ...h.teams.invokeExecute(p.ic, personal(h, p.ic), { verb: 'flag' }), name: 'composeExtension/query' })).status).toBe(501);
    expect((await sayAndRead(h, p.ic, 'help')).replies.length).toBeGreaterThan(0);
    await nothingStored();
  });

  test('commands on a case with missing or wrong fields change nothing', async () => {
    // A real case first, so that the refusals below are about the inputs.
    const ok = await flagClick({ ev1_summary: 'The real first flag.' });
    expect(answerText(ok)).toContain('Flag recorded');
    const state = await caseOf(h, CONTOSO_ID);
    const events = await eventsOf(h, CONTOSO_ID);
    const at = { partnerId: CONTOSO_ID, caseId: state.caseId, stage: state.stage };
    const tries: Array<[string, Record<string, unknown>, RegExp]> = [
      ['log-reset-attempt', { ...at }, /what was agreed: missing|some text/i],
      ['log-reset-attempt', { ...at, agreed: 'x'.repeat(2001), agreedOn: '2026-11-02' }, /at most 2000 characters/],
      ['log-reset-attempt', { ...at, agreed: 'ok', agreedOn: 'yesterday' }, /a date as yyyy-mm-dd/],
      ['add-evidence', { ...at, ev1_summary: 'ok', ev1_link: 'ftp://files.example/x' }, /https:\/\/ link/],
      ['withdraw-flag', { ...at }, /the flag/],
      ['draft-risk', { ...at, amount: 'a lot', currency: 'USD' }, /revenue at risk: expected a number/],
      ['mark-action-done', { ...at, actionId: { $ne: null } }, /actionId: expected text|the action/],
    ];
    for (const [verb, data, message] of tries) {
      const res = await h.teams.execute(p.ic, personal(h, p.ic), { verb, data });
      expect({ verb, text: answerText(res) }).toEqual({ verb, text: expect.stringMatching(message) });
    }
    expect(await eventsOf(h, CONTOSO_ID)).toEqual(events);
  });

  test('markdown, HTML and ${…} in text are stored exactly as typed and shown literally, never as markup', async () => {
    const hostile = 'See ${partner} and {{DATE(2017-02-14T06:08:39Z, SHORT)}} **now** [click](https://evil.example) <img src=x onerror=alert(1)>\n- not a list';
    const res = await flagClick({ triggers: 'poor-communication', ev1_summary: hostile, newOccurrence: 'true' });
    expect(answerText(res)).toContain('Flag recorded');
    expect(flagEvents(await eventsOf(h, CONTOSO_ID)).at(-1)!.evidence[0]!.summary).toBe(hostile);

    const history = await sayAndRead(h, p.ic, 'history Contoso Cloud');
    const json = JSON.stringify(history.replies.flatMap(cardsOf));
    // Every character that could start markup or a template is escaped.
    expect(json).toContain(String.raw`See \\$\\{partner\\}`);
    expect(json).toContain(String.raw`\\{\\{DATE(2017-02-14T06:08:39Z, SHORT)\\}\\}`);
    expect(json).toContain(String.raw`\\*\\*now\\*\\*`);
    expect(json).toContain(String.raw`\\[click\\](https://evil.example)`);
    expect(json).toContain(String.raw`\\<img src=x onerror=alert(1)\\>`);
    expect(json).toContain(String.raw`\\- not a list`);
    expect(json).not.toMatch(/(?<!\\)<img/);
  });
});

describe('typed messages', () => {
  test('a 50 KB message gets an answer (help), not a crash', async () => {
    const answer = await sayAndRead(h, p.ic, `lorem ipsum ${'dolor sit amet '.repeat(3500)}`);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain("I didn't understand");
    expect(answer.text.length).toBeLessThan(20_000);
    const flag = await sayAndRead(h, p.ic, `flag ${'Contoso '.repeat(6500)}`);
    expect(flag.status).toBe(200);
    expect(flag.text).toMatch(/No partner called|Which partner/);
  });

  test('an unknown command gets help', async () => {
    const answer = await sayAndRead(h, p.ic, 'frobnicate the partners please');
    expect(answer.text).toContain(`I didn't understand "frobnicate the partners please"`);
    const card = answer.replies.flatMap(cardsOf)[0];
    expect(card).toBeDefined();
    expect(activityText(answer.replies.at(-1)!)).toMatch(/flag/);
  });

  test('an empty message, and a message with only a mention, get help too', async () => {
    for (const text of ['', '   ']) {
      const answer = await sayAndRead(h, p.ic, text);
      expect(answer.status).toBe(200);
      expect(answer.replies.length).toBeGreaterThan(0);
    }
    const where = { teamId: '19:input-team@thread.tacv2', channelId: '19:input@thread.tacv2' };
    const activity = h.teams.channelMessage(p.ic, { ...where, text: '' });
    const before = h.channel.sent.length;
    expect((await h.teams.send(activity)).status).toBe(200);
    expect(h.channel.sent.slice(before).some((s) => s.conversationId === activity.conversation.id)).toBe(true);
  });
});

describe('an unknown partner on flag', () => {
  test('gets the closest names and a "request this partner" button', async () => {
    const answer = await sayAndRead(h, p.ic, 'flag Contso expectations');
    expect(answer.text).toContain('No partner called "Contso" yet');
    const card = answer.replies.flatMap(cardsOf)[0]!;
    expect(answer.text).toContain('Contoso Cloud');
    expect(answer.text).toContain('Contoso Pharma');
    expect(hasVerb(card, 'request-partner')).toBe(true);
  });

  test('the pending flag is recorded as the reporter, with everything they typed, once an admin adds the partner', async () => {
    const answer = await sayAndRead(h, p.ic, 'flag Globex Systems expectations comms');
    const unknown = answer.replies.flatMap(cardsOf).find((c) => hasVerb(c, 'request-partner'))!;
    expect(unknown).toBeDefined();

    // "Request this partner" turns the card into the flag form for that name.
    const request = submitData(unknown, 'request-partner');
    const form = answerCard(await h.teams.execute(p.ic, personal(h, p.ic), { verb: 'request-partner', data: request }));
    expect(hasVerb(form, 'flag')).toBe(true);
    const typed = {
      ev1_kind: 'meeting-notes',
      ev1_summary: 'QBR: they said our SLA is "not their problem".\nSecond line kept.',
      ev1_link: 'https://contoso.sharepoint.example/qbr-notes',
      ev1_date: '2026-10-29',
      ev2_kind: 'email',
      ev2_summary: 'Follow-up email ignored for 3 weeks.',
    };
    const saved = await h.teams.execute(p.ic, personal(h, p.ic), { verb: 'flag', data: submitData(form, 'flag', typed) });
    expect(answerText(saved)).toContain('your flag will be recorded the moment they do');
    expect(await h.stores.cases.latest('globex-systems')).toBeUndefined();
    expect(await h.stores.pendingFlags.pending()).toHaveLength(1);
    // The admin is asked to add it.
    const asked = h.channel.personalMessages(p.admin.id).map(activityText).filter((t) => t.includes('Globex Systems'));
    expect(asked.join('\n')).toContain('partner add Globex Systems');

    const added = await sayAndRead(h, p.admin, 'partner add Globex Systems');
    expect(added.text).toContain('1 pending flag was recorded');
    const state = await caseOf(h, 'globex-systems');
    expect(state.flags).toHaveLength(1);
    const flag = state.flags[0]!;
    expect(flag.reporterId).toBe(p.ic.aadObjectId);
    expect(flag.triggers).toEqual(['misaligned-expectations', 'poor-communication']);
    expect(flagEvents(await eventsOf(h, 'globex-systems'))[0]!.evidence).toEqual([
      { kind: 'meeting-notes', summary: typed.ev1_summary, link: typed.ev1_link, date: typed.ev1_date },
      { kind: 'email', summary: typed.ev2_summary },
    ]);
    expect(state.people.reporter).toBe(p.ic.aadObjectId);
    expect(state.people.manager).toBe(p.manager.aadObjectId);
    expect(await h.stores.pendingFlags.pending()).toEqual([]);
    // The reporter is told, and their manager is pinged as for any flag.
    expect(h.channel.personalMessages(p.ic.id).map(activityText).join('\n')).toContain('Your flag is recorded');
    await h.deliver();
    expect(h.channel.personalMessages(p.manager.id).map(activityText).join('\n')).toMatch(/Ivy Chen flagged Globex Systems/);
    // Adding it again changes nothing.
    const again = await sayAndRead(h, p.admin, `partner add Globex Systems`);
    expect(again.text).toContain('already exists');
    expect((await caseOf(h, 'globex-systems')).flags).toHaveLength(1);
  });
});

describe('an unknown partner flagged in a channel', () => {
  test('once the admin adds it, the case belongs to that channel and its card shows there', async () => {
    const where = { teamId: '19:input-team@thread.tacv2', channelId: '19:input-syncs@thread.tacv2' };
    const posted = await postAndRead(h, p.ic, 'flag Initech expectations', where);
    const unknown = posted.replies.flatMap(cardsOf).find((c) => hasVerb(c, 'request-partner'));
    expect(unknown).toBeDefined();
    const form = answerCard(await h.teams.execute(p.ic, posted.conversationId, { verb: 'request-partner', data: submitData(unknown!, 'request-partner') }));
    const saved = await h.teams.execute(p.ic, posted.conversationId, { verb: 'flag', data: submitData(form, 'flag', { ev1_summary: 'Raised in the channel sync.' }) });
    expect(answerText(saved)).toContain('your flag will be recorded the moment they do');
    // The evidence never shows in the channel.
    expect(h.channel.sent.filter((s) => s.conversationId === posted.conversationId).map(activityText).join('\n')).not.toContain('Raised in the channel sync.');

    const added = await sayAndRead(h, p.admin, 'partner add Initech');
    expect(added.text).toContain('1 pending flag was recorded');
    const state = await caseOf(h, 'initech');
    expect(state.channel).toBe(posted.conversationId);
    await h.deliver();
    // Nobody just asked for this card (the flag waited for the admin): it is a new post in the channel, not a reply
    // buried in the thread where the flag was typed.
    const inThread = h.channel.sent.filter((s) => s.conversationId === posted.conversationId).map(activityText).join('\n');
    expect(inThread).not.toMatch(/IC reset/);
    const newPosts = h.channel.sent.filter((s) => s.conversationId.startsWith(`${where.channelId};messageid=`) && s.conversationId !== posted.conversationId);
    const inChannel = newPosts.map(activityText).join('\n');
    expect(inChannel).toContain('Initech');
    expect(inChannel).toMatch(/IC reset/);
    expect(inChannel).not.toContain('Raised in the channel sync.');
  });
});
