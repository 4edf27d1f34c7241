// Flags on partners that do not exist yet: kept whole, admins asked, recorded the moment the partner is added.
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { commandSchema, describeIssues } from '../../domain';
import { findPartner } from '../../service/partners';
import type { BotDeps } from '../deps';
import { noticeCard } from '../cards/notice';
import { cardActivity } from '../reply';
import { actorOf } from './common';

/** Stores the reporter's whole flag and asks every admin to add the partner. */
export async function submitPendingFlag(context: TurnContext, deps: BotDeps, partnerName: string, command: unknown): Promise<string> {
  const checked = commandSchema.safeParse(command);
  if (!checked.success || checked.data.type !== 'flag') return `Please check the form: ${checked.success ? 'not a flag' : describeIssues(checked.error)}.`;
  const name = partnerName.trim().slice(0, 200);
  if (!name) return 'Which partner is this about?';
  const identity = actorOf(context);
  const requestId = randomUUID();
  await deps.stores.pendingFlags.add({
    requestId,
    partnerName: name,
    requestedBy: identity.aadObjectId,
    requestedAt: deps.clock.now().toISOString(),
    conversationId: identity.conversationId,
    command: checked.data,
    status: 'pending',
  });
  const admins = await deps.service.admins();
  const requester = identity.name || 'Someone';
  for (const admin of admins) {
    const result = await deps.messenger.sendToUser(
      admin,
      cardActivity(noticeCard(`${requester} flagged "${name}", which is not a known partner. Add it with \`partner add ${name}\` and the flag is recorded at once.`, 'Partner requested')),
    );
    if (!result.ok) deps.log.warn({ admin, status: result.status, code: result.code }, 'could not ask an admin to add a partner');
  }
  return `Saved. "${name}" is not a known partner yet: I've asked the admins to add it, and your flag will be recorded the moment they do. Nothing you entered is lost.`;
}

/** Records every pending flag that names this partner, as the person who raised it. Returns how many. */
export async function recordPendingFlags(deps: BotDeps, partnerId: string): Promise<number> {
  const partner = await deps.stores.partners.get(partnerId);
  if (!partner) return 0;
  let recorded = 0;
  for (const pending of await deps.stores.pendingFlags.pending()) {
    if (!findPartner([partner], pending.partnerName)) continue;
    // Flagged in a team channel: the case belongs to that channel (its case card is kept there), as for any flag.
    const ref = (await deps.stores.conversations.conversation(pending.conversationId)) as { conversation?: { conversationType?: string } } | undefined;
    const channel = ref?.conversation?.conversationType === 'channel' ? { channel: pending.conversationId } : {};
    const outcome = await deps.service.execute(partnerId, pending.command, { aadObjectId: pending.requestedBy, conversationId: pending.conversationId, ...channel });
    if (!outcome.ok) {
      deps.log.warn({ requestId: pending.requestId, code: outcome.rejection.code }, 'pending flag could not be recorded');
      continue;
    }
    await deps.stores.pendingFlags.resolve(pending.requestId, 'recorded', partnerId);
    recorded += 1;
    const result = await deps.messenger.sendToUser(
      pending.requestedBy,
      cardActivity(noticeCard(`${partner.name} was added, and your flag is now recorded (strike ${outcome.state.level}). \`status ${partner.name}\` shows the case.`, 'Your flag is recorded')),
    );
    if (!result.ok) deps.log.warn({ requestId: pending.requestId, status: result.status }, 'could not tell the reporter their pending flag was recorded');
  }
  return recorded;
}
