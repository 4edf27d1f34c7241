// The partner card and its forms: the buttons are exactly what the one permission function allows each viewer,
// the forms submit what the parser turns into the engine's commands, every user string shows literally, and the
// largest realistic partner still fits Teams' 80 KB.
import type { HealthCommand } from '../../src/domain';
import { HEALTH_LIMITS, SYMPTOMS, healthCan, healthCommandSchema } from '../../src/domain';
import { healthFitsData } from '../../src/teams/cards/healthFits';
import { healthRateData } from '../../src/teams/cards/healthRate';
import { healthStageData } from '../../src/teams/cards/healthStage';
import { healthSymptomData } from '../../src/teams/cards/healthSymptom';
import { partnerCardData } from '../../src/teams/cards/partner';
import { MAX_CARD_BYTES, cardBytes, expandCard } from '../../src/teams/cards/render';
import { HEALTH_VERBS, parseSubmit } from '../../src/teams/verbs';
import { allText, buttonsOf, factsOf, submitData } from '../support/cards';
import { expectCleanCard } from './support/checks';
import { IDS, PEOPLE } from './support/fixtures';
import { HEALTH, HEALTH_NOW, healthFrom, partnerViewOf } from './support/partnerViews';

/** The people of the fixtures who work with the partner (or manage those who do), and the admin. */
const RATERS = [IDS.ivy, IDS.ian, IDS.manny, IDS.vera, IDS.gina, IDS.sam, IDS.ada];

const partnerCard = (viewer: string | undefined, extra = {}) => expandCard('partner', partnerCardData(partnerViewOf(viewer, extra)));

