// What a ping says and shows: a notice from the engine becomes the recipient's card in one step, with a headline
// saying why they are pinged (who did what). Pure: src/teams/pings.ts loads the CaseView and sends it.
import type { CaseState, Notice } from '../../domain';
import type { CaseView } from './caseView';
import { directForm } from './caseView';
import { formCard } from './caseForms';
import { caseCard } from './case';
import { KIND_LABELS, OUTCOME_WHY, PHASE_TEXT, SLOT_LABELS, STEP_NAMES, TRIGGER_LABELS } from './labels';
import type { People } from './parts';
import { formatDay, localDay, plural } from './parts';
import type { AdaptiveCard } from './render';
import { stakeholderEmailCard } from './stakeholderEmail';

/** Step names mid-sentence ("needs you: manager reset"); "IC", "VP" and "GM" keep their capitals. */
function stepWords(step: CaseState['step']): string {
  return STEP_NAMES[step].replace(/^[A-Z][a-z]/, (c) => c.toLowerCase());
}


function name(people: People, id: string | undefined): string {
  return (id && people[id]?.name) || 'someone';
}

/** What the person who acted did, in words ("Megan approved the reset attempt"); undefined when unknown. */
function whatHappened(notice: Notice, people: People): string | undefined {
  const who = notice.by === 'system' ? 'The timer' : name(people, notice.by);
  const did: Record<string, string> = {
    'reset-attempt-logged': 'logged a reset attempt',
    'reset-attempt-decided:approved': 'approved the reset attempt; the case now watches for recurrence',
    'reset-attempt-decided:sent-back': 'sent the reset attempt back with a comment',
    'reset-attempt-decided:continued': 'chose to continue after the manager reset; the case watches for recurrence',
    'reset-attempt-decided:owned': 'took ownership: improvement actions are under way',
    'reset-attempt-decided:escalated': 'escalated the case',
    'strike-added': 'escalated the case',
    'risk-drafted': 'drafted the revenue and SKUs at risk',
    'risk-confirmed': 'confirmed the revenue and SKUs at risk',
    'gm-meeting-recorded': 'recorded the meeting with the GM',
    'sales-meeting-recorded': 'recorded the meeting with Sales',
    'email-confirmed': 'confirmed the stakeholder email was sent',
    'decision-proposed': 'proposed a decision',
    'decision-sent-back': 'sent the decision back with a comment',
    'decision-approved': 'approved the decision',
    'review-answered:no': 'found the partnership is not working: back to the decision',
    'owner-reassigned': 'reassigned the case',
    'flag-withdrawn': 'withdrew a flag',
    'action-done': 'marked an action done',
  };
  const text = notice.cause ? did[notice.cause] : undefined;
  return text ? `${who} ${text}` : undefined;
}

/** What a flag's evidence says, in a line (docs/workflow.md#notices); confidential evidence stays in the history. */
function evidenceLine(notice: Notice, view: CaseView): string {
  const flag = view.state.flags.find((f) => f.flagId === notice.flagId);
  if (!flag) return '';
  if (flag.confidential) return ' The evidence is confidential: it is in the history.';
  const latest = [...(view.events ?? [])].reverse().find((e) => (e.type === 'flag-raised' || e.type === 'flag-corrected') && e.flagId === flag.flagId);
  const items = latest && 'evidence' in latest ? latest.evidence : [];
  const first = items[0];
  if (!first) return '';
  const summary = first.summary.length > 240 ? `${first.summary.slice(0, 239)}…` : first.summary;
  return ` Evidence (${KIND_LABELS[first.kind].toLowerCase()}): “${summary}”${items.length > 1 ? `, and ${items.length - 1} more.` : ''}`;
}

