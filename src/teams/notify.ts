// Renders an outbox notice as the message its recipient gets: the case card as it stands at delivery,
// for that person (their buttons), with a headline saying why they are pinged.
import type { CaseState, Notice } from '../domain';
import type { OutboxItem, PartnerRecord, Person, Stores } from '../storage/ports';
import { PHASE_TEXT, STEP_NAMES, TRIGGER_LABELS } from './cards/labels';
import { formatDay } from './cards/views';
import type { Delivery, NoticeRenderer } from './dispatcher';
import type { EmailLinks } from './email';
import type { Messenger } from './messenger';
import { cardActivity } from './reply';
import type { Ui } from './ui';
import { buildCaseView, peopleMap } from './views';

/** Step names mid-sentence ("needs you: manager reset"); "IC", "VP" and "GM" keep their capitals. */
function stepWords(step: CaseState['step']): string {
  return STEP_NAMES[step].replace(/^[A-Z][a-z]/, (c) => c.toLowerCase());
}

const OUTCOME_WORDS: Record<string, string> = {
  resolved: 'resolved (quiet period passed with no new flag)',
  'owned-internally': 'owned internally (improvement actions done)',
  fixed: 'fixed (the review found the partnership working)',
  disengaged: 'disengaged (meeting with the partner recorded)',
  withdrawn: 'withdrawn (the only flag was withdrawn)',
};

function name(people: ReadonlyMap<string, Person>, id: string | undefined): string {
  return (id && people.get(id)?.name) || 'someone';
}

/** What the person who acted did, in words ("Megan approved the reset attempt"); undefined when unknown. */
function whatHappened(notice: Notice, people: ReadonlyMap<string, Person>): string | undefined {
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

export function headlineFor(notice: Notice, state: CaseState, partner: PartnerRecord, people: ReadonlyMap<string, Person>): string {
  const p = partner.name;
  const lastFlag = [...state.flags].reverse().find((f) => !f.withdrawn);
  const happened = whatHappened(notice, people);
  switch (notice.kind) {
    case 'flag-raised':
      return `${name(people, lastFlag?.reporterId)} flagged ${p}${lastFlag ? ` (${lastFlag.triggers.map((t) => TRIGGER_LABELS[t].toLowerCase()).join(', ')})` : ''}. Strike level ${state.level}.`;
    case 'strike-added':
      return `New strike on ${p}: level ${state.level}, ${state.occurrences} occurrence(s).`;
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
    case 'missing-link':
      return `Directory gap on ${p}: ${notice.detail ?? 'someone is missing'}. You stand in until it is fixed (\`org manager\`, \`org role\`), then \`reassign ${p} @person\`.`;
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
    case 'reminder':
      return `Reminder: ${p} has been waiting on you since ${formatDay((state.dueAt ?? state.stageStartedAt).slice(0, 10))}.`;
    case 'overdue':
      return `${name(people, state.waitingOn)} is overdue on ${p} (${stepWords(state.step)}).`;
    case 'outcome':
      return `${p} case closed: ${OUTCOME_WORDS[state.outcome ?? ''] ?? state.outcome}.`;
  }
}

export function createNoticeRenderer(deps: { stores: Stores; ui: Ui; emailLinks: EmailLinks; nowMs: () => number; admins: readonly string[]; timeZone: string }): NoticeRenderer {
  return async (item: OutboxItem): Promise<Delivery | undefined> => {
    const notice = item.notice;
    const [stored, partner] = await Promise.all([deps.stores.cases.get(notice.partnerId, notice.caseId), deps.stores.partners.get(notice.partnerId)]);
    if (!stored || !partner) return undefined;
    const people = await peopleMap(deps.stores);
    const vd = { stores: deps.stores, emailLinks: deps.emailLinks, nowMs: deps.nowMs(), admins: deps.admins, timeZone: deps.timeZone };
    if ('channel' in notice.to) {
      const view = await buildCaseView(vd, partner, stored.state, undefined, { people });
      return { target: { caseCard: notice.caseId, conversationId: notice.to.channel }, activity: cardActivity(deps.ui.caseCard(view)) };
    }
    if (!('user' in notice.to)) return undefined;
    const user = notice.to.user;
    const headline = headlineFor(notice, stored.state, partner, people);
    const view = await buildCaseView(vd, partner, stored.state, user, { headline, people });
    const tenantId = people.get(user)?.tenantId;
    // The VP sends the second email, carrying the approved decision: give them the card with its link.
    const card = notice.kind === 'decision' && user === stored.state.people.vp && view.email ? deps.ui.form('stakeholder-email', view) : deps.ui.caseCard(view);
    return { target: { user }, ...(tenantId ? { tenantId } : {}), activity: { ...cardActivity(card), summary: headline } };
  };
}

/**
 * After a ping to a person failed for good (blocked the bot, app not installed), the case card in the channel
 * where the partner was flagged is refreshed so it @mentions them (SPEC §5). Without this, a failure that
 * comes after the card's last update (a 403 on a retry) never shows there. Card updates are idempotent; a
 * card not posted yet needs nothing, it will show them when it is.
 */
export function refreshCaseCardOnFailure(deps: { stores: Stores; messenger: Messenger; render: NoticeRenderer; onError?: (err: unknown) => void }): (item: OutboxItem) => Promise<void> {
  return async (item) => {
    if (!('user' in item.notice.to)) return;
    try {
      const stored = await deps.stores.cases.get(item.notice.partnerId, item.notice.caseId);
      const channel = stored?.state.channel;
      const card = channel ? await deps.stores.conversations.caseCard(item.notice.caseId) : undefined;
      if (!channel || !card || card.conversationId !== channel) return;
      const delivery = await deps.render({ ...item, notice: { ...item.notice, kind: 'case-card', to: { channel } } });
      if (!delivery) return;
      const result = await deps.messenger.updateInConversation(card.conversationId, card.activityId, delivery.activity);
      if (!result.ok) deps.onError?.(new Error(`case card update failed: ${result.status} ${result.code ?? ''}`));
    } catch (err) {
      deps.onError?.(err);
    }
  };
}
