// A click on a case card names its partner, so the turn starts reading that partner's case at once, alongside the
// one read every turn makes to see whether another instance changed people or partners (src/teams/app.ts). The
// two reads overlap instead of following each other: a click answers one storage round trip sooner (README
// "Performance"). The read belongs to this turn only, so nothing older than the click is ever used.
import type { TurnContext } from 'botbuilder';
import type { StoredCase } from '../storage/ports';
import type { BotDeps } from './deps';

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

/** Starts reading the clicked partner's case; the handler awaits it (and answers its failure, if any). */
export function readCaseAhead(context: TurnContext, deps: Pick<BotDeps, 'service'>): void {
  const partnerId = clickedPartnerId(context.activity);
  if (!partnerId) return;
  const read = deps.service.current(partnerId);
  // A turn that ends before its handler looks (a refusal) leaves the read unused; its failure is not an error then.
  read.catch(() => undefined);
  context.turnState.set(CASE_READ, { partnerId, read } satisfies CaseRead);
}

/** The partner's latest case: this turn's read if it started one, else a read now (a card that only shows it). */
export function currentCase(context: TurnContext, deps: Pick<BotDeps, 'service'>, partnerId: string): Promise<StoredCase | undefined> {
  return caseReadAhead(context, partnerId).read ?? deps.service.current(partnerId);
}

/** This turn's read of the partner's case, if it started one: for the case service's first attempt. */
export function caseReadAhead(context: TurnContext, partnerId: string): { read: Promise<StoredCase | undefined> } | Record<string, never> {
  const ahead = context.turnState.get(CASE_READ) as CaseRead | undefined;
  return ahead?.partnerId === partnerId ? { read: ahead.read } : {};
}
