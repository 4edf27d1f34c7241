// Property tests: random sequences of commands (every type, valid and invalid payloads, current and stale
// stages) by random people, with time moving forward (also through tick), checked after every step against
// the rules of docs/workflow.md. Some steps are "guided" (the command the case waits for, by the person it waits
// on) so that runs reach the later steps, not only ic-reset.
import fc from 'fast-check';
import type { CaseEvent, CaseState, Directory, Notice, RejectionCode, Step, TickContext, Trigger } from '../../src/domain';
import { DEFAULT_SETTINGS, TRIGGERS, decide, managerOf, nextDueAt, ownerOf, replay, tick } from '../../src/domain';
import { MONDAY, directoryOf, person, plusMs } from './builders';

// ---------------------------------------------------------------- the org

/**
 * Nine people in the directory (two admins, two GMs, a self-managed one) and a stranger who is not in it.
 * Selma and the stranger have no GM up their chain (and there are two), nor a VP: an admin stands in for both.
 */
const PEOPLE = ['ivy', 'ian', 'manny', 'vera', 'gina', 'gus', 'sam', 'ada', 'abe', 'selma', 'otto'] as const;
const DIR: Directory = directoryOf(
  person('ivy', 'manny'),
  person('ian', 'manny'),
  person('manny', 'vera'),
  person('vera', 'gina', 'vp'),
  person('gina', undefined, 'gm'),
  person('gus', undefined, 'gm'),
  person('sam', undefined, 'sales-director'),
  person('ada', undefined, 'admin'),
  person('abe', 'vera', 'admin'),
  person('selma', 'selma'),
);
const ADMINS = ['ada', 'abe'];
const SETTINGS = DEFAULT_SETTINGS;

// ---------------------------------------------------------------- the workflow, as docs/workflow.md states it (the oracle)

type Slot = 'reporter' | 'manager' | 'vp' | 'gm';
const OWNER: Record<Step, Slot> = {
  'ic-reset': 'reporter',
  'manager-reset': 'manager',
  'internal-improvement': 'manager',
  'vp-review': 'vp',
  'sales-escalation': 'vp',
  decision: 'vp',
  'review-period': 'vp',
  disengaging: 'vp',
};
const WAITING: Record<string, Slot | undefined> = {
  'ic-reset/attempt': 'reporter',
  'ic-reset/approval': 'manager',
  'ic-reset/watching': undefined,
  'manager-reset/attempt': 'manager',
  'manager-reset/choice': 'manager',
  'manager-reset/watching': undefined,
  'internal-improvement/actions': undefined,
  'vp-review/risk': 'manager',
  'vp-review/risk-confirmation': 'vp',
  'vp-review/gm-meeting': 'vp',
  'sales-escalation/sales-meeting': 'vp',
  'sales-escalation/email': 'vp',
  'decision/proposal': 'vp',
  'decision/gm-approval': 'gm',
  'review-period/actions': undefined,
  'review-period/review-question': 'vp',
  'disengaging/partner-meeting': 'vp',
};

type Cmd = { type: string } & Record<string, unknown>;

/** Who may send a (non-flag) command to this case, by docs/workflow.md — independent of workflow.ts. */
function mayAct(state: CaseState, events: readonly CaseEvent[], c: Cmd, actor: string): boolean {
  const p = state.people;
  // A slot the directory could not fill is the admins' (docs/workflow.md#people).
  const is = (...slots: Slot[]) => slots.some((s) => p[s] === actor || (state.missing.includes(s) && ADMINS.includes(actor)));
  switch (c.type) {
    case 'escalate-now':
    case 'approve-reset':
    case 'send-back-reset':
    case 'continue':
    case 'take-ownership':
      return is('manager');
    case 'log-reset-attempt':
      return state.step === 'ic-reset' ? is('reporter') : is('manager');
    case 'add-evidence': {
      const pastHolders = events.flatMap((e) => (e.type === 'owner-reassigned' && e.from ? [e.from] : []));
      const members = [
        ...state.flags.map((f) => f.reporterId),
        p.reporter,
        p.manager,
        p.vp,
        p.gm,
        ...p.salesDirectors,
        ...state.actions.map((a) => a.ownerId),
        ...pastHolders,
        ...ADMINS,
      ];
      return members.includes(actor);
    }
    case 'withdraw-flag':
    case 'correct-flag':
      return state.flags.some((f) => f.flagId === c.flagId && f.reporterId === actor);
    case 'mark-action-done':
      return (
        state.actions.some((a) => a.actionId === c.actionId && a.ownerId === actor) ||
        (state.step === 'internal-improvement' && is('manager')) ||
        (state.step === 'review-period' && is('vp'))
      );
    case 'draft-risk':
    case 'record-gm-meeting':
      return is('manager', 'vp');
    case 'record-sales-meeting':
      return is('vp', 'gm');
    case 'approve-decision':
    case 'send-back-decision':
      return is('gm');
    case 'confirm-risk':
    case 'confirm-email-sent':
    case 'propose-decision':
    case 'answer-review':
    case 'record-partner-meeting':
      return is('vp');
    case 'reassign-owner': {
      const slot = (c.slot as Slot | undefined) ?? WAITING[`${state.step}/${state.phase}`] ?? OWNER[state.step];
      const holder = p[slot];
      return ADMINS.includes(actor) || (!!holder && managerOf(DIR, holder) === actor);
    }
    default:
      return false;
  }
}

