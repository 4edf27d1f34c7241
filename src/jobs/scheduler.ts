// The in-process scheduler. Calendar maths is croner's (`nextRun`, in each job's zone); time comes from an
// injectable clock, so tests step a ManualClock and call `tick(now)` themselves. In production a croner job
// calls `tick` every minute. A tick runs each job whose moment fell since the last tick, once however many
// moments were missed (catch-up), and every job on the first tick after start-up. A job that reports it is not
// done (a claim held by another instance, a send to retry) runs again on the next tick.
import { Cron } from 'croner';
import type { Logger } from '../log';
import type { Clock } from '../service/clock';

export interface JobOutcome {
  /** False: run again on the next tick (work left that another instance holds, or a retry). */
  done: boolean;
  detail?: Record<string, unknown>;
}

export interface ScheduledJob {
  name: string;
  /** A croner pattern (5 fields, or 6 with seconds), read in `timeZone`. */
  pattern: string;
  /** IANA zone of the pattern. The every-minute driver always runs on UTC minutes. */
  timeZone: string;
  run(now: Date): Promise<JobOutcome>;
}

export interface JobRun {
  name: string;
  outcome?: JobOutcome;
  error?: string;
}

export interface TickReport {
  at: string;
  runs: JobRun[];
  /** True when another tick was still running and this one did nothing. */
  skipped?: boolean;
}

interface Entry {
  job: ScheduledJob;
  cron: Cron;
  pending: boolean;
}

export interface SchedulerOptions {
  clock: Clock;
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/**
 * The pattern of the every-minute driver. It runs on UTC minutes: croner 9 skips the repeated hour of a
 * daylight-saving change for `* * * * *` in a zone such as Europe/Berlin, and a minute is a minute in UTC.
 */
export const DRIVER_PATTERN = '* * * * *';

export class JobScheduler {
  private readonly entries: Entry[];
  private lastTick: Date | undefined;
  private running: Promise<TickReport> | undefined;
  private driver: Cron | undefined;

  constructor(
    jobs: readonly ScheduledJob[],
    private readonly o: SchedulerOptions,
  ) {
    this.entries = jobs.map((job) => ({ job, cron: new Cron(job.pattern, { timezone: job.timeZone, paused: true }), pending: false }));
  }

  get jobNames(): string[] {
    return this.entries.map((e) => e.job.name);
  }

  /** The jobs a tick at `now` would run. */
  dueJobs(now: Date): string[] {
    return this.entries.filter((e) => this.isDue(e, now)).map((e) => e.job.name);
  }

  /** The next moment any job is scheduled after `from` (pending retries aside). */
  nextMoment(from: Date): Date | undefined {
    const moments = this.entries.map((e) => e.cron.nextRun(from)).filter((d): d is Date => d !== null);
    return moments.sort((a, b) => a.getTime() - b.getTime())[0];
  }

  /** Runs what is due at `now` (default: the clock's time). A tick while another runs is skipped. */
  async tick(now: Date = this.o.clock.now()): Promise<TickReport> {
    if (this.running) return { at: now.toISOString(), runs: [], skipped: true };
    this.running = this.runDue(now);
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  /** The production driver: a croner job every UTC minute calls `tick` with the clock's time. */
  start(): void {
    if (this.driver) return;
    this.driver = new Cron(DRIVER_PATTERN, { timezone: 'UTC', protect: true, catch: (err) => this.o.log?.error({ err }, 'scheduler tick failed') }, async () => {
      await this.tick();
    });
  }

  /** Stops the driver and waits for a tick in progress. */
  async stop(): Promise<void> {
    this.driver?.stop();
    this.driver = undefined;
    await this.running?.catch(() => undefined);
  }

  private isDue(entry: Entry, now: Date): boolean {
    if (this.lastTick === undefined || entry.pending) return true;
    const next = entry.cron.nextRun(this.lastTick);
    return next !== null && next.getTime() <= now.getTime();
  }

  private async runDue(now: Date): Promise<TickReport> {
    const due = this.entries.filter((e) => this.isDue(e, now));
    this.lastTick = now;
    const runs: JobRun[] = [];
    for (const entry of due) {
      try {
        const outcome = await entry.job.run(now);
        entry.pending = !outcome.done;
        runs.push({ name: entry.job.name, outcome });
      } catch (err) {
        entry.pending = true;
        runs.push({ name: entry.job.name, error: err instanceof Error ? err.message : String(err) });
        this.o.log?.error({ err, job: entry.job.name }, 'scheduled job failed; it runs again next tick');
      }
    }
    return { at: now.toISOString(), runs };
  }
}
