// The stakeholder (and later the decision) email (cards/stakeholder-email.json): the .eml link, recipients, "sent".
import type { CaseView, EmailLink, FormBase } from './caseView';
import { allowed, formBase } from './caseView';
import { escapeText, plainLine } from './escape';
import { noticeCard } from './notice';
import type { Toggle } from './parts';
import { cardWhen, nameOf } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface StakeholderEmailData extends FormBase {
  intro: string;
  subject: string;
  recipients: string;
  emlUrl: string;
  mailto: Toggle & { url: string };
  confirmed: Toggle;
  canConfirm: boolean;
}

/** A mailto: with recipients and subject only (the body is in the .eml; mail clients cap mailto length). */
export function mailtoUrl(emails: readonly string[], subject: string): string {
  const to = emails.filter((e) => /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+$/.test(e)).map(encodeURIComponent).join(',');
  return `mailto:${to}?subject=${encodeURIComponent(plainLine(subject, 200))}`;
}

/** Built from the view's email link (stakeholderEmailCard shows a note instead while there is none). */
export function stakeholderEmailData(view: CaseView): StakeholderEmailData {
  const { state } = view;
  const email: EmailLink = view.email ?? { subject: '', emlUrl: '', recipients: [] };
  const emails = email.recipients.map((id) => view.people[id]?.email).filter((e): e is string => !!e);
  return {
    ...formBase(view),
    // After the GM approves, the same card carries the second email: the decision, to every stakeholder.
    intro:
      state.step === 'review-period' || state.step === 'disengaging' || state.status === 'closed'
        ? state.decision?.fixable === false
          ? 'The decision email is drafted from the case: the decision not to continue, why, and the meeting with the partner to come. Open it, check it and send it to every stakeholder.'
          : 'The decision email is drafted from the case: the decision, its actions and owners, and the review date. Open it, check it and send it to every stakeholder.'
        : 'The stakeholder email is drafted from the case: every flag and its evidence, the attempts, risk, meetings and the decision point. Open it, check it, send it, then confirm here.',
    subject: escapeText(email.subject, 300),
    recipients: email.recipients.map((id) => nameOf(view.people, id)).join(', ') || 'No recipients known',
    emlUrl: email.emlUrl,
    mailto: { on: emails.length > 0, text: 'Write in my mail app', url: mailtoUrl(emails, email.subject) },
    // The confirmation belongs to the stakeholder email; the decision email that follows has none of its own.
    confirmed: {
      on: !!state.emailConfirmedAt && (state.step === 'sales-escalation' || state.step === 'decision'),
      text: state.emailConfirmedAt ? `Confirmed sent on ${cardWhen(state.emailConfirmedAt)}.` : '',
    },
    canConfirm: allowed(view).has('confirm-email-sent'),
  };
}

/** The email card; before the draft exists (no link yet) a note says so. */
export function stakeholderEmailCard(view: CaseView): AdaptiveCard {
  if (!view.email) return noticeCard('The stakeholder email is not drafted yet. Try again in a moment.', undefined, 'warning');
  return renderCard('stakeholder-email', stakeholderEmailData(view));
}
