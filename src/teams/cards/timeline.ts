// Events in words: one line each for the case card's timeline, and the longer detail the history shows.
import { LIMITS } from '../../domain/commands';
import type { CaseEvent } from '../../domain/events';
import type { CaseState } from '../../domain/model';
import type { CaseView } from './caseView';
import { escapeText } from './escape';
import { FORMS } from './forms';
import { OUTCOME_TEXT, PHASE_TEXT, SLOT_LABELS, STEP_NAMES } from './labels';
import type { People } from './parts';
import { cardWhen, formatDay, formatMoney, nameOf, plural, triggersText } from './parts';

const TIMELINE_LENGTH = 8;

export { FORMS };

export function describeEvent(e: CaseEvent, people: People, state: CaseState | undefined): string {
  const who = nameOf(people, e.actor);
  switch (e.type) {
    case 'case-opened':
      return `Case ${e.caseNo} opened`;
    case 'flag-raised':
      return `${nameOf(people, e.reporterId)} flagged ${triggersText(e.triggers)} with ${plural(e.evidence.length, 'evidence item')}${
        e.merged ? ` (added to strike ${e.strikeNo})` : ''
      }`;
    case 'strike-added':
      return e.kind === 'escalation' ? `${who} escalated now: strike ${e.strikeNo}` : `Strike ${e.strikeNo}: a new occurrence`;
    case 'strike-withdrawn':
      return `Strike ${e.strikeNo} withdrawn`;
    case 'strike-reassigned':
      return `Strike ${e.strikeNo} now rests on another flag`;
    case 'evidence-added':
      return `${who} added ${plural(e.evidence.length, 'evidence item')}`;
    case 'flag-withdrawn':
      return `${who} withdrew a flag`;
    case 'flag-corrected':
      return `${who} corrected a flag: ${triggersText(e.triggers)}`;
    case 'stage-changed':
      return `Now at ${STEP_NAMES[e.step]}: ${PHASE_TEXT[e.phase].replace(/^\w/, (c) => c.toLowerCase())}`;
    case 'reset-attempt-logged':
      return `${who} logged a reset attempt (agreed on ${formatDay(e.agreedOn)})`;
    case 'reset-attempt-decided': {
      const words = { approved: 'approved the reset', 'sent-back': 'sent the reset back', escalated: 'escalated instead', continued: 'chose to continue', owned: 'took ownership' };
      return `${who} ${words[e.outcome]}`;
    }
    case 'actions-assigned':
      return `${plural(e.actions.length, 'action')} assigned`;
    case 'action-done': {
      const text = state?.actions.find((a) => a.actionId === e.actionId)?.text;
      return `${who} marked done: ${text ? escapeText(text, 120) : 'an action'}`;
    }
    case 'risk-drafted':
      return `${who} drafted revenue at risk: ${formatMoney(e.amount, e.currency)}, ${plural(e.skus.length, 'SKU')}`;
    case 'risk-confirmed':
      return `${who} confirmed revenue at risk: ${formatMoney(e.amount, e.currency)}, ${plural(e.skus.length, 'SKU')}`;
    case 'gm-meeting-recorded':
      return `${who} recorded the GM meeting on ${formatDay(e.on)}`;
    case 'sales-meeting-recorded':
      return `${who} recorded the Sales meeting on ${formatDay(e.on)}`;
    case 'email-confirmed':
      return `${who} confirmed the stakeholder email was sent`;
    case 'decision-proposed':
      return `${who} proposed: ${e.fixable ? 'fixable' : 'not fixable'}`;
    case 'decision-approved':
      return `${who} approved the decision`;
    case 'decision-sent-back':
      return `${who} sent the decision back`;
    case 'review-answered':
      return `${who} answered the review: ${e.working ? 'the partnership is working' : 'not working'}`;
    case 'partner-meeting-recorded':
      return `${who} recorded the meeting with the partner on ${formatDay(e.on)}`;
    case 'owner-reassigned':
      return `${SLOT_LABELS[e.slot]} reassigned${e.from ? ` from ${nameOf(people, e.from)}` : ''} to ${nameOf(people, e.to)}`;
    case 'reminder-sent':
      return `Reminder ${e.n} sent to ${nameOf(people, e.to)}`;
    case 'overdue-escalated':
      return `Overdue: ${nameOf(people, e.to)} was told`;
    case 'action-reminder-sent':
      return `Action reminder ${e.n} sent to ${nameOf(people, e.to)}`;
    case 'case-closed':
      return `Case closed: ${OUTCOME_TEXT[e.outcome]}`;
  }
}

/** Longer free text the history shows with an event (never on case or channel cards). */
export function eventDetail(e: CaseEvent, people: People): string {
  switch (e.type) {
    case 'reset-attempt-logged':
      return escapeText(e.agreed, LIMITS.shortText);
    case 'reset-attempt-decided':
    case 'decision-sent-back':
      return e.comment ? escapeText(e.comment, LIMITS.comment) : '';
    case 'actions-assigned':
      return e.actions.map((a) => `${escapeText(a.text, 300)} (${nameOf(people, a.ownerId)}, due ${formatDay(a.dueOn)})`).join('\n\n');
    case 'risk-drafted':
    case 'risk-confirmed':
      return e.skus.length ? `SKUs: ${e.skus.map((s) => escapeText(s, LIMITS.skuLength)).join(', ')}` : '';
    case 'decision-proposed': {
      const lines = [escapeText(e.rationale, LIMITS.shortText)];
      if (e.reviewEndsOn) lines.push(`Review ends ${formatDay(e.reviewEndsOn)}`);
      for (const a of e.actions) lines.push(`${escapeText(a.text, 300)} (${nameOf(people, a.ownerId)}, due ${formatDay(a.dueOn)})`);
      return lines.join('\n\n');
    }
    case 'gm-meeting-recorded':
    case 'sales-meeting-recorded':
    case 'partner-meeting-recorded':
      return e.link ? escapeText(e.link, LIMITS.link) : '';
    default:
      return '';
  }
}

export interface TimelineItem {
  when: string;
  text: string;
}

/** Events that only restate the one before them (a flag opens the case and adds the strike). */
export function quietInTimeline(e: CaseEvent): boolean {
  return e.type === 'case-opened' || (e.type === 'strike-added' && e.kind === 'occurrence') || e.type === 'strike-reassigned';
}

export function timelineOf(view: CaseView): TimelineItem[] {
  return (view.events ?? [])
    .filter((e) => !quietInTimeline(e))
    .slice(-TIMELINE_LENGTH)
    .map((e) => ({ when: cardWhen(e.at), text: describeEvent(e, view.people, view.state) }));
}
