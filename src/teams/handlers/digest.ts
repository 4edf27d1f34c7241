// The digest commands (README, "Timers and the weekly digest"): `digest here` / `digest off` (admins) subscribe or unsubscribe this channel;
// `digest now` (anyone) shows a preview here that does not count as the week's digest.
import type { TurnContext } from 'botbuilder';
import { formatWhen } from '../cards/parts';
import type { AdaptiveCard } from '../cards/render';
import type { BotDeps } from '../deps';
import type { ChatCommandName } from '../verbs';
import type { ChatHandler } from './common';
import { actorOf } from './common';

/** What the digest commands need from the jobs (src/jobs/digest.ts `DigestJobs` provides it). */
export interface DigestCommands {
  subscribe(conversationId: string, by: string): Promise<boolean>;
  unsubscribe(conversationId: string): Promise<boolean>;
  preview(now?: Date): Promise<AdaptiveCard>;
  nextMoment(from: Date): Date | undefined;
  readonly timeZone: string;
}

async function adminOrSay(context: TurnContext, deps: BotDeps, what: string): Promise<boolean> {
  if (await deps.service.isAdmin(actorOf(context).aadObjectId)) return true;
  await deps.reply.text(context, `Only admins can ${what}. Anyone can see a preview with \`digest now\`.`);
  return false;
}

export function digestCommands(jobs: DigestCommands) {
  const here = async (context: TurnContext, deps: BotDeps): Promise<void> => {
    if (!(await adminOrSay(context, deps, 'subscribe a channel to the weekly digest'))) return;
    const identity = actorOf(context);
    if (identity.conversationType === 'personal') {
      await deps.reply.text(context, 'The weekly digest goes to team channels: mention me there with `digest here`. Here, `digest now` shows a preview.');
      return;
    }
    const added = await jobs.subscribe(identity.conversationId, identity.aadObjectId);
    const next = jobs.nextMoment(deps.clock.now());
    const when = next ? ` The next one comes ${formatWhen(next.toISOString(), jobs.timeZone)}.` : '';
    await deps.reply.text(context, added ? `This channel now gets the weekly partner-health digest.${when} \`digest off\` stops it.` : `This channel already gets the weekly digest.${when}`);
  };

  const off = async (context: TurnContext, deps: BotDeps): Promise<void> => {
    if (!(await adminOrSay(context, deps, 'stop the weekly digest'))) return;
    const removed = await jobs.unsubscribe(actorOf(context).conversationId);
    await deps.reply.text(context, removed ? 'This channel no longer gets the weekly digest. `digest here` starts it again.' : 'This channel does not get the weekly digest; `digest here` subscribes it.');
  };

  const now = async (context: TurnContext, deps: BotDeps): Promise<void> => {
    await deps.reply.card(context, await jobs.preview(deps.clock.now()));
  };

  return { 'digest here': here, 'digest off': off, 'digest now': now } satisfies Partial<Record<ChatCommandName, ChatHandler>>;
}
