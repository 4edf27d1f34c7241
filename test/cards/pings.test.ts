// Every ping that hands someone a step carries the card to do it (issue 12): whatever the ping's kind, when the case
// now waits on its recipient, the card they get is their step's form or has the button for it. The case in the disengaging
// step is the one people met: the VP's "decision" ping was the decision email, with nothing to record the meeting.
import type { Notice, NoticeKind } from '../../src/domain';
import { allowed, directForm, formFor } from '../../src/teams/cards/caseView';
import { STEP_VERBS } from '../../src/teams/verbs';
import { pingCard } from '../../src/teams/cards/ping';
import { hasButton } from '../support/cards';
import type { Story } from './support/fixtures';
import { stories } from './support/fixtures';
import { optsFor } from './support/samples';
import { viewOf } from './support/views';

const KINDS: NoticeKind[] = [
  'flag-raised',
  'told-at-once',
  'strike-added',
  'your-turn',
  'handed-over',
  'missing-link',
  'vp-informed',
  'gm-briefing',
  'sales-briefing',
  'decision',
  'action-assigned',
  'action-reminder',
  'reminder',
  'overdue',
];

const OPEN_STORIES = ['icAttempt', 'icApproval', 'managerAttempt', 'managerChoice', 'vpRisk', 'riskConfirmation', 'gmMeeting', 'salesMeeting', 'email', 'proposal', 'gmApproval', 'disengaging'] as const;

function notice(kind: NoticeKind, story: Story, to: string): Notice {
  return { kind, to: { user: to }, caseId: story.current.caseId, partnerId: story.current.partnerId, stage: story.current.stage, by: 'system', cause: 'decision-approved' };
}

describe('a ping to the person the case waits on carries their step', () => {
  it.each(OPEN_STORIES)('%s: every kind of ping has the button for the step’s form', (name) => {
    const story = stories[name]();
    const waiting = story.current.waitingOn!;
    // The email link is on the view whenever the case has one (the decision email after the GM approves).
    const view = viewOf(story.current, optsFor(story, waiting, { email: { emlUrl: 'https://bot.example/email/x', subject: 'Partner fit decision', recipients: [] } }));
    const form = formFor(view);
    expect(form).toBeDefined();
    // Approving, continuing and deciding come as the form itself (its step buttons); any other step as a button to it.
    const direct = directForm(view);
    const mayIssue = STEP_VERBS.filter((v) => allowed(view).has(v));
    for (const kind of KINDS) {
      const card = pingCard(notice(kind, story, waiting), view);
      const has = direct ? mayIssue.some((verb) => hasButton(card, { verb })) : hasButton(card, { verb: 'show-card', form: form! });
      expect({ kind, has }).toEqual({ kind, has: true });
    }
  });
});
