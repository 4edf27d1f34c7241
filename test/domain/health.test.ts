// Partner health by example: the score and its three reasons, what the signals were at a moment (last week's score
// is replayed, not stored), suggested symptoms, and what people may record (the one permission function).
import type { HealthCommand, HealthDecideContext, HealthEvent, HealthPermissionContext, HealthSignals, HealthState } from '../../src/domain';
import {
  DEFAULT_HEALTH_SETTINGS,
  allowedHealthCommands,
  decideHealth,
  emptyHealth,
  healthScore,
  healthTrend,
  partnerWorkers,
  replayHealth,
  signalsAt,
  suggestedSymptoms,
} from '../../src/domain';
import { ADMINS, MONDAY, ORG, P, Scenario, plusDays } from './builders';

const PARTNER = 'contoso';
const ADDED = '2024-06-03T09:00:00.000Z';

const calm: HealthSignals = { openCaseLevel: 0, strikesInYear: 0, openSymptoms: [], daysSinceInteraction: 3, interactionLogged: true, hasExecOwner: true };

describe('healthScore()', () => {
  it('a partner nobody said anything about scores 92: only the missing executive owner counts against it', () => {
    const fresh = healthScore({ ...calm, daysSinceInteraction: 0, interactionLogged: false, hasExecOwner: false });
    expect(fresh.score).toBe(92);
    expect(fresh.reasons.map((r) => r.text)).toEqual(['No executive owner', 'No open case', 'No open symptoms']);
  });

  it('every red signal at its worst takes the score to 0, never below', () => {
    const worst = healthScore({
      openCaseLevel: 5,
      strikesInYear: 9,
      fourC: { mean: 1, byC: { culture: 1, capacity: 1, commitment: 1, competencies: 1 }, raters: 2 },
      openSymptoms: ['no-joint-win', 'one-sided-concessions', 'little-interaction', 'no-mutual-respect'],
      daysSinceInteraction: 400,
      interactionLogged: true,
      stage: 'despair',
      hasExecOwner: false,
    });
    expect(worst.score).toBe(0);
    expect(worst.breakdown).toEqual({ case: 36, recurrence: 18, fourC: 30, symptoms: 24, interaction: 15, stage: 10, execOwner: 8 });
  });

  it('adds up the weights and names the three that cost most, in words', () => {
    const s = healthScore({
      openCaseLevel: 2,
      strikesInYear: 2,
      fourC: { mean: 3, byC: { culture: 4, capacity: 3, commitment: 2, competencies: 3 }, raters: 1 },
      openSymptoms: ['one-sided-concessions'],
      daysSinceInteraction: 60,
      interactionLogged: true,
      stage: 'plateau',
      hasExecOwner: true,
    });
    // 100 - 24 (strike 2) - 6 (one recurrence) - 15 (4 C's at 3.0) - 8 (a symptom) - 5 (60 days) - 8 (plateau)
    expect(s.score).toBe(34);
    expect(s.reasons).toEqual([
      { signal: 'case', points: 24, text: 'Open case at strike 2' },
      { signal: 'fourC', points: 15, text: "4 C's average 3.0 of 5 (1 rater; weakest: commitment 2.0)" },
      { signal: 'symptoms', points: 8, text: '1 open symptom: one-sided price concessions' },
    ]);
  });

  it('names the stage and the executive owner in words', () => {
    expect(healthScore({ ...calm, stage: 'despair', hasExecOwner: false }).reasons.map((r) => r.text)).toEqual(['Stage: despair', 'No executive owner', 'No open case']);
  });

  it('a healthy partner still shows three reasons: what is in good shape', () => {
    const s = healthScore({ ...calm, fourC: { mean: 5, byC: { culture: 5, capacity: 5, commitment: 5, competencies: 5 }, raters: 3 }, stage: 'soaring-execution' });
    expect(s.score).toBe(100);
    expect(s.reasons.map((r) => r.text)).toEqual(['No open case', 'Last interaction 3 days ago', "4 C's average 5.0 of 5 (3 raters)"]);
  });

  it('interaction costs nothing for 30 days, then a point every 6 days up to 15', () => {
    const at = (days: number) => healthScore({ ...calm, daysSinceInteraction: days }).breakdown.interaction;
    expect([at(30), at(36), at(60), at(120), at(500)]).toEqual([0, 1, 5, 15, 15]);
  });
});

