// Small builders for engine tests: an org directory, contexts, commands, and a `Scenario` that drives one
// partner's cases through `decide` and `tick` the way the service does (state in, events and notices out).
import type {
  CaseEvent,
  CaseState,
  DecideContext,
  Directory,
  DirectoryEntry,
  Evidence,
  Notice,
  RejectionCode,
  Role,
  TickContext,
  TickResult,
  Trigger,
  WorkflowSettings,
} from '../../src/domain';
import { DEFAULT_SETTINGS, addBusinessDays, decide, tick } from '../../src/domain';

// ---------------------------------------------------------------- people

/**
 * The org most tests use:
 *   gina (gm) <- vera (vp) <- manny (manager) <- ivy, ian (ICs)
 *   sam, sara: sales directors · ada: admin (first admin, stands in) · abe: second admin
 *   selma: her own manager · nora: no manager in the directory · otto: not in the directory at all
 */
export const P = {
  ivy: 'ivy',
  ian: 'ian',
  manny: 'manny',
  vera: 'vera',
  gina: 'gina',
  sam: 'sam',
  sara: 'sara',
  ada: 'ada',
  abe: 'abe',
  selma: 'selma',
  nora: 'nora',
  otto: 'otto',
} as const;

export function person(userId: string, managerId?: string, ...roles: Role[]): DirectoryEntry {
  return { userId, ...(managerId ? { managerId } : {}), roles };
}

export function directoryOf(...entries: DirectoryEntry[]): Directory {
  return { entries: Object.fromEntries(entries.map((e) => [e.userId, e])) };
}

export const ORG: Directory = directoryOf(
  person(P.ivy, P.manny),
  person(P.ian, P.manny),
  person(P.manny, P.vera),
  person(P.vera, P.gina, 'vp'),
  person(P.gina, undefined, 'gm'),
  person(P.sam, undefined, 'sales-director'),
  person(P.sara, undefined, 'sales-director'),
  person(P.ada, undefined, 'admin'),
  person(P.abe, undefined, 'admin'),
  person(P.selma, P.selma),
  person(P.nora),
);

export const ADMINS = [P.ada, P.abe];

// ---------------------------------------------------------------- time

/** Monday 3 March 2025, 10:00 UTC. */
export const MONDAY = '2025-03-03T10:00:00.000Z';

export function plusHours(iso: string, hours: number): string {
  return new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
}

export function plusDays(iso: string, days: number): string {
  return plusHours(iso, days * 24);
}

export function plusMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

export function businessDaysLater(iso: string, days: number, settings: WorkflowSettings = DEFAULT_SETTINGS): string {
  return addBusinessDays(iso, days, settings.calendar);
}

// ---------------------------------------------------------------- commands

export function evidence(summary = 'Missed the agreed delivery date again', extra: Partial<Evidence> = {}): Evidence {
  return { kind: 'meeting-notes', summary, ...extra };
}

export function evidenceList(n: number): Evidence[] {
  return Array.from({ length: n }, (_, i) => evidence(`item ${i + 1}`));
}

