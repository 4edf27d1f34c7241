// Reaching people who never opened the bot (README "Reaching people"), over real HTTP: the channel stand-in answers
// 403 or 404 for someone the app is not installed for; the ping is held, never lost; the case card and the admins'
// daily summary say who is not reached (with the app's link to send); the person's first message brings everything
// held as one "waiting for you" card. With the Microsoft Graph stand-in, the app is installed for them and the ping
// arrives without any first message, and the directory comes from Graph.
import { workOf } from '../../src/domain';
import { personalConversationId } from '../support/channel';
import type { FakeGraph } from '../support/graph';
import { startGraph } from '../support/graph';
import { TEST_TENANT_ID, mention, teamsUser } from '../support/teams';
import type { TeamsUser } from '../support/teams';
import { activityText, answerCard, answerText, caseData, caseOf, cardsOf, cardText, flagInChat, logResetAttempt, outboxOf, personal, sayAndRead } from './edgeKit';
import type { Harness } from './harness';
import { startHarness } from './harness';

const TEAMS_APP_ID = '7c0de2a1-5b1e-5c3a-9f00-4e1d2c3b4a59';
const INSTALL_LINK = `https://teams.microsoft.com/l/app/${TEAMS_APP_ID}`;

/** What a person reads: markdown emphasis and mention tags taken off. */
function plain(text: string): string {
  return text.replace(/\*\*/g, '').replace(/<\/?at>/g, '');
}

/** Cards and texts the bot put into a person's 1:1 chat, in order, as read. */
function chatOf(h: Harness, user: TeamsUser): string[] {
  return h.channel.personalMessages(user.id).map((s) => plain(activityText(s)));
}

async function importOrg(h: Harness, csv: string): Promise<string> {
  const url = h.channel.serveFile(`org-${Date.now()}.csv`, csv, 'text/csv');
  const before = h.channel.sent.length;
  await h.teams.send(h.teams.fileMessage(h.people.admin, { name: 'org.csv', downloadUrl: url, text: 'org import' }));
  return h.channel.sent.slice(before).map(activityText).join('\n');
}

