// The card for each form name on a case (verb `show-card`, a refresh, a ping): one line per form, each built by
// its own module beside its template.
import { actionDoneCard } from './actionDone';
import { caseCard } from './case';
import { closeCaseCard } from './closeCase';
import type { CaseView } from './caseView';
import { isAdminViewer } from './caseView';
import { decisionCard } from './decision';
import { decisionApprovalCard } from './decisionApproval';
import { evidenceAddCard } from './evidenceAdd';
import { flagFormCard } from './flagForm';
import type { FormName } from './forms';
import { gmMeetingCard } from './gmMeeting';
import { helpCard } from './help';
import { historyCard } from './history';
import { managerDecisionCard } from './managerDecision';
import { partnerMeetingCard } from './partnerMeeting';
import { reassignOwnerCard } from './reassignOwner';
import type { AdaptiveCard } from './render';
import { resetApprovalCard } from './resetApproval';
import { resetAttemptCard } from './resetAttempt';
import { reviewCard } from './review';
import { riskCard } from './risk';
import { salesMeetingCard } from './salesMeeting';
import { stakeholderEmailCard } from './stakeholderEmail';
import { triggersCard } from './triggers';
import { withdrawCorrectCard } from './withdrawCorrect';

const FORM_CARDS: Record<FormName, (view: CaseView) => AdaptiveCard> = {
  case: caseCard,
  flag: (view) => flagFormCard({ partnerId: view.state.partnerId, partnerName: view.partnerName, triggers: [], state: view.state }),
  'reset-attempt': resetAttemptCard,
  'reset-approval': resetApprovalCard,
  'manager-decision': managerDecisionCard,
  'action-done': actionDoneCard,
  risk: riskCard,
  'gm-meeting': gmMeetingCard,
  'sales-meeting': salesMeetingCard,
  'stakeholder-email': stakeholderEmailCard,
  decision: decisionCard,
  'decision-approval': decisionApprovalCard,
  review: reviewCard,
  'partner-meeting': partnerMeetingCard,
  'reassign-owner': reassignOwnerCard,
  'close-case': closeCaseCard,
  'evidence-add': evidenceAddCard,
  'withdraw-correct': withdrawCorrectCard,
  history: historyCard,
  triggers: () => triggersCard(),
  help: (view) => helpCard({ isAdmin: isAdminViewer(view) }),
};

/** The card for a form the viewer asked for, on a case. */
export function formCard(form: FormName, view: CaseView): AdaptiveCard {
  return FORM_CARDS[form](view);
}
