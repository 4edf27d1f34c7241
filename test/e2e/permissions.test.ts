// Permissions over real HTTP: identity and rights come from the Teams activity (sender, tenant), never from
// card data; refused actions say why and change nothing in storage.
import { TEST_TENANT_ID, mention, teamsUser } from '../support/teams';
import type { TeamsUser } from '../support/teams';
import {
  CONTOSO,
  CONTOSO_ID,
  activityText,
  answerCard,
  answerText,
  caseData,
  caseOf,
  cardsOf,
  click,
  eventsOf,
  flagInChannel,
  flagInChat,
  hasVerb,
  logResetAttempt,
  personal,
  postAndRead,
  sayAndRead,
  setUpOrg,
  unchangedCase,
  REFUSED,
} from './edgeKit';
import type { Harness } from './harness';
import { startHarness } from './harness';

const TEAM = { teamId: '19:perm-team@thread.tacv2', channelId: '19:perm-syncs@thread.tacv2' };
const EVIDENCE = 'Partner missed the SOW deadline twice; escalation email from their PM attached.';
const FABRIKAM = 'Fabrikam Logistics';
const FABRIKAM_ID = 'fabrikam-logistics';


let h: Harness;
let p: Harness['people'];

beforeAll(async () => {
  // Only our tenant may use the bot (the cast lives in TEST_TENANT_ID).
  h = await startHarness({ ALLOWED_TENANT_IDS: TEST_TENANT_ID });
  p = h.people;
  await setUpOrg(h, { partners: [CONTOSO, FABRIKAM, 'Northwind Traders', 'Woodgrove Bank'] });
  await h.teams.say(p.stranger, 'hello');
  const flagged = await flagInChat(h, p.ic, CONTOSO, { ev1_summary: EVIDENCE });
  expect(answerText(flagged)).toContain('Flag recorded');
  expect(answerText(await logResetAttempt(h, p.ic))).toContain('Reset attempt logged');
  const state = await caseOf(h);
  expect([state.step, state.phase]).toEqual(['ic-reset', 'approval']);
}, 60_000);

afterAll(async () => {
  // Let the pings the last test caused finish before the bot and the stand-in go away.
  await h?.deliver();
  await h?.stop();
});

/** Everything a refused click must leave as it was. */
function unchanged<T>(partnerId: string, act: () => Promise<T>): Promise<T> {
  return unchangedCase(h, partnerId, act);
}

describe('approving a reset attempt', () => {
  test('the IC cannot approve their own reset attempt: the card says why and nothing changes', async () => {
    const res = await unchanged(CONTOSO_ID, () => click(h, p.ic, 'approve-reset'));
    expect(res.httpStatus).toBe(200);
    expect(answerText(res)).toMatch(REFUSED);
    // The IC's own view of the approval form has no Approve button and explains why.
    const state = await caseOf(h);
    const form = answerCard(await h.teams.execute(p.ic, personal(h, p.ic), { verb: 'show-card', data: caseData(state, { form: 'reset-approval' }) }));
    expect(hasVerb(form, 'approve-reset')).toBe(false);
  });

  test('made their own manager (an admin reassigned the approval to them), the IC still cannot approve it', async () => {
    const reassigned = await sayAndRead(h, p.admin, `reassign ${CONTOSO} ${mention(p.ic)}`, [p.ic]);
    expect(reassigned.text).toContain('Reassigned to Ivy Chen');
    const state = await caseOf(h);
    expect(state.people.manager).toBe(p.ic.aadObjectId);
    expect(state.waitingOn).toBe(p.ic.aadObjectId);

    const res = await unchanged(CONTOSO_ID, () => click(h, p.ic, 'approve-reset'));
    expect(answerText(res)).toMatch(/Nobody approves their own reset attempt/);
    const form = answerCard(await h.teams.execute(p.ic, personal(h, p.ic), { verb: 'show-card', data: caseData(await caseOf(h), { form: 'reset-approval' }) }));
    expect(hasVerb(form, 'approve-reset')).toBe(false);
    expect(answerText({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: form })).toContain('You logged this attempt, so you cannot approve it');

    // Handing the approval back to the real manager lets it through.
    await sayAndRead(h, p.admin, `reassign ${CONTOSO} ${mention(p.manager)}`, [p.manager]);
    expect((await caseOf(h)).people.manager).toBe(p.manager.aadObjectId);
  });

  test('an admin standing in for a missing manager cannot approve the reset attempt they logged themselves', async () => {
    // Ada (admin) has no manager in the directory: on her own flag she stands in as the manager.
    expect(answerText(await flagInChat(h, p.admin, FABRIKAM))).toContain('Flag recorded');
    const opened = await caseOf(h, FABRIKAM_ID);
    expect(opened.missing).toContain('manager');
    expect(opened.people.manager).toBe(p.admin.aadObjectId);
    expect(answerText(await logResetAttempt(h, p.admin, FABRIKAM_ID))).toContain('Reset attempt logged');

    const res = await unchanged(FABRIKAM_ID, () => click(h, p.admin, 'approve-reset', {}, FABRIKAM_ID));
    expect(answerText(res)).toMatch(/Nobody approves their own reset attempt/);
    expect((await caseOf(h, FABRIKAM_ID)).phase).toBe('approval');
  });
});

