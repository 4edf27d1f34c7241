// Everything that happens to a case is one of these events; state is derived from them (evolve.ts).
import type { CarriedStrikes, CasePeople, Evidence, OwnerSlot, Outcome, Phase, Step, Trigger } from './model';

export interface EventBase {
  at: string;
  /** aadObjectId of the person, or "system" for timers. */
  actor: string;
  /** The Teams conversation the action came from, if any. */
  conversationId?: string;
}

export interface ActionInput {
  text: string;
  ownerId: string;
  dueOn: string;
}

export type CaseEventBody =
  | {
      type: 'case-opened';
      caseId: string;
      partnerId: string;
      caseNo: number;
      workflowVersion: number;
      previousCaseId?: string;
      people: CasePeople;
      missing: OwnerSlot[];
      /** The team channel the first flag came from: its case card is kept up to date. */
      channel?: string;
      /** Strikes of earlier cases within the strike window: the count carries on (docs/workflow.md#strikes). */
      carried?: CarriedStrikes;
    }
  | { type: 'flag-raised'; flagId: string; reporterId: string; triggers: Trigger[]; evidence: Evidence[]; strikeNo: number; merged: boolean }
  /** `moves`: the strike moved the case to another step (a withdrawal may move it back). */
  | { type: 'strike-added'; strikeNo: number; kind: 'occurrence' | 'escalation'; flagId?: string; moves: boolean }
  | { type: 'strike-withdrawn'; strikeNo: number }
  | { type: 'strike-reassigned'; strikeNo: number; flagId: string }
  | { type: 'evidence-added'; flagId: string; evidence: Evidence[] }
  | { type: 'flag-withdrawn'; flagId: string }
  | { type: 'flag-corrected'; flagId: string; triggers: Trigger[]; evidence: Evidence[] }
  | { type: 'stage-changed'; step: Step; phase: Phase; dueAt?: string }
  | { type: 'reset-attempt-logged'; attemptId: string; step: 'ic-reset' | 'manager-reset'; agreed: string; agreedOn: string }
  | { type: 'reset-attempt-decided'; attemptId: string; outcome: 'approved' | 'sent-back' | 'escalated' | 'continued' | 'owned'; comment?: string }
  | { type: 'actions-assigned'; context: 'improvement' | 'review'; actions: (ActionInput & { actionId: string })[] }
  | { type: 'action-done'; actionId: string }
  | { type: 'risk-drafted'; amount: number; currency: string; skus: string[] }
  | { type: 'risk-confirmed'; amount: number; currency: string; skus: string[] }
  | { type: 'gm-meeting-recorded'; on: string; link?: string }
  | { type: 'sales-meeting-recorded'; on: string; link?: string; salesDirectorIds: string[] }
  | { type: 'email-confirmed' }
  | { type: 'decision-proposed'; fixable: boolean; rationale: string; reviewEndsOn?: string; actions: ActionInput[] }
  | { type: 'decision-approved' }
  | { type: 'decision-sent-back'; comment: string }
  | { type: 'review-answered'; working: boolean }
  | { type: 'partner-meeting-recorded'; on: string; link?: string }
  | { type: 'owner-reassigned'; slot: OwnerSlot; from?: string; to: string }
  | { type: 'reminder-sent'; to: string; n: number }
  /** `to` is absent when nobody could be pinged (no manager, no admin): the ping is spent all the same. */
  | { type: 'overdue-escalated'; to?: string }
  | { type: 'action-reminder-sent'; actionId: string; to: string; n: number }
  /** `reason`: an admin closed the case (outcome `cancelled`), saying why. */
  | { type: 'case-closed'; outcome: Outcome; reason?: string };

export type CaseEvent = EventBase & CaseEventBody;
export type CaseEventType = CaseEvent['type'];
