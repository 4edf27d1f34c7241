// The escalation workflow as data (docs/workflow.md#steps). `decide` reads this table; a case keeps the
// version it opened under, so a later table never changes a case in flight.
import type { OwnerSlot, Phase, Step, Trigger } from './model';
import { TRIGGERS } from './model';

/** Who, relative to the case, may issue a command. */
export type Permit =
  | OwnerSlot
  | 'member' // anyone on the case: reporters, people slots, action owners
  | 'flag-reporter' // the reporter of the flag named in the command
  | 'action-owner' // the owner of the action named in the command
  | 'owner-manager' // the directory manager of the current step owner
  | 'admin';

export type CommandType =
  | 'flag'
  | 'escalate-now'
  | 'add-evidence'
  | 'withdraw-flag'
  | 'correct-flag'
  | 'log-reset-attempt'
  | 'approve-reset'
  | 'send-back-reset'
  | 'continue'
  | 'take-ownership'
  | 'mark-action-done'
  | 'draft-risk'
  | 'confirm-risk'
  | 'record-gm-meeting'
  | 'record-sales-meeting'
  | 'confirm-email-sent'
  | 'propose-decision'
  | 'approve-decision'
  | 'send-back-decision'
  | 'answer-review'
  | 'record-partner-meeting'
  | 'close-case'
  | 'reassign-owner';

export interface PhaseRule {
  /** The slot the case waits on; none means no due time (watching, or actions with their own dates). */
  waitingOn?: OwnerSlot;
}

export interface StepRule {
  owner: OwnerSlot;
  phases: Partial<Record<Phase, PhaseRule>>;
  /** The phase a step starts in. */
  entry: Phase;
}

/** Where a command is allowed: `phases` omitted means every phase of the step. */
export interface CommandRule {
  step: Step | '*';
  phases?: Phase[];
  by: Permit[];
}

/** Something a step asks for beyond its own work: `revenue` is the revenue at risk (amount and currency). */
export type StepInput = 'revenue';

/** The path a strike with one trigger takes (docs/workflow.md#trigger-paths). */
export interface TriggerPath {
  /** The step a strike with this trigger enters at level 1, 2, 3…; past the end, the last one. */
  ladder: readonly Step[];
  /** Who is told at once when a strike with this trigger is added (besides the usual notices). */
  tell: readonly OwnerSlot[];
  /** Inputs these steps ask for while the case has a live flag with this trigger. */
  asks: Partial<Record<Step, readonly StepInput[]>>;
}

export interface Workflow {
  version: number;
  /** What changed from the version before, in a sentence (docs/workflow.md#versions). */
  summary: string;
  /** Level 1, 2, 3 enter these steps; higher levels keep the step. "Escalate now" strikes follow it too. */
  stepForLevel: readonly Step[];
  /** Per trigger: where its strikes go, who hears at once, what the steps ask for. A flag's furthest path wins. */
  paths: Record<Trigger, TriggerPath>;
  steps: Record<Step, StepRule>;
  commands: Record<Exclude<CommandType, 'flag'>, CommandRule[]>;
}

/** The ladder of seed 000 for every trigger: IC reset, manager reset, VP review; nobody extra told, nothing extra asked. */
const LADDER: readonly Step[] = ['ic-reset', 'manager-reset', 'vp-review'];
const SAME_LADDER_FOR_EVERY_TRIGGER = Object.fromEntries(TRIGGERS.map((t): [Trigger, TriggerPath] => [t, { ladder: LADDER, tell: [], asks: {} }])) as Record<Trigger, TriggerPath>;