// ---------------------------------------------------------------- random steps

type ActorSpec = { slot: 'waitingOn' | 'owner' | 'reporter' | 'manager' | 'vp' | 'gm' | 'flagger' | 'actionOwner' } | { person: number };
type StageSpec = 'current' | 'stale' | 'ahead' | 'absent';
type StepSpec =
  | { kind: 'command'; type: string; valid: boolean; variant: number; ref: number; actor: ActorSpec; stage: StageSpec; advance: number }
  | { kind: 'guided'; pick: number; variant: number; stage: StageSpec; advance: number }
  | { kind: 'tick'; advance: number };

const COMMAND_TYPES = [
  'flag',
  'escalate-now',
  'add-evidence',
  'withdraw-flag',
  'correct-flag',
  'log-reset-attempt',
  'approve-reset',
  'send-back-reset',
  'continue',
  'take-ownership',
  'mark-action-done',
  'draft-risk',
  'confirm-risk',
  'record-gm-meeting',
  'record-sales-meeting',
  'confirm-email-sent',
  'propose-decision',
  'approve-decision',
  'send-back-decision',
  'answer-review',
  'record-partner-meeting',
  'reassign-owner',
] as const;
const STAGED = new Set(COMMAND_TYPES.filter((t) => !['flag', 'add-evidence', 'withdraw-flag', 'correct-flag', 'mark-action-done'].includes(t)));

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const advanceArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 180 }).map((m) => m * MINUTE) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 72 }).map((h) => h * HOUR) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 40 }).map((d) => d * DAY) },
  { weight: 1, arbitrary: fc.integer({ min: 85, max: 100 }).map((d) => d * DAY) },
);
/** Ticks jump further: overdue reminders, review ends and quiet periods take days to come. */
const tickAdvanceArb = fc.oneof(
  fc.integer({ min: 1, max: 48 }).map((h) => h * HOUR),
  fc.integer({ min: 1, max: 15 }).map((d) => d * DAY),
  fc.integer({ min: 80, max: 120 }).map((d) => d * DAY),
);
const actorArb: fc.Arbitrary<ActorSpec> = fc.oneof(
  fc.constantFrom('waitingOn', 'owner', 'reporter', 'manager', 'vp', 'gm', 'flagger', 'actionOwner').map((slot) => ({ slot }) as ActorSpec),
  fc.integer({ min: 0, max: PEOPLE.length - 1 }).map((i) => ({ person: i })),
);
const stageArb: fc.Arbitrary<StageSpec> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('current' as const) },
  { weight: 2, arbitrary: fc.constant('absent' as const) },
  { weight: 1, arbitrary: fc.constant('stale' as const) },
  { weight: 1, arbitrary: fc.constant('ahead' as const) },
);
/** Steps with the given weights of random commands, guided commands and ticks. */
function stepArb(random: number, guidedWeight: number, ticks: number): fc.Arbitrary<StepSpec> {
  return fc.oneof(
    {
      weight: random,
      arbitrary: fc.record({
        kind: fc.constant('command' as const),
        type: fc.constantFrom(...COMMAND_TYPES),
        valid: fc.boolean(), // half valid, half deliberately invalid payloads
        variant: fc.nat(11),
        ref: fc.nat(1000),
        actor: actorArb,
        stage: stageArb,
        advance: advanceArb,
      }),
    },
    {
      weight: guidedWeight,
      arbitrary: fc.record({ kind: fc.constant('guided' as const), pick: fc.nat(1000), variant: fc.nat(11), stage: stageArb, advance: advanceArb }),
    },
    { weight: ticks, arbitrary: fc.record({ kind: fc.constant('tick' as const), advance: tickAdvanceArb }) },
  );
}

