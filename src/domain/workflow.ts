// The escalation workflow as data (docs/workflow.md#steps). `decide` reads this table; a case keeps the
// version it opened under, so a later table never changes a case in flight.
import type { OwnerSlot, Phase, Step } from './model';

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

export interface Workflow {
  version: number;
  /** Level 1, 2, 3 enter these steps; higher levels keep the step (see `stepAfterStrike`). */
  stepForLevel: readonly Step[];
  steps: Record<Step, StepRule>;
  commands: Record<Exclude<CommandType, 'flag'>, CommandRule[]>;
}

export const WORKFLOW_V1: Workflow = {
  version: 1,
  stepForLevel: ['ic-reset', 'manager-reset', 'vp-review'],
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
    'reassign-owner': [{ step: '*', by: ['owner-manager', 'admin'] }],
  },
};

export const CURRENT_WORKFLOW_VERSION = 1;

const WORKFLOWS: Record<number, Workflow> = { 1: WORKFLOW_V1 };

export function workflowFor(version: number): Workflow {
  const workflow = WORKFLOWS[version];
  if (!workflow) throw new Error(`Unknown workflow version ${version}`);
  return workflow;
}