export function headlineFor(notice: Notice, view: CaseView): string {
  const { state, people } = view;
  const p = view.partnerName;
  const lastFlag = [...state.flags].reverse().find((f) => !f.withdrawn);
  const happened = whatHappened(notice, people);
  switch (notice.kind) {
    case 'flag-raised': {
      // The flag this notice is about (every reporter's manager hears of each flag), else the latest.
      const flag = state.flags.find((f) => f.flagId === notice.flagId) ?? lastFlag;
      return `${name(people, flag?.reporterId)} flagged ${p}${flag ? ` (${flag.triggers.map((t) => TRIGGER_LABELS[t].toLowerCase()).join(', ')})` : ''}. Strike ${state.level}.${evidenceLine(notice, view)}`;
    }
    case 'told-at-once':
      return `${name(people, lastFlag?.reporterId)} flagged ${p}${lastFlag ? ` (${lastFlag.triggers.map((t) => TRIGGER_LABELS[t].toLowerCase()).join(', ')})` : ''}. This kind of red flag goes straight to ${stepWords(state.step)}, and you are told at once.`;
    case 'strike-added':
      return `New strike on ${p}: strike ${state.level}, ${plural(state.occurrences, 'occurrence')}.`;
    case 'your-turn': {
      const step = stepWords(state.step);
      const user = 'user' in notice.to ? notice.to.user : undefined;
      // The owner of a new step hears of it even while someone else acts first (the VP while the manager drafts).
      if (state.waitingOn && user !== state.waitingOn) return `${p} reached ${step}, your step: it waits on ${name(people, state.waitingOn)} first.`;
      return `${happened ? `${happened} on ${p}. ` : ''}${p} needs you: ${step}.`;
    }
    case 'handed-over': {
      if (happened) return `${happened} on ${p}.${state.waitingOn ? ` Now waiting on ${name(people, state.waitingOn)}.` : ''}`;
      // The step alone does not say what changed ("moved on: now IC reset" after an approval): add the phase.
      const phase = PHASE_TEXT[state.phase].replace(/^\w/, (c) => c.toLowerCase());
      return `${p} moved on: ${stepWords(state.step)} — ${phase}${state.waitingOn ? `, waiting on ${name(people, state.waitingOn)}` : ''}.`;
    }
    case 'case-card':
      return '';
    case 'missing-link': {
      // An admin who flags with no manager: the approval goes to the admins meanwhile; ask them to set one (issue 12).
      if ('user' in notice.to && notice.to.user === state.people.reporter && state.missing.includes('manager')) {
        return `You have no manager in the directory, so your reset on ${p} is approved by ${state.people.manager && state.people.manager !== notice.to.user ? name(people, state.people.manager) : 'an admin'} meanwhile. Set your manager with \`org manager @you @your-manager\`: the approval goes to them.`;
      }
      // The gap in words from the case (the notice's detail names slots and ids, for the logs).
      const gap =
        notice.cause === 'sales-meeting-recorded'
          ? 'no sales director for this partner'
          : state.missing.length
            ? `no ${state.missing.map((s) => SLOT_LABELS[s].replace(/^[A-Z][a-z]/, (c) => c.toLowerCase())).join(', ')} found in the directory for ${name(people, state.people.reporter)}`
            : 'someone is missing';
      return `Directory gap on ${p}: ${gap}. You stand in until it is fixed (\`org manager\`, \`org role\`), then \`reassign ${p} @person\`.`;
    }
    case 'reporter-update':
      return `The case you flagged on ${p} went to the VP: ${name(people, state.people.vp)} reviews it now (strike ${state.level}). You will hear the decision.`;
    case 'vp-informed':
      return `${name(people, state.people.manager)} chose to continue with ${p} after a manager reset; the case watches for recurrence.`;
    case 'gm-briefing':
      return `A meeting with you about ${p} was recorded${state.gmMeeting ? ` for ${formatDay(state.gmMeeting.on)}` : ''}.`;
    case 'sales-briefing':
      return `Escalation to Sales: ${p}. The case summary is below${state.salesMeeting ? `; meeting on ${formatDay(state.salesMeeting.on)}` : ''}.`;
    case 'decision':
      return `Decision on ${p}: ${state.decision?.fixable ? `fixable, review until ${formatDay(state.decision.reviewEndsOn)}` : 'not fixable, we disengage'}.`;
    case 'action-assigned':
      return `You have an action on ${p}.`;
    case 'action-reminder':
      return `Reminder: your action on ${p} is past its due date.`;
    case 'reminder': {
      // Since when it has waited on them (this phase began) and when it was due, both in their zone.
      const since = formatDay(localDay(state.stageStartedAt, view.timeZone));
      const due = state.dueAt ? `; it was due ${formatDay(localDay(state.dueAt, view.timeZone))}` : '';
      return `Reminder: ${p} has been waiting on you since ${since} (${stepWords(state.step)})${due}.`;
    }
    case 'overdue':
      return `${name(people, state.waitingOn)} is overdue on ${p} (${stepWords(state.step)}).`;
    case 'outcome':
      // An admin's close says who and why (docs/workflow.md#notices).
      if (state.outcome === 'cancelled') return `${p} case closed by ${name(people, state.closedBy)}: ${state.closeReason ?? 'no reason given'}`;
      return `${p} case closed: ${state.outcome ? OUTCOME_WHY[state.outcome] : 'closed'}.`;
  }
}

/** The card a notice's recipient gets: the case as it stands, for them, under the ping's headline. */
export function pingCard(notice: Notice, view: CaseView): AdaptiveCard {
  const headline = headlineFor(notice, view);
  const withHeadline = { ...view, ...(headline ? { headline } : {}), ...(notice.kind === 'flag-raised' && notice.flagId ? { evidenceOfFlag: notice.flagId } : {}) };
  // The VP sends the second email, carrying the approved decision: give them the card with its link, unless the case
  // now waits on them (disengaging: the partner meeting). A ping that hands someone a step carries that step's card;
  // the email stays one click away on it ("Decision email").
  const handsAStep = !!view.viewer && view.state.waitingOn === view.viewer;
  if (notice.kind === 'decision' && view.viewer === view.state.people.vp && view.email && !handsAStep) return stakeholderEmailCard(withHeadline);
  // Approving, continuing or deciding: the ping is the form itself.
  const form = directForm(view);
  if (form) return formCard(form, withHeadline);
  return caseCard(withHeadline);
}