/** Some runs are mostly noise, others mostly follow the workflow (and so reach its later steps). */
const runArb = fc.oneof(
  fc.array(stepArb(6, 3, 1), { minLength: 5, maxLength: 40 }),
  fc.array(stepArb(2, 10, 1), { minLength: 20, maxLength: 70 }),
);

function day(now: string, offset: number): string {
  return new Date(Date.parse(now) + offset * DAY).toISOString().slice(0, 10);
}

function triggersOf(bits: number): Trigger[] {
  const picked = TRIGGERS.filter((_, i) => (bits >> i) & 1);
  return picked.length ? picked : [TRIGGERS[bits % TRIGGERS.length]!];
}

/** A concrete command for a type, valid or deliberately invalid, with references resolved against the case. */
function build(type: string, valid: boolean, variant: number, ref: number, state: CaseState | undefined, now: string): Cmd {
  const ev = (n: number) => Array.from({ length: n }, (_, i) => ({ kind: 'email' as const, summary: `evidence ${i + 1}`, link: 'https://mail.example/1' }));
  const badEvidence = [
    [{ kind: 'email', summary: 'x', link: 'http://mail.example/1' }],
    ev(11),
    [{ kind: 'email', summary: 'x'.repeat(2001) }],
    [],
    [{ kind: 'gossip', summary: 'x' }],
  ][variant % 5];
  const flagIds = state?.flags.map((f) => f.flagId) ?? [];
  const flagId = flagIds[ref % (flagIds.length + 1)] ?? `${state?.caseId ?? 'x'}-f99`;
  const actionIds = state?.actions.map((a) => a.actionId) ?? [];
  const actionId = actionIds[ref % (actionIds.length + 1)] ?? `${state?.caseId ?? 'x'}-a99`;
  const someone = PEOPLE[ref % PEOPLE.length]!;
  const actions = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ text: `action ${i + 1}`, ownerId: PEOPLE[(ref + i) % PEOPLE.length]!, dueOn: day(now, valid ? (variant % 9) + i : -1 - i) }));
  switch (type) {
    case 'flag':
      return valid
        ? { type, triggers: triggersOf(ref), evidence: ev(1 + (variant % 3)), ...(variant % 4 === 0 ? { newOccurrence: true } : variant % 4 === 1 ? { newOccurrence: false } : {}) }
        : variant % 6 === 5
          ? { type, triggers: ['bad-vibes'], evidence: ev(1) }
          : { type, triggers: triggersOf(ref), evidence: badEvidence };
    case 'escalate-now':
    case 'approve-reset':
    case 'continue':
    case 'confirm-email-sent':
    case 'approve-decision':
      return valid ? { type } : { type, note: 'unexpected' };
    case 'add-evidence':
      return { type, evidence: valid ? ev(1 + (variant % 2)) : badEvidence };
    case 'withdraw-flag':
      return { type, flagId: valid ? flagId : '' };
    case 'correct-flag':
      return { type, flagId, triggers: valid ? triggersOf(ref >> 3) : [], evidence: ev(1) };
    case 'log-reset-attempt':
      return { type, agreed: valid ? 'Weekly sync' : '   ', agreedOn: day(now, -(variant % 3)) };
    case 'send-back-reset':
    case 'send-back-decision':
      return valid ? { type, comment: 'please redo' } : { type };
    case 'take-ownership':
      return { type, actions: valid || variant % 2 ? actions(1 + (variant % 2)) : [] };
    case 'mark-action-done':
      return { type, actionId: valid ? actionId : '' };
    case 'draft-risk':
    case 'confirm-risk':
      return { type, amount: valid ? 1000 * variant : -1, currency: valid ? 'EUR' : 'eur', skus: ['SKU-1'] };
    case 'record-gm-meeting':
    case 'record-partner-meeting':
      return { type, on: valid ? day(now, variant % 5) : '2025-13-45' };
    case 'record-sales-meeting':
      return {
        type,
        on: day(now, 1),
        ...(variant % 3 === 1 ? { salesDirectorIds: ['sam'] } : variant % 3 === 2 ? { salesDirectorIds: [someone] } : {}),
        ...(valid ? {} : { link: 'ftp://x' }),
      };
    case 'propose-decision': {
      const fixable = variant % 2 === 0;
      return fixable
        ? { type, fixable, rationale: 'clear owners', reviewEndsOn: day(now, valid ? 1 + variant * 3 : -variant), actions: actions(1) }
        : { type, fixable, rationale: valid ? 'values differ' : '' };
    }
    case 'answer-review':
      return valid ? { type, working: variant % 3 !== 2 } : { type, working: 'yes' };
    case 'reassign-owner': {
      const slot = [undefined, 'reporter', 'manager', 'vp', 'gm'][variant % 5];
      return { type, to: valid ? someone : '', ...(slot ? { slot } : {}) };
    }
    default:
      return { type };
  }
}

