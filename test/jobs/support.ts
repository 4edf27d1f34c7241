// Job suites: a bot "instance" of its own (stores, service, jobs) on the shared Azurite, a ManualClock the test
// moves, a recording DigestSender, and helpers to read back what the timers recorded (events and outbox rows).
import type { Config } from '../../src/config';
import { loadConfig } from '../../src/config';
import type { CaseEvent } from '../../src/domain';
import type { Jobs, JobsOptions } from '../../src/jobs';
import { createJobs } from '../../src/jobs';
import type { DigestSender, DigestSendResult } from '../../src/jobs/digest';
import { CaseService } from '../../src/service/caseService';
import type { Clock } from '../../src/service/clock';
import { ManualClock } from '../../src/service/clock';
import type { TableStorage } from '../../src/storage';
import { createTableStorage } from '../../src/storage';
import type { OutboxItem } from '../../src/storage/ports';
import type { AdaptiveCard } from '../../src/teams/cards/render';
import { testConnectionString, uniqueTablePrefix } from '../support/storage';

export const ZONE = 'Europe/Berlin';
/** German Unity Day (a Friday) and Reformation Day (a Friday, in some states). */
export const HOLIDAYS = ['2025-10-03', '2025-10-31'];

export function testConfig(extra: Record<string, string> = {}): Config {
  return loadConfig({
    TIME_ZONE: ZONE,
    HOLIDAYS: HOLIDAYS.join(','),
    QUIET_PERIOD_DAYS: '14',
    DIGEST_DAY: 'MON',
    DIGEST_TIME: '09:00',
    DIGEST_TOP_N: '5',
    JOBS_SECRET: 'test-jobs-secret',
    ADMIN_AAD_OBJECT_IDS: 'ada',
    ...extra,
  });
}

export interface Post {
  conversationId: string;
  at: string;
  card: AdaptiveCard;
  by: string;
}

/** Records every digest posted; `fail` makes chosen channels fail. */
export class RecordingSender implements DigestSender {
  readonly posts: Post[] = [];
  fail = new Map<string, DigestSendResult>();
  constructor(
    private readonly clock: Clock,
    private readonly by = 'sender',
  ) {}

  forInstance(by: string): DigestSender {
    return { post: (conversationId, card) => this.record(conversationId, card, by) };
  }

  post(conversationId: string, card: AdaptiveCard): Promise<DigestSendResult> {
    return this.record(conversationId, card, this.by);
  }

  private async record(conversationId: string, card: AdaptiveCard, by: string): Promise<DigestSendResult> {
    const failure = this.fail.get(conversationId);
    if (failure) return failure;
    this.posts.push({ conversationId, at: this.clock.now().toISOString(), card, by });
    return { ok: true, activityId: `act-${this.posts.length}` };
  }
}

export interface Instance {
  name: string;
  stores: TableStorage;
  service: CaseService;
  jobs: Jobs;
}

export async function openStores(prefix: string): Promise<TableStorage> {
  return createTableStorage({ connectionString: testConnectionString(), tablePrefix: prefix, retryOptions: { maxRetries: 0 }, onBackgroundError: () => undefined });
}

/** One bot process as far as the jobs go: its own store objects on the shared tables. */
export async function startInstance(
  name: string,
  prefix: string,
  clock: ManualClock,
  sender: DigestSender,
  config: Config = testConfig(),
  extra: Partial<Pick<JobsOptions, 'hooks' | 'digestLeaseMs'>> = {},
): Promise<Instance> {
  const stores = await openStores(prefix);
  const service = new CaseService({ stores, settings: config.workflow, configuredAdmins: config.env.ADMIN_AAD_OBJECT_IDS, clock });
  const jobs = createJobs({ config, stores, service, sender, clock, instanceId: name, ...extra });
  return { name, stores, service, jobs };
}

export function newPrefix(label: string): string {
  return uniqueTablePrefix(label);
}

// ---------------------------------------------------------------- the org and partners

/** manny manages ivy and ian; vera (vp) manages manny; gina (gm) manages vera; sam is a sales director; ada admin. */
export async function seedOrg(stores: TableStorage): Promise<void> {
  const people: [string, string, string | undefined, ('vp' | 'gm' | 'sales-director' | 'admin')[]][] = [
    ['ivy', 'Ivy Chen', 'manny', []],
    ['ian', 'Ian Brooks', 'manny', []],
    ['manny', 'Manny Ortiz', 'vera', []],
    ['vera', 'Vera Lindqvist', 'gina', ['vp']],
    ['gina', 'Gina Okafor', undefined, ['gm']],
    ['sam', 'Sam Patel', undefined, ['sales-director']],
    ['ada', 'Ada Admin', undefined, ['admin']],
  ];
  for (const [userId, name, managerId, roles] of people) {
    await stores.directory.upsertPerson({ userId, name, teamsId: `29:${userId}`, tenantId: 't1', roles, ...(managerId ? { managerId } : {}) });
  }
}

export async function addPartner(stores: TableStorage, partnerId: string, name = partnerId[0]!.toUpperCase() + partnerId.slice(1)): Promise<void> {
  await stores.partners.create({ partnerId, name, aliases: [], salesDirectors: ['sam'], archived: false, createdAt: '2025-09-01T00:00:00.000Z', createdBy: 'ada' });
}