// ---------------------------------------------------------------- the data behind the signals

function perm(extra: Partial<HealthPermissionContext> = {}): HealthPermissionContext {
  return { directory: ORG, admins: ADMINS, workers: [P.sam], partnerName: 'Contoso', ...extra };
}

function ctx(actor: string, now: string, extra: Partial<HealthDecideContext> = {}): HealthDecideContext {
  return { now, actor, partnerId: PARTNER, permission: perm(), ...extra };
}

/** Applies commands in order as the service does; fails the test on a refusal. */
function record(steps: [string, string, HealthCommand, Partial<HealthDecideContext>?][], start?: HealthState): { state: HealthState; events: HealthEvent[] } {
  let state = start;
  const events: HealthEvent[] = [];
  for (const [actor, now, command, extra] of steps) {
    const d = decideHealth(state, command, ctx(actor, now, extra));
    if (!d.ok) throw new Error(d.rejection.message);
    events.push(...d.events);
    state = d.state;
  }
  return { state: state ?? emptyHealth(PARTNER), events };
}

const RATE_3 = { type: 'rate', scores: { culture: 3, capacity: 3, commitment: 3, competencies: 3 }, notes: {} } as const;

describe('signalsAt() and the trend', () => {
  it('reads the case as it stood: level, strikes in 12 months, nothing once closed', () => {
    const s = new Scenario({ now: MONDAY });
    s.open();
    s.later(48).do(P.ivy, { type: 'flag', triggers: ['poor-communication'], evidence: [{ kind: 'other', summary: 'again' }], newOccurrence: true });
    const facts = { latestCase: s.case, partnerAddedAt: ADDED };
    expect(signalsAt(facts, plusDays(MONDAY, 1))).toMatchObject({ openCaseLevel: 1, strikesInYear: 1 });
    expect(signalsAt(facts, plusDays(MONDAY, 3))).toMatchObject({ openCaseLevel: 2, strikesInYear: 2 });
    expect(signalsAt(facts, plusDays(MONDAY, -1))).toMatchObject({ openCaseLevel: 0, strikesInYear: 0 });
    // A year and more later the strikes no longer recur.
    expect(signalsAt(facts, plusDays(MONDAY, 400))).toMatchObject({ strikesInYear: 0 });
  });

  it('counts each rater once (their latest), only recent ratings, and symptoms open at the moment', () => {
    const t0 = MONDAY;
    const { state } = record([
      [P.sam, t0, { ...RATE_3, scores: { culture: 1, capacity: 1, commitment: 1, competencies: 1 } }],
      [P.sam, plusDays(t0, 10), RATE_3],
      [P.ada, plusDays(t0, 10), { ...RATE_3, scores: { culture: 5, capacity: 5, commitment: 5, competencies: 5 } }],
      [P.sam, plusDays(t0, 11), { type: 'log-symptom', symptom: 'no-mutual-respect', on: '2025-03-13' }],
      [P.sam, plusDays(t0, 20), { type: 'resolve-symptom', symptomId: 's1' }],
    ]);
    const facts = { health: state, partnerAddedAt: ADDED };
    expect(signalsAt(facts, plusDays(t0, 5)).fourC).toMatchObject({ mean: 1, raters: 1 });
    expect(signalsAt(facts, plusDays(t0, 12))).toMatchObject({ fourC: { mean: 4, raters: 2 }, openSymptoms: ['no-mutual-respect'] });
    expect(signalsAt(facts, plusDays(t0, 21)).openSymptoms).toEqual([]);
    expect(signalsAt(facts, plusDays(t0, 10 + DEFAULT_HEALTH_SETTINGS.ratingRecentDays + 1)).fourC).toBeUndefined();
  });

  it('days without an interaction count from the last one known, else from when the partner was added', () => {
    const { state } = record([[P.sam, '2025-03-03T10:00:00.000Z', { type: 'log-interaction', kind: 'meeting', on: '2025-02-28' }]]);
    expect(signalsAt({ partnerAddedAt: ADDED }, '2025-03-03T10:00:00.000Z')).toMatchObject({ daysSinceInteraction: 273, interactionLogged: false });
    expect(signalsAt({ health: state, partnerAddedAt: ADDED }, '2025-03-03T10:00:00.000Z')).toMatchObject({ daysSinceInteraction: 3, interactionLogged: true });
    // Logged on the 3rd: not yet known on the 2nd, whatever date it carries.
    expect(signalsAt({ health: state, partnerAddedAt: ADDED }, '2025-03-02T10:00:00.000Z')).toMatchObject({ interactionLogged: false });
  });

  it('the 12-week trend shows the week a symptom was logged', () => {
    const now = '2025-03-31T10:00:00.000Z';
    const { state } = record([
      [P.sam, '2025-01-01T10:00:00.000Z', { type: 'log-interaction', kind: 'meeting', on: '2025-01-01' }],
      [P.sam, '2025-03-20T10:00:00.000Z', { type: 'log-symptom', symptom: 'one-sided-concessions', on: '2025-03-18' }],
      [P.sam, '2025-03-30T10:00:00.000Z', { type: 'log-interaction', kind: 'meeting', on: '2025-03-30' }],
    ]);
    const trend = healthTrend({ health: state, partnerAddedAt: ADDED }, now);
    expect(trend).toHaveLength(12);
    expect(trend.at(-1)).toEqual({ at: now, score: 84 }); // no executive owner (8), the symptom (8)
    expect(trend.at(-2)).toEqual({ at: '2025-03-24T10:00:00.000Z', score: 75 }); // and 82 days without interaction (8.7)
    expect(trend.at(-3)!.score).toBe(85); // before the symptom: 75 days without interaction (8)
  });
});