function resolveActor(spec: ActorSpec, state: CaseState | undefined, ref: number): string {
  const fallback = PEOPLE[ref % PEOPLE.length]!;
  if ('person' in spec) return PEOPLE[spec.person]!;
  if (!state) return fallback;
  switch (spec.slot) {
    case 'waitingOn':
      return state.waitingOn ?? fallback;
    case 'owner':
      return ownerOf(state) ?? fallback;
    case 'flagger':
      return state.flags[ref % Math.max(1, state.flags.length)]?.reporterId ?? fallback;
    case 'actionOwner':
      return state.actions[ref % Math.max(1, state.actions.length)]?.ownerId ?? fallback;
    default:
      return state.people[spec.slot] ?? fallback;
  }
}

/** The command a case waits for, by the person it waits on (one of the options, picked at random). */
/** …or 'quiet': nothing happens for a quiet period (a tick after 91 days). */
function guided(state: CaseState | undefined, pick: number, variant: number, now: string): { actor: string; command: Cmd } | 'quiet' {
  const any = (i: number) => PEOPLE[i % PEOPLE.length]!;
  // New cases come mostly from the team, often from the self-managed person or the stranger (missing links).
  const opener = ['ivy', 'ian', 'selma', 'otto', 'ivy', 'selma', 'manny', 'otto', 'sam'][pick % 9]!;
  if (!state || state.status === 'closed') return { actor: opener, command: build('flag', true, variant, pick, state, now) };
  const p = state.people;
  const open = state.actions.filter((a) => !a.doneAt && a.context === (state.step === 'internal-improvement' ? 'improvement' : 'review'));
  const opts: { actor: string | undefined; command: Cmd }[] = [];
  const add = (actor: string | undefined, type: string, valid = true) => opts.push({ actor, command: build(type, valid, variant, pick, state, now) });
  switch (`${state.step}/${state.phase}`) {
    case 'ic-reset/attempt':
      add(p.reporter, 'log-reset-attempt');
      add(p.manager, 'escalate-now');
      break;
    case 'ic-reset/approval':
      add(p.manager, 'approve-reset');
      add(p.manager, 'approve-reset');
      add(p.manager, 'send-back-reset');
      add(p.manager, 'escalate-now');
      break;
    case 'manager-reset/attempt':
      add(p.manager, 'log-reset-attempt');
      add(p.manager, 'escalate-now');
      break;
    case 'manager-reset/choice':
      add(p.manager, 'continue');
      add(p.manager, 'continue');
      add(p.manager, 'take-ownership');
      add(p.manager, 'take-ownership');
      add(p.manager, 'escalate-now');
      add(p.manager, 'escalate-now');
      break;
    case 'ic-reset/watching':
    case 'manager-reset/watching':
      if (pick % 3 === 0) return 'quiet';
      add(p.manager, 'escalate-now');
      opts.push({ actor: any(pick >> 2), command: { ...build('flag', true, variant, pick, state, now), newOccurrence: true } });
      break;
    case 'vp-review/risk':
      add(p.manager, 'draft-risk');
      add(p.vp, 'confirm-risk');
      break;
    case 'vp-review/risk-confirmation':
      add(p.vp, 'confirm-risk');
      break;
    case 'vp-review/gm-meeting':
      add(p.vp, 'record-gm-meeting');
      break;
    case 'sales-escalation/sales-meeting':
      opts.push({ actor: p.vp, command: { type: 'record-sales-meeting', on: day(now, 0), salesDirectorIds: ['sam'] } });
      break;
    case 'sales-escalation/email':
      add(p.vp, 'confirm-email-sent');
      break;
    case 'decision/proposal':
      add(p.vp, 'propose-decision');
      add(p.vp, 'propose-decision');
      // An admin hands the GM's part to the VP: the VP must then not approve their own proposal.
      if (pick % 4 === 0) opts.push({ actor: 'ada', command: { type: 'reassign-owner', to: p.vp ?? 'vera', slot: 'gm' } });
      break;
    case 'decision/gm-approval':
      add(p.gm, 'approve-decision');
      add(p.gm, 'approve-decision');
      add(p.gm, 'send-back-decision');
      // The GM proposed it themselves (an admin standing in for both): another admin takes over the approval.
      if (p.gm === state.decision?.by) opts.push({ actor: 'abe', command: { type: 'reassign-owner', to: 'gina', slot: 'gm' } });
      break;
    case 'review-period/actions':
    case 'review-period/review-question':
      add(p.vp, 'answer-review');
      add(p.vp, 'answer-review');
      break;
    case 'disengaging/partner-meeting':
      add(p.vp, 'record-partner-meeting');
      break;
    default:
      break;
  }
  for (const a of open) opts.push({ actor: a.ownerId, command: { type: 'mark-action-done', actionId: a.actionId } });
  // Now and then a reporter takes back their latest (or first) flag.
  const flag = pick % 2 ? state.flags.at(-1) : state.flags[0];
  if (flag && pick % 5 === 0) opts.push({ actor: flag.reporterId, command: { type: 'withdraw-flag', flagId: flag.flagId } });
  if (flag && pick % 5 === 1) opts.push({ actor: flag.reporterId, command: build('correct-flag', true, variant, pick, state, now) });
  if (pick % 5 === 2) opts.push({ actor: [flag?.reporterId, p.manager, p.vp, p.gm, 'ada', 'otto'][pick % 6], command: build('add-evidence', true, variant, pick, state, now) });
  if (flag && pick % 5 === 1) opts.push({ actor: flag.reporterId, command: { ...build('correct-flag', true, variant, pick, state, now), flagId: flag.flagId } });
  if (opts.length === 0 || pick % 7 === 0) add(any(pick >> 3), 'flag');
  const chosen = opts[pick % opts.length]!;
  return { actor: chosen.actor ?? any(pick), command: chosen.command };
}

