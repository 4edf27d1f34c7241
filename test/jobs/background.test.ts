// Background work (the outbox poll) never takes the bot down: a failure is logged, backed off and retried,
// and the task reports itself healthy again once the fault clears.
import { BackgroundTask } from '../../src/jobs/background';
import { ManualClock } from '../../src/service/clock';
import { createTableStorage, StorageUnavailableError } from '../../src/storage';
import { azuriteConnectionString, freePort } from '../../src/storage/azurite';

function recordingLog() {
  const lines: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
  const at = (level: string) => (fields: object, msg: string) => void lines.push({ level, msg, fields: fields as Record<string, unknown> });
  return { lines, log: { info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('BackgroundTask', () => {
  it('survives storage being down: logs once, backs off, says so in its health, and recovers by itself', async () => {
    const clock = new ManualClock(new Date('2026-11-02T09:00:00Z'));
    const down = await createTableStorage({ connectionString: azuriteConnectionString(await freePort()), tablePrefix: 'down', retryOptions: { maxRetries: 0 }, ensureTables: false });
    let storageUp = false;
    let runs = 0;
    const { lines, log } = recordingLog();
    const task = new BackgroundTask({
      name: 'outbox poll',
      pattern: '*/5 * * * * *',
      clock,
      log,
      run: async () => {
        runs += 1;
        if (!storageUp) await down.outbox.due(clock.now().toISOString(), 10);
      },
    });

    await expect(task.tick()).resolves.toBeUndefined();
    expect(runs).toBe(1);
    expect(task.health()).toMatchObject({ ok: false, failures: 1, failingSince: '2026-11-02T09:00:00.000Z' });
    expect(task.health().lastError).toMatch(/Storage is unavailable/);
    expect(lines.filter((l) => l.level === 'error')).toHaveLength(1);
    expect(lines[0]!.fields.err).toBeInstanceOf(StorageUnavailableError);

    // Backing off: a tick one second later does not run; two seconds later it does (and fails again).
    clock.advance(1_000);
    await task.tick();
    expect(runs).toBe(1);
    clock.advance(1_000);
    await task.tick();
    expect(runs).toBe(2);
    expect(task.health().failures).toBe(2);
    // The second failure within a minute is not logged again.
    expect(lines.filter((l) => l.level === 'error')).toHaveLength(1);

    // The backoff doubles (4 s now), and the task carries on once storage is back.
    clock.advance(3_000);
    await task.tick();
    expect(runs).toBe(2);
    storageUp = true;
    clock.advance(1_000);
    await task.tick();
    expect(runs).toBe(3);
    expect(task.health()).toEqual({ ok: true, failures: 0 });
    expect(lines.at(-1)).toMatchObject({ level: 'info', msg: 'outbox poll: working again' });

    // Healthy again: every tick runs.
    await task.tick();
    expect(runs).toBe(4);
  });

  it('does not start a run while one is still going', async () => {
    const clock = new ManualClock(new Date('2026-11-02T09:00:00Z'));
    let release!: () => void;
    let runs = 0;
    const task = new BackgroundTask({ name: 't', pattern: '* * * * * *', clock, log: recordingLog().log, run: () => new Promise<void>((resolve) => { runs += 1; release = resolve; }) });
    const first = task.tick();
    const second = task.tick();
    expect(runs).toBe(1);
    release();
    await Promise.all([first, second]);
    expect(runs).toBe(1);
  });
});
