// Spotting red flags in syncs, as a conversation over real HTTP (README "Spotting red flags in syncs"): messages in
// a channel or meeting chat that do not @mention the bot are read for a known partner with red-flag language; the
// author alone gets a quiet suggestion in their 1:1 chat; one per partner per conversation per day; "Not this",
// "Not for this partner" and `spotting off` are remembered; and no message text is stored unless it is flagged.
import { TableClient } from '@azure/data-tables';
import type { Card } from '../support/cards';
import { cardText, inputsOf, submitData } from '../support/cards';
import { testConnectionString } from '../support/storage';
import type { TeamsUser } from '../support/teams';
import type { Harness } from './harness';
import { startHarness } from './harness';
import { CONTOSO, CONTOSO_ID, answerCard, answerText, caseOf, personal, postAndRead, sayAndRead, setUpOrg } from './edgeKit';

let h: Harness;
const SYNC = { teamId: '19:team-partners@thread.tacv2', channelId: '19:partner-sync@thread.tacv2' };
const OTHER = { teamId: '19:team-partners@thread.tacv2', channelId: '19:delivery@thread.tacv2' };
const DAY = 86_400_000;

beforeAll(async () => {
  h = await startHarness();
  await setUpOrg(h, { partners: [CONTOSO, 'Fabrikam'] });
  // People say "Contoso"; the admin records it as an alias, and the spotter knows it at once.
  expect((await sayAndRead(h, h.people.admin, `partner alias ${CONTOSO} Contoso`)).text).not.toMatch(/couldn't|only admins/i);
});
afterAll(() => h.stop());

/** Someone writes in the channel without mentioning the bot; returns what the bot put into the channel (nothing, ever). */
async function say(user: TeamsUser, text: string, where = SYNC): Promise<string[]> {
  const activity = h.teams.channelMessage(user, { ...where, text, mentionBot: false });
  const before = h.channel.sent.length;
  expect((await h.teams.send(activity)).status).toBe(200);
  return h.channel.sent.slice(before).filter((s) => s.conversationId.startsWith(where.channelId)).map((s) => s.kind);
}

/** The suggestions a person received in their 1:1 chat, newest last. */
function suggestions(user: TeamsUser): Card[] {
  return h.channel.personalCards(user.aadObjectId).filter((c) => /^Sounds like /.test(cardText(c)));
}

async function click(user: TeamsUser, card: Card, verb: string): Promise<string> {
  return answerText(await h.teams.execute(user, personal(h, user), { verb, data: submitData(card, verb) }));
}

describe('a message that sounds like a red flag', () => {
  it('gets its author a private suggestion, saying which words matched, and nothing in the channel', async () => {
    const before = { ivy: suggestions(h.people.ic).length, manny: suggestions(h.people.manager).length };
    expect(await say(h.people.ic, 'Contoso keeps ignoring our emails about the renewal, third week now.')).toEqual([]);
    const mine = suggestions(h.people.ic).slice(before.ivy);
    expect(mine).toHaveLength(1);
    const text = cardText(mine[0]!);
    expect(text).toContain('Sounds like poor communication with Contoso Cloud — flag it?');
    expect(text).toContain('What sounded like it: “ignoring our emails”.');
    expect(text).toContain('Only you see this message.');
    expect(suggestions(h.people.manager).length).toBe(before.manny);
  });

  it('Flag it opens the flag form with the message as evidence, and the flag is recorded as its author', async () => {
    const card = suggestions(h.people.ic).at(-1)!;
    const form = answerCard(await h.teams.execute(h.people.ic, personal(h, h.people.ic), { verb: 'spot-flag', data: submitData(card, 'spot-flag') }));
    const inputs = inputsOf(form);
    expect(inputs.triggers).toBe('poor-communication');
    expect(inputs.ev1_summary).toMatch(/^Ivy Chen wrote on 2 Nov 2026, 09:00 UTC: “Contoso keeps ignoring our emails about the renewal, third week now\.”$/);
    expect(inputs.ev1_link).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/message\/19:partner-sync@thread\.tacv2\/\d+$/);
    const flagged = await h.teams.execute(h.people.ic, personal(h, h.people.ic), { verb: 'flag', data: submitData(form, 'flag') });
    expect(answerText(flagged)).toContain('Flag recorded.');
    expect((await caseOf(h, CONTOSO_ID)).people.reporter).toBe(h.people.ic.aadObjectId);
  });
});

describe('what gets nothing', () => {
  it('a partner without a problem, a problem without a partner, a competitor, a negation: no suggestion', async () => {
    const before = suggestions(h.people.vp).length;
    for (const text of ['Contoso shared the updated deck, link above.', 'The customer keeps ignoring our emails.', 'Unlike Litware, Fabrikam always answers within a day.', 'Fabrikam has not missed a single sync.']) {
      expect(await say(h.people.vp, text)).toEqual([]);
    }
    expect(suggestions(h.people.vp).length).toBe(before);
  });

  it('commands are answered only when the bot is @mentioned', async () => {
    expect(await say(h.people.vp, `status ${CONTOSO}`)).toEqual([]);
    const mentioned = await postAndRead(h, h.people.vp, `status ${CONTOSO}`, SYNC);
    expect(mentioned.text).toContain(CONTOSO);
  });
});