export const cmd = {
  flag: (triggers: Trigger[] = ['misaligned-expectations'], extra: { newOccurrence?: boolean; evidence?: Evidence[] } = {}) => ({
    type: 'flag' as const,
    triggers,
    evidence: extra.evidence ?? [evidence()],
    ...(extra.newOccurrence !== undefined ? { newOccurrence: extra.newOccurrence } : {}),
  }),
  escalateNow: (stage?: number) => ({ type: 'escalate-now' as const, ...stageOf(stage) }),
  addEvidence: (items: Evidence[] = [evidence('Follow-up email')]) => ({ type: 'add-evidence' as const, evidence: items }),
  withdraw: (flagId: string) => ({ type: 'withdraw-flag' as const, flagId }),
  correct: (flagId: string, triggers: Trigger[], items: Evidence[] = [evidence('Corrected')]) => ({
    type: 'correct-flag' as const,
    flagId,
    triggers,
    evidence: items,
  }),
  logAttempt: (agreed = 'Weekly sync, shared backlog', agreedOn = '2025-03-03', stage?: number) => ({
    type: 'log-reset-attempt' as const,
    agreed,
    agreedOn,
    ...stageOf(stage),
  }),
  approveReset: (stage?: number) => ({ type: 'approve-reset' as const, ...stageOf(stage) }),
  sendBackReset: (comment = 'Please agree dates with them', stage?: number) => ({ type: 'send-back-reset' as const, comment, ...stageOf(stage) }),
  continue: (stage?: number) => ({ type: 'continue' as const, ...stageOf(stage) }),
  takeOwnership: (actions = [action()], stage?: number) => ({ type: 'take-ownership' as const, actions, ...stageOf(stage) }),
  markDone: (actionId: string) => ({ type: 'mark-action-done' as const, actionId }),
  draftRisk: (amount = 250_000, currency = 'USD', skus = ['AZ-SQL']) => ({ type: 'draft-risk' as const, amount, currency, skus }),
  confirmRisk: (amount = 250_000, currency = 'USD', skus = ['AZ-SQL']) => ({ type: 'confirm-risk' as const, amount, currency, skus }),
  gmMeeting: (on = '2025-03-03', link?: string) => ({ type: 'record-gm-meeting' as const, on, ...(link ? { link } : {}) }),
  salesMeeting: (on = '2025-03-03', salesDirectorIds?: string[]) => ({
    type: 'record-sales-meeting' as const,
    on,
    ...(salesDirectorIds ? { salesDirectorIds } : {}),
  }),
  confirmEmail: (stage?: number) => ({ type: 'confirm-email-sent' as const, ...stageOf(stage) }),
  proposeFixable: (reviewEndsOn = '2025-06-30', actions = [action('Joint delivery plan', P.manny, '2025-04-30')]) => ({
    type: 'propose-decision' as const,
    fixable: true,
    rationale: 'Clear gaps, clear owners',
    reviewEndsOn,
    actions,
  }),
  proposeNotFixable: () => ({ type: 'propose-decision' as const, fixable: false, rationale: 'Values do not match ours' }),
  approveDecision: (stage?: number) => ({ type: 'approve-decision' as const, ...stageOf(stage) }),
  sendBackDecision: (comment = 'Name an owner for each action', stage?: number) => ({ type: 'send-back-decision' as const, comment, ...stageOf(stage) }),
  answerReview: (working: boolean, stage?: number) => ({ type: 'answer-review' as const, working, ...stageOf(stage) }),
  partnerMeeting: (on = '2025-03-03') => ({ type: 'record-partner-meeting' as const, on }),
  reassign: (to: string, slot?: 'reporter' | 'manager' | 'vp' | 'gm', stage?: number) => ({
    type: 'reassign-owner' as const,
    to,
    ...(slot ? { slot } : {}),
    ...stageOf(stage),
  }),
};

export function action(text = 'Staff the shared backlog', ownerId: string = P.ian, dueOn = '2025-03-14') {
  return { text, ownerId, dueOn };
}

function stageOf(stage: number | undefined): { stage?: number } {
  return stage === undefined ? {} : { stage };
}

// ---------------------------------------------------------------- notices

