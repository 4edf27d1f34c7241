// Two bot processes on one storage account: separate store objects, services and schedulers on the same
// Azurite tables, ticked at the same instants concurrently through a simulated week (Sun 26 Oct – Mon 3 Nov
// 2025, Europe/Berlin). Every due item is acted on exactly once (the ETag-conditional commit lets one instance
// win; the other moves on), and each subscribed channel gets exactly one digest per ISO week.
import type { TickReport } from '../../src/jobs/scheduler';
import type { Instance } from './support';
import { ManualClock, RecordingSender, act, addPartner, cmd, grid, merged, newPrefix, noticeKey, outboxSince, seedOrg, startInstance, systemEvents } from './support';

const CHANNELS = ['19:partners-emea@thread.tacv2', '19:partners-amer@thread.tacv2'];
const FLAGGED = Array.from({ length: 12 }, (_, i) => `p${String(i + 1).padStart(2, '0')}`);
const WATCHING = ['q1', 'q2', 'q3'];
const ALL = [...FLAGGED, ...WATCHING];
const FROM = '2025-10-26T12:00:00.000Z';
const TO = '2025-11-03T10:00:00.000Z';

describe('two instances sharing one storage account for a week', () => {
  const clock = new ManualClock(new Date('2025-10-14T08:00:00.000Z'));
  const sender = new RecordingSender(clock);
  let a: Instance;
  let b: Instance;
  const reports: { instance: string; report: TickReport }[] = [];

  beforeAll(async () => {
    const prefix = newPrefix('pair');
    a = await startInstance('A', prefix, clock, sender.forInstance('A'));
    b = await startInstance('B', prefix, clock, sender.forInstance('B'));
    await seedOrg(a.stores);
    for (const p of ALL) await addPartner(a.stores, p);
    for (const c of CHANNELS) await a.jobs.digest.subscribe(c, 'ada');
    // Tue 14 Oct 10:00 CEST: three resets approved -> the quiet period (14 days) ends Tue 28 Oct 08:00Z.
    for (const p of WATCHING) {
      await act(a.service, p, 'ivy', cmd.flag());
      await act(a.service, p, 'ivy', cmd.logAttempt('2025-10-14'));
      await act(a.service, p, 'manny', cmd.approveReset());
    }
    // Mon 20 Oct 10:00 CEST: twelve flags, all due Mon 27 Oct 10:00 CET (09:00Z), through B for a change.
    clock.set('2025-10-20T08:00:00.000Z');
    for (const p of FLAGGED) await act(b.service, p, 'ivy', cmd.flag());

    await Promise.all([a.jobs.repair(), b.jobs.repair()]);
    const instants = merged(grid(FROM, TO, 1), ['2025-10-27T08:00:00.000Z', '2025-11-03T08:00:00.000Z']);
    for (const at of instants) {
      clock.set(at);
      const now = clock.now();
      const [ra, rb] = await Promise.all([a.jobs.scheduler.tick(now), b.jobs.scheduler.tick(now)]);
      reports.push({ instance: 'A', report: ra }, { instance: 'B', report: rb });
    }
  }, 120_000);

  it('runs every job without errors on both instances', () => {
    expect(reports.flatMap((r) => r.report.runs.filter((x) => x.error))).toEqual([]);
  });

  it('records each reminder and each quiet-period close exactly once, at its instant', async () => {
    const facts = await systemEvents(a.stores, ALL);
    const expected = [
      ...FLAGGED.flatMap((p) => [
        ['2025-10-27T09:00:00.000Z', p, 'reminder 1 -> ivy'],
        ['2025-10-28T09:00:00.000Z', p, 'reminder 2 -> ivy'],
        ['2025-10-29T09:00:00.000Z', p, 'reminder 3 -> ivy'],
      ]),
      ...WATCHING.map((p) => ['2025-10-28T08:00:00.000Z', p, 'case-closed resolved']),
    ].sort((x, y) => (x[0]! < y[0]! ? -1 : x[0]! > y[0]! ? 1 : x[1]! < y[1]! ? -1 : 1));
    expect(facts.map((f) => [f.at, f.partnerId, f.what])).toEqual(expected);
  });

  it('commits each due item once between them: the commits the two instances made add up to the events', () => {
    const timerRuns = reports.flatMap((r) => r.report.runs.filter((x) => x.name === 'timers').map((x) => x.outcome?.detail as { ticked: number; movedOn: number; removed: number }));
    const ticked = timerRuns.reduce((sum, d) => sum + d.ticked, 0);
    expect(ticked).toBe(FLAGGED.length * 3 + WATCHING.length);
  });

  it('writes no notice twice', async () => {
    const keys = (await outboxSince(a.stores, ALL, '2025-10-26T00:00:00.000Z')).map(noticeKey);
    // Three reminders per flagged case; each quiet-period close tells the reporter and her manager (nobody else took part).
    expect(keys.length).toBe(FLAGGED.length * 3 + WATCHING.length * 2);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('posts exactly one digest per channel per ISO week: the missed one on the first tick, then Monday 09:00 local', async () => {
    const byChannelWeek = sender.posts.map((p) => `${p.conversationId} ${p.at}`).sort();
    expect(byChannelWeek).toEqual(
      CHANNELS.flatMap((c) => [
        // Subscribed on 14 Oct, but no instance ran at Mon 20 Oct 09:00: the first tick catches up on week 43, once.
        `${c} 2025-10-26T12:00:00.000Z`,
        `${c} 2025-10-27T08:00:00.000Z`,
        `${c} 2025-11-03T08:00:00.000Z`,
      ]).sort(),
    );
    for (const week of ['2025-W43', '2025-W44', '2025-W45']) {
      const claims = await a.stores.digestRuns.forWeek(week);
      expect(claims.map((c) => [c.conversationId, c.status, c.attempts]).sort()).toEqual(CHANNELS.map((c) => [c, 'sent', 1]).sort());
    }
  });
});
