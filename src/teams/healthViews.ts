// Loads what a partner-health card needs (I/O), by key only: the partner, its health, its latest case, who may act,
// and the names of the people the card shows. Handlers build every PartnerView here; the cards stay pure.
import { execOwnerOf, latestRatings, openSymptoms } from '../domain/health';
import type { Symptom } from '../domain/health';
import { ownerOf } from '../domain/queries';
import type { HealthAccess, PartnerFacts } from '../service/healthService';
import type { BotDeps } from './deps';
import type { PartnerView } from './cards/partnerView';
import type { Tone } from './cards/parts';
import { toPeople } from './caseViews';

export interface PartnerViewOptions {
  viewer?: string;
  headline?: string;
  headlineTone?: Tone;
  symptom?: Symptom;
  /** Who may act, when the caller read it already. */
  access?: HealthAccess;
}

/** People named on the card besides those who decide permissions (raters, loggers): at most this many. */
const MAX_NAMED = 30;

export async function loadPartnerView(deps: Pick<BotDeps, 'health' | 'clock' | 'config'>, facts: PartnerFacts, o: PartnerViewOptions = {}): Promise<PartnerView> {
  const access = o.access ?? (await deps.health.access(facts, o.viewer));
  const h = facts.health?.state;
  const c = facts.latestCase;
  const named = [
    ...latestRatings(h).map((r) => r.by),
    ...openSymptoms(h).map((s) => s.by),
    ...(h?.interactions.slice(-1).map((i) => i.by) ?? []),
    ...(c ? [c.waitingOn ?? ownerOf(c)].filter((x): x is string => !!x) : []),
  ].slice(0, MAX_NAMED);
  const people = await deps.health.people([...facts.partner.salesDirectors, ...(execOwnerOf(h) ? [execOwnerOf(h)!.ownerId] : []), ...named], new Map(access.people), false);
  return {
    partner: facts.partner,
    ...(h ? { health: h } : {}),
    ...(c ? { latestCase: c } : {}),
    ...(o.viewer ? { viewer: o.viewer } : {}),
    people: toPeople(people),
    permissions: access,
    now: deps.clock.now().toISOString(),
    timeZone: deps.config.workflow.calendar.timeZone,
    settings: deps.config.health,
    ...(o.headline ? { headline: o.headline } : {}),
    ...(o.headlineTone ? { headlineTone: o.headlineTone } : {}),
    // The people around the partner and their managers: who could own the relationship.
    ownerCandidates: [...access.people.keys()],
    ...(o.symptom ? { symptom: o.symptom } : {}),
  };
}
