// Person by person, over real HTTP: every reporter's manager hears of every flag (three reporters, two teams);
// `mine` lists what waits on each person across partners, with the card to act on; and each person's zone, taken
// from what Teams sends, sets their due dates and the hours their reminders come in, across both DST changes.
import { TeamsClient, mention, teamsUser } from '../support/teams';
import type { TeamsUser } from '../support/teams';
import { activityText, answerCard, cardText, caseOf, flagForm, personal, postAndRead, sayAndRead } from './edgeKit';
import type { Harness } from './harness';
import { startHarness } from './harness';
import { submitData } from '../support/cards';

/** What a person reads: markdown emphasis and mention tags taken off. */
function plain(text: string): string {
  return text.replace(/\*\*/g, '').replace(/<\/?at>/g, '');
}

function chatOf(h: Harness, user: TeamsUser): string[] {
  return h.channel.personalMessages(user.id).map((s) => plain(activityText(s)));
}

/** Flags from the 1:1 chat with the triggers typed, as a new occurrence or not; the evidence says who saw what. */
async function flag(h: Harness, client: TeamsClient, user: TeamsUser, command: string, evidence: string, newOccurrence = false): Promise<void> {
  const form = await flagForm({ ...h, teams: client }, user, command);
  const data = submitData(form, 'flag', { ev1_summary: evidence, ...(newOccurrence ? { newOccurrence: 'true' } : {}) });
  const res = await client.execute(user, client.personalConversation(user), { verb: 'flag', data });
  expect(cardText(res.value)).toContain('Flag recorded');
  await h.bot.settled();
}

