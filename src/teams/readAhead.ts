// A card click names its partner, and so do `status Contoso` and the other commands whose answer shows a partner's
// case (the catalog's `partnerOf`): the turn starts reading that partner's case at once, alongside the one read
// every turn makes to see whether another instance changed people or partners (src/teams/app.ts). The two reads
// overlap instead of following each other: the answer comes one storage round trip sooner (README "Performance").
// A typed name is looked up in the partner names this instance already holds; the handler looks it up again after
// the change check and uses the read only if it names the same partner. The read belongs to this turn only, so
// nothing older than the message is ever used.
import type { TurnContext } from 'botbuilder';
import type { PartnerStore, StoredCase } from '../storage/ports';
import { parseText } from './commandText';
import type { BotDeps } from './deps';
import { chatCommandOf } from './verbs';

const CASE_READ = 'partnerFit.caseRead';

interface CaseRead {
  partnerId: string;
  read: Promise<StoredCase | undefined>;
}

/** The partner a card click names (an Action.Execute's data), when it is a plausible id. */
export function clickedPartnerId(activity: TurnContext['activity']): string | undefined {
  if (activity.type !== 'invoke' || activity.name !== 'adaptiveCard/action') return undefined;
  const partnerId = (activity.value as { action?: { data?: { partnerId?: unknown } } } | undefined)?.action?.data?.partnerId;
  return typeof partnerId === 'string' && partnerId.length > 0 && partnerId.length <= 100 ? partnerId : undefined;
}

/** The partner a typed command names, by the names this instance holds (no I/O; none before the first list read). */
export function typedPartnerId(activity: TurnContext['activity'], partners: Pick<PartnerStore, 'knownFinder'>): string | undefined {
  if (activity.type !== 'message' || !activity.text) return undefined;
  const partnerOf = chatCommandOf(activity.text)?.partnerOf;
  // Only a command that names a partner asks for the names (after a change, building their finder costs a pass).
  if (!partnerOf) return undefined;
  return partners.knownFinder()?.find(partnerOf(parseText(activity.text, activity.entities ?? []).args))?.partnerId;
}

/** Starts reading the named partner's case; the handler awaits it (and answers its failure, if any). */
export function readCaseAhead(context: TurnContext, deps: Pick<BotDeps, 'service' | 'stores'>): void {
  const partnerId = clickedPartnerId(context.activity) ?? typedPartnerId(context.activity, deps.stores.partners);
  if (!partnerId) return;
  const read = deps.service.current(partnerId);
  // A turn that ends before its handler looks (a refusal) leaves the read unused; its failure is not an error then.
  read.catch(() => undefined);
  context.turnState.set(CASE_READ, { partnerId, read } satisfies CaseRead);
}

/** The partner's latest case: this turn's read if it started one for this partner, else a read now. */
export function currentCase(context: TurnContext, deps: Pick<BotDeps, 'service'>, partnerId: string): Promise<StoredCase | undefined> {
  return caseReadAhead(context, partnerId).read ?? deps.service.current(partnerId);
}

/** This turn's read of the partner's case, if it started one: for the case service's first attempt. */
export function caseReadAhead(context: TurnContext, partnerId: string): { read: Promise<StoredCase | undefined> } | Record<string, never> {
  const ahead = context.turnState.get(CASE_READ) as CaseRead | undefined;
  return ahead?.partnerId === partnerId ? { read: ahead.read } : {};
}
