// Work the bot does on its own (polling the outbox): it must never take the process down. A failure is logged,
// the next runs back off (2 s doubling to a minute), and the task carries on by itself when the fault clears.
import { Cron } from 'croner';
import type { Clock } from '../service/clock';

export interface BackgroundOptions {
  name: string;
  /** A croner pattern (6 fields for seconds). */
  pattern: string;
  run(): Promise<unknown>;
  clock: Clock;
  log: { info(fields: object, msg: string): void; error(fields: object, msg: string): void };
}

export interface BackgroundHealth {
  ok: boolean;
  failures: number;
  /** When the current run of failures began. */
  failingSince?: string;
  lastError?: string;
}

const FIRST_BACKOFF_MS = 2_000;
const MAX_BACKOFF_MS = 60_000;
/** While failing, one log line a minute at most. */
const LOG_EVERY_MS = 60_000;

/** One background task's run loop, with backoff and health. `tick()` is what the timer calls (tests call it too). */
export class BackgroundTask {
  private failures = 0;
  private failingSince: number | undefined;
  private skipUntil = 0;
  private lastLogged = 0;
  private lastError: string | undefined;
  private running: Promise<void> | undefined;
  private cron: Cron | undefined;

  constructor(private readonly o: BackgroundOptions) {}

  start(): void {
    this.cron ??= new Cron(this.o.pattern, { protect: true }, () => this.tick());
  }

  async stop(): Promise<void> {
    this.cron?.stop();
    this.cron = undefined;
    await this.running;
  }

  health(): BackgroundHealth {
    return {
      ok: this.failures === 0,
      failures: this.failures,
      ...(this.failingSince !== undefined ? { failingSince: new Date(this.failingSince).toISOString() } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  /** Runs once unless backing off or already running; never rejects. */
  tick(): Promise<void> {
    const now = this.o.clock.now().getTime();
    if (this.running || now < this.skipUntil) return this.running ?? Promise.resolve();
    this.running = this.o
      .run()
      .then(() => this.succeeded())
      .catch((err: unknown) => this.failed(err, now))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private succeeded(): void {
    if (this.failures > 0) this.o.log.info({ task: this.o.name, failures: this.failures }, `${this.o.name}: working again`);
    this.failures = 0;
    this.failingSince = undefined;
    this.skipUntil = 0;
    this.lastError = undefined;
  }

  private failed(err: unknown, now: number): void {
    this.failures += 1;
    this.failingSince ??= now;
    this.lastError = err instanceof Error ? err.message : String(err);
    const backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (this.failures - 1));
    this.skipUntil = now + backoff;
    if (this.failures === 1 || now - this.lastLogged >= LOG_EVERY_MS) {
      this.lastLogged = now;
      this.o.log.error({ err, task: this.o.name, failures: this.failures, retryInMs: backoff }, `${this.o.name} failed; trying again with backoff`);
    }
  }
}