describe('without Microsoft Graph: held for whoever cannot be reached, delivered as one card when they first talk to the bot', () => {
  let h: Harness;
  let p: Harness['people'];

  beforeAll(async () => {
    h = await startHarness({ TEAMS_APP_ID });
    p = h.people;
    // Manny never installed partner-fit: Teams answers 403 when the bot opens a 1:1 chat with him.
    h.channel.addMembers({ ...p.manager, installed: false });
    for (const u of [p.admin, p.ic]) await h.teams.say(u, 'hello');
    await sayAndRead(h, p.admin, `org manager ${mention(p.ic)} ${mention(p.manager)}`, [p.ic, p.manager]);
    await sayAndRead(h, p.admin, 'partner add Contoso Cloud');
  }, 60_000);
  afterAll(() => h.stop());

  it('a 403 on opening the 1:1 chat holds the ping for him; nothing is retried or lost', async () => {
    expect(answerText(await flagInChat(h, p.ic, 'Contoso Cloud'))).toContain('Flag recorded');
    await h.bot.settled();
    const toManny = (await outboxOf(h, 'contoso-cloud')).filter((o) => 'user' in o.notice.to && o.notice.to.user === p.manager.aadObjectId);
    expect(toManny.map((o) => [o.notice.kind, o.status])).toEqual([['flag-raised', 'held']]);
    expect(toManny[0]!.lastError).toContain('ForbiddenOperationException');
    expect(await h.stores.directory.get(p.manager.aadObjectId)).toMatchObject({ reach: 'not-yet' });
    expect(await h.stores.reach.held(p.manager.aadObjectId)).toHaveLength(1);
    h.clock.advance(3_600_000);
    await h.deliver();
    expect(h.channel.requests.filter((r) => r.operation === 'createConversation' && JSON.stringify(r.body).includes(p.manager.id))).toHaveLength(1);
  });

  it('the previous owner’s card says he is not reached yet, with the app’s link to send him', async () => {
    const logged = await logResetAttempt(h, p.ic);
    const card = answerCard(logged);
    expect(plain(cardText(card))).toMatch(/could not reach Manny Ortiz in a 1:1 chat yet/);
    // Her 1:1 chat is no place for a mention (nobody is mentioned there): his name is plain text.
    expect(JSON.stringify(card)).not.toMatch(/<at>|"mentioned"/);
    expect(JSON.stringify(card)).toContain(`"value":"${INSTALL_LINK}"`);
    await h.bot.settled();
    // The ping that hands him the approval is held too; the card Teams refreshes for her still says so.
    const state = await caseOf(h, 'contoso-cloud');
    expect(state.waitingOn).toBe(p.manager.aadObjectId);
    expect((await h.stores.reach.held(p.manager.aadObjectId)).length).toBe(2);
    const refreshed = await h.teams.execute(p.ic, personal(h, p.ic), { verb: 'refresh', data: caseData(state) }, { trigger: 'automatic' });
    expect(plain(cardText(answerCard(refreshed)))).toMatch(/could not reach Manny Ortiz/);
  });

  it('admins get one summary a day of the people not reached who block a case, at the start of their working day', async () => {
    const before = chatOf(h, p.admin).length;
    // Tuesday 07:59 UTC: before the admin's working day (their zone from Teams: UTC), nothing; at 09:00, the summary.
    h.clock.set(new Date('2026-11-03T07:59:00.000Z'));
    await h.bot.jobs.run('unreached', h.clock.now());
    expect(chatOf(h, p.admin).length).toBe(before);
    h.clock.set(new Date('2026-11-03T09:00:00.000Z'));
    await h.bot.jobs.run('unreached', h.clock.now());
    const summary = chatOf(h, p.admin).slice(before);
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatch(/Not reached yet/);
    expect(summary[0]).toMatch(/Manny Ortiz[\s\S]*Has not opened partner-fit yet[\s\S]*Contoso Cloud · IC reset: the manager to approve the reset attempt/);
    const card = h.channel.personalMessages(p.admin.id).at(-1)!;
    expect(JSON.stringify(cardsOf(card))).toContain(INSTALL_LINK);
    // Once a day: later runs that day send nothing; in the night, nothing either.
    h.clock.advance(2 * 3_600_000);
    await h.bot.jobs.run('unreached', h.clock.now());
    h.clock.advance(12 * 3_600_000);
    await h.bot.jobs.run('unreached', h.clock.now());
    expect(chatOf(h, p.admin).length).toBe(before + 1);
  });

  it('his first message brings one "waiting for you" card with where the case stands now, not a stream of stale pings', async () => {
    const answer = await sayAndRead(h, p.manager, 'hi');
    expect(answer.status).toBe(200);
    const chat = chatOf(h, p.manager);
    expect(chat).toHaveLength(2);
    expect(chat[0]).toMatch(/Hello/);
    expect(chat[1]).toMatch(/Waiting for you/);
    expect(chat[1]).toMatch(/Contoso Cloud · 2 updates: a flag raised, your turn/);
    expect(chat[1]).toMatch(/Waiting on you[\s\S]*Contoso Cloud · IC reset: the manager to approve the reset attempt · due/);
    const card = cardsOf(h.channel.personalMessages(p.manager.id)[1]!)[0]!;
    expect(JSON.stringify(card)).toContain('"verb":"show-status"');
    // Everything held is delivered; he is reachable again; nothing is held any more.
    const toManny = (await outboxOf(h, 'contoso-cloud')).filter((o) => 'user' in o.notice.to && o.notice.to.user === p.manager.aadObjectId);
    expect(toManny.map((o) => o.status)).toEqual(['delivered', 'delivered']);
    expect((await h.stores.directory.get(p.manager.aadObjectId))?.reach).toBeUndefined();
    expect(await h.stores.reach.held(p.manager.aadObjectId)).toEqual([]);
    // The next day's summary has nobody to name.
    h.clock.set(new Date('2026-11-04T09:00:00.000Z'));
    const before = chatOf(h, p.admin).length;
    await h.bot.jobs.run('unreached', h.clock.now());
    expect(chatOf(h, p.admin).length).toBe(before);
  });

  it('someone imported with no Teams id (404: never seen) is held too, then reached through the roster of a team the bot joins', async () => {
    const nell = teamsUser('Nell Noteams');
    const rhea = teamsUser('Rhea Porter');
    h.channel.addMembers(rhea);
    await h.teams.say(rhea, 'hello');
    const imported = await importOrg(h, `aadObjectId,name,email,manager,roles\n${nell.aadObjectId},Nell Noteams,${nell.email},,\n${rhea.aadObjectId},Rhea Porter,${rhea.email},${nell.email},\n`);
    expect(imported).toContain('Imported 2 people');
    await sayAndRead(h, p.admin, 'partner add Fabrikam');
    await flagInChat(h, rhea, 'Fabrikam');
    await h.bot.settled();
    const toNell = (await outboxOf(h, 'fabrikam')).find((o) => 'user' in o.notice.to && o.notice.to.user === nell.aadObjectId)!;
    expect(toNell).toMatchObject({ status: 'held' });
    expect(toNell.lastError).toMatch(/404 UserNotReachable/);

    // The bot is added to a team Nell is in: its roster gives her Teams id, and the next ping opens her 1:1 chat.
    const team = { teamId: '19:partner-team@thread.tacv2' };
    h.channel.setConversationMembers(team.teamId, [nell, rhea, p.admin]);
    await h.teams.send(h.teams.conversationUpdate(p.admin, { ...team, teamName: 'Partner team' }));
    await flagInChat(h, rhea, 'Fabrikam', { newOccurrence: 'true' });
    await h.bot.settled();
    const created = h.channel.conversations.filter((c) => c.members.some((m) => m.id === nell.id));
    expect(created).toHaveLength(1);
    expect((await h.stores.directory.get(nell.aadObjectId))?.teamsId).toBe(nell.id);
    // The new ping, then what was held for her, in one card.
    const chat = chatOf(h, nell);
    expect(chat).toHaveLength(2);
    expect(chat[0]).toMatch(/Rhea Porter flagged Fabrikam/);
    expect(chat[1]).toMatch(/Waiting for you[\s\S]*Fabrikam · 1 update: a flag raised/);
  });

  it('an email-only import row waits for its person; their first message makes it theirs (roles, manager)', async () => {
    const gus = teamsUser('Gus Meyer-Email');
    h.channel.addMembers(gus);
    const imported = await importOrg(h, `email,name,manager,roles\n${gus.email},Gus Meyer,${p.manager.email},gm\n`);
    expect(imported).toMatch(/Imported 1 person\. 1 of them by email only: they join the directory when they first message partner-fit/);
    expect(await h.stores.directory.get(gus.aadObjectId)).toBeUndefined();
    await h.teams.say(gus, 'hello');
    expect(await h.stores.directory.get(gus.aadObjectId)).toMatchObject({ name: 'Gus Meyer', email: gus.email, roles: ['gm'], managerId: p.manager.aadObjectId });
    expect(await h.stores.directory.withRole('gm')).toContain(gus.aadObjectId);
  });
});

