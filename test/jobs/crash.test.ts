// A process killed in the middle of a run, then restarted: nothing missed, nothing doubled.
//
// The "kill" is an in-process instance abandoned at a defined step: a test hook (after the n-th timer case,
// after a digest claim, after a send) returns a promise that never resolves, so that instance never takes
// another step, and a fresh instance — new store objects, new service, new scheduler, on the same tables —
// starts, runs the start-up sweep and ticks. All state lives in Table Storage, so abandoning the instance at an
// await is what a kill at that point leaves behind; it is deterministic and fast on 2 cores, where a child
// process (ts-node start-up, a signal racing a socket) would be neither. A kill between a commit and its index
// writes is simulated by deleting the index entries the commit wrote.
import { TableClient } from '@azure/data-tables';
import type { Instance } from './support';
import { ManualClock, RecordingSender, act, addPartner, cmd, newPrefix, seedOrg, startInstance, systemEvents } from './support';
import { testConnectionString } from '../support/storage';

const never = () => new Promise<void>(() => undefined);
const PARTNERS = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'];
const CHANNELS = ['19:c1@thread.tacv2', '19:c2@thread.tacv2', '19:c3@thread.tacv2'];

/** Six cases flagged Mon 20 Oct 10:00 CEST (due Mon 27 Oct 09:00Z) and three subscribed channels, by `setup`. */
async function seed(setup: Instance, clock: ManualClock): Promise<void> {
  clock.set('2025-10-14T08:00:00.000Z');
  await seedOrg(setup.stores);
  for (const p of PARTNERS) await addPartner(setup.stores, p);
  for (const c of CHANNELS) await setup.jobs.digest.subscribe(c, 'ada');
  clock.set('2025-10-20T08:00:00.000Z');
  for (const p of PARTNERS) await act(setup.service, p, 'ivy', cmd.flag());
}

/** Starts `tick` on an instance whose hook stops it; resolves once it has stopped there. */
function killedAt(): { hook: () => Promise<void>; stopped: Promise<void> } {
  let reached!: () => void;
  const stopped = new Promise<void>((resolve) => (reached = resolve));
  return {
    hook: () => {
      reached();
      return never();
    },
    stopped,
  };
}

