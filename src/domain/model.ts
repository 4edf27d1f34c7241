// The escalation workflow's vocabulary (docs/workflow.md). Plain data only.

export const TRIGGERS = [
  'misaligned-expectations',
  'resource-mismatch',
  'poor-communication',
  'misaligned-values',
  'profitability',
] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** Evidence of these triggers never appears in channel cards or the digest (docs/workflow.md#triggers). */
export const CONFIDENTIAL_TRIGGERS: readonly Trigger[] = ['misaligned-values'];

export const EVIDENCE_KINDS = ['email', 'meeting-notes', 'feedback', 'other'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export interface Evidence {
  kind: EvidenceKind;
  summary: string;
  link?: string;
  /** ISO date (yyyy-mm-dd) the evidence is from. */
  date?: string;
}

export const ROLES = ['vp', 'gm', 'sales-director', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const STEPS = [
  'ic-reset',
  'manager-reset',
  'internal-improvement',
  'vp-review',
  'sales-escalation',
  'decision',
  'review-period',
  'disengaging',
] as const;
export type Step = (typeof STEPS)[number];

/**
 * What a step is waiting for. A step moves through phases before it hands over;
 * `watching` means nothing is owed (no due time) while the case waits for recurrence.
 */
export type Phase =
  | 'attempt' // ic-reset / manager-reset: the owner logs a reset attempt
  | 'approval' // ic-reset: the manager approves the attempt
  | 'choice' // manager-reset: continue or take ownership
  | 'watching' // after an approved reset or "continue": quiet period runs
  | 'actions' // internal-improvement / review-period: actions under way
  | 'risk' // vp-review: the manager drafts revenue and SKUs at risk
  | 'risk-confirmation' // vp-review: the VP confirms the draft
  | 'gm-meeting' // vp-review: risk confirmed, the GM meeting to record
  | 'sales-meeting' // sales-escalation: the sales meeting to record
  | 'email' // sales-escalation: the stakeholder email to confirm sent
  | 'proposal' // decision: the VP proposes fixable / not fixable
  | 'gm-approval' // decision: the GM approves or sends back
  | 'review-question' // review-period: end date reached, "is it working?"
  | 'partner-meeting'; // disengaging: meeting with the partner to record

/** `cancelled`: an admin closed the case with a reason (a mistaken flag, a partner acquired or archived). */
export type Outcome = 'resolved' | 'owned-internally' | 'fixed' | 'disengaged' | 'withdrawn' | 'cancelled';

/** The case slots that can own a step; reassignment changes the slot for this case only. */
export type OwnerSlot = 'reporter' | 'manager' | 'vp' | 'gm';

export interface CasePeople {
  reporter: string;
  manager?: string;
  vp?: string;
  gm?: string;
  salesDirectors: string[];
}

export interface FlagRecord {
  flagId: string;
  reporterId: string;
  triggers: Trigger[];
  at: string;
  strikeNo: number;
  /** Added to an existing strike as evidence rather than counted as an occurrence. */
  merged: boolean;
  withdrawn: boolean;
  evidenceCount: number;
  confidential: boolean;
}

export interface Strike {
  no: number;
  kind: 'occurrence' | 'escalation';
  at: string;
  /** The flag that made this strike an occurrence (none for "escalate now"). */
  flagId?: string;
  withdrawn: boolean;
  /** The strike moved the case to another step. */
  moved: boolean;
  /** Where the case stood before this strike, restored if its flag is withdrawn before anything else moved. */
  before: StageSnapshot;
}

export interface CarriedStrikes {
  /** The strike window the count was taken over (STRIKE_WINDOW_MONTHS when the case opened). */
  windowMonths: number;
  strikes: { at: string; caseId: string }[];
}

export interface StageSnapshot {
  step: Step;
  phase: Phase;
  stage: number;
}

export interface ResetAttempt {
  attemptId: string;
  step: 'ic-reset' | 'manager-reset';
  by: string;
  agreed: string;
  agreedOn: string;
  at: string;
  outcome?: 'approved' | 'sent-back' | 'escalated' | 'continued' | 'owned';
  comment?: string;
}

export interface ActionItem {
  actionId: string;
  text: string;
  ownerId: string;
  dueOn: string;
  context: 'improvement' | 'review';
  /** Review actions belong to one approved decision; a later decision's actions replace them. */
  round: number;
  doneAt?: string;
  doneBy?: string;
  remindersSent: number;
}

export interface Risk {
  amount: number;
  currency: string;
  skus: string[];
  by: string;
  at: string;
}

export interface Meeting {
  on: string;
  link?: string;
  by: string;
  at: string;
}

export interface DecisionProposal {
  fixable: boolean;
  rationale: string;
  reviewEndsOn?: string;
  actions: { text: string; ownerId: string; dueOn: string }[];
  by: string;
  at: string;
  comment?: string;
}

export interface Reminders {
  /** Reminders sent for the current stage. */
  sent: number;
  escalated: boolean;
}

export interface CaseState {
  caseId: string;
  partnerId: string;
  caseNo: number;
  workflowVersion: number;
  previousCaseId?: string;
  openedAt: string;
  /** The team channel the first flag came from; its case card is kept up to date. */
  channel?: string;
  /** Events applied so far; the next event is number `version + 1`. */
  version: number;
  /** Increments on every step or phase change; cards carry it to detect stale clicks. */
  stage: number;
  status: 'open' | 'closed';
  outcome?: Outcome;
  closedAt?: string;
  /** Why an admin closed the case (outcome `cancelled`), and who. */
  closeReason?: string;
  closedBy?: string;
  /**
   * Strikes of the partner's earlier cases that count on (docs/workflow.md#strikes): within the strike window when
   * this case opened. The level is these plus this case's own live strikes. Absent on cases opened before it was kept.
   */
  carried?: CarriedStrikes;
  step: Step;
  phase: Phase;
  stageStartedAt: string;
  /**
   * When the current step began waiting on someone with a due time (second-level pings count from here,
   * across its phases); unset while the step has owed nothing (watching, actions under way).
   */
  waitingSince?: string;
  dueAt?: string;
  /** Who the case waits on now (may differ from the owner, e.g. the approver). */
  waitingOn?: string;
  level: number;
  occurrences: number;
  people: CasePeople;
  /** Directory links that could not be resolved; admins act in their place. */
  missing: OwnerSlot[];
  strikes: Strike[];
  flags: FlagRecord[];
  resetAttempts: ResetAttempt[];
  actions: ActionItem[];
  riskDraft?: Risk;
  risk?: Risk;
  gmMeeting?: Meeting;
  salesMeeting?: Meeting;
  emailConfirmedAt?: string;
  decision?: DecisionProposal;
  decisionApprovedAt?: string;
  decisionsMade: number;
  reviewEndsOn?: string;
  partnerMeeting?: Meeting;
  watchingSince?: string;
  lastFlagAt: string;
  reminders: Reminders;
  /** Every person who owned a step on this case (told the outcome). */
  pastOwners: string[];
  /** Every person the case waited on at some point (told the outcome); absent on cases stored before it was kept. */
  consulted?: string[];
}