describe('people off the case', () => {
  test("a stranger's view of the case has no action buttons", async () => {
    const status = await sayAndRead(h, p.stranger, `status ${CONTOSO}`);
    const card = status.replies.flatMap(cardsOf)[0];
    expect(card).toBeDefined();
    for (const verb of ['approve-reset', 'send-back-reset', 'escalate-now', 'withdraw-flag', 'reassign-owner']) expect(hasVerb(card, verb)).toBe(false);
  });

  test('identity forged inside card data (from, actor, userId, aadObjectId) is ignored: the sender is who acts', async () => {
    const state = await caseOf(h);
    const forged = {
      from: { id: p.manager.id, aadObjectId: p.manager.aadObjectId, name: p.manager.name },
      actor: p.manager.aadObjectId,
      userId: p.manager.aadObjectId,
      aadObjectId: p.manager.aadObjectId,
      by: p.manager.aadObjectId,
    };
    // The stranger pretending to be the manager is refused.
    const res = await unchanged(CONTOSO_ID, () => h.teams.execute(p.stranger, personal(h, p.stranger), { verb: 'approve-reset', data: caseData(state, forged) }));
    expect(answerText(res)).toMatch(REFUSED);

    // The manager, with the IC's identity forged into the data, approves as the manager.
    const asIc = { from: { id: p.ic.id, aadObjectId: p.ic.aadObjectId }, actor: p.ic.aadObjectId, userId: p.ic.aadObjectId };
    const approved = await h.teams.execute(p.manager, personal(h, p.manager), { verb: 'approve-reset', data: caseData(state, asIc) });
    expect(answerText(approved)).toContain('Reset attempt approved');
    const decided = (await eventsOf(h)).filter((e) => e.type === 'reset-attempt-decided');
    expect(decided).toHaveLength(1);
    expect(decided[0]!.actor).toBe(p.manager.aadObjectId);
    expect((await caseOf(h)).phase).toBe('watching');
  });
});

