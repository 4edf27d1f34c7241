// A simulated month (1 Oct – 5 Nov 2025) in Europe/Berlin, across the end of summer time (Sun 26 Oct, 03:00
// CEST -> 02:00 CET) with two listed holidays (Fri 3 Oct, Fri 31 Oct), on real Azurite with a ManualClock.
// The scheduler is ticked every 3 hours, every 15 minutes through the night of the clock change, and at each
// moment something is expected (the literal instants below, worked out by hand from docs/workflow.md#timers and the digest settings — not from
// the engine). Each reminder, second-level ping, action reminder, review end, quiet-period close and weekly
// digest must fire exactly once, at its instant: an early one would show at an earlier tick, a late one later.
import type { TableStorage } from '../../src/storage';
import type { Instance } from './support';
import {
  ManualClock,
  RecordingSender,
  act,
  addPartner,
  cmd,
  grid,
  merged,
  newPrefix,
  noticeKey,
  outboxSince,
  seedOrg,
  startInstance,
  stepThrough,
  systemEvents,
  toReviewPeriod,
} from './support';

const CHANNEL = '19:digest-general@thread.tacv2';
const PARTNERS = ['alpha', 'bravo', 'charlie', 'delta'];
const START = '2025-10-01T08:00:00.000Z'; // Wed 1 Oct, 10:00 CEST
const END = '2025-11-06T00:00:00.000Z';

/** What the timers must record: instant (UTC), partner, event. Local times in the comments. */
const EXPECTED_EVENTS: [string, string, string][] = [
  // bravo: flagged Wed 1 Oct 14:30 CEST; due 5 business days later skipping Fri 3 Oct (holiday) and the weekend.
  ['2025-10-09T12:30:00.000Z', 'bravo', 'reminder 1 -> ivy'], // Thu 9 Oct 14:30 CEST
  ['2025-10-10T12:30:00.000Z', 'bravo', 'reminder 2 -> ivy'], // Fri 10 Oct 14:30 CEST
  ['2025-10-13T12:30:00.000Z', 'bravo', 'reminder 3 -> ivy'], // Mon 13 Oct (weekend skipped); the limit is 3
  ['2025-10-16T12:30:00.000Z', 'bravo', 'overdue-escalated -> manny'], // two due periods (10 business days) after the stage began
  // delta: review actions due Fri 24 Oct -> reminded from the next business day, 09:00 local (after the clock change).
  ['2025-10-27T08:00:00.000Z', 'delta', 'action-reminder 1 -> manny'], // Mon 27 Oct 09:00 CET
  // alpha: flagged Mon 20 Oct 10:00 CEST; due Mon 27 Oct 10:00 — now CET, so 09:00Z instead of 08:00Z.
  ['2025-10-27T09:00:00.000Z', 'alpha', 'reminder 1 -> ivy'], // Mon 27 Oct 10:00 CET
  ['2025-10-28T08:00:00.000Z', 'charlie', 'case-closed resolved'], // 14 days (336 h) after the approval at 10:00 CEST = 09:00 CET
  ['2025-10-28T08:00:00.000Z', 'delta', 'action-reminder 2 -> manny'],
  ['2025-10-28T09:00:00.000Z', 'alpha', 'reminder 2 -> ivy'],
  ['2025-10-29T08:00:00.000Z', 'delta', 'action-reminder 3 -> manny'],
  ['2025-10-29T09:00:00.000Z', 'alpha', 'reminder 3 -> ivy'],
  // delta: the review ends on Fri 31 Oct, a holiday: the question comes on the next business day at 09:00 local.
  ['2025-11-03T08:00:00.000Z', 'delta', 'stage-changed review-period/review-question'], // Mon 3 Nov 09:00 CET
  // alpha: 10 business days after Mon 20 Oct, skipping Fri 31 Oct -> Tue 4 Nov 10:00 CET.
  ['2025-11-04T09:00:00.000Z', 'alpha', 'overdue-escalated -> manny'],
];

/** Monday 09:00 in Berlin: 07:00Z in summer time, 08:00Z from 27 Oct. */
const EXPECTED_DIGESTS = ['2025-10-06T07:00:00.000Z', '2025-10-13T07:00:00.000Z', '2025-10-20T07:00:00.000Z', '2025-10-27T08:00:00.000Z', '2025-11-03T08:00:00.000Z'];

