// Folds events into the case state. Pure and total: replaying a case's events rebuilds it exactly.
import type { CaseEvent } from './events';
import type { CaseState, FlagRecord } from './model';
import { CONFIDENTIAL_TRIGGERS } from './model';
import { ownerOf } from './queries';
import { workflowFor } from './workflow';

export function evolve(state: CaseState | undefined, event: CaseEvent): CaseState {
  if (event.type === 'case-opened') {
    const wf = workflowFor(event.workflowVersion);
    const step = wf.stepForLevel[0]!;
    return {
      caseId: event.caseId,
      partnerId: event.partnerId,
      caseNo: event.caseNo,
      workflowVersion: event.workflowVersion,
      ...(event.previousCaseId ? { previousCaseId: event.previousCaseId } : {}),
      openedAt: event.at,
      ...(event.channel ? { channel: event.channel } : {}),
      ...(event.carried ? { carried: { windowMonths: event.carried.windowMonths, strikes: event.carried.strikes.map((c) => ({ ...c })) } } : {}),
      version: 1,
      stage: 0,
      status: 'open',
      step,
      phase: wf.steps[step].entry,
      stageStartedAt: event.at,
      level: event.carried?.strikes.length ?? 0,
      occurrences: 0,
      people: { ...event.people, salesDirectors: [...event.people.salesDirectors] },
      missing: [...event.missing],
      strikes: [],
      flags: [],
      resetAttempts: [],
      actions: [],
      decisionsMade: 0,
      lastFlagAt: event.at,
      reminders: { sent: 0, escalated: false },
      pastOwners: [],
      consulted: [],
    };
  }
  if (!state) throw new Error(`Event ${event.type} before case-opened`);
  const next = apply(structuredClone(state), event);
  next.version = state.version + 1;
  return next;
}

export function replay(events: readonly CaseEvent[]): CaseState | undefined {
  return events.reduce<CaseState | undefined>((s, e) => evolve(s, e), undefined);
}

function flagOf(state: CaseState, flagId: string): FlagRecord {
  const flag = state.flags.find((f) => f.flagId === flagId);
  if (!flag) throw new Error(`Unknown flag ${flagId}`);
  return flag;
}

function recount(state: CaseState): void {
  const live = state.strikes.filter((s) => !s.withdrawn);
  // Strikes carried from earlier cases within the window count on (docs/workflow.md#strikes).
  state.level = (state.carried?.strikes.length ?? 0) + live.length;
  state.occurrences = live.filter((s) => s.kind === 'occurrence').length;
}

/** Who the case waits on follows the phase's slot, so a reassignment moves it too. */
function setWaitingOn(state: CaseState): void {
  const slot = workflowFor(state.workflowVersion).steps[state.step].phases[state.phase]?.waitingOn;
  const person = slot ? state.people[slot] : undefined;
  if (person) {
    state.waitingOn = person;
    const consulted = (state.consulted ??= []);
    if (!consulted.includes(person)) consulted.push(person);
  } else delete state.waitingOn;
}

