// More red signals never raise the health score: checked on the signals themselves (any mix made redder in any
// way) and on recorded data (a flag, a low rating, a symptom, losing the executive owner, time passing).
import fc from 'fast-check';
import type { FourC, HealthCommand, HealthSignals, HealthState, PartnerStage, Symptom } from '../../src/domain';
import { FOUR_CS, HEALTH_WEIGHTS, PARTNER_STAGES, SIGNALS, SYMPTOMS, decideHealth, healthScore, penalties, signalsAt } from '../../src/domain';
import { ADMINS, MONDAY, ORG, P, Scenario, plusDays } from './builders';

const stageArb = fc.option(fc.constantFrom(...PARTNER_STAGES), { nil: undefined });
const byCArb = fc.record(Object.fromEntries(FOUR_CS.map((c) => [c, fc.double({ min: 1, max: 5, noNaN: true })])) as Record<FourC, fc.Arbitrary<number>>);

function fourCOf(byC: Record<FourC, number>, raters: number): NonNullable<HealthSignals['fourC']> {
  return { byC, mean: FOUR_CS.reduce((s, c) => s + byC[c], 0) / FOUR_CS.length, raters };
}

const signalsArb: fc.Arbitrary<HealthSignals> = fc.record({
  openCaseLevel: fc.nat({ max: 6 }),
  strikesInYear: fc.nat({ max: 8 }),
  fourC: fc.option(fc.tuple(byCArb, fc.integer({ min: 1, max: 9 })).map(([byC, n]) => fourCOf(byC, n)), { nil: undefined }),
  openSymptoms: fc.subarray([...SYMPTOMS]),
  daysSinceInteraction: fc.nat({ max: 900 }),
  interactionLogged: fc.boolean(),
  stage: stageArb,
  hasExecOwner: fc.boolean(),
}).map((s) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as unknown as HealthSignals);

const stageWeight = (s: PartnerStage | undefined) => (s ? HEALTH_WEIGHTS.stage[s] : 0);

/** Ways to make each signal redder (or leave it): a higher level, more strikes, lower ratings, more symptoms… */
const redderArb = fc.record({
  level: fc.nat({ max: 4 }),
  strikes: fc.nat({ max: 4 }),
  lower: fc.option(fc.record(Object.fromEntries(FOUR_CS.map((c) => [c, fc.double({ min: 0, max: 4, noNaN: true })])) as Record<FourC, fc.Arbitrary<number>>), { nil: undefined }),
  newRating: fc.option(byCArb, { nil: undefined }),
  symptoms: fc.subarray([...SYMPTOMS]),
  days: fc.nat({ max: 400 }),
  stage: stageArb,
  loseExecOwner: fc.boolean(),
});

type Redder = typeof redderArb extends fc.Arbitrary<infer R> ? R : never;

function redder(s: HealthSignals, r: Redder): HealthSignals {
  const fourC = s.fourC
    ? fourCOf(Object.fromEntries(FOUR_CS.map((c) => [c, Math.max(1, s.fourC!.byC[c] - (r.lower?.[c] ?? 0))])) as Record<FourC, number>, s.fourC.raters)
    : r.newRating
      ? fourCOf(r.newRating, 1) // an unrated partner, rated: never better than unrated
      : undefined;
  const stage = r.stage !== undefined && stageWeight(r.stage) >= stageWeight(s.stage) ? r.stage : s.stage;
  return {
    ...s,
    openCaseLevel: s.openCaseLevel + r.level,
    strikesInYear: s.strikesInYear + r.strikes,
    ...(fourC ? { fourC } : {}),
    openSymptoms: [...new Set<Symptom>([...s.openSymptoms, ...r.symptoms])],
    daysSinceInteraction: s.daysSinceInteraction + r.days,
    ...(stage ? { stage } : {}),
    hasExecOwner: s.hasExecOwner && !r.loseExecOwner,
  };
}

