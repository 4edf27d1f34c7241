// Scheduled work, assembled: the timers and digest jobs on the in-process scheduler, the start-up sweep, the
// authenticated `POST /jobs/:name` handler and the sender that posts digests through the bot's messenger.
// main.ts calls `startJobs` once storage, service and messenger exist, and `stop()` on shutdown.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { Clock } from '../service/clock';
import type { DigestStores, Stores } from '../storage/ports';
import type { Messenger } from '../teams/messenger';
import { cardActivity } from '../teams/reply';
import type { DigestDay, DigestHooks, DigestSender } from './digest';
import { DigestJobs } from './digest';
import type { ScheduledJob } from './scheduler';
import { JobScheduler } from './scheduler';
import type { TimerDeps, TimerRunReport } from './timers';
import { repairIndexes, runDueTimers } from './timers';
import type { UnreachedReport, UserSender } from './unreached';
import { runUnreachedSummary } from './unreached';

export const JOB_NAMES = ['timers', 'digest', 'unreached'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface JobsOptions {
  config: Pick<Config, 'env' | 'workflow' | 'health'>;
  stores: Pick<Stores, 'cases' | 'partners' | 'directory' | 'timers' | 'outbox' | 'health'> & Partial<Pick<Stores, 'work' | 'reach'>> & DigestStores;
  /**
   * `indexed` resolves once the index writes that follow this instance's commits in the background are done: a
   * timer run waits for it, so a case this instance has just moved is found in the due index.
   */
  service: TimerDeps['service'] & { admins(): Promise<string[]>; indexed?(): Promise<void> };
  sender: DigestSender;
  /** 1:1 cards (the admins' daily summary of people not reached); without it that job does nothing. */
  toUser?: UserSender;
  /** The app's link in Teams, for that summary. */
  installLink?: string;
  clock: Clock;
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Names this instance in digest claims; default host:pid:random. */
  instanceId?: string;
  /** Test hooks: awaited after each timer case and at defined steps of a digest run. */
  hooks?: DigestHooks & { afterTimerCase?: TimerDeps['afterCase'] };
  digestLeaseMs?: number;
}

export interface JobsHttpAnswer {
  status: number;
  body: unknown;
}

export interface Jobs {
  scheduler: JobScheduler;
  digest: DigestJobs;
  /** One run of a job now, as the one-shot script and the endpoint do. */
  run(name: JobName, now?: Date): Promise<unknown>;
  /** `POST /jobs/:name` with `Authorization: Bearer <JOBS_SECRET>`: 200 with the report, 401, or 404. */
  runJob(name: string, authorization: string | undefined): Promise<JobsHttpAnswer>;
  /** The start-up sweep: timer, outbox and work index entries lost in a crash are written again. */
  repair(): Promise<{ timers: number; outbox: number; work: number }>;
  /** Stops the every-minute driver (if started) and waits for a tick in progress. */
  stop(): Promise<void>;
}

export function defaultInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** Builds the jobs without starting anything (tests drive `scheduler.tick(now)` themselves). */
export function createJobs(o: JobsOptions): Jobs {
  const env = o.config.env;
  const timeZone = o.config.workflow.calendar.timeZone;
  const timerDeps: TimerDeps = {
    timers: o.stores.timers,
    outbox: o.stores.outbox,
    ...(o.stores.work ? { work: o.stores.work } : {}),
    service: o.service,
    ...(o.log ? { log: o.log } : {}),
    ...(o.hooks?.afterTimerCase ? { afterCase: o.hooks.afterTimerCase } : {}),
  };
  const digest = new DigestJobs({
    stores: o.stores,
    sender: o.sender,
    settings: { calendar: o.config.workflow.calendar, day: env.DIGEST_DAY as DigestDay, time: env.DIGEST_TIME, topN: env.DIGEST_TOP_N, health: o.config.health },
    clock: o.clock,
    instanceId: o.instanceId ?? defaultInstanceId(),
    ...(o.log ? { log: o.log } : {}),
    ...(o.hooks ? { hooks: o.hooks } : {}),
    ...(o.digestLeaseMs !== undefined ? { leaseMs: o.digestLeaseMs } : {}),
  });
  const runTimers = async (now: Date): Promise<TimerRunReport> => {
    await o.service.indexed?.();
    return runDueTimers(timerDeps, now);
  };
  const reachStores = o.stores.reach ? { ...o.stores, reach: o.stores.reach } : undefined;
  const runUnreached = async (now: Date): Promise<UnreachedReport> =>
    reachStores
      ? runUnreachedSummary(
          { stores: reachStores, admins: () => o.service.admins(), settings: o.config.workflow, ...(o.toUser ? { sender: o.toUser } : {}), ...(o.installLink ? { installLink: o.installLink } : {}), ...(o.log ? { log: o.log } : {}) },
          now,
        )
      : { blocking: 0, sent: 0 };
  const jobs: ScheduledJob[] = [
    { name: 'timers', pattern: '* * * * *', timeZone: 'UTC', run: async (now) => ({ done: true, detail: { ...(await runTimers(now)) } }) },
    { name: 'digest', pattern: digest.pattern, timeZone, run: (now) => digest.runWeekly(now) },
    // Each admin's daily summary goes out at the start of their working hours, in their own zone: look every 15 minutes.
    { name: 'unreached', pattern: '*/15 * * * *', timeZone: 'UTC', run: async (now) => ({ done: true, detail: { ...(await runUnreached(now)) } }) },
  ];
  const scheduler = new JobScheduler(jobs, { clock: o.clock, ...(o.log ? { log: o.log } : {}) });

  const run = async (name: JobName, now: Date = o.clock.now()): Promise<unknown> => (name === 'timers' ? runTimers(now) : name === 'digest' ? digest.runWeekly(now) : runUnreached(now));
  const secret = env.JOBS_SECRET;

  return {
    scheduler,
    digest,
    run,
    repair: () => repairIndexes(timerDeps),
    stop: () => scheduler.stop(),
    async runJob(name, authorization) {
      if (!secret) return { status: 404, body: { error: 'Jobs over HTTP are not enabled: set JOBS_SECRET.' } };
      if (!bearerMatches(authorization, secret)) return { status: 401, body: { error: 'Send Authorization: Bearer <JOBS_SECRET>.' } };
      if (!(JOB_NAMES as readonly string[]).includes(name)) return { status: 404, body: { error: `No job "${name.slice(0, 40)}". Jobs: ${JOB_NAMES.join(', ')}.` } };
      try {
        return { status: 200, body: { job: name, report: await run(name as JobName) } };
      } catch (err) {
        o.log?.error({ err, job: name }, 'job run over HTTP failed');
        return { status: 500, body: { error: `The ${name} job failed; see the logs.` } };
      }
    },
  };
}

/**
 * Builds the jobs, runs the start-up sweep, and — with JOBS_ENABLED — starts the every-minute driver. The first
 * tick (catch-up on what fell due while the bot was down) runs in the background, so start-up does not wait.
 */
export async function startJobs(o: JobsOptions & { drive?: boolean }): Promise<Jobs> {
  const jobs = createJobs(o);
  await jobs.repair().catch((err: unknown) => o.log?.warn({ err }, 'start-up index repair failed; the next start tries again'));
  if (o.drive ?? o.config.env.JOBS_ENABLED === 'true') {
    jobs.scheduler.start();
    void jobs.scheduler.tick().catch((err: unknown) => o.log?.error({ err }, 'first scheduler tick failed'));
  }
  return jobs;
}

/** Constant-time comparison of `Bearer <token>` with the secret (both hashed first, so lengths never leak). */
export function bearerMatches(authorization: string | undefined, secret: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m || !secret) return false;
  const given = createHash('sha256').update(m[1]!, 'utf8').digest();
  const wanted = createHash('sha256').update(secret, 'utf8').digest();
  return timingSafeEqual(given, wanted);
}