describe('every reporter’s manager is told of each flag they did not raise: three reporters from two teams', () => {
  let h: Harness;
  let p: Harness['people'];
  const ian = teamsUser('Ian Price');
  const tom = teamsUser('Tom Tran');
  const tess = teamsUser('Tess Lund');
  const flagPings = (user: TeamsUser) => chatOf(h, user).filter((t) => / flagged Contoso Cloud /.test(t)).map((t) => t.replace(/^Refresh\n/, ''));

  beforeAll(async () => {
    h = await startHarness();
    p = h.people;
    h.channel.addMembers(ian, tom, tess);
    for (const u of [p.admin, p.ic, ian, tom, p.manager, tess, p.vp]) await h.teams.say(u, 'hello');
    const admin = (text: string, mentions: TeamsUser[]) => sayAndRead(h, p.admin, text, mentions);
    await admin(`org manager ${mention(p.ic)} ${mention(p.manager)}`, [p.ic, p.manager]);
    await admin(`org manager ${mention(ian)} ${mention(p.manager)}`, [ian, p.manager]);
    await admin(`org manager ${mention(tom)} ${mention(tess)}`, [tom, tess]);
    await admin(`org manager ${mention(p.manager)} ${mention(p.vp)}`, [p.manager, p.vp]);
    await admin(`org manager ${mention(tess)} ${mention(p.vp)}`, [tess, p.vp]);
    await admin('partner add Contoso Cloud', []);
  }, 60_000);
  afterAll(() => h.stop());

  it('Ivy (Manny’s team) flags: Manny hears, with her evidence', async () => {
    await flag(h, h.teams, p.ic, 'flag Contoso Cloud expectations', 'They expect a two-day turnaround we never promised.');
    expect(flagPings(p.manager)).toEqual([expect.stringMatching(/^Ivy Chen flagged Contoso Cloud \(misaligned expectations\)\. Strike 1\. Evidence \(meeting notes\): “They expect a two-day turnaround we never promised\.”\n/)]);
    expect(flagPings(tess)).toEqual([]);
  });

  it('Tom (Tess’s team) flags the same meeting: it joins the strike, and both managers hear of it', async () => {
    h.clock.advance(3_600_000);
    await flag(h, h.teams, tom, 'flag Contoso Cloud expectations', 'Same call: they asked again for the two-day turnaround.');
    expect(flagPings(p.manager).slice(1)).toEqual([expect.stringMatching(/^Tom Tran flagged Contoso Cloud .*“Same call: they asked again/)]);
    expect(flagPings(tess)).toEqual([expect.stringMatching(/^Tom Tran flagged Contoso Cloud/)]);
  });

  it('Ian (Manny’s team) flags something new: strike 2; both managers hear, once each, and nobody hears of their own flag', async () => {
    h.clock.advance(3_600_000);
    await flag(h, h.teams, ian, 'flag Contoso Cloud communication', 'No answer to three emails about the renewal.', true);
    expect((await caseOf(h, 'contoso-cloud')).level).toBe(2);
    expect(flagPings(p.manager)).toHaveLength(3);
    expect(flagPings(p.manager)[2]).toMatch(/^Ian Price flagged Contoso Cloud \(poor communication\)\. Strike 2\. Evidence \(meeting notes\): “No answer to three emails/);
    expect(flagPings(tess)).toHaveLength(2);
    expect(flagPings(tess)[1]).toMatch(/^Ian Price flagged Contoso Cloud/);
    for (const reporter of [p.ic, ian, tom]) expect(flagPings(reporter)).toEqual([]);
    // Manny's ping of Ian's flag carries his step: the manager reset is his now.
    const last = h.channel.personalMessages(p.manager.id).at(-1)!;
    expect(JSON.stringify(last.activity)).toContain('"verb":"log-reset-attempt"');
  });

  it('mine: Manny sees what waits on him with the card to act on; the reporters see the case they flagged', async () => {
    const manny = await sayAndRead(h, p.manager, 'mine');
    expect(plain(manny.text)).toMatch(/Waiting on you[\s\S]*Contoso Cloud · Manager reset: a reset attempt to log · due \{\{DATE\(/);
    const card = manny.replies.flatMap((r) => r.activity.attachments ?? []).map((a) => a.content as Record<string, unknown>)[0]!;
    const opened = await h.teams.execute(p.manager, personal(h, p.manager), { verb: 'show-status', data: submitData(card, 'show-status') });
    expect(cardText(answerCard(opened))).toMatch(/Log reset attempt/);

    const ivy = await sayAndRead(h, p.ic, 'mine');
    expect(plain(ivy.text)).toMatch(/Nothing waits on you|Cases you flagged/);
    expect(plain(ivy.text)).toMatch(/Cases you flagged[\s\S]*Contoso Cloud · Manager reset, strike 2 · waiting on Manny Ortiz/);
    expect(plain(ivy.text)).not.toMatch(/\nWaiting on you\n/);
  });

  it('the same list is in the welcome card and help (in the 1:1 chat only); in a channel, mine goes to the 1:1 chat', async () => {
    expect(plain((await sayAndRead(h, p.manager, 'hi')).text)).toMatch(/Your cases[\s\S]*Contoso Cloud · Manager reset: a reset attempt to log/);
    expect(plain((await sayAndRead(h, p.manager, 'help')).text)).toMatch(/mine[\s\S]*Your cases[\s\S]*Contoso Cloud · Manager reset/);
    const before = chatOf(h, p.manager).length;
    const inChannel = await postAndRead(h, p.manager, 'mine', { teamId: '19:people-team@thread.tacv2', channelId: '19:people-syncs@thread.tacv2' });
    expect(inChannel.text).toBe("I've sent what waits on you to our 1:1 chat.");
    expect(chatOf(h, p.manager).slice(before)).toEqual([expect.stringMatching(/^What is waiting on you[\s\S]*Contoso Cloud/)]);
  });
});

describe('time zones: reporters in Berlin and Kolkata, their manager in Seattle, across both DST changes', () => {
  let h: Harness;
  let p: Harness['people'];
  const raj = teamsUser('Raj Iyer');
  const clients: Record<string, TeamsClient> = {};
  const client = (user: TeamsUser) => clients[user.aadObjectId]!;

  beforeAll(async () => {
    // Friday 23 October 2026, 16:30 UTC: 18:30 in Berlin (summer time until Sunday), 22:00 in Kolkata, 09:30 in Seattle.
    h = await startHarness({}, { start: new Date('2026-10-23T16:30:00.000Z') });
    p = h.people;
    h.channel.addMembers(raj);
    const zones: [TeamsUser, string][] = [[p.ic, 'Europe/Berlin'], [raj, 'Asia/Kolkata'], [p.manager, 'America/Los_Angeles'], [p.admin, 'Etc/UTC'], [p.vp, 'America/New_York']];
    for (const [user, timezone] of zones) {
      clients[user.aadObjectId] = new TeamsClient({ botEndpoint: h.teams.botEndpoint, serviceUrl: h.channel.serviceUrl, clock: () => h.clock.now(), timezone });
      await client(user).say(user, 'hello');
    }
    const admin = (text: string, mentions: TeamsUser[]) => sayAndRead({ ...h, teams: client(p.admin) }, p.admin, text, mentions);
    await admin(`org manager ${mention(p.ic)} ${mention(p.manager)}`, [p.ic, p.manager]);
    await admin(`org manager ${mention(raj)} ${mention(p.manager)}`, [raj, p.manager]);
    await admin(`org manager ${mention(p.manager)} ${mention(p.vp)}`, [p.manager, p.vp]);
    await admin('partner add Contoso Cloud', []);
  }, 60_000);
  afterAll(() => h.stop());

  it('records each person’s zone from what Teams sends', async () => {
    expect((await h.stores.directory.get(p.ic.aadObjectId))?.timeZone).toBe('Europe/Berlin');
    expect((await h.stores.directory.get(raj.aadObjectId))?.timeZone).toBe('Asia/Kolkata');
    expect((await h.stores.directory.get(p.manager.aadObjectId))?.timeZone).toBe('America/Los_Angeles');
  });

  it('Ivy’s step is due five business days later at the same time on her clock, though Berlin left summer time meanwhile', async () => {
    await flag(h, client(p.ic), p.ic, 'flag Contoso Cloud expectations', 'They want the migration in two weeks.');
    h.clock.advance(3_600_000);
    await flag(h, client(raj), raj, 'flag Contoso Cloud expectations', 'Same ask, in writing, at 23:30 my time.');
    const state = await caseOf(h, 'contoso-cloud');
    // Fri 30 Oct 18:30 in Berlin is 17:30 UTC (CET), not 16:30 (CEST).
    expect(state.dueAt).toBe('2026-10-30T17:30:00.000Z');
    // Card times are Adaptive Cards date functions: each viewer sees them in their own zone.
    const status = await sayAndRead({ ...h, teams: client(raj) }, raj, 'status Contoso Cloud');
    expect(status.text).toContain('{{DATE(2026-10-30T17:30:00Z, SHORT)}} {{TIME(2026-10-30T17:30:00Z)}}');
  });

  it('the manager’s approval counts business days in Seattle, and his reminders come inside his working hours there', async () => {
    // Fri 30 Oct 15:00 UTC (08:00 in Seattle, PDT): Ivy logs her reset attempt; the approval waits on Manny.
    h.clock.set(new Date('2026-10-30T15:00:00.000Z'));
    const shown = await client(p.ic).execute(p.ic, personal(h, p.ic), { verb: 'show-card', data: { partnerId: 'contoso-cloud', caseId: 'contoso-cloud-0001', stage: (await caseOf(h, 'contoso-cloud')).stage, form: 'reset-attempt' } });
    const data = submitData(answerCard(shown), 'log-reset-attempt', { agreed: 'Weekly sync; migration split in writing.', agreedOn: '2026-10-30' });
    expect(cardText((await client(p.ic).execute(p.ic, personal(h, p.ic), { verb: 'log-reset-attempt', data })).value)).toContain('Reset attempt logged');
    await h.bot.settled();
    const state = await caseOf(h, 'contoso-cloud');
    expect(state.waitingOn).toBe(p.manager.aadObjectId);
    // Fri 6 Nov 08:00 in Seattle, now PST (UTC-8): 16:00 UTC.
    expect(state.dueAt).toBe('2026-11-06T16:00:00.000Z');

    const reminders = () => chatOf(h, p.manager).map((t) => t.replace(/^Refresh\n/, '')).filter((t) => /^Reminder: /.test(t));
    for (const at of ['2026-11-06T16:00:00.000Z', '2026-11-06T16:59:00.000Z']) {
      h.clock.set(new Date(at));
      await h.bot.jobs.run('timers', h.clock.now());
      await h.deliver();
    }
    expect(reminders()).toEqual([]);
    // 09:00 in Seattle: the first reminder, dated in his zone, with the due time for each viewer's clock.
    h.clock.set(new Date('2026-11-06T17:00:00.000Z'));
    await h.bot.jobs.run('timers', h.clock.now());
    await h.deliver();
    expect(reminders()).toEqual([expect.stringMatching(/^Reminder: Contoso Cloud has been waiting on you since Fri 30 Oct 2026 \(IC reset\); it was due Fri 6 Nov 2026\.[\s\S]*\{\{DATE\(2026-11-06T16:00:00Z, SHORT\)\}\}/)]);
    const ping = h.channel.personalMessages(p.manager.id).at(-1)!;
    expect(ping.activity.summary).toBe('Reminder: Contoso Cloud has been waiting on you since Fri 30 Oct 2026 (IC reset); it was due Fri 6 Nov 2026.');
    // The second one waits over the weekend for Monday 09:00 in Seattle (17:00 UTC), never at night there.
    for (const at of ['2026-11-07T17:00:00.000Z', '2026-11-09T16:59:00.000Z']) {
      h.clock.set(new Date(at));
      await h.bot.jobs.run('timers', h.clock.now());
      await h.deliver();
    }
    expect(reminders()).toHaveLength(1);
    h.clock.set(new Date('2026-11-09T17:00:00.000Z'));
    await h.bot.jobs.run('timers', h.clock.now());
    await h.deliver();
    expect(reminders()).toHaveLength(2);
  });
});
