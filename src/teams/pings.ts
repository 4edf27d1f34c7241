// Delivering the engine's notices (I/O): an outbox item becomes the recipient's card (src/teams/cards/ping.ts)
// on the case as it stands at delivery; a ping that failed for good shows its person on the channel's case card.
import type { CaseState } from '../domain';
import type { OutboxItem, Stores } from '../storage/ports';
import { caseCard } from './cards/case';
import { headlineFor, pingCard } from './cards/ping';
import { loadCaseView } from './caseViews';
import type { Delivery, NoticeRenderer } from './dispatcher';
import type { EmailLinks } from './email';
import type { Messenger } from './messenger';
import { cardActivity } from './reply';

export function createNoticeRenderer(deps: { stores: Stores; emailLinks: EmailLinks; nowMs: () => number; admins: readonly string[]; timeZone: string; installLink?: string }): NoticeRenderer {
  return async (item: OutboxItem, known?: CaseState): Promise<Delivery | undefined> => {
    const notice = item.notice;
    // Right after the commit that raised it, the case is as committed; later it is read again.
    const state = known?.caseId === notice.caseId ? known : (await deps.stores.cases.get(notice.partnerId, notice.caseId))?.state;
    const partner = await deps.stores.partners.get(notice.partnerId);
    if (!state || !partner) return undefined;
    const vd = { stores: deps.stores, emailLinks: deps.emailLinks, nowMs: deps.nowMs(), admins: deps.admins, timeZone: deps.timeZone, ...(deps.installLink ? { installLink: deps.installLink } : {}) };
    if ('channel' in notice.to) {
      const view = await loadCaseView(vd, partner, state, undefined);
      return { target: { caseCard: notice.caseId, conversationId: notice.to.channel }, activity: cardActivity(caseCard(view)) };
    }
    if (!('user' in notice.to)) return undefined;
    const user = notice.to.user;
    // Dates in words (the headline, the notification) in the recipient's own zone; card times show in it anyway.
    const person = await deps.stores.directory.get(user);
    const view = await loadCaseView({ ...vd, timeZone: person?.timeZone ?? deps.timeZone }, partner, state, user);
    return { target: { user }, ...(person?.tenantId ? { tenantId: person.tenantId } : {}), activity: { ...cardActivity(pingCard(notice, view)), summary: headlineFor(notice, view) } };
  };
}

/**
 * After a ping to a person failed for good (blocked the bot, app not installed), the case card in the channel
 * where the partner was flagged is refreshed so it @mentions them (docs/workflow.md#notices). Without this, a failure that
 * comes after the card's last update (a 403 on a retry) never shows there. Card updates are idempotent; a
 * card not posted yet needs nothing, it will show them when it is.
 */
export function refreshCaseCardOnFailure(deps: { stores: Stores; messenger: Messenger; render: NoticeRenderer; onError?: (err: unknown) => void }): (item: OutboxItem) => Promise<void> {
  return async (item) => {
    if (!('user' in item.notice.to)) return;
    try {
      const stored = await deps.stores.cases.get(item.notice.partnerId, item.notice.caseId);
      const channel = stored?.state.channel;
      const cards = channel ? await deps.stores.conversations.caseCards(item.notice.caseId) : [];
      if (!channel || cards.length === 0) return;
      const delivery = await deps.render({ ...item, notice: { ...item.notice, kind: 'case-card', to: { channel } } });
      if (!delivery) return;
      for (const card of cards) {
        const result = await deps.messenger.updateInConversation(card.conversationId, card.activityId, delivery.activity);
        if (!result.ok) deps.onError?.(new Error(`case card update failed: ${result.status} ${result.code ?? ''}`));
      }
    } catch (err) {
      deps.onError?.(err);
    }
  };
}