describe('the partner card', () => {
  it('offers each viewer exactly the health buttons the permission function allows', () => {
    const needs: Record<string, HealthCommand['type']> = { 'health-rate': 'rate', 'health-symptom': 'log-symptom', 'health-stage': 'set-stage-owner', 'health-fits': 'set-fits' };
    for (const viewer of Object.values(IDS)) {
      const view = partnerViewOf(viewer);
      const buttons = buttonsOf(expandCard('partner', partnerCardData(view)));
      for (const [form, type] of Object.entries(needs)) {
        const offered = buttons.some((b) => b.verb === 'show-partner' && b.data?.form === form);
        expect({ viewer, form, offered }).toEqual({ viewer, form, offered: healthCan(type, viewer, view.permissions).ok });
      }
      const logs = buttons.some((b) => b.verb === 'log-interaction');
      expect({ viewer, logs }).toEqual({ viewer, logs: healthCan('log-interaction', viewer, view.permissions).ok });
    }
    // Nobody looking (a shared copy): no buttons at all.
    expect(buttonsOf(partnerCard(undefined))).toEqual([]);
  });

  it('shows the score, its trend as a chart with a text fallback, and three reasons in words', () => {
    const card = partnerCard(IDS.ivy);
    const text = allText(card);
    expect(text).toMatch(/^Health \d+ of 100 · down \d+ in 12 weeks$/m);
    const chart = JSON.stringify(card).match(/"type":"Chart\.Line".*?"fallback":\{[^}]*\}/)?.[0] ?? '';
    expect(chart).toContain('"legend":"Health"');
    expect(chart).toMatch(/"text":"\*\*Health, last 12 weeks\*\*: \d+ \w+: \d+/);
    expect(text).toContain('Open case at strike 2 (−24)');
    expect(text).not.toMatch(/contoso-0001|s1\b|a1f0c2d4/);
    expect(factsOf(card)).toMatchObject({ 'Executive owner': 'Vera Lindqvist', 'Sales directors': 'Sam Ortiz', Case: 'Open: Manager reset, strike 2' });
  });

  it('shows user text literally: names, notes and fits', () => {
    const evil = 'Acme *Corp* [click](https://evil.example) <b>x</b> ${secret} {{DATE(2025-01-01T00:00:00Z)}}';
    const health = healthFrom(
      [
        [IDS.sam, 0, { type: 'log-symptom', symptom: 'no-mutual-respect', on: HEALTH_NOW.slice(0, 10), note: evil }],
        [IDS.ada, 1, { type: 'set-fits', fits: [{ motion: '# heading [x](y)', fits: true }], tags: [] }],
      ],
      HEALTH,
    );
    const card = partnerCard(IDS.ivy, { partner: { partnerId: 'acme', name: evil, salesDirectors: [], createdAt: '2024-01-01T00:00:00.000Z' }, health });
    const json = JSON.stringify(card);
    expect(json).not.toMatch(/(?<!\\\\)\*Corp(?!\\\\)\*|(?<!\\\\)\[click\]|<b>|(?<!\\\\)\$\{secret|(?<!\\\\)\{\{DATE\(2025-01-01/);
    expect(json).toContain('Acme \\\\*Corp\\\\*');
    expect(json).toContain('\\\\# heading');
    expectCleanCard(card);
  });

  it('fits in 80 KB with every list at its largest', () => {
    const long = (n: number, seed: string) => `${seed} *mark* _up_ [x](y) `.repeat(Math.ceil(n / 20)).slice(0, n);
    const steps: Parameters<typeof healthFrom>[0] = [];
    for (let i = 0; i < 300; i++) {
      const rater = RATERS[i % RATERS.length]!;
      steps.push([rater, 200 - (i % 150), { type: 'rate', scores: { culture: 1 + (i % 5), capacity: 2, commitment: 3, competencies: 4 }, notes: { culture: long(HEALTH_LIMITS.rateNote, `r${i}`), capacity: long(HEALTH_LIMITS.rateNote, 'c'), commitment: long(HEALTH_LIMITS.rateNote, 'm'), competencies: long(HEALTH_LIMITS.rateNote, 'p') } }]);
    }
    SYMPTOMS.forEach((symptom, i) => steps.push([IDS.sam, 5 + i, { type: 'log-symptom', symptom, on: '2025-01-01', note: long(HEALTH_LIMITS.note, symptom) }]));
    steps.push([IDS.ada, 1, { type: 'set-fits', fits: Array.from({ length: HEALTH_LIMITS.fits }, (_, i) => ({ motion: long(HEALTH_LIMITS.motion, `motion ${i}`).trim(), fits: i % 2 === 0 })), tags: Array.from({ length: HEALTH_LIMITS.tags }, (_, i) => `tag-${i}-${'x'.repeat(20)}`) }]);
    const health = healthFrom(steps)!;
    const name = 'Contoso Cloud Services & Digital Transformation Consulting International Holdings (EMEA, APAC and Americas)'.padEnd(200, '!');
    const people = Object.fromEntries(Object.entries(PEOPLE).map(([id, p]) => [id, { ...p, name: `${p.name} ${'von Hohenzollern-Sigmaringen '.repeat(6)}`.slice(0, 200) }]));
    for (const [build, label] of [
      [(v: ReturnType<typeof partnerViewOf>) => expandCard('partner', partnerCardData(v)), 'partner'],
      [(v: ReturnType<typeof partnerViewOf>) => expandCard('health-rate', healthRateData(v)), 'health-rate'],
      [(v: ReturnType<typeof partnerViewOf>) => expandCard('health-fits', healthFitsData(v)), 'health-fits'],
      [(v: ReturnType<typeof partnerViewOf>) => expandCard('health-stage', healthStageData(v)), 'health-stage'],
    ] as const) {
      const card = build(partnerViewOf(IDS.ada, { health, people, partner: { partnerId: 'contoso', name, salesDirectors: Object.values(IDS), createdAt: '2024-01-01T00:00:00.000Z' } }));
      expect({ label, fits: cardBytes(card) <= MAX_CARD_BYTES }).toEqual({ label, fits: true });
      expectCleanCard(card);
    }
  });
});

describe('the health forms and the parser agree', () => {
  const forms: [string, object, string, Record<string, string>, Partial<HealthCommand>][] = [
    ['health-rate', healthRateData(partnerViewOf(IDS.sam)), 'rate-partner', { culture: '2', capacity_note: 'Stretched thin' }, { type: 'rate' }],
    ['health-symptom', healthSymptomData(partnerViewOf(IDS.ivy, { symptom: 'little-interaction' })), 'log-symptom', { note: 'No reply since January' }, { type: 'log-symptom', symptom: 'little-interaction' }],
    ['health-stage', healthStageData(partnerViewOf(IDS.ivy)), 'set-stage-owner', { partnerStage: 'despair', execOwner: IDS.gina }, { type: 'set-stage-owner', stage: 'despair', execOwner: IDS.gina }],
    ['health-stage', healthStageData(partnerViewOf(IDS.ivy)), 'set-stage-owner', { execOwner: 'none' }, { type: 'set-stage-owner', execOwner: '' }],
    ['health-fits', healthFitsData(partnerViewOf(IDS.ada)), 'set-fits', { fit4_motion: 'Co-marketing', fit4_fits: 'true', tags: '#EMEA, apac' }, { type: 'set-fits', tags: ['emea', 'apac'] }],
  ];

  it.each(forms)('%s → %s', (name, data, verb, typed, expected) => {
    const card = expandCard(name, data);
    const result = parseSubmit(verb, submitData(card, verb, typed));
    if ('error' in result) throw new Error(result.error);
    expect(result.partnerId).toBe('contoso');
    expect(result.health).toMatchObject(expected);
    expect(healthCommandSchema.safeParse(result.health).success).toBe(true);
  });

  it('the rating form comes prefilled with the viewer\'s own latest rating', () => {
    const command = parseSubmit('rate-partner', submitData(expandCard('health-rate', healthRateData(partnerViewOf(IDS.sam))), 'rate-partner'));
    expect('health' in command && command.health).toEqual({ type: 'rate', scores: { culture: 4, capacity: 2, commitment: 2, competencies: 3 }, notes: { capacity: 'Two engineers promised, none joined.', commitment: 'Single deals only, no joint plan for FY26.' } });
  });

  it('refuses what the forms never send, in the form\'s words', () => {
    const where = { partnerId: 'contoso', caseId: '', stage: -1 };
    const err = (verb: string, data: Record<string, unknown>) => {
      const r = parseSubmit(verb, { ...where, ...data });
      return 'error' in r ? r.error : '';
    };
    expect(err('rate-partner', { culture: '6', capacity: '1', commitment: '1', competencies: '1' })).toMatch(/culture: pick 1 to 5/);
    expect(err('rate-partner', { culture: '3', capacity: '3', commitment: '3' })).toMatch(/competencies: pick 1 to 5/);
    expect(err('log-symptom', { symptom: 'bad-vibes', on: '2025-03-01' })).toMatch(/the symptom: not one of the choices/);
    expect(err('set-stage-owner', { partnerStage: 'euphoria' })).toMatch(/the stage: not one of the choices/);
    expect(err('set-fits', { fit1_motion: 'x', tags: 'not a tag!' })).toMatch(/tags/);
    expect(err('resolve-symptom', {})).toMatch(/which symptom/);
    expect(Object.keys(HEALTH_VERBS).sort()).toEqual(['log-interaction', 'log-symptom', 'rate-partner', 'resolve-symptom', 'set-fits', 'set-stage-owner']);
  });
});