describe('at most one suggestion per partner per conversation per day', () => {
  it('is spent for the day once someone got it; another partner or another day gets its own', async () => {
    const manny = h.people.manager;
    const before = suggestions(manny).length;
    await say(manny, 'Contoso went dark again after the pricing call.');
    expect(suggestions(manny).length).toBe(before);
    await say(manny, 'Fabrikam wants another discount to close, the third this quarter.');
    expect(cardText(suggestions(manny).at(-1)!)).toContain('Sounds like profitability with Fabrikam — flag it?');
    h.clock.advance(DAY);
    await say(manny, 'Contoso went dark again after the pricing call.');
    expect(suggestions(manny).length).toBe(before + 2);
    expect(cardText(suggestions(manny).at(-1)!)).toContain('Sounds like poor communication with Contoso Cloud');
  });
});

describe('"Not this" and "Not for this partner"', () => {
  it('are remembered: not this dismisses the day\'s suggestion, not for this partner stops them for that person and partner there', async () => {
    const manny = h.people.manager;
    expect(await click(manny, suggestions(manny).at(-1)!, 'spot-dismiss')).toContain('Noted: not a red flag. No more suggestions about Contoso Cloud from that conversation today.');
    h.clock.advance(DAY);
    await say(manny, 'Contoso is impossible to reach this month.');
    const latest = suggestions(manny).at(-1)!;
    expect(cardText(latest)).toContain('Sounds like poor communication with Contoso Cloud');

    expect(await click(manny, latest, 'spot-mute')).toContain('You will get no more suggestions about Contoso Cloud from that conversation.');
    h.clock.advance(DAY);
    const before = suggestions(manny).length;
    await say(manny, 'Contoso is impossible to reach this month.');
    expect(suggestions(manny).length).toBe(before);
    // Only for him, only for Contoso, only in that channel.
    await say(manny, 'Contoso is impossible to reach, and nobody owns the follow-ups.', OTHER);
    expect(suggestions(manny).length).toBe(before + 1);
    await say(h.people.vp, 'Fabrikam keeps ignoring our follow-ups.');
    expect(cardText(suggestions(h.people.vp).at(-1)!)).toContain('Sounds like poor communication with Fabrikam');
  });
});

describe('spotting off and on', () => {
  it('are for admins, per channel, and remembered', async () => {
    h.clock.advance(DAY);
    const refused = await postAndRead(h, h.people.ic, 'spotting off', SYNC);
    expect(refused.text).toBe('Only admins can turn red-flag spotting off or on here. Ask an admin, or see `help`.');

    const off = await postAndRead(h, h.people.admin, 'spotting off', SYNC);
    expect(off.text).toContain('Spotting is off in this channel');
    const before = suggestions(h.people.ic).length;
    await say(h.people.ic, 'Fabrikam went silent after the workshop.');
    expect(suggestions(h.people.ic).length).toBe(before);
    // Another channel still spots.
    await say(h.people.ic, 'Fabrikam went silent after the workshop.', OTHER);
    expect(suggestions(h.people.ic).length).toBe(before + 1);

    expect((await postAndRead(h, h.people.admin, 'spotting on', SYNC)).text).toContain('Spotting is on again in this channel');
    await say(h.people.ic, 'Contoso ghosted us after the workshop.');
    expect(cardText(suggestions(h.people.ic).at(-1)!)).toContain('Sounds like poor communication with Contoso Cloud');
  });
});

describe('in a meeting chat', () => {
  it('suggests the same way, and says where the message was', async () => {
    const meeting = h.teams.groupChatConversation('19:meeting_weekly-partner-sync@thread.v2');
    const activity = h.teams.message(h.people.gm, meeting, 'Tailspin aside, Fabrikam asked us to misreport usage numbers to hit their incentive.', { mentionBot: false });
    activity.channelData.meeting = { id: 'MCMxOTptZWV0aW5n' };
    const before = suggestions(h.people.gm).length;
    expect((await h.teams.send(activity)).status).toBe(200);
    expect(h.channel.sent.filter((s) => s.conversationId === meeting.id)).toEqual([]);
    const card = suggestions(h.people.gm).at(-1)!;
    expect(suggestions(h.people.gm).length).toBe(before + 1);
    expect(cardText(card)).toContain('Sounds like misaligned values with Fabrikam — flag it?');
    expect(cardText(card)).toContain('You wrote in a meeting chat:');
  });
});

describe('privacy', () => {
  it('stores no message text unless the person flags it', async () => {
    const unflagged = ['fourth week now', 'went dark again after the pricing call', 'impossible to reach this month', 'misreport usage numbers', 'went silent after the workshop', 'ghosted us after the workshop'];
    await say(h.people.sales, 'Contoso: fourth week now, they keep ignoring our emails.', OTHER);
    const everything: string[] = [];
    for (const table of Object.values(h.stores.tableNames)) {
      const client = TableClient.fromConnectionString(testConnectionString(), table, { allowInsecureConnection: true });
      for await (const row of client.listEntities()) everything.push(JSON.stringify(row));
    }
    const stored = everything.join('\n');
    expect(stored.length).toBeGreaterThan(1000);
    for (const words of unflagged) expect({ words, stored: stored.includes(words) }).toEqual({ words, stored: false });
    // The one message Ivy flagged is evidence on the case, as she chose.
    expect(stored).toContain('ignoring our emails about the renewal');
  });
});