describe('the health score by property', () => {
  it('more red signals never raise the score, and no signal costs less for being redder', () => {
    fc.assert(
      fc.property(signalsArb, redderArb, (s, r) => {
        const after = redder(s, r);
        const [a, b] = [healthScore(s), healthScore(after)];
        const [pa, pb] = [penalties(s), penalties(after)];
        return b.score <= a.score && SIGNALS.every((k) => pb[k] >= pa[k] - 1e-9);
      }),
      { numRuns: 3000 },
    );
  });

  it('is always a whole number from 0 to 100, with at most three reasons in words', () => {
    fc.assert(
      fc.property(signalsArb, (s) => {
        const { score, reasons } = healthScore(s);
        return Number.isInteger(score) && score >= 0 && score <= 100 && reasons.length <= 3 && reasons.every((x) => /^[A-Z0-9]/.test(x.text) && !/undefined|NaN/.test(x.text));
      }),
      { numRuns: 2000 },
    );
  });

  it('on recorded data: a flag, a rating of 1s, a symptom or losing the executive owner never raises it', () => {
    const perm = { directory: ORG, admins: ADMINS, workers: [P.sam], partnerName: 'Contoso' };
    const command: fc.Arbitrary<HealthCommand> = fc.oneof(
      fc.tuple(byCArb).map(([b]) => ({ type: 'rate' as const, scores: Object.fromEntries(FOUR_CS.map((c) => [c, Math.round(b[c])])) as Record<FourC, number>, notes: {} })),
      fc.constantFrom(...SYMPTOMS).map((symptom) => ({ type: 'log-symptom' as const, symptom, on: '2025-03-01' })),
      fc.constant({ type: 'log-interaction' as const, kind: 'meeting' as const, on: '2025-02-01' }),
      fc.constantFrom(...PARTNER_STAGES).map((stage) => ({ type: 'set-stage-owner' as const, stage, execOwner: P.vera })),
    );
    const red: fc.Arbitrary<HealthCommand | 'flag'> = fc.oneof(
      fc.constant('flag' as const),
      fc.constant({ type: 'rate' as const, scores: { culture: 1, capacity: 1, commitment: 1, competencies: 1 }, notes: {} }),
      fc.constantFrom(...SYMPTOMS).map((symptom) => ({ type: 'log-symptom' as const, symptom, on: '2025-03-02' })),
      fc.constant({ type: 'set-stage-owner' as const, execOwner: '' }),
    );
    fc.assert(
      fc.property(fc.array(command, { maxLength: 8 }), fc.boolean(), red, fc.nat({ max: 60 }), (history, flagged, step, days) => {
        const now = plusDays(MONDAY, 1);
        const s = new Scenario({ now: MONDAY });
        if (flagged) s.open();
        let health: HealthState | undefined;
        for (const c of history) {
          const d = decideHealth(health, c, { now: MONDAY, actor: P.sam, partnerId: 'contoso', permission: perm, execOwner: { userId: P.vera } });
          if (d.ok) health = d.state;
        }
        const facts = { ...(health ? { health } : {}), ...(flagged ? { latestCase: s.case } : {}), partnerAddedAt: '2024-06-03T09:00:00.000Z' };
        const before = healthScore(signalsAt(facts, now)).score;
        let after = facts;
        if (step === 'flag') {
          s.at(now);
          s.do(P.ivy, { type: 'flag', triggers: ['profitability'], evidence: [{ kind: 'other', summary: 'x' }], newOccurrence: true });
          after = { ...facts, latestCase: s.case };
        } else {
          const d = decideHealth(health, step, { now, actor: P.sam, partnerId: 'contoso', permission: perm });
          if (d.ok) after = { ...facts, health: d.state };
        }
        // Time passing without an interaction is a red signal too.
        return healthScore(signalsAt(after, plusDays(now, days))).score <= before;
      }),
      { numRuns: 400 },
    );
  });
});