function withStage(command: Cmd, spec: StageSpec, state: CaseState | undefined, ref: number): Cmd {
  if (!STAGED.has(command.type as never) || spec === 'absent') return command;
  const current = state?.stage ?? 0;
  const stage = spec === 'current' ? current : spec === 'ahead' ? current + 1 : Math.max(0, current - 1 - (ref % 3));
  return spec === 'stale' && stage === current ? command : { ...command, stage };
}

// ---------------------------------------------------------------- the run and its checks

interface Seen {
  steps: Set<string>;
  outcomes: Set<string>;
  codes: Set<RejectionCode>;
  accepted: Set<string>;
  maxLevel: number;
  cases: number;
}
const seen: Seen = { steps: new Set(), outcomes: new Set(), codes: new Set(), accepted: new Set(), maxLevel: 0, cases: 0 };

function caseEventsOf(all: readonly CaseEvent[], caseId: string): CaseEvent[] {
  const start = all.findIndex((e) => e.type === 'case-opened' && e.caseId === caseId);
  return all.slice(start);
}

function checkInvariants(state: CaseState, caseEvents: readonly CaseEvent[]): void {
  // Occurrences are the flags that were neither merged nor withdrawn, i.e. the live occurrence strikes.
  const countedFlags = state.flags.filter((f) => !f.merged && !f.withdrawn).length;
  const liveOccurrences = state.strikes.filter((s) => !s.withdrawn && s.kind === 'occurrence').length;
  expect([state.occurrences, liveOccurrences]).toEqual([countedFlags, countedFlags]);
  expect(state.level).toBe((state.carried?.strikes.length ?? 0) + state.strikes.filter((s) => !s.withdrawn).length);
  expect(state.level).toBeGreaterThanOrEqual(state.occurrences);

  if (state.status === 'open') {
    // Exactly one owner: the owner slot of the step holds a person; the case waits on the phase's slot.
    const owner = ownerOf(state);
    expect(typeof owner === 'string' && owner.length > 0).toBe(true);
    expect(owner).toBe(state.people[OWNER[state.step]]);
    const key = `${state.step}/${state.phase}`;
    expect(Object.keys(WAITING)).toContain(key);
    const slot = WAITING[key];
    expect(state.waitingOn).toBe(slot ? state.people[slot] : undefined);
    expect(state.dueAt !== undefined).toBe(slot !== undefined);
    expect(state.level).toBeGreaterThanOrEqual(1);
  } else {
    expect(state.outcome).toBeDefined();
  }

  // Nobody ever approves their own reset attempt.
  const loggedBy = new Map(caseEvents.flatMap((e) => (e.type === 'reset-attempt-logged' ? [[e.attemptId, e.actor] as const] : [])));
  for (const e of caseEvents) {
    if (e.type === 'reset-attempt-decided' && e.outcome === 'approved') expect(e.actor).not.toBe(loggedBy.get(e.attemptId));
  }
}

