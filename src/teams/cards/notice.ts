// A short message card (cards/notice.json): a title, a line or two, optional buttons and a per-user refresh.
import { escapeText } from './escape';
import type { ActionData, Button, RefreshData, Toggle, Tone } from './parts';
import { MAX_REFRESH_USERS, noCase } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface NoticeData {
  ctx: ActionData;
  refresh: RefreshData;
  title: Toggle;
  message: string;
  tone: Tone;
  buttons: Button[];
}

/** A plain message (errors, confirmations). `message` is escaped here; keep it free of markup. */
export function noticeData(opts: {
  message: string;
  title?: string;
  tone?: Tone;
  buttons?: Button[];
  /** Per-user view: these Teams ids get `refreshData` sent back with verb `refresh`. */
  refresh?: { userIds: readonly string[]; data: ActionData };
}): NoticeData {
  const userIds = [...new Set(opts.refresh?.userIds ?? [])].slice(0, MAX_REFRESH_USERS);
  return {
    ctx: opts.refresh?.data ?? noCase(),
    refresh: { on: userIds.length > 0, userIds, data: opts.refresh?.data ?? noCase() },
    title: { on: !!opts.title, text: escapeText(opts.title ?? '', 200) },
    message: escapeText(opts.message, 4000),
    tone: opts.tone ?? 'default',
    buttons: (opts.buttons ?? []).slice(0, 5),
  };
}

/** A plain message (errors, confirmations, answers that are not about a case). */
export function noticeCard(message: string, title?: string, tone?: Tone): AdaptiveCard {
  return renderCard('notice', noticeData({ message, ...(title ? { title } : {}), ...(tone ? { tone } : {}) }));
}
