// Who must hear about a change, as data. The outbox stores these with the events and a dispatcher sends them.
import type { TickContext } from './context';
import type { CaseEvent } from './events';
import type { CaseState } from './model';
import { involvedOf, ownerOf, reportersManagers, stakeholdersOf } from './queries';
import { workflowFor } from './workflow';

export type NoticeKind =
  | 'flag-raised' // every reporter's manager is told of every flag, every time
  | 'told-at-once' // a trigger path tells someone at once (the GM of a misaligned-values strike, workflow v2)
  | 'strike-added' // a flag beyond level 3: the owner hears too
  | 'your-turn' // the person the case now waits on, with the card to act on
  | 'handed-over' // the previous owner or approver is told where the case went
  | 'case-card' // the card in the channel where the partner was first flagged
  | 'missing-link' // admins: a directory link is missing, they stand in
  | 'vp-informed' // the manager chose to continue: the VP is told
  | 'reporter-update' // the case went to the VP: the people who flagged it are told
  | 'gm-briefing' // the GM meeting was recorded: the GM is pinged
  | 'sales-briefing' // the sales directors get the case summary
  | 'decision' // the approved decision goes to every stakeholder
  | 'action-assigned'
  | 'action-reminder'
  | 'reminder' // the step is overdue
  | 'overdue' // two due periods: the waiting person's manager is pinged
  | 'outcome'; // the case closed

export type Recipient = { user: string } | { admins: true } | { channel: string };

export interface Notice {
  kind: NoticeKind;
  to: Recipient;
  caseId: string;
  partnerId: string;
  /** The case stage the notice was raised at; a card rendered later shows the stage current then. */
  stage: number;
  /** A short reason, e.g. the missing directory link. */
  detail?: string;
  /** What happened, e.g. "reset-attempt-decided:approved", and who did it: for the ping's headline. */
  cause?: string;
  by?: string;
  /** The flag a `flag-raised` notice is about (its evidence is summarised in the ping). */
  flagId?: string;
}

/** When one change concerns someone in several ways, they get one ping: the first of these kinds. */
const PRIORITY: readonly NoticeKind[] = [
  'outcome',
  'decision',
  'flag-raised',
  'told-at-once',
  'your-turn',
  'strike-added',
  'sales-briefing',
  'gm-briefing',
  'vp-informed',
  'reporter-update',
  'action-assigned',
  'overdue',
  'reminder',
  'action-reminder',
  'handed-over',
];

function causeOf(events: readonly CaseEvent[]): string | undefined {
  const main = events.find((e) => e.type !== 'case-opened' && e.type !== 'stage-changed' && e.type !== 'owner-reassigned') ?? events[0];
  if (!main) return undefined;
  if (main.type === 'reset-attempt-decided') return `${main.type}:${main.outcome}`;
  if (main.type === 'review-answered') return `${main.type}:${main.working ? 'yes' : 'no'}`;
  if (main.type === 'case-closed') return `${main.type}:${main.outcome}`;
  return main.type;
}

/** One ping per person per change (missing-link notices to admins stay apart: they ask for a fix). */
function onePerPerson(notices: Notice[]): Notice[] {
  const best = new Map<string, Notice>();
  const rank = (n: Notice) => (PRIORITY.indexOf(n.kind) === -1 ? PRIORITY.length : PRIORITY.indexOf(n.kind));
  for (const n of notices) {
    if (!('user' in n.to) || n.kind === 'missing-link') continue;
    const held = best.get(n.to.user);
    if (!held || rank(n) < rank(held)) best.set(n.to.user, n);
  }
  return notices.filter((n) => !('user' in n.to) || n.kind === 'missing-link' || best.get(n.to.user) === n);
}