describe('a process killed mid-run, then restarted', () => {
  it('timers: killed after the third of six due cases; the restarted instance ticks the other three once', async () => {
    const clock = new ManualClock(new Date('2025-10-14T08:00:00.000Z'));
    const sender = new RecordingSender(clock);
    const prefix = newPrefix('crasht');
    const kill = killedAt();
    const doomed = await startInstance('doomed', prefix, clock, sender, undefined, {
      hooks: { afterTimerCase: (_entry, i) => (i === 2 ? kill.hook() : Promise.resolve()) },
    });
    await seed(doomed, clock);

    clock.set('2025-10-27T09:00:00.000Z');
    void doomed.jobs.scheduler.tick(clock.now());
    await kill.stopped;
    const before = await systemEvents(doomed.stores, PARTNERS);
    expect(before.map((f) => f.what)).toEqual(['reminder 1 -> ivy', 'reminder 1 -> ivy', 'reminder 1 -> ivy']);

    // Restart a minute later.
    clock.set('2025-10-27T09:01:00.000Z');
    const fresh = await startInstance('fresh', prefix, clock, sender);
    await fresh.jobs.repair();
    await fresh.jobs.scheduler.tick(clock.now());
    for (const at of ['2025-10-28T09:00:00.000Z', '2025-10-29T09:00:00.000Z']) {
      clock.set(at);
      await fresh.jobs.scheduler.tick(clock.now());
    }

    const facts = await systemEvents(fresh.stores, PARTNERS);
    for (const p of PARTNERS) {
      const mine = facts.filter((f) => f.partnerId === p);
      expect(mine.map((f) => f.what)).toEqual(['reminder 1 -> ivy', 'reminder 2 -> ivy', 'reminder 3 -> ivy']);
      expect(mine.slice(1).map((f) => f.at)).toEqual(['2025-10-28T09:00:00.000Z', '2025-10-29T09:00:00.000Z']);
    }
    // The three the first instance did at 09:00, the other three on restart at 09:01.
    expect(facts.filter((f) => f.what === 'reminder 1 -> ivy').map((f) => f.at).sort()).toEqual([
      ...Array(3).fill('2025-10-27T09:00:00.000Z'),
      ...Array(3).fill('2025-10-27T09:01:00.000Z'),
    ]);
  });

  it('timers: killed between commits and their index writes; the start-up sweep rebuilds the index and nothing is missed', async () => {
    const clock = new ManualClock(new Date('2025-10-14T08:00:00.000Z'));
    const sender = new RecordingSender(clock);
    const prefix = newPrefix('crashi');
    const first = await startInstance('first', prefix, clock, sender);
    await seed(first, clock);
    clock.set('2025-10-27T09:00:00.000Z');
    await first.jobs.scheduler.tick(clock.now());

    // The index writes after each commit "never happened": every timer entry is gone.
    const timers = TableClient.fromConnectionString(testConnectionString(), first.stores.tableNames.timers, { allowInsecureConnection: true });
    for await (const row of timers.listEntities()) await timers.deleteEntity(row.partitionKey!, row.rowKey!);
    expect(await first.stores.timers.due('2025-12-31T00:00:00.000Z', 100)).toEqual([]);

    clock.set('2025-10-27T12:00:00.000Z');
    const fresh = await startInstance('fresh', prefix, clock, sender);
    expect(await fresh.jobs.repair()).toEqual({ timers: PARTNERS.length, outbox: 0, work: 0 });
    for (const at of ['2025-10-27T12:00:00.000Z', '2025-10-28T09:00:00.000Z', '2025-10-29T09:00:00.000Z']) {
      clock.set(at);
      await fresh.jobs.scheduler.tick(clock.now());
    }
    const facts = await systemEvents(fresh.stores, PARTNERS);
    expect(facts.length).toBe(PARTNERS.length * 3);
    for (const p of PARTNERS) {
      expect(facts.filter((f) => f.partnerId === p).map((f) => `${f.what} @ ${f.at}`)).toEqual([
        'reminder 1 -> ivy @ 2025-10-27T09:00:00.000Z',
        'reminder 2 -> ivy @ 2025-10-28T09:00:00.000Z',
        'reminder 3 -> ivy @ 2025-10-29T09:00:00.000Z',
      ]);
    }
  });

  it('digest: killed holding the claim of the second of three channels; the restarted instance waits out the lease, then sends it once', async () => {
    const clock = new ManualClock(new Date('2025-10-14T08:00:00.000Z'));
    const sender = new RecordingSender(clock);
    const prefix = newPrefix('crashd');
    const kill = killedAt();
    const doomed = await startInstance('doomed', prefix, clock, sender.forInstance('doomed'), undefined, {
      hooks: { afterClaim: (conversationId) => (conversationId === CHANNELS[1] ? kill.hook() : Promise.resolve()) },
    });
    await seed(doomed, clock);
    await doomed.stores.digestRuns.saveSnapshot({ weekId: '2025-W43', at: '2025-10-20T07:00:00.000Z', partners: 6, openCases: 6, overdue: 0, newFlags: 6, escalated: 0, closedThisWeek: 0, byState: {}, revenueAtRisk: {} });

    clock.set('2025-10-27T08:00:00.000Z');
    void doomed.jobs.scheduler.tick(clock.now());
    await kill.stopped;
    expect(sender.posts.map((p) => p.conversationId)).toEqual([CHANNELS[0]]);

    clock.set('2025-10-27T08:01:00.000Z');
    const fresh = await startInstance('fresh', prefix, clock, sender.forInstance('fresh'));
    await fresh.jobs.repair();
    const first = await fresh.jobs.scheduler.tick(clock.now());
    expect(first.runs.find((r) => r.name === 'digest')?.outcome).toMatchObject({ done: false, already: [CHANNELS[0]], waiting: [CHANNELS[1]], posted: [CHANNELS[2]] });

    // The lease (5 minutes from 08:00) still holds at 08:04; from 08:05 the claim is taken over.
    for (const at of ['2025-10-27T08:02:00.000Z', '2025-10-27T08:04:00.000Z', '2025-10-27T08:05:00.000Z', '2025-10-27T08:06:00.000Z']) {
      clock.set(at);
      await fresh.jobs.scheduler.tick(clock.now());
    }
    expect(sender.posts.map((p) => `${p.conversationId} ${p.by} ${p.at}`)).toEqual([
      `${CHANNELS[0]} doomed 2025-10-27T08:00:00.000Z`,
      `${CHANNELS[2]} fresh 2025-10-27T08:01:00.000Z`,
      `${CHANNELS[1]} fresh 2025-10-27T08:05:00.000Z`,
    ]);
    const claims = await fresh.stores.digestRuns.forWeek('2025-W44');
    expect(claims.map((c) => c.status)).toEqual(['sent', 'sent', 'sent']);
    // The restarted scheduler has nothing pending any more.
    expect(fresh.jobs.scheduler.dueJobs(new Date('2025-10-27T08:06:30.000Z'))).toEqual([]);
  });

  it('digest: killed after Teams accepted the card but before it was recorded — the one window where a channel can get a second copy (as with the outbox)', async () => {
    const clock = new ManualClock(new Date('2025-10-14T08:00:00.000Z'));
    const sender = new RecordingSender(clock);
    const prefix = newPrefix('crashs');
    const kill = killedAt();
    const doomed = await startInstance('doomed', prefix, clock, sender.forInstance('doomed'), undefined, {
      hooks: { afterSend: (conversationId) => (conversationId === CHANNELS[0] ? kill.hook() : Promise.resolve()) },
    });
    await seed(doomed, clock);
    clock.set('2025-10-27T08:00:00.000Z');
    void doomed.jobs.scheduler.tick(clock.now());
    await kill.stopped;

    const fresh = await startInstance('fresh', prefix, clock, sender.forInstance('fresh'));
    for (const at of ['2025-10-27T08:01:00.000Z', '2025-10-27T08:05:00.000Z']) {
      clock.set(at);
      await fresh.jobs.scheduler.tick(clock.now());
    }
    const counts = CHANNELS.map((c) => sender.posts.filter((p) => p.conversationId === c).length);
    expect(counts).toEqual([2, 1, 1]);
  });
});