describe('another tenant', () => {
  const outsider: TeamsUser = teamsUser('Olga Outsider', { tenantId: '5e1f7e4a-0000-4000-8000-0000000be11e' });

  async function nothingStoredFor(user: TeamsUser, conversationId: string): Promise<void> {
    expect(await h.stores.directory.get(user.aadObjectId)).toBeUndefined();
    expect(await h.stores.conversations.personal(user.aadObjectId)).toBeUndefined();
    expect(await h.stores.conversations.conversation(conversationId)).toBeUndefined();
  }

  test('a message from another tenant gets a polite refusal and nothing is stored', async () => {
    const answer = await sayAndRead(h, outsider, `flag ${CONTOSO} expectations`);
    expect(answer.status).toBe(200);
    expect(answer.text).toMatch(/^Sorry, partner-fit is not available to your organisation\./);
    await nothingStoredFor(outsider, personal(h, outsider).id);
  });

  test('a card click from another tenant is refused and opens no case', async () => {
    const data = { partnerId: 'northwind-traders', caseId: '', stage: -1, triggers: 'misaligned-expectations', ev1_kind: 'email', ev1_summary: 'From outside.' };
    const res = await h.teams.execute(outsider, personal(h, outsider), { verb: 'flag', data });
    expect(res.httpStatus).toBe(200);
    expect(answerText(res)).toContain('not available to your organisation');
    expect(await h.stores.cases.latest('northwind-traders')).toBeUndefined();
    await nothingStoredFor(outsider, personal(h, outsider).id);
  });

  test('a message in another tenant\'s channel that does not mention the bot gets no answer at all, and nothing is stored', async () => {
    const where = { teamId: '19:outside-team@thread.tacv2', channelId: '19:outside-sync@thread.tacv2' };
    const activity = h.teams.channelMessage(outsider, { ...where, text: `${CONTOSO} keeps ignoring our emails.`, mentionBot: false });
    const before = h.channel.sent.length;
    expect((await h.teams.send(activity)).status).toBe(200);
    expect(h.channel.sent.slice(before)).toEqual([]);
    await nothingStoredFor(outsider, activity.conversation.id);
  });

  test('a channel post or an install from another tenant stores no reference either', async () => {
    const where = { teamId: '19:outside-team@thread.tacv2', channelId: '19:outside@thread.tacv2' };
    const posted = await postAndRead(h, outsider, `status ${CONTOSO}`, where);
    expect(posted.text).toContain('not available to your organisation');
    await nothingStoredFor(outsider, posted.conversationId);

    const before = h.channel.sent.length;
    const res = await h.teams.send(h.teams.installationUpdate(outsider, 'add'));
    expect(res.status).toBeLessThan(300);
    expect(h.channel.sent.slice(before).filter((s) => s.conversationId === personal(h, outsider).id)).toEqual([]);
    await nothingStoredFor(outsider, personal(h, outsider).id);
  });
});