const LATER_STEPS: readonly Step[] = ['vp-review', 'sales-escalation', 'decision', 'review-period', 'disengaging'];

/**
 * Who must hear: every reporter's manager of every flag, the person the case now waits on, everyone who took part
 * when it closes (and not a GM or sales director it never reached); and each person once per change (the most important reason wins: a manager told of a flag that also moved the
 * case to them gets the flag ping, whose card carries their buttons).
 */
function checkNotices(before: CaseState | undefined, after: CaseState, events: readonly CaseEvent[], notices: readonly Notice[], actor: string | undefined): void {
  const userOf = (n: Notice) => ('user' in n.to ? n.to.user : 'admins' in n.to ? '(admins)' : '(channel)');
  const to = (kind: Notice['kind']) => notices.filter((n) => n.kind === kind).map(userOf);
  const pinged = notices.filter((n) => n.kind !== 'missing-link' && 'user' in n.to).map(userOf);
  expect(pinged.length).toBe(new Set(pinged).size);
  for (const e of events) {
    if (e.type !== 'flag-raised') continue;
    const managers = [after.people.manager, ...after.flags.map((f) => managerOf(DIR, f.reporterId))];
    for (const m of new Set(managers)) {
      if (m && m !== actor && m !== e.reporterId) expect([...to('flag-raised'), ...to('outcome'), ...to('decision')]).toContain(m);
    }
  }
  if (after.status === 'open' && after.waitingOn && after.waitingOn !== actor && (after.waitingOn !== before?.waitingOn || after.stage !== before?.stage)) {
    expect(pinged).toContain(after.waitingOn);
  }
  if (after.status === 'closed' && before?.status === 'open' && before.caseId === after.caseId) {
    const everyone = [...after.flags.map((f) => f.reporterId), ...after.pastOwners, ...(after.consulted ?? [])];
    expect(to('outcome')).toEqual(expect.arrayContaining([...new Set(everyone)]));
    const reached = new Set([...everyone, ...after.actions.map((a) => a.ownerId), ...after.flags.map((f) => managerOf(DIR, f.reporterId)), after.people.manager]);
    if (!after.gmMeeting && after.people.gm && !reached.has(after.people.gm)) expect(to('outcome')).not.toContain(after.people.gm);
    if (!after.salesMeeting) for (const sd of after.people.salesDirectors) if (!reached.has(sd)) expect(to('outcome')).not.toContain(sd);
  }
  // The merge window: a merged flag shares a trigger with its strike and came within 24 h of the strike's start.
  for (const e of events) {
    if (e.type !== 'flag-raised' || !e.merged) continue;
    const strike = after.strikes.find((s) => s.no === e.strikeNo)!;
    expect(Date.parse(e.at) - Date.parse(strike.at)).toBeLessThanOrEqual(SETTINGS.mergeWindowHours * HOUR);
    const others = (before?.flags ?? []).filter((f) => f.strikeNo === e.strikeNo && !f.withdrawn);
    expect(others.some((f) => f.triggers.some((t) => e.triggers.includes(t)))).toBe(true);
  }
}

function checkNextDueAt(state: CaseState, now: string, ctx: Omit<TickContext, 'now'>): void {
  const next = nextDueAt(state, SETTINGS);
  if (next === undefined) {
    expect(tick(state, { ...ctx, now: plusMs(now, 400 * DAY) }).events).toEqual([]);
    return;
  }
  if (next > now) expect(tick(state, { ...ctx, now: plusMs(next, -1) }).events).toEqual([]);
  expect(tick(state, { ...ctx, now: next > now ? next : now }).events.length).toBeGreaterThan(0);
}