/** Notices as "kind -> recipient" strings, e.g. "flag-raised -> manny", "missing-link -> admins". */
export function told(notices: readonly Notice[]): string[] {
  return notices.map((n) => `${n.kind} -> ${'user' in n.to ? n.to.user : 'admins' in n.to ? 'admins' : `#${n.to.channel}`}`);
}

/** The users who got a notice of one kind. */
export function recipients(notices: readonly Notice[], kind: Notice['kind']): string[] {
  return notices
    .filter((n) => n.kind === kind)
    .map((n) => ('user' in n.to ? n.to.user : 'admins' in n.to ? 'admins' : `#${n.to.channel}`))
    .sort();
}

// ---------------------------------------------------------------- scenario

export interface ScenarioOptions {
  now?: string;
  directory?: Directory;
  admins?: string[];
  settings?: WorkflowSettings;
  partnerId?: string;
  salesDirectors?: string[];
}

export type Ok = { ok: true; events: CaseEvent[]; notices: Notice[]; state: CaseState };

/** One partner's cases, driven by commands at a clock the test moves. Rejections leave everything unchanged. */
export class Scenario {
  state: CaseState | undefined;
  /** Every event of every case of this partner, in order. */
  readonly events: CaseEvent[] = [];
  now: string;
  directory: Directory;
  admins: string[];
  settings: WorkflowSettings;
  partnerId: string;
  salesDirectors: string[];

  constructor(o: ScenarioOptions = {}) {
    this.now = o.now ?? MONDAY;
    this.directory = o.directory ?? ORG;
    this.admins = o.admins ?? ADMINS;
    this.settings = o.settings ?? DEFAULT_SETTINGS;
    this.partnerId = o.partnerId ?? 'contoso';
    this.salesDirectors = o.salesDirectors ?? [P.sam];
  }

  get case(): CaseState {
    if (!this.state) throw new Error('no case yet');
    return this.state;
  }

  ctx(actor: string, extra: Partial<DecideContext> = {}): DecideContext {
    return {
      now: this.now,
      actor,
      directory: this.directory,
      admins: this.admins,
      settings: this.settings,
      partner: { partnerId: this.partnerId, salesDirectors: this.salesDirectors },
      ...extra,
    };
  }

  tickCtx(now = this.now): TickContext {
    return {
      now,
      directory: this.directory,
      admins: this.admins,
      settings: this.settings,
      partner: { partnerId: this.partnerId, salesDirectors: this.salesDirectors },
    };
  }

  /** Runs a command; applies it when accepted. */
  try(actor: string, command: unknown, extra: Partial<DecideContext> = {}) {
    const d = decide(this.state, command, this.ctx(actor, extra));
    if (d.ok) {
      this.state = d.state;
      this.events.push(...d.events);
    }
    return d;
  }

  /** Runs a command that must be accepted. */
  do(actor: string, command: unknown, extra: Partial<DecideContext> = {}): Ok {
    const d = this.try(actor, command, extra);
    if (!d.ok) throw new Error(`${actor} ${(command as { type: string }).type}: rejected ${d.rejection.code} (${d.rejection.message})`);
    return d;
  }

  /** Runs a command that must be rejected; returns its code. */
  rejects(actor: string, command: unknown, extra: Partial<DecideContext> = {}): RejectionCode {
    const before = this.state;
    const d = this.try(actor, command, extra);
    if (d.ok) throw new Error(`${actor} ${(command as { type: string }).type}: accepted, expected a rejection`);
    expect(this.state).toBe(before);
    return d.rejection.code;
  }

  tick(now = this.now): TickResult {
    this.now = now;
    const r = tick(this.case, this.tickCtx(now));
    this.state = r.state;
    this.events.push(...r.events);
    return r;
  }

  at(now: string): this {
    this.now = now;
    return this;
  }

  /** The scenario's day (UTC), for dates of things that happen now (meetings, an agreed reset). */
  today(): string {
    return this.now.slice(0, 10);
  }

  later(hours: number): this {
    this.now = plusHours(this.now, hours);
    return this;
  }

  /** Events of the current case only. */
  caseEvents(): CaseEvent[] {
    const id = this.case.caseId;
    const start = this.events.findIndex((e) => e.type === 'case-opened' && e.caseId === id);
    return this.events.slice(start);
  }

  // Paths from case open to each step of docs/workflow.md, through the commands people send.

  /** ivy flags: the case opens at ic-reset, level 1. */
  open(reporter: string = P.ivy, triggers: Trigger[] = ['misaligned-expectations']): Ok {
    return this.do(reporter, cmd.flag(triggers));
  }

  /** ic-reset: ivy's attempt approved by manny, then a second flag a day later makes it level 2. */
  toManagerReset(): Ok {
    this.open();
    this.do(P.ivy, cmd.logAttempt(undefined, this.today()));
    this.do(P.manny, cmd.approveReset());
    this.later(48);
    return this.do(P.ian, cmd.flag(['poor-communication']));
  }

  toVpReview(): Ok {
    this.toManagerReset();
    return this.do(P.manny, cmd.escalateNow());
  }

  toSalesEscalation(): Ok {
    this.toVpReview();
    this.do(P.manny, cmd.draftRisk());
    this.do(P.vera, cmd.confirmRisk());
    return this.do(P.vera, cmd.gmMeeting(this.today()));
  }

  toDecision(): Ok {
    this.toSalesEscalation();
    this.do(P.vera, cmd.salesMeeting(this.today()));
    return this.do(P.vera, cmd.confirmEmail());
  }

  toReviewPeriod(): Ok {
    this.toDecision();
    this.do(P.vera, cmd.proposeFixable());
    return this.do(P.gina, cmd.approveDecision());
  }

  toDisengaging(): Ok {
    this.toDecision();
    this.do(P.vera, cmd.proposeNotFixable());
    return this.do(P.gina, cmd.approveDecision());
  }
}

/** What a user sees of a case: enough to compare before/after without internals. */
export function visible(state: CaseState) {
  return {
    status: state.status,
    outcome: state.outcome,
    step: state.step,
    phase: state.phase,
    level: state.level,
    occurrences: state.occurrences,
    waitingOn: state.waitingOn,
    dueAt: state.dueAt,
  };
}
