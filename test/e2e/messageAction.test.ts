// "Flag a partner red flag" from a message's … menu, over real HTTP (README "Flag a message"): the dialog comes
// prefilled with the message as evidence and the partner guessed; submitting it does what the flag form does; the
// short card goes where the message was (or, in a 1:1, only to the person); a forged submit is refused.
import { cardText, choicesOf, inputsOf } from '../support/cards';
import { dialogSubmitData, fetchTaskActivity, messagePayload, sendTask, submitActionActivity } from '../support/messageActions';
import type { TeamsConversation, TeamsUser } from '../support/teams';
import { teamsUser } from '../support/teams';
import type { Harness } from './harness';
import { startHarness } from './harness';
import { CONTOSO, CONTOSO_ID, activityText, caseOf, eventsOf, setUpOrg, sayAndRead } from './edgeKit';

let h: Harness;
let sync: TeamsConversation;
const FILE = { name: 'escalation-notes.docx', contentUrl: 'https://contoso.sharepoint.com/sites/partners/Shared%20Documents/escalation-notes.docx' };

beforeAll(async () => {
  h = await startHarness();
  await setUpOrg(h, { partners: [CONTOSO, 'Fabrikam'] });
  sync = h.teams.channelConversation({ teamId: '19:team-partners@thread.tacv2', channelId: '19:sync@thread.tacv2', threadId: '1800000000500' });
});
afterAll(() => h.stop());

function mannysMessage(html = '<p>Honestly <b>Contoso Cloud</b> keeps ignoring our emails &amp; calls.</p><p>Third week in a row.</p>') {
  return messagePayload({ author: h.people.manager, html, files: [FILE] });
}

async function openDialog(user: TeamsUser, where: TeamsConversation | string, payload: Record<string, unknown>) {
  const answer = await sendTask(h.teams, fetchTaskActivity(h.teams, user, where, payload));
  expect(answer.status).toBe(200);
  if (!answer.card) throw new Error(`no dialog: ${answer.message ?? 'nothing'}`);
  return answer.card;
}

describe('composeExtension/fetchTask', () => {
  it('opens the evidence form prefilled with the message, its file, the guessed partner and trigger', async () => {
    const answer = await sendTask(h.teams, fetchTaskActivity(h.teams, h.people.ic, sync, mannysMessage()));
    expect(answer.title).toBe('Flag a partner red flag');
    const card = answer.card!;
    const inputs = inputsOf(card);
    expect(inputs.partner).toBe(CONTOSO_ID);
    expect(choicesOf(card).partner).toEqual([CONTOSO_ID, 'fabrikam']);
    expect(inputs.triggers).toBe('poor-communication');
    // The message as written, without its HTML, with who wrote it and when (TIME_ZONE, UTC here), and its link.
    expect(inputs.ev1_summary).toBe('Manny Ortiz wrote on 2 Nov 2026, 08:45 UTC: “Honestly Contoso Cloud keeps ignoring our emails & calls.\nThird week in a row.”');
    expect(inputs.ev1_link).toBe('https://teams.microsoft.com/l/message/19:sync@thread.tacv2/1800000000999');
    expect(inputs.ev1_date).toBe('2026-11-02');
    // The attached file is a link; the bot never fetched it.
    expect([inputs.ev2_summary, inputs.ev2_link]).toEqual([`File attached to the message: ${FILE.name}`, FILE.contentUrl]);
    expect(cardText(card)).toContain('Only you see this form.');
    expect(h.channel.requests.filter((r) => r.operation === 'file')).toEqual([]);
  });

  it('guesses no partner when the message names none, and says so', async () => {
    const card = await openDialog(h.people.ic, sync, messagePayload({ author: h.people.manager, html: 'Can we move the sync to 10?' }));
    expect(inputsOf(card).partner).toBe('');
    expect(cardText(card)).toContain('Pick the partner it is about.');
  });

  it('answers a fetch without a message, and an unknown command, in words', async () => {
    expect((await sendTask(h.teams, fetchTaskActivity(h.teams, h.people.ic, sync, undefined))).message).toMatch(/from the … menu of a message/);
    expect((await sendTask(h.teams, fetchTaskActivity(h.teams, h.people.ic, sync, mannysMessage(), 'oldCommand'))).message).toMatch(/does not know this command/);
  });
});