function run(steps: StepSpec[], salesDirectors: string[]): void {
  let now = MONDAY;
  let state: CaseState | undefined;
  const all: CaseEvent[] = [];
  const base = { directory: DIR, admins: ADMINS, settings: SETTINGS, partner: { partnerId: 'contoso', salesDirectors } };

  steps.forEach((planned, i) => {
    const quiet = planned.kind === 'guided' && guided(state, planned.pick, planned.variant, now) === 'quiet';
    const step: StepSpec = quiet ? { kind: 'tick', advance: 91 * DAY } : planned;
    now = plusMs(now, step.advance);
    const before = state;
    const snapshot = before ? JSON.stringify(before) : undefined;

    if (step.kind === 'tick') {
      if (!before) return;
      const r = tick(before, { ...base, now });
      expect(before && JSON.stringify(before)).toBe(snapshot); // tick is pure
      if (before.status === 'closed') {
        // A closed case never changes: tick emits nothing.
        expect(r.events).toEqual([]);
        expect(r.state).toBe(before);
      }
      expect(r.state.level).toBe(before.level);
      for (const e of r.events) expect(e).toMatchObject({ at: now, actor: 'system' });
      checkNotices(before, r.state, r.events, r.notices, undefined);
      // Reminders are capped, the second-level ping goes out once per stage.
      expect(r.state.reminders.sent).toBeLessThanOrEqual(SETTINGS.reminderLimit);
      for (const a of r.state.actions) expect(a.remindersSent).toBeLessThanOrEqual(SETTINGS.reminderLimit);
      if (before.reminders.escalated && r.state.stage === before.stage) expect(r.events.some((e) => e.type === 'overdue-escalated')).toBe(false);
      all.push(...r.events);
      state = r.state;
    } else {
      let actor: string;
      let command: Cmd;
      if (step.kind === 'guided') {
        const move = guided(before, step.pick, step.variant, now);
        if (move === 'quiet') throw new Error('unreachable: quiet moves are ticks');
        ({ actor, command } = move);
        command = withStage(command, step.stage, before, step.pick);
      } else {
        actor = resolveActor(step.actor, before, step.ref);
        command = withStage(build(step.type, step.valid, step.variant, step.ref, before, now), step.stage, before, step.ref);
      }
      const d = decide(before, command, { ...base, now, actor });
      // decide never changes the case it was given, accepted or not.
      expect(before && JSON.stringify(before)).toBe(snapshot);

      if (!d.ok) {
        seen.codes.add(d.rejection.code);
        expect(d.rejection.message.length).toBeGreaterThan(0);
      } else {
        expect(d.events.length).toBeGreaterThan(0);
        for (const e of d.events) expect(e).toMatchObject({ at: now, actor });
        // Notices never tell the actor it is their turn.
        for (const n of d.notices) if (n.kind === 'your-turn') expect(n.to).not.toEqual({ user: actor });
        checkNotices(before, d.state, d.events, d.notices, actor);

        if (command.type === 'flag') {
          const raised = d.events.find((e) => e.type === 'flag-raised');
          if (before?.status === 'open' && raised?.type === 'flag-raised' && !raised.merged && LATER_STEPS.includes(before.step)) {
            // Levels beyond 3: the step and phase stay (the review period goes back to decision).
            expect([d.state.step, d.state.phase]).toEqual(before.step === 'review-period' ? ['decision', 'proposal'] : [before.step, before.phase]);
            expect(d.state.level).toBe(before.level + 1);
          }
          if (!before || before.status === 'closed') {
            // A flag on a closed (or no) case opens a new one, linked to the earlier.
            expect(d.state.caseNo).toBe((before?.caseNo ?? 0) + 1);
            expect(d.state.previousCaseId).toBe(before?.caseId);
            // The strikes of the earlier case (and those it carried) within the strike window count on, unless an
            // admin closed it; the new strike takes the ladder from there (docs/workflow.md#strikes).
            const since = new Date(Date.parse(now) - 0).toISOString().replace(/^(\d{4})/, (y) => String(Number(y) - 1));
            const carried =
              !before || before.outcome === 'cancelled' ? [] : [...(before.carried?.strikes ?? []), ...before.strikes.filter((s) => !s.withdrawn)].filter((s) => s.at >= since);
            const level = carried.length + 1;
            expect(d.state).toMatchObject({ step: (['ic-reset', 'manager-reset', 'vp-review'] as const)[Math.min(level, 3) - 1], level, occurrences: 1, status: 'open' });
            seen.cases += 1;
          }
        } else {
          // A closed case accepts nothing; an unauthorised actor changes nothing.
          expect(before?.status).toBe('open');
          expect(mayAct(before!, caseEventsOf(all, before!.caseId), command, actor)).toBe(true);
        }
        all.push(...d.events);
        seen.accepted.add(command.type);
        state = d.state;
      }
      if (before?.status === 'closed' && command.type !== 'flag') expect(d.ok).toBe(false);
      if (!before && command.type !== 'flag') expect(d.ok ? 'accepted' : d.rejection.code).toMatch(/CASE.NOT_FOUND|INPUT.INVALID/);
    }

    if (!state) return;
    const sameCase = before && before.caseId === state.caseId;
    const events = caseEventsOf(all, state.caseId);
    if (sameCase && state.level < before.level) {
      // The level never falls except by a withdrawal.
      expect(events.slice(-(state.version - before.version)).some((e) => e.type === 'strike-withdrawn')).toBe(true);
      expect(state.level).toBe(before.level - 1);
    }
    if (sameCase) expect(state.stage).toBeGreaterThanOrEqual(before.stage);
    expect(state.version).toBe(events.length);
    checkInvariants(state, events);
    const last = i === steps.length - 1;
    if (last || (state !== before && (i % 10 === 0 || state.status === 'closed'))) {
      // replay(allEvents) equals the state decide and tick returned.
      expect(replay(events)).toEqual(state);
      if (last) expect(replay(all)).toEqual(state);
      checkNextDueAt(state, now, base);
    }

    seen.steps.add(state.step);
    if (state.outcome) seen.outcomes.add(state.outcome);
    seen.maxLevel = Math.max(seen.maxLevel, state.level);
  });
}

