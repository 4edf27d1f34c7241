// A hand-built set of partners and cases for the digest, driven through the real engine: each is in a state
// picked to exercise one figure. Shared by the figures test and the card's sample data (cards/digest.data.json).
import type { CaseState, HealthCommand, HealthState, WorkflowSettings } from '../../src/domain';
import { DEFAULT_SETTINGS, decideHealth } from '../../src/domain';
import type { DigestPartner, DigestSnapshot } from '../../src/domain/digest';
import type { DigestPerson } from '../../src/teams/cards/digest';
import { ORG, P, Scenario, cmd, evidence } from '../domain/builders';

export const ZONE = 'Europe/Berlin';
export const SETTINGS: WorkflowSettings = { ...DEFAULT_SETTINGS, calendar: { timeZone: ZONE, workingDays: [1, 2, 3, 4, 5], holidays: [] }, quietPeriodDays: 14 };
/** Mon 10 Mar 2025, 09:00 CET: the digest moment. "This week" is from Mon 3 Mar 09:00 CET. */
export const NOW = '2025-03-10T08:00:00.000Z';
export const SECRET = 'SECRET-EVIDENCE-TEXT that never reaches a digest';

function scenario(partnerId: string, now: string): Scenario {
  return new Scenario({ partnerId, now, settings: SETTINGS, directory: ORG });
}

/** Eight partners, each in a state picked to exercise one figure. */
export function handBuilt(): { partners: DigestPartner[]; cases: CaseState[] } {
  const cases: CaseState[] = [];

  // contoso: flagged Thu 20 Feb, nothing since: due Thu 27 Feb 10:00 UTC, overdue 7 business days on 10 Mar.
  const contoso = scenario('contoso', '2025-02-20T10:00:00.000Z');
  contoso.open();
  cases.push(contoso.case);

  // proseware: flagged Mon 24 Feb: due Mon 3 Mar, overdue 5 business days.
  const proseware = scenario('proseware', '2025-02-24T10:00:00.000Z');
  proseware.open();
  cases.push(proseware.case);

  // fabrikam: two flags this week (3 and 5 Mar) and "escalate now": level 3, vp-review, due 12 Mar.
  const fabrikam = scenario('fabrikam', '2025-03-03T10:00:00.000Z');
  fabrikam.toVpReview();
  cases.push(fabrikam.case);

  // litware: through to a fixable decision approved Tue 4 Mar; review ends Fri 14 Mar; 250,000 USD at risk.
  const litware = scenario('litware', '2025-02-24T10:00:00.000Z');
  litware.toDecision();
  litware.at('2025-03-04T10:00:00.000Z');
  litware.do(P.vera, cmd.proposeFixable('2025-03-14', [{ text: 'Joint delivery plan', ownerId: P.manny, dueOn: '2025-03-12' }]));
  litware.do(P.gina, cmd.approveDecision());
  cases.push(litware.case);

  // northwind: not fixable, approved Thu 6 Mar: disengaging; 50,000 EUR at risk.
  const northwind = scenario('northwind', '2025-02-17T10:00:00.000Z');
  northwind.toVpReview();
  northwind.do(P.manny, cmd.draftRisk(50_000, 'EUR'));
  northwind.do(P.vera, cmd.confirmRisk(50_000, 'EUR'));
  northwind.do(P.vera, cmd.gmMeeting('2025-02-19'));
  northwind.do(P.vera, cmd.salesMeeting('2025-02-19'));
  northwind.do(P.vera, cmd.confirmEmail());
  northwind.at('2025-03-06T10:00:00.000Z');
  northwind.do(P.vera, cmd.proposeNotFixable());
  northwind.do(P.gina, cmd.approveDecision());
  cases.push(northwind.case);

  // adatum: reset approved Thu 20 Feb, quiet for 14 days: closed resolved on Thu 6 Mar.
  const adatum = scenario('adatum', '2025-02-20T10:00:00.000Z');
  adatum.open();
  adatum.do(P.ivy, cmd.logAttempt('Weekly sync', '2025-02-20'));
  adatum.do(P.manny, cmd.approveReset());
  adatum.tick('2025-03-06T12:00:00.000Z');
  expect(adatum.case.status).toBe('closed');
  cases.push(adatum.case);

  // woodgrove: a confidential flag (misaligned values) Fri 7 Mar, and a second one merged into it.
  const woodgrove = scenario('woodgrove', '2025-03-07T10:00:00.000Z');
  woodgrove.do(P.ivy, cmd.flag(['misaligned-values'], { evidence: [evidence(SECRET)] }));
  woodgrove.later(2).do(P.ian, cmd.flag(['misaligned-values'], { evidence: [evidence(SECRET)] }));
  expect(woodgrove.case.flags.map((f) => f.merged)).toEqual([false, true]);
  cases.push(woodgrove.case);

  // wingtip: archived, with a closed case: not in the digest at all.
  const wingtip = scenario('wingtip', '2025-01-06T10:00:00.000Z');
  wingtip.open();
  wingtip.do(P.ivy, cmd.logAttempt('x', '2025-01-06'));
  wingtip.do(P.manny, cmd.approveReset());
  wingtip.tick('2025-02-01T10:00:00.000Z');
  cases.push(wingtip.case);

  const partners: DigestPartner[] = [
    { partnerId: 'contoso', name: 'Contoso' },
    { partnerId: 'proseware', name: 'Proseware' },
    { partnerId: 'fabrikam', name: 'Fabrikam *Consulting* <b>' },
    { partnerId: 'litware', name: 'Litware' },
    { partnerId: 'northwind', name: 'Northwind' },
    { partnerId: 'adatum', name: 'Adatum' },
    { partnerId: 'woodgrove', name: 'Woodgrove' },
    { partnerId: 'tailspin', name: 'Tailspin (no case)' },
    { partnerId: 'wingtip', name: 'Wingtip', archived: true },
  ];
  return { partners, cases };
}

