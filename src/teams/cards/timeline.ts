// Events in words: one line each for the case card's timeline, and the longer detail the history shows.
import { LIMITS } from '../../domain/commands';
import type { CaseEvent } from '../../domain/events';
import type { CaseState, Phase } from '../../domain/model';
import type { CaseView } from './caseView';
import { escapeText } from './escape';
import { FORMS } from './forms';
import { OUTCOME_WHY, PHASE_TEXT, SLOT_LABELS, STEP_NAMES } from './labels';
import type { People } from './parts';
import { cardWhen, formatDay, formatMoney, nameOf, plural, triggersText } from './parts';

const TIMELINE_LENGTH = 8;

export { FORMS };

/** A phase in words after a step's name: "IC reset: waiting for a reset attempt to log". */
function phaseWords(phase: Phase): string {
  if (phase === 'watching') return 'watching for recurrence, nothing is due';
  if (phase === 'actions') return 'actions under way';
  return `waiting for ${PHASE_TEXT[phase].replace(/^\w/, (c) => c.toLowerCase())}`;
}

/** One event as a person would say it, one line (the case card's timeline and the history). */
export function describeEvent(e: CaseEvent, people: People, state: CaseState | undefined): string {
  const who = nameOf(people, e.actor);
  switch (e.type) {
    case 'case-opened':
      return `Case ${e.caseNo} opened`;
    case 'flag-raised':
      return `${nameOf(people, e.reporterId)} flagged ${triggersText(e.triggers).toLowerCase()}, with ${plural(e.evidence.length, 'piece')} of evidence${
        e.merged ? ` (the same occurrence: it joins strike ${e.strikeNo})` : ''
      }`;
    case 'strike-added':
      return e.kind === 'escalation' ? `${who} escalated the case to strike ${e.strikeNo}` : `It happened again: strike ${e.strikeNo}`;
    case 'strike-withdrawn':
      return `Strike ${e.strikeNo} was taken back`;
    case 'strike-reassigned':
      return `Strike ${e.strikeNo} now rests on another flag`;
    case 'evidence-added':
      return `${who} added ${plural(e.evidence.length, 'piece')} of evidence`;
    case 'flag-withdrawn':
      return `${who} withdrew a flag`;
    case 'flag-corrected':
      return `${who} corrected a flag: it is about ${triggersText(e.triggers).toLowerCase()}`;
    case 'stage-changed':
      return `${STEP_NAMES[e.step]}: ${phaseWords(e.phase)}`;
    case 'reset-attempt-logged':
      return `${who} reset expectations with the partner on ${formatDay(e.agreedOn)}`;
    case 'reset-attempt-decided': {
      const words = {
        approved: 'approved the reset attempt',
        'sent-back': 'sent the reset attempt back',
        escalated: 'escalated instead of approving the reset',
        continued: 'chose to continue after the manager reset',
        owned: 'took ownership of the problem',
      };
      return `${who} ${words[e.outcome]}`;
    }
    case 'actions-assigned':
      return `${who} assigned ${plural(e.actions.length, 'action')}`;
    case 'action-done': {
      const text = state?.actions.find((a) => a.actionId === e.actionId)?.text;
      return `${who} finished an action: ${text ? escapeText(text, 120) : 'one of the actions'}`;
    }
    case 'risk-drafted':
      return `${who} put the revenue at risk at ${formatMoney(e.amount, e.currency)}, across ${plural(e.skus.length, 'SKU')}`;
    case 'risk-confirmed':
      return `${who} confirmed the revenue at risk: ${formatMoney(e.amount, e.currency)}, across ${plural(e.skus.length, 'SKU')}`;
    case 'gm-meeting-recorded':
      return `${who} met the GM on ${formatDay(e.on)}`;
    case 'sales-meeting-recorded':
      return `${who} met Sales on ${formatDay(e.on)}`;
    case 'email-confirmed':
      return `${who} sent the stakeholder email`;
    case 'decision-proposed':
      return `${who} proposed that the partnership is ${e.fixable ? 'fixable' : 'not fixable'}`;
    case 'decision-approved':
      return `${who} approved the decision`;
    case 'decision-sent-back':
      return `${who} sent the decision back`;
    case 'review-answered':
      return `${who} said the partnership is ${e.working ? 'working' : 'not working'}`;
    case 'partner-meeting-recorded':
      return `${who} met the partner on ${formatDay(e.on)}`;
    case 'owner-reassigned':
      return `${who} handed the ${SLOT_LABELS[e.slot].replace(/^[A-Z][a-z]/, (c) => c.toLowerCase())}'s part to ${nameOf(people, e.to)}${e.from ? ` (it was ${nameOf(people, e.from)}'s)` : ''}`;
    case 'reminder-sent':
      return `${nameOf(people, e.to)} was reminded (reminder ${e.n})`;
    case 'overdue-escalated':
      return `It was overdue, so ${nameOf(people, e.to)} was told`;
    case 'action-reminder-sent':
      return `${nameOf(people, e.to)} was reminded of an action (reminder ${e.n})`;
    case 'case-closed':
      return `The case closed: ${OUTCOME_WHY[e.outcome]}`;
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

/** The latest events, newest first: what just happened is what people look for. */
export function timelineOf(view: CaseView): TimelineItem[] {
  return (view.events ?? [])
    .filter((e) => !quietInTimeline(e))
    .slice(-TIMELINE_LENGTH)
    .reverse()
    .map((e) => ({ when: cardWhen(e.at), text: describeEvent(e, view.people, view.state) }));
}