describe('engine properties over random command sequences', () => {
  /*
   * After every step of every run:
   * - occurrences equal the flags that are neither merged nor withdrawn (the live occurrence strikes);
   *   the level equals the live strikes;
   * - the level never falls except by a withdrawal (and then by one);
   * - a closed case never changes: every command but a flag is rejected, tick emits nothing, and a flag
   *   opens the next case (caseNo + 1, linked by previousCaseId) at ic-reset, level 1;
   * - every open case has exactly one owner (the owner slot of its step holds a person) and waits on the
   *   person docs/workflow.md names for its phase, with a due time exactly when it waits on someone;
   * - replay(events) deep-equals the state decide/tick returned (per case, and over the partner's whole history);
   * - decide and tick never modify the state they are given; a rejection carries no events;
   * - nothing an unauthorised actor sends is accepted (an oracle written from docs/workflow.md, not from workflow.ts);
   * - nobody ever approves their own reset attempt (scan of reset-attempt-logged / -decided events);
   * - notices never tell the actor it is their turn; the manager is told of every flag; whoever the case
   *   now waits on is told; every reporter, the GM and the sales directors hear the outcome;
   * - a merged flag overlaps its strike's triggers and came within the merge window;
   * - levels beyond 3 keep the step (the review period goes back to decision);
   * - reminders stay within the limit; the second-level ping goes out once per stage;
   * - nextDueAt agrees with tick (a millisecond before it nothing happens, at it something does).
   * The runs must also have reached every step, outcome, rejection code and accepted command type.
   */
  it('hold for random sequences of commands by random people, with time passing', () => {
    fc.assert(
      fc.property(runArb, fc.constantFrom<string[]>(['sam'], []), (steps, salesDirectors) => {
        run(steps, salesDirectors);
      }),
      { numRuns: 150 },
    );

    expect([...seen.steps].sort()).toEqual(
      ['decision', 'disengaging', 'ic-reset', 'internal-improvement', 'manager-reset', 'review-period', 'sales-escalation', 'vp-review'].sort(),
    );
    expect([...seen.outcomes].sort()).toEqual(['disengaged', 'fixed', 'owned-internally', 'resolved', 'withdrawn']);
    expect([...seen.codes].sort()).toEqual(
      ['ACTOR.NOT_ALLOWED', 'ACTOR.OWN_ATTEMPT', 'ACTOR.OWN_PROPOSAL', 'CASE.CLOSED', 'CASE.MOVED_ON', 'CASE.NOT_FOUND', 'FLAG.NOT_CURRENT', 'INPUT.INVALID', 'STEP.WRONG'].sort(),
    );
    expect([...seen.accepted].sort()).toEqual([...COMMAND_TYPES].sort());
    expect(seen.maxLevel).toBeGreaterThan(3);
    expect(seen.cases).toBeGreaterThan(100);
  });
});