export const WORKFLOW_V1: Workflow = {
  version: 1,
  summary: 'Every trigger follows the same ladder: IC reset, manager reset, VP review.',
  stepForLevel: LADDER,
  paths: SAME_LADDER_FOR_EVERY_TRIGGER,
  steps: {
    'ic-reset': {
      owner: 'reporter',
      entry: 'attempt',
      phases: { attempt: { waitingOn: 'reporter' }, approval: { waitingOn: 'manager' }, watching: {} },
    },
    'manager-reset': {
      owner: 'manager',
      entry: 'attempt',
      phases: { attempt: { waitingOn: 'manager' }, choice: { waitingOn: 'manager' }, watching: {} },
    },
    'internal-improvement': { owner: 'manager', entry: 'actions', phases: { actions: {} } },
    'vp-review': {
      owner: 'vp',
      entry: 'risk',
      phases: { risk: { waitingOn: 'manager' }, 'risk-confirmation': { waitingOn: 'vp' }, 'gm-meeting': { waitingOn: 'vp' } },
    },
    'sales-escalation': {
      owner: 'vp',
      entry: 'sales-meeting',
      phases: { 'sales-meeting': { waitingOn: 'vp' }, email: { waitingOn: 'vp' } },
    },
    decision: {
      owner: 'vp',
      entry: 'proposal',
      phases: { proposal: { waitingOn: 'vp' }, 'gm-approval': { waitingOn: 'gm' } },
    },
    'review-period': {
      owner: 'vp',
      entry: 'actions',
      phases: { actions: {}, 'review-question': { waitingOn: 'vp' } },
    },
    disengaging: { owner: 'vp', entry: 'partner-meeting', phases: { 'partner-meeting': { waitingOn: 'vp' } } },
  },
  commands: {
    'escalate-now': [
      { step: 'ic-reset', by: ['manager'] },
      { step: 'manager-reset', by: ['manager'] },
    ],
    'add-evidence': [{ step: '*', by: ['member'] }],
    'withdraw-flag': [{ step: '*', by: ['flag-reporter'] }],
    'correct-flag': [{ step: '*', by: ['flag-reporter'] }],
    'log-reset-attempt': [
      { step: 'ic-reset', phases: ['attempt'], by: ['reporter'] },
      { step: 'manager-reset', phases: ['attempt'], by: ['manager'] },
    ],
    'approve-reset': [{ step: 'ic-reset', phases: ['approval'], by: ['manager'] }],
    'send-back-reset': [{ step: 'ic-reset', phases: ['approval'], by: ['manager'] }],
    continue: [{ step: 'manager-reset', phases: ['choice'], by: ['manager'] }],
    'take-ownership': [{ step: 'manager-reset', phases: ['choice'], by: ['manager'] }],
    'mark-action-done': [
      { step: 'internal-improvement', phases: ['actions'], by: ['action-owner', 'manager'] },
      { step: 'review-period', phases: ['actions', 'review-question'], by: ['action-owner', 'vp'] },
    ],
    'draft-risk': [{ step: 'vp-review', phases: ['risk', 'risk-confirmation'], by: ['manager', 'vp'] }],
    'confirm-risk': [{ step: 'vp-review', phases: ['risk', 'risk-confirmation'], by: ['vp'] }],
    // The VP or a senior manager sets up the GM meeting: the manager may record it too.
    'record-gm-meeting': [{ step: 'vp-review', phases: ['gm-meeting'], by: ['vp', 'manager'] }],
    'record-sales-meeting': [{ step: 'sales-escalation', phases: ['sales-meeting'], by: ['vp', 'gm'] }],
    'confirm-email-sent': [{ step: 'sales-escalation', phases: ['email'], by: ['vp'] }],
    'propose-decision': [{ step: 'decision', phases: ['proposal'], by: ['vp'] }],
    'approve-decision': [{ step: 'decision', phases: ['gm-approval'], by: ['gm'] }],
    'send-back-decision': [{ step: 'decision', phases: ['gm-approval'], by: ['gm'] }],
    // The VP may conclude a review early; the end date asks the question regardless.
    'answer-review': [{ step: 'review-period', phases: ['actions', 'review-question'], by: ['vp'] }],
    'record-partner-meeting': [{ step: 'disengaging', phases: ['partner-meeting'], by: ['vp'] }],
    // A mistaken flag, a partner acquired or archived: an admin closes the case with a reason (docs/workflow.md#steps).
    'close-case': [{ step: '*', by: ['admin'] }],
    'reassign-owner': [{ step: '*', by: ['owner-manager', 'admin'] }],
  },
};

/**
 * Trigger-dependent paths (seed 001): a values or conduct problem goes to the VP review at once with the GM told,
 * and a profitability problem asks for the revenue at risk from the first strike. Steps and commands are v1's.
 */
export const WORKFLOW_V2: Workflow = {
  ...WORKFLOW_V1,
  version: 2,
  summary:
    'Trigger-dependent paths: a misaligned-values strike starts at the VP review and the GM is told at once; a profitability case asks for the revenue at risk from the first strike.',
  paths: {
    ...SAME_LADDER_FOR_EVERY_TRIGGER,
    'misaligned-values': { ladder: ['vp-review'], tell: ['gm'], asks: {} },
    profitability: { ladder: LADDER, tell: [], asks: { 'ic-reset': ['revenue'], 'manager-reset': ['revenue'] } },
  },
};

/** Every version a case may have opened under; a case keeps its version to the end (docs/workflow.md#versions). */
export const WORKFLOWS: Readonly<Record<number, Workflow>> = { 1: WORKFLOW_V1, 2: WORKFLOW_V2 };

/** The newest version defined. New cases open under the version the settings pick (WORKFLOW_VERSION, default 1). */
export const CURRENT_WORKFLOW_VERSION = Math.max(...Object.keys(WORKFLOWS).map(Number));

export function workflowFor(version: number): Workflow {
  const workflow = WORKFLOWS[version];
  if (!workflow) throw new Error(`Unknown workflow version ${version}`);
  return workflow;
}