/** Digests sent through the bot's messenger: each week a new post in the subscribed channel, never a reply in a thread. */
export function messengerSender(messenger: Pick<Messenger, 'postInChannel'>): DigestSender {
  return {
    async post(conversationId, card) {
      const result = await messenger.postInChannel(conversationId, cardActivity(card));
      return result.ok
        ? { ok: true, ...(result.activityId ? { activityId: result.activityId } : {}) }
        : { ok: false, permanent: result.permanent, message: result.message, status: result.status, ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {}) };
    },
  };
}

export { DigestJobs, digestPattern } from './digest';
export type { DigestSender, DigestSendResult } from './digest';
export { JobScheduler } from './scheduler';
export { runDueTimers, repairIndexes } from './timers';
export type { UserSender } from './unreached';

/** Everything the jobs send, through the bot's messenger: the digest to channels, the admins' summary to 1:1 chats. */
export function messengerOutputs(messenger: Pick<Messenger, 'postInChannel' | 'sendToUser'>, reach: { installLink?: string }): Pick<JobsOptions, 'sender' | 'toUser' | 'installLink'> {
  return {
    sender: messengerSender(messenger),
    toUser: {
      async toUser(userId, card) {
        const result = await messenger.sendToUser(userId, cardActivity(card));
        return result.ok ? { ok: true } : { ok: false, message: result.message };
      },
    },
    ...(reach.installLink ? { installLink: reach.installLink } : {}),
  };
}