describe('composeExtension/submitAction', () => {
  it('flags like the flag form: the case opens as the person who sent it, the channel gets the short card, the manager is told', async () => {
    const payload = mannysMessage();
    const card = await openDialog(h.people.ic, sync, payload);
    const before = h.channel.sent.length;
    const answer = await sendTask(h.teams, submitActionActivity(h.teams, h.people.ic, sync, payload, dialogSubmitData(card)));
    expect(answer.message).toBe('Flag recorded. Contoso Cloud is at IC reset (strike 1). The conversation sees a short note without your evidence.');

    const state = await caseOf(h);
    expect([state.step, state.level, state.people.reporter]).toEqual(['ic-reset', 1, h.people.ic.aadObjectId]);
    const raised = (await eventsOf(h)).find((e) => e.type === 'flag-raised');
    expect(raised).toMatchObject({ actor: h.people.ic.aadObjectId, triggers: ['poor-communication'] });
    expect(raised && 'evidence' in raised ? raised.evidence.map((e) => e.link) : []).toEqual(['https://teams.microsoft.com/l/message/19:sync@thread.tacv2/1800000000999', FILE.contentUrl]);

    const posted = h.channel.sent.slice(before).filter((s) => s.conversationId === sync.id);
    expect(posted).toHaveLength(1);
    const note = activityText(posted[0]!);
    expect(note).toContain('Ivy Chen flagged Contoso Cloud: Poor communication. The evidence is with the people on the case.');
    expect(note).not.toContain('ignoring our emails');

    await h.deliver();
    expect(h.channel.personalCards(h.people.manager.aadObjectId).map(cardText).join('\n')).toContain('Ivy Chen flagged Contoso Cloud (poor communication)');
  });

  it('joins the same strike within the merge window, as a second flag would', async () => {
    const payload = mannysMessage('<p>Contoso Cloud never got back to us about the SOW either.</p>');
    const card = await openDialog(h.people.vp, sync, payload);
    const answer = await sendTask(h.teams, submitActionActivity(h.teams, h.people.vp, sync, payload, dialogSubmitData(card)));
    expect(answer.message).toContain('Flag recorded. Contoso Cloud is at IC reset (strike 1).');
    const state = await caseOf(h);
    expect(state.flags.map((f) => [f.reporterId, f.merged])).toEqual([
      [h.people.ic.aadObjectId, false],
      [h.people.vp.aadObjectId, true],
    ]);
  });

  it('lets the person change the guessed partner', async () => {
    const payload = mannysMessage();
    const card = await openDialog(h.people.ic, sync, payload);
    const answer = await sendTask(h.teams, submitActionActivity(h.teams, h.people.ic, sync, payload, dialogSubmitData(card, { partner: 'fabrikam' })));
    expect(answer.message).toContain('Fabrikam is at IC reset (strike 1).');
    expect((await caseOf(h, 'fabrikam')).flags[0]!.triggers).toEqual(['poor-communication']);
  });

  it('in a 1:1 chat posts nothing there: the case card goes to the person only', async () => {
    const oneToOne: TeamsConversation = { kind: 'personal', id: '19:ivy_manny@unq.gbl.spaces', tenantId: h.people.ic.tenantId };
    const payload = messagePayload({ author: h.people.manager, html: 'Contoso Cloud wants us to run their helpdesk for free.' });
    const card = await openDialog(h.people.ic, oneToOne, payload);
    expect(cardText(card)).not.toContain('Only you see this form.');
    const before = h.channel.personalCards(h.people.ic.aadObjectId).length;
    const answer = await sendTask(h.teams, submitActionActivity(h.teams, h.people.ic, oneToOne, payload, dialogSubmitData(card)));
    expect(answer.message).toMatch(/^Flag recorded\. .* The case card is in your chat with partner-fit\.$/);
    expect(h.channel.sent.filter((s) => s.conversationId === oneToOne.id)).toEqual([]);
    expect(h.channel.personalCards(h.people.ic.aadObjectId).slice(before).map(cardText).join('\n')).toContain('Flag recorded.');
  });

  it('in a chat the bot is not part of, the person gets the case card instead', async () => {
    const chat = h.teams.groupChatConversation('19:meeting_weekly-sync@thread.v2');
    h.channel.block({ conversationId: chat.id }, 'BotNotInConversationRoster');
    const payload = messagePayload({ author: h.people.manager, html: 'Contoso Cloud missed the sync again.' });
    const card = await openDialog(h.people.ic, chat, payload);
    const before = (await caseOf(h)).flags.length;
    const answer = await sendTask(h.teams, submitActionActivity(h.teams, h.people.ic, chat, payload, dialogSubmitData(card, { newOccurrence: 'true' })));
    expect(answer.message).toMatch(/^Flag recorded\. Contoso Cloud is at .+\. The case card is in your chat with partner-fit\.$/);
    expect((await caseOf(h)).flags).toHaveLength(before + 1);
    expect(h.channel.sent.filter((s) => s.conversationId === chat.id)).toEqual([]);
    h.channel.unblock({ conversationId: chat.id });
  });

  it('refuses a submit that names another person or tenant, and records nothing', async () => {
    const payload = messagePayload({ author: h.people.manager, html: 'Contoso Cloud is impossible to reach.' });
    const card = await openDialog(h.people.ic, sync, payload);
    const events = await eventsOf(h);
    for (const forged of [{ aadObjectId: h.people.gm.aadObjectId }, { from: { aadObjectId: h.people.gm.aadObjectId } }, { tenantId: '5e1f7e4a-0000-4000-8000-0000000be11e' }]) {
      const answer = await sendTask(h.teams, submitActionActivity(h.teams, h.people.ic, sync, payload, { ...dialogSubmitData(card), ...forged }));
      expect(answer.message).toBe('Nothing was flagged: this form named a person or an organisation, and partner-fit takes who you are from Teams only.');
    }
    expect(await eventsOf(h)).toEqual(events);
  });

  it('refuses a submit from another tenant, in the dialog\'s own words, storing nothing', async () => {
    const outsider = teamsUser('Olga Outsider', { tenantId: '5e1f7e4a-0000-4000-8000-0000000be11e' });
    const payload = messagePayload({ author: outsider, html: 'Fabrikam ignores us.' });
    const restricted = await startHarness({ ALLOWED_TENANT_IDS: h.people.ic.tenantId });
    try {
      await setUpOrg(restricted, { partners: ['Fabrikam'] });
      const theirs = restricted.teams.channelConversation({ teamId: '19:outside-team@thread.tacv2', channelId: '19:outside@thread.tacv2', threadId: '1', tenantId: outsider.tenantId });
      const answer = await sendTask(restricted.teams, submitActionActivity(restricted.teams, outsider, theirs, payload, { partner: 'fabrikam', triggers: 'poor-communication', ev1_kind: 'other', ev1_summary: 'x' }));
      expect(answer.message).toBe('Sorry, partner-fit is not available to your organisation.');
      expect(await restricted.stores.cases.latest('fabrikam')).toBeUndefined();
      expect(await restricted.stores.directory.get(outsider.aadObjectId)).toBeUndefined();
    } finally {
      await restricted.stop();
    }
  });
});