describe('with Microsoft Graph: the app is installed for people, and the directory comes from Graph', () => {
  let h: Harness;
  let graph: FakeGraph;
  let p: Harness['people'];
  const CATALOG_ID = 'a1b2c3d4-0000-4000-8000-00000000ca7a';

  beforeAll(async () => {
    const people = (await import('./harness')).cast();
    graph = await startGraph({
      catalogAppId: CATALOG_ID,
      users: [
        { id: people.ic.aadObjectId, displayName: 'Ivy Chen', mail: people.ic.email, department: 'Partner Sales', managerId: people.manager.aadObjectId },
        { id: people.manager.aadObjectId, displayName: 'Manny Ortiz', mail: people.manager.email, department: 'Partner Sales' },
        { id: people.gm.aadObjectId, displayName: 'Gus Meyer', mail: people.gm.email },
      ],
      chatIdFor: (userId) => personalConversationId(Object.values(people).find((u) => u.aadObjectId === userId)!.id),
      onInstall: (userId) => {
        const member = h.channel.member(userId);
        if (member) h.channel.addMembers({ ...member, installed: true });
      },
    });
    h = await startHarness(
      // Graph's tokens are for one organisation: in Azure MicrosoftAppTenantId names it, here the one allowed tenant.
      { TEAMS_APP_ID, GRAPH_ENABLED: 'true', GRAPH_BASE_URL: graph.baseUrl, TEAMS_APP_CATALOG_ID: CATALOG_ID, ALLOWED_TENANT_IDS: TEST_TENANT_ID },
      { graphToken: async () => graph.token },
    );
    p = h.people;
    h.channel.addMembers({ ...p.manager, installed: false });
    for (const u of [p.admin, p.ic]) await h.teams.say(u, 'hello');
    await sayAndRead(h, p.admin, 'partner add Contoso Cloud');
  }, 60_000);
  afterAll(async () => {
    await h.stop();
    await graph.stop();
  });

  it('the manager comes from Graph (nobody set one in the bot), and the app is installed for him so the ping arrives without a first message', async () => {
    expect(answerText(await flagInChat(h, p.ic, 'Contoso Cloud'))).toContain('Flag recorded');
    await h.bot.settled();
    expect((await caseOf(h, 'contoso-cloud')).people.manager).toBe(p.manager.aadObjectId);
    expect(await h.stores.directory.get(p.ic.aadObjectId)).toMatchObject({ department: 'Partner Sales', graphManagerId: p.manager.aadObjectId });

    const install = graph.requests.find((r) => r.method === 'POST' && r.path.endsWith('/teamwork/installedApps'));
    expect(install).toMatchObject({ status: 201, path: `/v1.0/users/${p.manager.aadObjectId}/teamwork/installedApps` });
    expect(install!.body).toEqual({ 'teamsApp@odata.bind': `${graph.baseUrl}/appCatalogs/teamsApps/${CATALOG_ID}` });
    const chat = chatOf(h, p.manager);
    expect(chat).toHaveLength(1);
    expect(chat[0]).toMatch(/Ivy Chen flagged Contoso Cloud/);
    const toManny = (await outboxOf(h, 'contoso-cloud')).filter((o) => 'user' in o.notice.to && o.notice.to.user === p.manager.aadObjectId);
    expect(toManny.map((o) => o.status)).toEqual(['delivered']);
    expect(await h.stores.reach.held(p.manager.aadObjectId)).toEqual([]);
  });

  it('Graph is asked once per person while its answer is fresh (GRAPH_CACHE_HOURS), and storage answers when Graph is down', async () => {
    const directory = h.bot.deps.stores.directory;
    const lookups = () => graph.requests.filter((r) => r.method === 'GET' && r.path === `/v1.0/users/${p.ic.aadObjectId}`).length;
    const asked = lookups();
    await sayAndRead(h, p.ic, 'status Contoso Cloud');
    expect(await directory.get(p.ic.aadObjectId)).toMatchObject({ department: 'Partner Sales' });
    expect(lookups()).toBe(asked);
    // A day later the answer is stale; Graph is down: the stored entry stands, and Graph is not asked on every click.
    h.clock.advance(25 * 3_600_000);
    graph.failNext(503, (r) => r.path === `/v1.0/users/${p.ic.aadObjectId}`, 5);
    expect(await directory.get(p.ic.aadObjectId)).toMatchObject({ name: 'Ivy Chen', graphManagerId: p.manager.aadObjectId });
    expect(await directory.get(p.ic.aadObjectId)).toMatchObject({ name: 'Ivy Chen' });
    expect(lookups()).toBe(asked + 1);
    expect((await sayAndRead(h, p.ic, 'status Contoso Cloud')).text).toMatch(/Contoso Cloud/);
  });

  it('org import resolves an email-only row through Graph at once', async () => {
    const url = h.channel.serveFile('org-graph.csv', `email,roles\n${p.gm.email},gm\n`, 'text/csv');
    const before = h.channel.sent.length;
    await h.teams.send(h.teams.fileMessage(p.admin, { name: 'org.csv', downloadUrl: url, text: 'org import' }));
    expect(h.channel.sent.slice(before).map(activityText).join('\n')).toMatch(/^Imported 1 person\.$/m);
    expect(await h.stores.directory.get(p.gm.aadObjectId)).toMatchObject({ name: 'Gus Meyer', roles: ['gm'] });
    // What waits on each person is indexed as the case moves: the reporter's row is there.
    const state = await caseOf(h, 'contoso-cloud');
    expect(workOf(state).get(p.ic.aadObjectId)).toEqual(['waiting', 'reported']);
  });
});
