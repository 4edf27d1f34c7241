// The words people read (issue 12, "Words"), over real HTTP: a directory gap in names, not ids; the case card's
// timeline one event a line, newest first, as a person would say it; the strike said once.
import { mention } from '../support/teams';
import { activityText, answerText, cardsOf, eventsOf, flagForm, flagInChat, logResetAttempt, personal, sayAndRead } from './edgeKit';
import type { Harness } from './harness';
import { startHarness } from './harness';
import { factsOf, submitData, subtitleOf, walk } from '../support/cards';
import type { Card } from '../support/cards';

jest.setTimeout(60_000);

/** The case card's "Recent" lines, top to bottom (each row: when, then what happened). */
function timelineLines(card: Card): string[] {
  const body = (card.body ?? []) as Record<string, unknown>[];
  const recent = body.find((b) => JSON.stringify(b).includes('"text":"Recent"'));
  if (!recent) return [];
  return ((recent.items as Record<string, unknown>[]) ?? [])
    .filter((i) => i.type === 'ColumnSet')
    .map((row) => {
      const columns = row.columns as { items: { text: string }[] }[];
      return columns[1]!.items.map((t) => t.text).join(' ');
    });
}

describe('words people read', () => {
  let h: Harness;
  let p: Harness['people'];

  beforeAll(async () => {
    h = await startHarness();
    p = h.people;
    for (const u of [p.admin, p.ic, p.manager]) await h.teams.say(u, 'hello');
    // Ivy reports to Manny; nobody is VP or GM yet, and Manny has no manager: a directory gap.
    await sayAndRead(h, p.admin, `org manager ${mention(p.ic)} ${mention(p.manager)}`, [p.ic, p.manager]);
    await sayAndRead(h, p.admin, 'partner add Contoso Cloud');
  });
  afterAll(() => h.stop());

  it('admins hear of a directory gap with the missing roles and the reporter by name, never an id', async () => {
    const before = h.channel.personalMessages(p.admin.id).length;
    await flagInChat(h, p.ic, 'Contoso Cloud');
    await h.bot.settled();
    await h.deliver();
    const pings = h.channel.personalMessages(p.admin.id).slice(before);
    const gap = pings.find((s) => /^Directory gap/.test(String(s.activity.summary ?? '')));
    expect(gap?.activity.summary).toMatch(/^Directory gap on Contoso Cloud: no VP, GM found in the directory for Ivy Chen\. You stand in/);
    expect(activityText(gap!)).not.toContain(p.ic.aadObjectId);
  });

  it('a summary over 2,000 characters is refused with the limit stated, never cut (the form does not cap it either)', async () => {
    const form = await flagForm(h, p.ic, 'flag Contoso Cloud expectations');
    const summaries: Record<string, unknown>[] = [];
    walk(form, (n) => {
      if (/^ev\d+_summary$/.test(String(n.id ?? ''))) summaries.push(n);
    });
    expect(summaries.length).toBeGreaterThan(0);
    for (const input of summaries) {
      expect(input.maxLength).toBeUndefined();
      expect(String(input.placeholder)).toContain('at most 2,000 characters');
    }
    const before = (await eventsOf(h)).length;
    const long = 'Contoso said no. '.repeat(150);
    const res = await h.teams.execute(p.ic, personal(h, p.ic), { verb: 'flag', data: submitData(form, 'flag', { ev1_summary: long }) });
    expect(answerText(res)).toMatch(/Evidence 1 summary: at most 2000 characters/);
    expect(await eventsOf(h)).toHaveLength(before);
  });

  it('the case card says the strike once, and its timeline reads newest first, one event a line, in plain words', async () => {
    h.clock.advance(3_600_000);
    await logResetAttempt(h, p.ic);
    await h.bot.settled();
    const status = await sayAndRead(h, p.manager, 'status Contoso Cloud');
    const card = status.replies.flatMap(cardsOf)[0]! as Card;
    expect(subtitleOf(card)).toBe('Case 1 · IC reset · strike 1 · 1 occurrence');
    expect(Object.keys(factsOf(card)).filter((t) => /level|strike/i.test(t))).toEqual([]);
    expect(timelineLines(card)).toEqual([
      'IC reset: waiting for the manager to approve the reset attempt',
      expect.stringMatching(/^Ivy Chen reset expectations with the partner on \w{3} \d+ \w{3} 2026$/),
      'IC reset: waiting for a reset attempt to log',
      'Ivy Chen flagged misaligned expectations, with 1 piece of evidence',
    ]);
  });
});