describe('suggestedSymptoms()', () => {
  it('suggests "little or no interaction" and "chasing rainbows" from the data, until someone records them', () => {
    const now = '2025-03-03T10:00:00.000Z';
    const settings = { ...DEFAULT_HEALTH_SETTINGS, noInteractionDays: 45, noJointWinMonths: 6 };
    const { state } = record([[P.sam, '2025-01-02T10:00:00.000Z', { type: 'log-interaction', kind: 'meeting', on: '2025-01-02' }]]);
    expect(suggestedSymptoms({ health: state, partnerAddedAt: ADDED }, now, settings)).toEqual([
      { symptom: 'little-interaction', because: 'No interaction logged for 60 days.' },
      { symptom: 'no-joint-win', because: 'No joint win logged since it was added 9 months ago.' },
    ]);
    const logged = record([[P.sam, now, { type: 'log-symptom', symptom: 'little-interaction', on: '2025-03-03' }]], state).state;
    expect(suggestedSymptoms({ health: logged, partnerAddedAt: ADDED }, now, settings).map((s) => s.symptom)).toEqual(['no-joint-win']);
    expect(suggestedSymptoms({ partnerAddedAt: plusDays(now, -3) }, now, settings)).toEqual([]);
  });
});

describe('decideHealth() and who may record', () => {
  const now = MONDAY;

  it('a stranger may not rate: the refusal says who may', () => {
    const d = decideHealth(undefined, RATE_3, ctx(P.otto, now));
    expect(d).toEqual({
      ok: false,
      rejection: {
        code: 'ACTOR.NOT_ALLOWED',
        message:
          "You can't rate the 4 C's of Contoso: that is for the people who work with it (who flagged it or are on its case, its sales directors, its executive owner), their managers, and admins.",
      },
    });
  });

  it('the people on its case, its sales directors, its executive owner, their managers and admins may', () => {
    const s = new Scenario({ now });
    s.open(P.ivy);
    const workers = partnerWorkers({ salesDirectors: [P.sam] }, P.nora, s.case);
    expect(workers.sort()).toEqual([P.gina, P.ivy, P.manny, P.nora, P.sam, P.vera].sort());
    const p = perm({ workers: [P.ivy] });
    expect([P.ivy, P.manny, P.vera, P.gina, P.ada, P.ian, P.otto].map((who) => allowedHealthCommands(who, p).has('rate'))).toEqual([true, true, true, true, true, false, false]);
    // Where it fits is for admins only.
    expect(allowedHealthCommands(P.ivy, p).has('set-fits')).toBe(false);
    expect(allowedHealthCommands(P.ada, p).has('set-fits')).toBe(true);
  });

  it('refuses dates in the future, a symptom already open, and resolving twice', () => {
    expect(decideHealth(undefined, { type: 'log-interaction', kind: 'meeting', on: '2025-03-04' }, ctx(P.sam, now))).toMatchObject({ ok: false, rejection: { message: 'Please check the date: it is in the future.' } });
    const { state } = record([[P.sam, now, { type: 'log-symptom', symptom: 'no-joint-win', on: '2025-03-01' }]]);
    expect(decideHealth(state, { type: 'log-symptom', symptom: 'no-joint-win', on: '2025-03-02' }, ctx(P.sam, now))).toMatchObject({ ok: false, rejection: { code: 'INPUT.INVALID' } });
    const resolved = record([[P.sam, now, { type: 'resolve-symptom', symptomId: 's1', note: 'Won Fabrikam together' }]], state).state;
    expect(decideHealth(resolved, { type: 'resolve-symptom', symptomId: 's1' }, ctx(P.sam, now))).toMatchObject({ ok: false, rejection: { code: 'CASE.MOVED_ON' } });
  });

  it('records stage and executive owner only when they change; the owner must be someone in the directory', () => {
    const owner = { execOwner: { userId: P.vera, name: 'Vera' } };
    const { state, events } = record([[P.sam, now, { type: 'set-stage-owner', stage: 'plateau', execOwner: P.vera }, owner]]);
    expect(events.map((e) => e.type)).toEqual(['stage-set', 'exec-owner-set']);
    expect(decideHealth(state, { type: 'set-stage-owner', stage: 'plateau', execOwner: P.vera }, ctx(P.sam, now, owner))).toMatchObject({ ok: true, events: [] });
    expect(decideHealth(state, { type: 'set-stage-owner', execOwner: P.otto }, ctx(P.sam, now))).toMatchObject({ ok: false, rejection: { code: 'INPUT.INVALID' } });
    const none = decideHealth(state, { type: 'set-stage-owner', execOwner: '' }, ctx(P.sam, now));
    expect(none.ok && none.events.map((e) => e.type)).toEqual(['exec-owner-set']);
    expect(none.ok && signalsAt({ health: none.state, partnerAddedAt: ADDED }, now).hasExecOwner).toBe(false);
  });

  it('the state is what replaying the events gives', () => {
    const { state, events } = record([
      [P.sam, now, RATE_3],
      [P.sam, now, { type: 'log-symptom', symptom: 'little-interaction', on: '2025-03-01', note: 'No reply since January' }],
      [P.sam, plusDays(now, 1), { type: 'log-interaction', kind: 'joint-win', on: '2025-03-04' }],
      [P.ada, plusDays(now, 1), { type: 'set-fits', fits: [{ motion: 'Marketing events', fits: true }, { motion: 'Co-selling', fits: false }], tags: ['emea'] }],
    ]);
    expect(replayHealth(PARTNER, events)).toEqual(state);
    expect(state).toMatchObject({ version: 4, lastInteractionOn: '2025-03-04', lastJointWinOn: '2025-03-04', tags: ['emea'] });
  });
});
