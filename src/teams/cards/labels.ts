// Words people read on cards for the engine's vocabulary: steps, phases, triggers, outcomes, evidence kinds.
import type { EvidenceKind, Outcome, OwnerSlot, Phase, ResetAttempt, Step, Trigger } from '../../domain/model';

export const STEP_NAMES: Record<Step, string> = {
  'ic-reset': 'IC reset',
  'manager-reset': 'Manager reset',
  'internal-improvement': 'Internal improvement',
  'vp-review': 'VP review',
  'sales-escalation': 'GM and Sales',
  decision: 'Decision',
  'review-period': 'Review period',
  disengaging: 'Disengaging',
};

/** What the case waits for in each phase, in words. */
export const PHASE_TEXT: Record<Phase, string> = {
  attempt: 'A reset attempt to log',
  approval: 'The manager to approve the reset attempt',
  choice: 'The manager to continue or take ownership',
  watching: 'Watching for recurrence (nothing is due)',
  actions: 'Actions under way',
  risk: 'The manager to draft revenue and SKUs at risk',
  'risk-confirmation': 'The VP to confirm revenue and SKUs at risk',
  'gm-meeting': 'The meeting with the GM to be recorded',
  'sales-meeting': 'The meeting with the Sales Director(s) to be recorded',
  email: 'The stakeholder email to be sent and confirmed',
  proposal: 'The VP to propose a decision',
  'gm-approval': 'The GM to approve the decision',
  'review-question': 'The VP to answer: is the partnership working?',
  'partner-meeting': 'The meeting with the partner to be recorded',
};

export const TRIGGER_LABELS: Record<Trigger, string> = {
  'misaligned-expectations': 'Misaligned expectations',
  'resource-mismatch': 'Resource mismatch',
  'poor-communication': 'Poor communication',
  'misaligned-values': 'Misaligned values',
  profitability: 'Profitability',
};

export const OUTCOME_TEXT: Record<Outcome, string> = {
  resolved: 'Resolved: no recurrence after the reset',
  'owned-internally': 'Owned internally: our improvement actions are done',
  fixed: 'Fixed: the partnership is working',
  disengaged: 'Disengaged from the partner',
  withdrawn: 'Withdrawn: the flag was taken back',
  cancelled: 'Closed by an admin',
};

/** Why a case closed, after "closed:" (the outcome ping, the timeline). */
export const OUTCOME_WHY: Record<Outcome, string> = {
  resolved: 'resolved (quiet period passed with no new flag)',
  'owned-internally': 'owned internally (improvement actions done)',
  fixed: 'fixed (the review found the partnership working)',
  disengaged: 'disengaged (meeting with the partner recorded)',
  withdrawn: 'withdrawn (the only flag was withdrawn)',
  cancelled: 'closed by an admin',
};

/** An outcome in a word or two, where a line has room for no more (the partners list, the email). */
export const OUTCOME_LABELS: Record<Outcome, string> = {
  resolved: 'Resolved',
  'owned-internally': 'Owned internally',
  fixed: 'Fixed',
  disengaged: 'Disengaged',
  withdrawn: 'Withdrawn',
  cancelled: 'Closed by an admin',
};

/** How a manager answered a reset attempt, in words (the history, the stakeholder email). */
export const RESET_OUTCOME_LABELS: Record<NonNullable<ResetAttempt['outcome']>, string> = {
  approved: 'approved',
  'sent-back': 'sent back',
  escalated: 'escalated instead',
  continued: 'continued',
  owned: 'ownership taken',
};

export const KIND_LABELS: Record<EvidenceKind, string> = {
  email: 'Email',
  'meeting-notes': 'Meeting notes',
  feedback: 'Feedback',
  other: 'Other',
};

export const SLOT_LABELS: Record<OwnerSlot, string> = {
  reporter: 'Reporter',
  manager: 'Manager',
  vp: 'VP',
  gm: 'GM',
};

export interface TriggerGuide {
  trigger: Trigger;
  label: string;
  oneOnOne: string;
  teamSync: string;
  examples: string[];
}

/** The coaching guide (docs/workflow.md#triggers): what each red flag looks like in a 1:1 and a team sync. */
export const TRIGGER_GUIDE: readonly TriggerGuide[] = [
  {
    trigger: 'misaligned-expectations',
    label: TRIGGER_LABELS['misaligned-expectations'],
    oneOnOne: 'You hear "that is not what we signed up for", or you keep re-explaining scope, roles or timelines that were already agreed.',
    teamSync: 'Status updates that surprise one side: deliverables, dates or success measures the partner and the team describe differently.',
    examples: [
      'The partner expects us to bring leads they never agreed to qualify.',
      'A launch date we announced is "a rough target" to them.',
    ],
  },
  {
    trigger: 'resource-mismatch',
    label: TRIGGER_LABELS['resource-mismatch'],
    oneOnOne: 'The partner cannot staff what was planned, or needs far more of our people and time than the partnership was built for.',
    teamSync: 'Work stalls waiting on partner capacity or skills; the same gap comes up sprint after sprint.',
    examples: [
      'Two certified engineers were promised; none has joined the project.',
      'Our architects are doing the partner\'s delivery work every week.',
    ],
  },
  {
    trigger: 'poor-communication',
    label: TRIGGER_LABELS['poor-communication'],
    oneOnOne: 'Emails and calls go unanswered, decisions arrive late or second-hand, or you learn about problems from customers first.',
    teamSync: 'The partner misses syncs, sends someone without context, or nobody owns the follow-ups.',
    examples: [
      'Three follow-ups on a blocking question, no answer in two weeks.',
      'A customer escalation we heard about from the customer, not the partner.',
    ],
  },
  {
    trigger: 'misaligned-values',
    label: TRIGGER_LABELS['misaligned-values'],
    oneOnOne: 'Behaviour that conflicts with our ethics or code of conduct: pressure to cut corners, disrespect, abuse, dishonesty. Evidence stays confidential.',
    teamSync: 'Remarks or practices in a meeting that you would not accept from a colleague. Do not debate it in the sync: flag it.',
    examples: [
      'A request to misreport usage to reach an incentive.',
      'Repeated hostile language towards a team member.',
    ],
  },
  {
    trigger: 'profitability',
    label: TRIGGER_LABELS.profitability,
    oneOnOne: 'The partnership costs more than it returns: discounts, concessions or investment with no joint win in sight.',
    teamSync: 'Pipeline reviews where the partner\'s deals keep slipping, shrinking or asking for one-sided price concessions.',
    examples: [
      'Every deal this quarter needed an extra discount to close.',
      'No joint win in three quarters despite co-funded marketing.',
    ],
  },
];