describe('files sent with `flag` in the 1:1 chat', () => {
  it('become evidence links on the form; the bot never downloads them', async () => {
    const downloadUrl = h.channel.serveFile('notes.pdf', 'confidential minutes');
    const activity = h.teams.personalMessage(h.people.ic, `flag Fabrikam`, {
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.file.download.info',
          contentUrl: 'https://contoso-my.sharepoint.com/personal/ivy/Documents/Microsoft%20Teams%20Chat%20Files/notes.pdf',
          name: 'notes.pdf',
          content: { downloadUrl, uniqueId: 'a1b2c3', fileType: 'pdf' },
        },
      ],
    });
    const before = h.channel.sent.length;
    expect((await h.teams.send(activity)).status).toBe(200);
    const form = h.channel.sent
      .slice(before)
      .flatMap((s) => (s.activity.attachments ?? []).map((a) => a.content as Record<string, unknown>))
      .find((c) => JSON.stringify(c).includes('"verb":"flag"'))!;
    const inputs = inputsOf(form);
    expect([inputs.ev1_summary, inputs.ev1_link]).toEqual(['File: notes.pdf', 'https://contoso-my.sharepoint.com/personal/ivy/Documents/Microsoft%20Teams%20Chat%20Files/notes.pdf']);
    expect(JSON.stringify(form)).not.toContain(downloadUrl);
    expect(h.channel.requests.filter((r) => r.operation === 'file')).toEqual([]);
    // Still an ordinary chat: the person can say something else afterwards.
    expect((await sayAndRead(h, h.people.ic, 'help')).replies.length).toBeGreaterThan(0);
  });
});
