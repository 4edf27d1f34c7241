// What is waiting on me (cards/mine.json, README "What is waiting on me"): across partners, every step that waits on
// the viewer and their open actions, each with its due time and the button to the card to act on, then the cases
// they reported and where each stands. The same list shows in the welcome card and `help` (1:1 chat), and under
// "Waiting for you" when pings held for someone the bot could not reach are delivered at once.
import type { NoticeKind } from '../../domain/notices';
import type { WorkKind } from '../../domain/queries';
import { openActions } from '../../domain/queries';
import type { CaseState } from '../../domain/model';
import { escapeText } from './escape';
import { OUTCOME_TEXT, PHASE_TEXT, STEP_NAMES } from './labels';
import type { ActionData, Button, People, Toggle } from './parts';
import { button, cardDay, cardWhen, ctxOf, formatDay, nameOf, noCase, plural } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

/** One case the viewer has a part in, as it stands now. */
export interface MineItem {
  partnerName: string;
  state: CaseState;
  kinds: readonly WorkKind[];
}

export interface MineView {
  viewer: string;
  items: readonly MineItem[];
  people: People;
  /** ISO instant of the rendering (overdue marks). */
  now: string;
}

export interface MineRow {
  text: string;
  open: Button;
}

export interface MineList {
  on: boolean;
  waiting: { on: boolean; rows: MineRow[] };
  reported: { on: boolean; rows: MineRow[] };
  empty: Toggle;
  more: Toggle;
}

/** No list (a shared chat, where what waits on one person is not shown). */
export const NO_LIST: MineList = { on: false, waiting: { on: false, rows: [] }, reported: { on: false, rows: [] }, empty: { on: false, text: '' }, more: { on: false, text: '' } };

/** Rows shown per list; the rest are counted (a card stays well inside Teams' size limit). */
const MAX_ROWS = 15;

function partnerWords(item: MineItem): string {
  return `**${escapeText(item.partnerName, 200)}**`;
}

function open(state: CaseState): Button {
  return button('Open', 'show-status', ctxOf(state));
}

/** Everything that waits on the viewer: the step (when it waits on them), then their open actions; soonest due first. */
function waitingRows(view: MineView): { due: string; row: MineRow }[] {
  const rows: { due: string; row: MineRow }[] = [];
  for (const item of view.items) {
    const { state } = item;
    if (state.status !== 'open') continue;
    if (item.kinds.includes('waiting') && state.waitingOn === view.viewer) {
      const overdue = state.dueAt && view.now > state.dueAt ? ' (overdue)' : '';
      const due = state.dueAt ? ` · due ${cardWhen(state.dueAt)}${overdue}` : '';
      const text = `${partnerWords(item)} · ${STEP_NAMES[state.step]}: ${PHASE_TEXT[state.phase].replace(/^\w/, (c) => c.toLowerCase())}${due}`;
      rows.push({ due: state.dueAt ?? '\uffff', row: { text, open: open(state) } });
    }
    for (const a of openActions(state).filter((x) => x.ownerId === view.viewer)) {
      rows.push({ due: a.dueOn, row: { text: `${partnerWords(item)} · your action: ${escapeText(a.text, 200)} · due ${formatDay(a.dueOn)}`, open: open(state) } });
    }
  }
  return rows.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}

/** The cases the viewer reported: open ones first, then the recently closed. */
function reportedRows(view: MineView): MineRow[] {
  const reported = view.items.filter((i) => i.kinds.includes('reported'));
  const rank = (i: MineItem) => (i.state.status === 'open' ? 0 : 1);
  return [...reported]
    .sort((a, b) => rank(a) - rank(b) || a.partnerName.localeCompare(b.partnerName))
    .map((item) => {
      const { state } = item;
      if (state.status === 'closed') {
        return { text: `${partnerWords(item)} · closed ${cardDay(state.closedAt)}: ${state.outcome ? OUTCOME_TEXT[state.outcome] : 'closed'}`, open: open(state) };
      }
      const waiting = state.waitingOn ? ` · waiting on ${state.waitingOn === view.viewer ? 'you' : nameOf(view.people, state.waitingOn)}` : '';
      return { text: `${partnerWords(item)} · ${STEP_NAMES[state.step]}, strike ${state.level}${waiting}`, open: open(state) };
    });
}

export function mineList(view: MineView): MineList {
  const waiting = waitingRows(view).map((r) => r.row);
  const reported = reportedRows(view);
  const hidden = Math.max(0, waiting.length - MAX_ROWS) + Math.max(0, reported.length - MAX_ROWS);
  return {
    on: true,
    waiting: { on: waiting.length > 0, rows: waiting.slice(0, MAX_ROWS) },
    reported: { on: reported.length > 0, rows: reported.slice(0, MAX_ROWS) },
    empty: { on: waiting.length + reported.length === 0, text: 'Nothing waits on you, and you have not flagged a partner lately.' },
    more: { on: hidden > 0, text: `And ${plural(hidden, 'more case')}: type status and the partner's name to see any of them.` },
  };
}

export interface MineData {
  ctx: ActionData;
  title: string;
  headline: Toggle;
  /** Markdown lines (heldNewsLines escapes what it takes from users). */
  news: { on: boolean; items: { text: string }[] };
  list: MineList;
}

export function mineData(view: MineView, opts: { title?: string; headline?: string; news?: readonly string[] } = {}): MineData {
  return {
    ctx: noCase(),
    title: opts.title ?? 'What is waiting on you',
    headline: { on: !!opts.headline, text: escapeText(opts.headline ?? '', 500) },
    news: { on: (opts.news ?? []).length > 0, items: (opts.news ?? []).slice(0, 20).map((text) => ({ text })) },
    list: mineList(view),
  };
}

export function mineCard(view: MineView): AdaptiveCard {
  return renderCard('mine', mineData(view));
}

/** What each held ping was about, in words. */
const HELD_WORDS: Record<NoticeKind, string> = {
  'flag-raised': 'a flag raised',
  'told-at-once': 'a red flag you are told of at once',
  'strike-added': 'a new strike',
  'your-turn': 'your turn',
  'handed-over': 'the case moved on',
  'case-card': 'the case card',
  'missing-link': 'a gap in the directory for you to fill',
  'vp-informed': 'the manager chose to continue',
  'reporter-update': 'your flag went to the VP',
  'gm-briefing': 'a meeting with you recorded',
  'sales-briefing': 'the escalation to Sales',
  decision: 'the decision',
  'action-assigned': 'an action for you',
  'action-reminder': 'a reminder about your action',
  reminder: 'a reminder',
  overdue: 'an overdue step in your team',
  outcome: 'how the case ended',
};

/** The pings held for someone about one case. */
export interface HeldNews {
  partnerName: string;
  kinds: readonly NoticeKind[];
}

export function heldNewsLines(held: readonly HeldNews[]): string[] {
  return held.map((h) => {
    const words = [...new Set(h.kinds.map((k) => HELD_WORDS[k]))];
    return `**${escapeText(h.partnerName, 200)}** · ${plural(h.kinds.length, 'update')}: ${words.join(', ')}`;
  });
}

/**
 * Everything held for someone the bot could not reach, delivered at once (README "Reaching people"): what happened
 * while they were away, case by case, then where everything stands now (not a stream of stale pings).
 */
export function waitingForYouCard(view: MineView, held: readonly HeldNews[]): AdaptiveCard {
  return renderCard(
    'mine',
    mineData(view, {
      title: 'Waiting for you',
      headline: 'partner-fit could not reach you until now. This is what came for you meanwhile, and where each case stands now.',
      news: heldNewsLines(held),
    }),
  );
}