function apply(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'case-opened':
      throw new Error('A case opens once');
    case 'flag-raised':
      state.flags.push({
        flagId: event.flagId,
        reporterId: event.reporterId,
        triggers: [...event.triggers],
        at: event.at,
        strikeNo: event.strikeNo,
        merged: event.merged,
        withdrawn: false,
        evidenceCount: event.evidence.length,
        confidential: event.triggers.some((t) => CONFIDENTIAL_TRIGGERS.includes(t)),
      });
      state.lastFlagAt = event.at;
      return state;
    case 'strike-added':
      state.strikes.push({
        no: event.strikeNo,
        kind: event.kind,
        at: event.at,
        ...(event.flagId ? { flagId: event.flagId } : {}),
        withdrawn: false,
        moved: event.moves,
        before: { step: state.step, phase: state.phase, stage: state.stage },
      });
      recount(state);
      return state;
    case 'strike-withdrawn': {
      const strike = state.strikes.find((s) => s.no === event.strikeNo);
      if (strike) strike.withdrawn = true;
      recount(state);
      return state;
    }
    case 'strike-reassigned': {
      const strike = state.strikes.find((s) => s.no === event.strikeNo);
      if (strike) strike.flagId = event.flagId;
      flagOf(state, event.flagId).merged = false;
      return state;
    }
    case 'evidence-added':
      flagOf(state, event.flagId).evidenceCount += event.evidence.length;
      return state;
    case 'flag-withdrawn':
      flagOf(state, event.flagId).withdrawn = true;
      return state;
    case 'flag-corrected': {
      const flag = flagOf(state, event.flagId);
      flag.triggers = [...event.triggers];
      flag.evidenceCount = event.evidence.length;
      flag.confidential = event.triggers.some((t) => CONFIDENTIAL_TRIGGERS.includes(t));
      return state;
    }
    case 'stage-changed': {
      const previousOwner = ownerOf(state);
      if (previousOwner && !state.pastOwners.includes(previousOwner)) state.pastOwners.push(previousOwner);
      const newStep = state.step !== event.step;
      state.step = event.step;
      state.phase = event.phase;
      state.stage += 1;
      state.stageStartedAt = event.at;
      if (newStep) delete state.waitingSince;
      if (event.dueAt && !state.waitingSince) state.waitingSince = event.at;
      if (event.dueAt) state.dueAt = event.dueAt;
      else delete state.dueAt;
      setWaitingOn(state);
      state.reminders = { sent: 0, escalated: newStep ? false : state.reminders.escalated };
      if (event.phase === 'watching') state.watchingSince = event.at;
      else delete state.watchingSince;
      return state;
    }
    case 'reset-attempt-logged':
      state.resetAttempts.push({
        attemptId: event.attemptId,
        step: event.step,
        by: event.actor,
        agreed: event.agreed,
        agreedOn: event.agreedOn,
        at: event.at,
      });
      return state;
    case 'reset-attempt-decided': {
      const attempt = state.resetAttempts.find((a) => a.attemptId === event.attemptId);
      if (attempt) {
        attempt.outcome = event.outcome;
        if (event.comment) attempt.comment = event.comment;
      }
      return state;
    }
    case 'actions-assigned':
      for (const a of event.actions) {
        state.actions.push({ ...a, context: event.context, round: event.context === 'review' ? state.decisionsMade : 0, remindersSent: 0 });
      }
      return state;
    case 'action-done': {
      const action = state.actions.find((a) => a.actionId === event.actionId);
      if (action) {
        action.doneAt = event.at;
        action.doneBy = event.actor;
      }
      return state;
    }
    case 'risk-drafted':
      state.riskDraft = { amount: event.amount, currency: event.currency, skus: [...event.skus], by: event.actor, at: event.at };
      return state;
    case 'risk-confirmed':
      state.risk = { amount: event.amount, currency: event.currency, skus: [...event.skus], by: event.actor, at: event.at };
      return state;
    case 'gm-meeting-recorded':
      state.gmMeeting = { on: event.on, ...(event.link ? { link: event.link } : {}), by: event.actor, at: event.at };
      return state;
    case 'sales-meeting-recorded':
      state.salesMeeting = { on: event.on, ...(event.link ? { link: event.link } : {}), by: event.actor, at: event.at };
      state.people.salesDirectors = [...event.salesDirectorIds];
      return state;
    case 'email-confirmed':
      state.emailConfirmedAt = event.at;
      return state;
    case 'decision-proposed':
      state.decision = {
        fixable: event.fixable,
        rationale: event.rationale,
        ...(event.reviewEndsOn ? { reviewEndsOn: event.reviewEndsOn } : {}),
        actions: event.actions.map((a) => ({ ...a })),
        by: event.actor,
        at: event.at,
      };
      delete state.decisionApprovedAt;
      return state;
    case 'decision-approved':
      state.decisionApprovedAt = event.at;
      state.decisionsMade += 1;
      if (state.decision?.reviewEndsOn) state.reviewEndsOn = state.decision.reviewEndsOn;
      return state;
    case 'decision-sent-back':
      if (state.decision) state.decision.comment = event.comment;
      return state;
    case 'review-answered':
      return state;
    case 'partner-meeting-recorded':
      state.partnerMeeting = { on: event.on, ...(event.link ? { link: event.link } : {}), by: event.actor, at: event.at };
      return state;
    case 'owner-reassigned':
      if (event.from && !state.pastOwners.includes(event.from)) state.pastOwners.push(event.from);
      state.people[event.slot] = event.to;
      state.missing = state.missing.filter((m) => m !== event.slot);
      setWaitingOn(state);
      return state;
    case 'reminder-sent':
      state.reminders.sent = event.n;
      return state;
    case 'overdue-escalated':
      state.reminders.escalated = true;
      return state;
    case 'action-reminder-sent': {
      const action = state.actions.find((a) => a.actionId === event.actionId);
      if (action) action.remindersSent = event.n;
      return state;
    }
    case 'case-closed': {
      const owner = ownerOf(state);
      if (owner && !state.pastOwners.includes(owner)) state.pastOwners.push(owner);
      state.status = 'closed';
      state.outcome = event.outcome;
      state.closedAt = event.at;
      if (event.reason) {
        state.closeReason = event.reason;
        state.closedBy = event.actor;
      }
      delete state.dueAt;
      delete state.waitingOn;
      return state;
    }
  }
}
