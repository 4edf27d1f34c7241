// Which failed 1:1 sends mean "this person cannot be reached yet" (README "Reaching people"), by Teams' error codes
// ("Status codes from bot conversational APIs"): the message is then held for them instead of failing.
import type { Reach } from '../storage/ports';
import type { SendResult } from './messenger';

/** They blocked the bot, removed it, or an admin turned it off for them: only they (or the admin) can undo it. */
const BLOCKED = new Set(['ConversationBlockedByUser', 'MessageWritesBlocked', 'BotDisabledByAdmin']);

/** The bot has no chat with them yet: the app is not installed for them, or it never saw them in Teams. */
const NOT_YET = new Set([
  'ForbiddenOperationException',
  'BotNotInConversationRoster',
  'MemberNotFoundInConversation',
  'ConversationNotFound',
  'UserNotReachable',
  'NoServiceUrl',
  'AppNotInstalled',
  'BadArgument',
]);

/** How a failed 1:1 send leaves the person, or undefined when the failure is not about them (auth, a bug). */
export function unreachableAs(result: Extract<SendResult, { ok: false }>): Exclude<Reach, 'reachable'> | undefined {
  if (result.code && BLOCKED.has(result.code)) return 'blocked';
  if (result.code && NOT_YET.has(result.code)) return 'not-yet';
  if (result.status === 403 || result.status === 404) return 'not-yet';
  return undefined;
}