export const cmd = {
  flag: (triggers: string[] = ['misaligned-expectations'], newOccurrence?: boolean) => ({
    type: 'flag',
    triggers,
    evidence: [{ kind: 'meeting-notes', summary: 'Missed the agreed delivery date again' }],
    ...(newOccurrence ? { newOccurrence } : {}),
  }),
  logAttempt: (agreedOn: string) => ({ type: 'log-reset-attempt', agreed: 'Weekly sync, shared backlog', agreedOn }),
  approveReset: () => ({ type: 'approve-reset' }),
  escalateNow: () => ({ type: 'escalate-now' }),
  draftRisk: (amount: number, currency: string) => ({ type: 'draft-risk', amount, currency, skus: ['AZ-SQL'] }),
  confirmRisk: (amount: number, currency: string) => ({ type: 'confirm-risk', amount, currency, skus: ['AZ-SQL'] }),
  gmMeeting: (on: string) => ({ type: 'record-gm-meeting', on }),
  salesMeeting: (on: string) => ({ type: 'record-sales-meeting', on }),
  confirmEmail: () => ({ type: 'confirm-email-sent' }),
  proposeFixable: (reviewEndsOn: string, actionDueOn: string) => ({
    type: 'propose-decision',
    fixable: true,
    rationale: 'Clear gaps, clear owners',
    reviewEndsOn,
    actions: [{ text: 'Joint delivery plan', ownerId: 'manny', dueOn: actionDueOn }],
  }),
  approveDecision: () => ({ type: 'approve-decision' }),
};

/** Runs a command that must be accepted. */
export async function act(service: CaseService, partnerId: string, actor: string, command: unknown): Promise<void> {
  const outcome = await service.execute(partnerId, command, { aadObjectId: actor });
  if (!outcome.ok) throw new Error(`${actor} ${(command as { type: string }).type} on ${partnerId}: ${outcome.rejection.code} ${outcome.rejection.message}`);
}

/** A case in review-period (actions under way), reached through the real commands at one instant. */
export async function toReviewPeriod(service: CaseService, partnerId: string, reviewEndsOn: string, actionDueOn: string): Promise<void> {
  await act(service, partnerId, 'ivy', cmd.flag());
  await act(service, partnerId, 'ian', cmd.flag(['poor-communication'], true));
  await act(service, partnerId, 'manny', cmd.escalateNow());
  await act(service, partnerId, 'manny', cmd.draftRisk(120_000, 'EUR'));
  await act(service, partnerId, 'vera', cmd.confirmRisk(120_000, 'EUR'));
  await act(service, partnerId, 'vera', cmd.gmMeeting('2025-10-01'));
  await act(service, partnerId, 'vera', cmd.salesMeeting('2025-10-01'));
  await act(service, partnerId, 'vera', cmd.confirmEmail());
  await act(service, partnerId, 'vera', cmd.proposeFixable(reviewEndsOn, actionDueOn));
  await act(service, partnerId, 'gina', cmd.approveDecision());
}

// ---------------------------------------------------------------- what the timers recorded

export interface TimerFact {
  partnerId: string;
  what: string;
  at: string;
}

/** Events the timers recorded (actor "system"), as "type n/outcome/phase" strings with their instant. */
export async function systemEvents(stores: TableStorage, partnerIds: readonly string[]): Promise<TimerFact[]> {
  const out: TimerFact[] = [];
  for (const partnerId of partnerIds) {
    const latest = await stores.cases.latest(partnerId);
    if (!latest) continue;
    const events = await stores.cases.events(partnerId, latest.state.caseId);
    for (const e of events.filter((x) => x.actor === 'system')) out.push({ partnerId, what: describe(e), at: e.at });
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.partnerId < b.partnerId ? -1 : 1));
}

function describe(e: CaseEvent): string {
  switch (e.type) {
    case 'reminder-sent':
      return `reminder ${e.n} -> ${e.to}`;
    case 'action-reminder-sent':
      return `action-reminder ${e.n} -> ${e.to}`;
    case 'overdue-escalated':
      return `overdue-escalated -> ${e.to}`;
    case 'case-closed':
      return `case-closed ${e.outcome}`;
    case 'stage-changed':
      return `stage-changed ${e.step}/${e.phase}`;
    default:
      return e.type;
  }
}

/** Outbox rows of the partners' latest cases created at or after `since` (the timers' notices). */
export async function outboxSince(stores: TableStorage, partnerIds: readonly string[], since: string): Promise<OutboxItem[]> {
  const out: OutboxItem[] = [];
  for (const partnerId of partnerIds) {
    const latest = await stores.cases.latest(partnerId);
    if (!latest) continue;
    out.push(...(await stores.outbox.forCase(partnerId, latest.state.caseId)).filter((o) => o.createdAt >= since));
  }
  return out;
}

export function noticeKey(o: OutboxItem): string {
  const to = o.notice.to;
  return `${o.partnerId} ${o.notice.kind} -> ${'user' in to ? to.user : 'channel' in to ? `#${to.channel}` : 'admins'} @ ${o.createdAt}`;
}

/** Steps a ManualClock through sorted instants, ticking the given schedulers at each (concurrently). */
export async function stepThrough(clock: ManualClock, instants: readonly string[], instances: readonly Pick<Instance, 'jobs'>[], before?: (at: string) => Promise<void>): Promise<void> {
  for (const at of instants) {
    clock.set(at);
    await before?.(at);
    const now = clock.now();
    const reports = await Promise.all(instances.map((i) => i.jobs.scheduler.tick(now)));
    for (const r of reports) {
      const failed = r.runs.find((x) => x.error);
      if (failed) throw new Error(`tick at ${at}: ${failed.name} failed: ${failed.error}`);
    }
  }
}

/** Instants every `hours` from `from` (inclusive) to `to` (exclusive). */
export function grid(from: string, to: string, hours: number): string[] {
  const out: string[] = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += hours * 3_600_000) out.push(new Date(t).toISOString());
  return out;
}

export function merged(...lists: string[][]): string[] {
  return [...new Set(lists.flat().map((x) => new Date(x).toISOString()))].sort();
}

export { ManualClock };
