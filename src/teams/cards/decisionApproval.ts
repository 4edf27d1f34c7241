import { LIMITS } from '../../domain/commands';
import type { CaseView, FormBase } from './caseView';
import { allowed, formBase, mayIssue } from './caseView';
import { escapeText } from './escape';
import type { Toggle } from './parts';
import { cardWhen, formatDay, nameOf } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface DecisionApprovalData extends FormBase {
  decision: { verdict: string; rationale: string; by: string; reviewEnds: Toggle; actions: { text: string; meta: string }[] };
  canApprove: boolean;
  canSendBack: boolean;
  ownNote: Toggle;
}

export function decisionApprovalData(view: CaseView): DecisionApprovalData {
  const { state } = view;
  const d = state.decision;
  const can = allowed(view);
  const approve = mayIssue(view, { type: 'approve-decision' });
  const own = !approve.ok && 'rejection' in approve && approve.rejection.code === 'ACTOR.OWN_PROPOSAL';
  return {
    ...formBase(view),
    decision: {
      verdict: d ? (d.fixable ? 'Fixable' : 'Not fixable') : 'No decision proposed yet',
      rationale: escapeText(d?.rationale ?? '', LIMITS.shortText),
      by: d ? `Proposed by ${nameOf(view.people, d.by)} on ${cardWhen(d.at)}` : '',
      reviewEnds: { on: !!d?.reviewEndsOn, text: `Review period ends ${formatDay(d?.reviewEndsOn)}` },
      actions: (d?.actions ?? []).map((a) => ({ text: escapeText(a.text, 500), meta: `${nameOf(view.people, a.ownerId)} · due ${formatDay(a.dueOn)}` })),
    },
    canApprove: approve.ok,
    canSendBack: can.has('send-back-decision'),
    ownNote: { on: own, text: 'You proposed this decision, so you cannot approve it. An admin can reassign the GM approval.' },
  };
}

export function decisionApprovalCard(view: CaseView): AdaptiveCard {
  return renderCard('decision-approval', decisionApprovalData(view));
}