export const LAST_WEEK: DigestSnapshot = {
  weekId: '2025-W10',
  at: '2025-03-03T08:00:00.000Z',
  partners: 8,
  openCases: 4,
  overdue: 3,
  newFlags: 1,
  escalated: 0,
  closedThisWeek: 2,
  byState: { 'step:ic-reset': 1, 'closed:fixed': 1 },
  revenueAtRisk: { USD: 250_000 },
};

export const PEOPLE = new Map<string, DigestPerson>(
  Object.entries({ ivy: 'Ivy Chen', ian: 'Ian Brooks', manny: 'Manny Ortiz', vera: 'Vera Lindqvist', gina: 'Gina Okafor' }).map(([id, name]) => [id, { name, teamsId: `29:${id}` }]),
);

// ---------------------------------------------------------------- partner health beside the cases

/** When every hand-built partner was added: 189 days before the digest. */
export const ADDED = '2024-09-02T09:00:00.000Z';

function daysBeforeNow(days: number): string {
  return new Date(Date.parse(NOW) - days * 86_400_000).toISOString();
}

/** Records health commands (who, days before the digest, what) through the engine, as the service does. */
export function recordHealth(partnerId: string, steps: [string, number, HealthCommand][]): HealthState {
  let state: HealthState | undefined;
  for (const [actor, days, command] of steps) {
    const d = decideHealth(state, command, {
      now: daysBeforeNow(days),
      actor,
      partnerId,
      permission: { directory: ORG, admins: [P.ada], workers: [P.ivy, P.sam], partnerName: partnerId },
      execOwner: { userId: P.vera, name: 'Vera Lindqvist' },
    });
    if (!d.ok) throw new Error(d.rejection.message);
    state = d.state;
  }
  return state!;
}

/**
 * contoso: rated low and a symptom logged this week (it moves down); fabrikam: met this week with an executive
 * owner (up); litware: a joint win five days ago; the others have nothing logged since they were added.
 */
export function handBuiltHealth(): Map<string, HealthState> {
  const day = (days: number) => daysBeforeNow(days).slice(0, 10);
  return new Map([
    [
      'contoso',
      recordHealth('contoso', [
        [P.ivy, 20, { type: 'rate', scores: { culture: 2, capacity: 2, commitment: 1, competencies: 3 }, notes: { commitment: 'One deal at a time' } }],
        [P.ivy, 3, { type: 'log-symptom', symptom: 'one-sided-concessions', on: day(4), note: 'We took the whole discount' }],
      ]),
    ],
    [
      'fabrikam',
      recordHealth('fabrikam', [
        [P.sam, 30, { type: 'set-stage-owner', stage: 'plateau', execOwner: P.vera }],
        [P.sam, 2, { type: 'log-interaction', kind: 'meeting', on: day(2) }],
      ]),
    ],
    ['litware', recordHealth('litware', [[P.ivy, 5, { type: 'log-interaction', kind: 'joint-win', on: day(5) }]])],
  ]);
}
