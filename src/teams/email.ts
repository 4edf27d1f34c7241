// The stakeholder email (docs/workflow.md#steps, GM and Sales): drafted from the case, served as an .eml behind a signed, expiring link,
// with a short mailto. Bots can send files only in 1:1 chats, so a link works everywhere.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DateTime } from 'luxon';
import type { CaseEvent, CaseState, Evidence, Trigger } from '../domain';
import type { PartnerRecord, Person } from '../storage/ports';
import { KIND_LABELS, RESET_OUTCOME_LABELS, STEP_NAMES, TRIGGER_LABELS } from './cards/labels';

export type EmailKind = 'stakeholder' | 'decision';

interface LinkClaims {
  p: string;
  c: string;
  k: EmailKind;
  /** Expiry, ms since epoch. */
  e: number;
}

export class EmailLinks {
  /** `baseUrl` is read when a link is made: the bound port is known only once the server listens. */
  constructor(
    private readonly secret: string,
    private readonly baseUrl: () => string,
    private readonly ttlMs: number,
  ) {}

  url(partnerId: string, caseId: string, kind: EmailKind, nowMs: number): string {
    const claims: LinkClaims = { p: partnerId, c: caseId, k: kind, e: nowMs + this.ttlMs };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${this.baseUrl().replace(/\/$/, '')}/email/${payload}.${this.sign(payload)}`;
  }

  verify(token: string, nowMs: number): LinkClaims | undefined {
    const [payload, signature] = token.split('.');
    if (!payload || !signature) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LinkClaims;
      return claims.e > nowMs ? claims : undefined;
    } catch {
      return undefined;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

export interface EmailDraft {
  subject: string;
  to: string[];
  /** People without an email in the directory, named in the body so nobody is forgotten. */
  missingAddresses: string[];
  body: string;
}


function nameOf(people: ReadonlyMap<string, Person>, id: string | undefined): string {
  if (!id) return 'nobody yet';
  return people.get(id)?.name || 'an unnamed colleague';
}

export function emailRecipients(state: CaseState): string[] {
  return [
    ...new Set(
      [
        ...state.flags.map((f) => f.reporterId),
        state.people.manager,
        state.people.vp,
        state.people.gm,
        ...state.people.salesDirectors,
      ].filter((x): x is string => !!x),
    ),
  ];
}

export function emailSubject(kind: EmailKind, state: CaseState, partner: PartnerRecord): string {
  return kind === 'stakeholder'
    ? `Partner fit escalation: ${partner.name} — red flags and decision point`
    : `Partner fit decision: ${partner.name} — ${state.decision?.fixable ? 'fixable, review period agreed' : 'not fixable, disengaging'}`;
}

/** Everyone an email names: its recipients and whoever logged, decided or owns something on the case. */
export function emailPeople(state: CaseState, events: readonly CaseEvent[]): string[] {
  return [...new Set([...emailRecipients(state), ...state.resetAttempts.map((a) => a.by), ...state.actions.map((a) => a.ownerId), ...(state.decision?.actions ?? []).map((a) => a.ownerId), ...events.map((e) => e.actor)])];
}

/**
 * The email's text. Its dates are calendar days in `timeZone` (the organisation's TIME_ZONE, or the VP's own) and it
 * says which zone that is: recipients read it in many zones (README "Time zones").
 */
export function draftEmail(kind: EmailKind, state: CaseState, partner: PartnerRecord, events: readonly CaseEvent[], people: ReadonlyMap<string, Person>, timeZone = 'UTC'): EmailDraft {
  const day = (iso: string) => DateTime.fromISO(iso, { zone: timeZone }).toISODate() ?? iso.slice(0, 10);
  const ids = emailRecipients(state);
  const to = ids.map((id) => people.get(id)?.email).filter((e): e is string => !!e);
  const missingAddresses = ids.filter((id) => !people.get(id)?.email).map((id) => nameOf(people, id));
  const lines: string[] = [];
  const push = (...xs: string[]) => lines.push(...xs);
  const subject = emailSubject(kind, state, partner);

  push(
    `Partner: ${partner.name}`,
    `Case: ${state.caseId} (opened ${day(state.openedAt)})`,
    `Step: ${STEP_NAMES[state.step]}, strike ${state.level}, ${state.occurrences} ${state.occurrences === 1 ? 'occurrence' : 'occurrences'}`,
    `Dates are in ${timeZone}.`,
    '',
  );
  if (missingAddresses.length) push(`Not on this email (no address in the directory): ${missingAddresses.join(', ')}`, '');

  push('RED FLAGS AND EVIDENCE', '');
  // A correction replaces its flag's triggers and evidence (and what was added to it before); withdrawn flags are left out.
  const corrections = new Map<string, { at: number; triggers: readonly Trigger[]; evidence: readonly Evidence[] }>();
  events.forEach((e, i) => {
    if (e.type === 'flag-corrected') corrections.set(e.flagId, { at: i, triggers: e.triggers, evidence: e.evidence });
  });
  events.forEach((e, i) => {
    if (e.type !== 'flag-raised' && e.type !== 'evidence-added') return;
    const flag = state.flags.find((f) => f.flagId === e.flagId);
    if (flag?.withdrawn) return;
    const corrected = corrections.get(e.flagId);
    if (e.type === 'evidence-added' && corrected && i < corrected.at) return;
    const evidence = e.type === 'flag-raised' && corrected ? corrected.evidence : e.evidence;
    if (e.type === 'flag-raised') {
      const triggers = corrected ? corrected.triggers : e.triggers;
      push(`- ${day(e.at)} ${nameOf(people, e.reporterId)} flagged ${triggers.map((t) => TRIGGER_LABELS[t].toLowerCase()).join(', ')} (strike ${e.strikeNo}${e.merged ? ', same occurrence' : ''}${corrected ? ', corrected' : ''})`);
    } else {
      push(`- ${day(e.at)} ${nameOf(people, e.actor)} added evidence`);
    }
    for (const item of evidence) {
      push(`    * ${KIND_LABELS[item.kind]}${item.date ? ` (${item.date})` : ''}: ${item.summary.replace(/\r?\n/g, ' ')}${item.link ? ` <${item.link}>` : ''}`);
    }
  });
  push('', 'RESET ATTEMPTS', '');
  if (state.resetAttempts.length === 0) push('- none recorded');
  for (const a of state.resetAttempts) {
    push(`- ${STEP_NAMES[a.step]} by ${nameOf(people, a.by)} on ${a.agreedOn}: ${a.agreed.replace(/\r?\n/g, ' ')}${a.outcome ? ` [${RESET_OUTCOME_LABELS[a.outcome]}${a.comment ? `: ${a.comment}` : ''}]` : ''}`);
  }
  push('', 'RISK', '');
  if (state.risk) push(`- Revenue at risk: ${state.risk.amount.toLocaleString('en-US')} ${state.risk.currency}`, `- SKUs at risk: ${state.risk.skus.join(', ') || 'none named'}`);
  else push('- not confirmed yet');
  push('', 'MEETINGS', '');
  if (state.gmMeeting) push(`- With the GM (${nameOf(people, state.people.gm)}) on ${state.gmMeeting.on}${state.gmMeeting.link ? ` <${state.gmMeeting.link}>` : ''}`);
  if (state.salesMeeting) push(`- With the Sales Director(s) (${state.people.salesDirectors.map((s) => nameOf(people, s)).join(', ') || 'none on record'}) on ${state.salesMeeting.on}${state.salesMeeting.link ? ` <${state.salesMeeting.link}>` : ''}`);
  if (!state.gmMeeting && !state.salesMeeting) push('- none recorded yet');
  push('', 'DECISION', '');
  if (kind === 'stakeholder') {
    push(
      'We need to decide whether this partnership is fixable:',
      '- Fixable: clear actions with owners and due dates to reset expectations, and a review period to confirm it is working.',
      '- Not fixable: we agree to disengage and schedule a meeting with the partner.',
      `The VP (${nameOf(people, state.people.vp)}) proposes the decision; the GM (${nameOf(people, state.people.gm)}) approves it.`,
    );
  } else if (state.decision) {
    push(`${state.decision.fixable ? 'Fixable' : 'Not fixable'}, approved by ${nameOf(people, state.people.gm)}.`, `Why: ${state.decision.rationale}`);
    if (state.decision.fixable) {
      for (const a of state.decision.actions) push(`- ${a.text} — ${nameOf(people, a.ownerId)}, due ${a.dueOn}`);
      if (state.decision.reviewEndsOn) push(`Review period ends ${state.decision.reviewEndsOn}.`);
    } else {
      // Not fixable has no actions or review: what follows is the meeting with the partner.
      push(`We disengage from ${partner.name}. ${nameOf(people, state.people.vp)} meets the partner to tell them; the case closes when that meeting is recorded.`);
      if (state.partnerMeeting) push(`Meeting with the partner on ${state.partnerMeeting.on}.`);
    }
  }
  push('', 'Sent from partner-fit.');
  return { subject, to, missingAddresses, body: lines.join('\r\n') };
}

/** RFC 5322 text with `X-Unsent: 1`, so Outlook opens it as a draft ready to send. */
export function toEml(draft: EmailDraft): string {
  const header = (name: string, value: string) => `${name}: ${encodeHeader(value)}`;
  return [
    header('To', draft.to.join(', ')),
    header('Subject', draft.subject),
    'X-Unsent: 1',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    (Buffer.from(draft.body, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\r\n'),
    '',
  ].join('\r\n');
}

function encodeHeader(value: string): string {
  const clean = value.replace(/[\r\n]+/g, ' ');
  // Non-ASCII header text as an RFC 2047 encoded word.
  return /^[\x20-\x7e]*$/.test(clean) ? clean : `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`;
}