describe('admin commands', () => {
  const attempts: Array<[string, TeamsUser[]]> = [
    ['partner add Evil Corp', []],
    [`partner sales ${CONTOSO} @ic`, []],
    [`partner rename ${CONTOSO} to Mine`, []],
    [`partner alias ${CONTOSO} as CC`, []],
    [`partner archive Northwind Traders`, []],
    ['partner import', []],
    ['org import', []],
    ['org show', []],
  ];

  test('non-admins cannot use admin commands: each is refused and nothing changes', async () => {
    const partnersBefore = await h.stores.partners.list();
    const directoryBefore = await h.stores.directory.list();
    const withPeople: Array<[string, TeamsUser[]]> = [
      ...attempts,
      [`org manager ${mention(p.ic)} ${mention(p.stranger)}`, [p.ic, p.stranger]],
      [`org role ${mention(p.ic)} admin`, [p.ic]],
      [`org unrole ${mention(p.vp)} vp`, [p.vp]],
      [`partner sales ${CONTOSO} ${mention(p.ic)}`, [p.ic]],
    ];
    for (const who of [p.ic, p.manager, p.stranger]) {
      for (const [text, mentions] of withPeople) {
        const answer = await sayAndRead(h, who, text, mentions);
        expect({ text, answer: answer.text }).toEqual({ text, answer: expect.stringContaining('Only admins can change partner records and the directory') });
      }
    }
    expect(await h.stores.partners.list()).toEqual(partnersBefore);
    expect(await h.stores.directory.list()).toEqual(directoryBefore);
  });

  test('non-admins cannot subscribe or unsubscribe a channel to the digest', async () => {
    for (const text of ['digest here', 'digest off']) {
      const answer = await postAndRead(h, p.ic, text, TEAM);
      expect(answer.text).toContain('Only admins can');
    }
    expect(await h.stores.subscriptions.list()).toEqual([]);
  });

  test('non-admins who are not the owner’s manager cannot reassign a case, and are told who can', async () => {
    const answer = await unchanged(CONTOSO_ID, () => sayAndRead(h, p.stranger, `reassign ${CONTOSO} ${mention(p.stranger)}`, [p.stranger]));
    expect(answer.text).toMatch(REFUSED);
    // Who may reassign (the holder's manager, an admin), not another step's "it is for the person the case is waiting on".
    expect(answer.text).toMatch(/reassign this case: that is for .+'s manager or an admin/);
    expect(answer.text).not.toMatch(/waiting on/);
  });

  test('a button on a card shown before the case moved says "moved on", even to someone who may not act', async () => {
    const before = await caseOf(h);
    const stale = { partnerId: CONTOSO_ID, caseId: before.caseId, stage: before.stage - 1 };
    for (const who of [p.manager, p.stranger]) {
      const res = await unchanged(CONTOSO_ID, () => h.teams.execute(who, personal(h, who), { verb: 'approve-reset', data: stale }));
      expect(answerText(res)).toMatch(/moved on/i);
      expect(answerText(res)).not.toMatch(REFUSED);
    }
  });
});

describe('history', () => {
  test('is refused to people off the case, in a 1:1 chat and in a channel', async () => {
    const direct = await sayAndRead(h, p.stranger, `history ${CONTOSO}`);
    expect(direct.text).toContain('is for the people on the case, their managers and admins');
    expect(direct.text).not.toContain(EVIDENCE);

    const before = h.channel.personalMessages(p.stranger.id).length;
    const inChannel = await postAndRead(h, p.stranger, `history ${CONTOSO}`, TEAM);
    expect(inChannel.text).toContain('is for the people on the case, their managers and admins');
    expect(inChannel.text).not.toContain(EVIDENCE);
    expect(h.channel.personalMessages(p.stranger.id)).toHaveLength(before);
  });

  test('asked in a channel, it goes to the asker’s 1:1 chat, never the channel', async () => {
    const before = h.channel.personalMessages(p.ic.id).length;
    const inChannel = await postAndRead(h, p.ic, `history ${CONTOSO}`, TEAM);
    expect(inChannel.text).toContain('sent the history of Contoso Cloud to you in our 1:1 chat');
    // Nothing with evidence ever reaches the channel.
    const channelText = h.channel.sent.filter((s) => s.conversationId.startsWith(TEAM.channelId)).map(activityText).join('\n');
    expect(channelText).not.toContain(EVIDENCE);
    const privately = h.channel.personalMessages(p.ic.id).slice(before).map(activityText).join('\n');
    expect(privately).toContain(EVIDENCE);
  });

  test('the manager’s manager (the VP) may read it; in a 1:1 chat it comes straight back', async () => {
    const answer = await sayAndRead(h, p.vp, `history ${CONTOSO}`);
    expect(answer.text).toContain(EVIDENCE);
  });
});

describe('confidential evidence', () => {
  test('misaligned-values evidence never shows in the channel or to people off the case; the chain reads it in history', async () => {
    const secret = 'Their lead made abusive remarks to our engineer on the 12th.';
    const flagged = await flagInChannel(h, p.ic, 'Woodgrove Bank', TEAM, { triggers: 'misaligned-values', ev1_summary: secret });
    expect(answerText(flagged.answer)).toContain('Flag recorded');
    expect(answerText(flagged.answer)).not.toContain(secret);
    await h.deliver();
    const inChannel = h.channel.sent.filter((s) => s.conversationId.startsWith(TEAM.channelId)).map(activityText).join('\n');
    expect(inChannel).toContain('Woodgrove Bank');
    expect(inChannel).not.toContain(secret);
    expect((await sayAndRead(h, p.stranger, 'status Woodgrove Bank')).text).not.toContain(secret);
    expect((await sayAndRead(h, p.stranger, 'history Woodgrove Bank')).text).not.toContain(secret);
    // The manager's ping says a flag was raised, without the evidence itself.
    expect(h.channel.personalMessages(p.manager.id).map(activityText).join('\n')).not.toContain(secret);
    expect((await sayAndRead(h, p.vp, 'history Woodgrove Bank')).text).toContain(secret);
  });
});