export function noticesFor(
  before: CaseState | undefined,
  after: CaseState,
  events: readonly CaseEvent[],
  ctx: TickContext & { actor?: string },
): Notice[] {
  const notices: Notice[] = [];
  const seen = new Set<string>();
  const cause = causeOf(events);
  const by = ctx.actor ?? 'system';
  const add = (kind: NoticeKind, to: Recipient, detail?: string, flagId?: string) => {
    if ('user' in to && to.user === ctx.actor && kind !== 'outcome' && kind !== 'decision') return;
    const key = `${kind}|${JSON.stringify(to)}`;
    if (seen.has(key)) return;
    seen.add(key);
    notices.push({ kind, to, caseId: after.caseId, partnerId: after.partnerId, stage: after.stage, ...(detail ? { detail } : {}), ...(cause ? { cause } : {}), by, ...(flagId ? { flagId } : {}) });
  };
  const toUser = (kind: NoticeKind, user: string | undefined, detail?: string) => {
    if (user) add(kind, { user }, detail);
  };
  const stageChanged = events.some((e) => e.type === 'stage-changed');

  for (const e of events) {
    switch (e.type) {
      case 'case-opened':
        if (e.missing.length) add('missing-link', { admins: true }, `No ${e.missing.join(', ')} found in the directory for ${e.people.reporter}`);
        break;
      case 'flag-raised': {
        // The seed's "the manager is told every time": every reporter's manager, of each flag they did not raise.
        for (const m of reportersManagers(after, ctx.directory)) if (m !== e.reporterId) add('flag-raised', { user: m }, undefined, e.flagId);
        if (!e.merged && !stageChanged) toUser('strike-added', ownerOf(after));
        const paths = workflowFor(after.workflowVersion).paths;
        if (!e.merged) for (const slot of new Set(e.triggers.flatMap((t) => paths[t].tell))) toUser('told-at-once', after.people[slot]);
        break;
      }
      case 'strike-added':
        if (e.kind === 'escalation' && !stageChanged) toUser('strike-added', ownerOf(after));
        break;
      case 'reset-attempt-decided':
        if (e.outcome === 'continued') toUser('vp-informed', after.people.vp);
        break;
      case 'actions-assigned':
        for (const a of e.actions) toUser('action-assigned', a.ownerId);
        break;
      case 'gm-meeting-recorded':
        toUser('gm-briefing', after.people.gm);
        break;
      case 'sales-meeting-recorded':
        for (const s of e.salesDirectorIds) toUser('sales-briefing', s);
        if (e.salesDirectorIds.length === 0) add('missing-link', { admins: true }, 'No sales director for this partner');
        break;
      case 'decision-approved':
        for (const p of stakeholdersOf(after)) toUser('decision', p);
        break;
      case 'owner-reassigned':
        toUser('your-turn', e.to);
        toUser('handed-over', e.from);
        break;
      case 'reminder-sent':
        toUser('reminder', e.to);
        break;
      case 'overdue-escalated':
        toUser('overdue', e.to);
        break;
      case 'action-reminder-sent':
        toUser('action-reminder', e.to);
        break;
      case 'case-closed':
        // Only the people who took part: not a VP, GM or sales director the case never reached.
        for (const p of involvedOf(after, ctx.directory)) toUser('outcome', p);
        break;
      default:
        break;
    }
  }

  // The reporters hear when their case reaches the VP (the approved decision reaches them as stakeholders).
  if (stageChanged && after.status === 'open' && after.step === 'vp-review' && before?.step !== 'vp-review') {
    for (const r of new Set(after.flags.filter((f) => !f.withdrawn).map((f) => f.reporterId))) toUser('reporter-update', r);
  }
  if (stageChanged && after.status === 'open') {
    toUser('your-turn', after.waitingOn);
    // A new step's owner hears of it even when someone else acts first (the VP while the manager drafts).
    if (!before || before.step !== after.step) toUser('your-turn', ownerOf(after));
    const newlyWaiting = after.waitingOn;
    for (const p of [before?.waitingOn, before ? ownerOf(before) : undefined]) {
      if (p && p !== newlyWaiting) toUser('handed-over', p);
    }
  }
  if (after.channel) add('case-card', { channel: after.channel });
  return onePerPerson(notices);
}
