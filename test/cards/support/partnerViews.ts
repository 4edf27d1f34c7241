// A PartnerView from a realistic history: twelve weeks of ratings, symptoms, interactions, a stage and an executive
// owner recorded through the real engine (decideHealth) by the people of the card fixtures' org, next to the
// partner's case at manager reset. The one way card tests and sample data build partner views.
import type { HealthCommand, HealthState } from '../../../src/domain';
import { DEFAULT_HEALTH_SETTINGS, decideHealth, partnerWorkers } from '../../../src/domain';
import type { PartnerView } from '../../../src/teams/cards/partnerView';
import { ADMINS, IDS, ORG, PARTNER, PEOPLE, TIME_ZONE, stories } from './fixtures';

const story = stories.managerAttempt();
export const HEALTH_CASE = story.current;
export const HEALTH_NOW = story.now;
export const PARTNER_ADDED = '2024-06-03T09:00:00.000Z';
const SALES = [IDS.sam];

function daysBefore(days: number): string {
  return new Date(Date.parse(HEALTH_NOW) - days * 86_400_000).toISOString();
}

const permission = { directory: ORG, admins: ADMINS, workers: partnerWorkers({ salesDirectors: SALES }, IDS.vera, HEALTH_CASE), partnerName: PARTNER.name };

/** Records commands (who, days before now, what) in order; a refusal fails the test. */
export function healthFrom(steps: [string, number, HealthCommand][], start?: HealthState): HealthState | undefined {
  let state = start;
  for (const [actor, days, command] of steps) {
    const d = decideHealth(state, command, { now: daysBefore(days), actor, partnerId: PARTNER.partnerId, permission, execOwner: { userId: IDS.vera, name: 'Vera Lindqvist' } });
    if (!d.ok) throw new Error(`${actor} ${command.type}: ${d.rejection.message}`);
    state = d.state;
  }
  return state;
}

const rate = (culture: number, capacity: number, commitment: number, competencies: number, notes: Partial<Record<'culture' | 'capacity' | 'commitment' | 'competencies', string>> = {}): HealthCommand => ({
  type: 'rate',
  scores: { culture, capacity, commitment, competencies },
  notes,
});

/** Contoso over twelve weeks: rated well, then drifting: one-sided discounts, quiet weeks, a plateau. */
export const HEALTH: HealthState = healthFrom([
  [IDS.ivy, 80, { type: 'log-interaction', kind: 'joint-win', on: daysBefore(82).slice(0, 10), note: 'Won the Fabrikam data platform together.' }],
  [IDS.sam, 78, rate(5, 4, 4, 4, { culture: 'Customers trust them; references are glowing.' })],
  [IDS.ivy, 70, { type: 'set-stage-owner', stage: 'soaring-execution', execOwner: IDS.vera }],
  [IDS.ivy, 60, rate(4, 3, 3, 4)],
  [IDS.sam, 40, { type: 'log-symptom', symptom: 'one-sided-concessions', on: daysBefore(41).slice(0, 10), note: 'We absorbed the whole 12% discount on the Litware renewal; they kept their margin.' }],
  [IDS.manny, 30, { type: 'log-interaction', kind: 'meeting', on: daysBefore(30).slice(0, 10) }],
  [IDS.sam, 21, rate(4, 2, 2, 3, { capacity: 'Two engineers promised, none joined.', commitment: 'Single deals only, no joint plan for FY26.' })],
  [IDS.ivy, 14, { type: 'set-stage-owner', stage: 'plateau' }],
  [IDS.ivy, 7, { type: 'log-symptom', symptom: 'solution-not-represented', on: daysBefore(8).slice(0, 10), note: 'Pitched the Northwind migration without our architects in the room.' }],
  [IDS.ada, 3, { type: 'set-fits', fits: [{ motion: 'Marketing events', fits: true }, { motion: 'Co-selling', fits: false }, { motion: 'Managed services', fits: true }], tags: ['emea', 'strategic'] }],
])!;

export function partnerViewOf(viewer: string | undefined, extra: Partial<PartnerView> = {}): PartnerView {
  return {
    partner: { partnerId: PARTNER.partnerId, name: PARTNER.name, salesDirectors: SALES, createdAt: PARTNER_ADDED },
    health: HEALTH,
    latestCase: HEALTH_CASE,
    ...(viewer ? { viewer } : {}),
    people: PEOPLE,
    permissions: permission,
    now: HEALTH_NOW,
    timeZone: TIME_ZONE,
    settings: DEFAULT_HEALTH_SETTINGS,
    ownerCandidates: [IDS.ivy, IDS.ian, IDS.manny, IDS.vera, IDS.gina, IDS.sam],
    ...extra,
  };
}