/** Commands people send during the month, at their instants. */
function plan(i: Instance): Record<string, () => Promise<void>> {
  const s = i.service;
  return {
    [START]: async () => {
      await seedOrg(i.stores);
      for (const p of PARTNERS) await addPartner(i.stores, p);
      await i.jobs.digest.subscribe(CHANNEL, 'ada');
      await toReviewPeriod(s, 'delta', '2025-10-31', '2025-10-24');
    },
    '2025-10-01T12:30:00.000Z': () => act(s, 'bravo', 'ivy', cmd.flag()),
    '2025-10-14T08:00:00.000Z': async () => {
      await act(s, 'charlie', 'ivy', cmd.flag());
      await act(s, 'charlie', 'ivy', cmd.logAttempt('2025-10-14'));
      await act(s, 'charlie', 'manny', cmd.approveReset());
    },
    '2025-10-20T08:00:00.000Z': () => act(s, 'alpha', 'ivy', cmd.flag()),
  };
}

describe('a simulated month in Europe/Berlin', () => {
  const clock = new ManualClock(new Date(START));
  const sender = new RecordingSender(clock);
  let instance: Instance;
  let stores: TableStorage;

  beforeAll(async () => {
    instance = await startInstance('solo', newPrefix('month'), clock, sender);
    stores = instance.stores;
    const actions = plan(instance);
    const instants = merged(
      grid(START, END, 3),
      grid('2025-10-25T23:00:00.000Z', '2025-10-26T03:00:00.000Z', 0.25),
      Object.keys(actions),
      EXPECTED_EVENTS.map((e) => e[0]),
      EXPECTED_DIGESTS,
    );
    await stepThrough(clock, instants, [instance], async (at) => {
      await actions[at]?.();
    });
  }, 120_000);

  it('records every timer event once, at its local time, across the clock change and the holidays', async () => {
    const facts = await systemEvents(stores, PARTNERS);
    expect(facts.map((f) => [f.at, f.partnerId, f.what])).toEqual(EXPECTED_EVENTS);
  });

  it('posts the weekly digest once a week, Monday 09:00 local time, summer time or not', () => {
    expect(sender.posts.map((p) => p.at)).toEqual(EXPECTED_DIGESTS);
    expect(new Set(sender.posts.map((p) => p.conversationId))).toEqual(new Set([CHANNEL]));
  });

  it('writes each timer notice to the outbox once, with the event', async () => {
    const rows = await outboxSince(stores, PARTNERS, '2025-10-09T00:00:00.000Z');
    const fromTicks = rows.filter((r) => ['reminder', 'overdue', 'action-reminder', 'outcome'].includes(r.notice.kind) || (r.partnerId === 'delta' && r.notice.kind === 'your-turn'));
    const keys = fromTicks.map(noticeKey).sort();
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(
      [
        'alpha reminder -> ivy @ 2025-10-27T09:00:00.000Z',
        'alpha reminder -> ivy @ 2025-10-28T09:00:00.000Z',
        'alpha reminder -> ivy @ 2025-10-29T09:00:00.000Z',
        'alpha overdue -> manny @ 2025-11-04T09:00:00.000Z',
        'bravo reminder -> ivy @ 2025-10-09T12:30:00.000Z',
        'bravo reminder -> ivy @ 2025-10-10T12:30:00.000Z',
        'bravo reminder -> ivy @ 2025-10-13T12:30:00.000Z',
        'bravo overdue -> manny @ 2025-10-16T12:30:00.000Z',
        'charlie outcome -> ivy @ 2025-10-28T08:00:00.000Z',
        'charlie outcome -> manny @ 2025-10-28T08:00:00.000Z',
        'delta action-reminder -> manny @ 2025-10-27T08:00:00.000Z',
        'delta action-reminder -> manny @ 2025-10-28T08:00:00.000Z',
        'delta action-reminder -> manny @ 2025-10-29T08:00:00.000Z',
        'delta your-turn -> vera @ 2025-11-03T08:00:00.000Z',
      ].sort(),
    );
  });

  it('leaves nothing due in the index that the month should have handled', async () => {
    expect(await stores.timers.due('2025-11-05T23:00:00.000Z', 100)).toEqual([]);
  });

  it('kept a snapshot per week for the movement figures', async () => {
    const weeks = await Promise.all(['2025-W41', '2025-W42', '2025-W43', '2025-W44', '2025-W45'].map((w) => stores.digestRuns.snapshot(w)));
    expect(weeks.map((w) => w?.weekId)).toEqual(['2025-W41', '2025-W42', '2025-W43', '2025-W44', '2025-W45']);
    // Week 44 (Mon 27 Oct 09:00 CET): all four open (charlie watches until the 28th), only bravo overdue yet.
    expect(weeks[3]).toMatchObject({ partners: 4, openCases: 4, overdue: 1 });
    expect(weeks[4]).toMatchObject({ partners: 4, openCases: 3, overdue: 2 });
  });
});
