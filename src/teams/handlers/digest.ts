// The digest commands (README, "Timers and the weekly digest"): `digest here` / `digest off` (admins) subscribe or unsubscribe this channel;
// `digest now` (anyone) shows a preview here that does not count as the week's digest.
import { TurnContext } from 'botbuilder';
import type { DigestScope } from '../../storage/ports';
import { formatWhen } from '../cards/parts';
import { escapeInline } from '../cards/escape';
import type { AdaptiveCard } from '../cards/render';
import type { BotDeps } from '../deps';
import type { ChatCommandName } from '../verbs';
import type { ChatHandler } from './common';
import { actorOf, parsed } from './common';
import { channelIdOf } from '../turn';

/**
 * What `digest here …` names: nothing (the whole book), tags (`#emea #apac`), or partners (`Contoso, Fabrikam`).
 * Returns the scope's partner ids and tags, or the names that are not partners.
 */
async function readScope(deps: BotDeps, text: string): Promise<{ partnerIds: string[]; tags: string[]; names: string[] } | { unknown: string[] }> {
  const trimmed = text.trim();
  if (!trimmed) return { partnerIds: [], tags: [], names: [] };
  if (trimmed.startsWith('#')) {
    const tags = trimmed.split(/[\s,;]+/).map((t) => t.replace(/^#/, '').toLowerCase()).filter(Boolean);
    const bad = tags.filter((t) => !/^[a-z0-9][a-z0-9-]{0,29}$/.test(t));
    return bad.length ? { unknown: bad.map((t) => `#${t}`) } : { partnerIds: [], tags: [...new Set(tags)], names: tags.map((t) => `#${t}`) };
  }
  const finder = await deps.stores.partners.finder();
  const typed = trimmed.split(/\s*[,;]\s*/).map((n) => n.trim()).filter(Boolean);
  const found = typed.map((n) => ({ n, p: finder.find(n) }));
  const unknown = found.filter((f) => !f.p).map((f) => f.n);
  if (unknown.length) return { unknown };
  const partners = [...new Map(found.map((f) => [f.p!.partnerId, f.p!])).values()];
  return { partnerIds: partners.map((p) => p.partnerId), tags: [], names: partners.map((p) => p.name) };
}

/** What the digest commands need from the jobs (src/jobs/digest.ts `DigestJobs` provides it). */
export interface DigestCommands {
  /** Which partners a channel's digest covers; undefined clears it (the whole book). */
  setScope(conversationId: string, scope: DigestScope | undefined): Promise<void>;
  subscribe(conversationId: string, by: string): Promise<boolean>;
  unsubscribe(conversationId: string): Promise<boolean>;
  /** The digest of a channel (its scope) as of now; not counted as the week's. */
  preview(now?: Date, conversationId?: string): Promise<AdaptiveCard>;
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
    const scope = await readScope(deps, parsed(context).args.join(' '));
    if ('unknown' in scope) {
      await deps.reply.text(context, `I don't know ${scope.unknown.map((n) => `"${escapeInline(n, 60)}"`).join(', ')}; nothing changed. Name partners as \`digest here Contoso, Fabrikam\`, or tags as \`digest here #emea\`.`);
      return;
    }
    // The channel itself is subscribed, not this thread: each week's digest is a new post (README "Timers and the weekly digest").
    const where = channelIdOf(context.activity) ?? identity.conversationId;
    if (where !== identity.conversationId) {
      const ref = TurnContext.getConversationReference(context.activity) as unknown as Record<string, unknown>;
      delete ref.activityId;
      await deps.stores.conversations.saveConversation(where, { ...ref, conversation: { ...(ref.conversation as object), id: where } });
    }
    const added = await jobs.subscribe(where, identity.aadObjectId);
    const scoped = scope.partnerIds.length > 0 || scope.tags.length > 0;
    await jobs.setScope(
      where,
      scoped ? { conversationId: where, partnerIds: scope.partnerIds, tags: scope.tags, setBy: identity.aadObjectId, setAt: deps.clock.now().toISOString() } : undefined,
    );
    const next = jobs.nextMoment(deps.clock.now());
    const when = next ? ` The next one comes ${formatWhen(next.toISOString(), jobs.timeZone)}.` : '';
    const names = scope.names.join(', ');
    const text = added
      ? `This channel now gets the weekly partner-health digest${scoped ? ` for ${names}` : ''}.${when} \`digest off\` stops it.`
      : scoped
        ? `This channel's weekly digest now covers ${names}.${when}`
        : `This channel already gets the weekly digest, for every partner.${when}`;
    await deps.reply.text(context, text);
  };

  const off = async (context: TurnContext, deps: BotDeps): Promise<void> => {
    if (!(await adminOrSay(context, deps, 'stop the weekly digest'))) return;
    const identity = actorOf(context);
    // The channel's subscription; one made from this thread before channels were subscribed as such, too.
    const channel = await jobs.unsubscribe(channelIdOf(context.activity) ?? identity.conversationId);
    const removed = (await jobs.unsubscribe(identity.conversationId)) || channel;
    await deps.reply.text(context, removed ? 'This channel no longer gets the weekly digest. `digest here` starts it again.' : 'This channel does not get the weekly digest; `digest here` subscribes it.');
  };

  const now = async (context: TurnContext, deps: BotDeps): Promise<void> => {
    await deps.reply.card(context, await jobs.preview(deps.clock.now(), actorOf(context).conversationId));
  };

  return { 'digest here': here, 'digest off': off, 'digest now': now } satisfies Partial<Record<ChatCommandName, ChatHandler>>;
}
