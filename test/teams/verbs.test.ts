import fc from 'fast-check';
import { commandSchema, healthCommandSchema } from '../../src/domain';
import { FORMS } from '../../src/teams/cards/forms';
import { expandCard } from '../../src/teams/cards/render';
import type { ParsedSubmit, SubmitResult } from '../../src/teams/verbs';
import { COMMAND_VERBS as VERBS, HEALTH_VERBS, UI_VERBS as UI, parseSubmit } from '../../src/teams/verbs';
import { IDS } from '../cards/support/fixtures';
import { SAMPLES } from '../cards/support/samples';
import { submitData } from '../support/cards';

const COMMAND_VERBS = Object.keys(VERBS);
const UI_VERBS = Object.keys(UI);

const where = { partnerId: 'contoso', caseId: 'contoso-0001', stage: 4 };

function ok(result: SubmitResult): ParsedSubmit {
  if ('error' in result) throw new Error(`expected a command, got error: ${result.error}`);
  return result;
}

function err(result: SubmitResult): string {
  if (!('error' in result)) throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  return result.error;
}

function commandOf(verb: string, data: Record<string, unknown>): unknown {
  const parsed = ok(parseSubmit(verb, data));
  expect(commandSchema.safeParse(parsed.command).success).toBe(true);
  return parsed.command;
}

describe('parseSubmit() for every command verb', () => {
  const cases: [string, Record<string, unknown>, unknown][] = [
    [
      'flag',
      {
        ...where,
        triggers: 'misaligned-expectations,poor-communication',
        ev1_kind: 'email',
        ev1_summary: '  Missed the go-live again  ',
        ev1_link: 'https://contoso.example/mail/1',
        ev1_date: '2025-03-01',
        ev2_kind: 'meeting-notes',
        ev2_summary: '',
        ev2_link: '',
        ev2_date: '',
        ev3_kind: 'feedback',
        ev3_summary: 'Line one\r\nLine two',
        newOccurrence: 'true',
      },
      {
        type: 'flag',
        triggers: ['misaligned-expectations', 'poor-communication'],
        evidence: [
          { kind: 'email', summary: 'Missed the go-live again', link: 'https://contoso.example/mail/1', date: '2025-03-01' },
          { kind: 'feedback', summary: 'Line one\nLine two' },
        ],
        newOccurrence: true,
      },
    ],
    ['escalate-now', { ...where }, { type: 'escalate-now', stage: 4 }],
    ['add-evidence', { ...where, ev1_kind: 'other', ev1_summary: 'Call log', ev1_date: '' }, { type: 'add-evidence', evidence: [{ kind: 'other', summary: 'Call log' }] }],
    ['withdraw-flag', { ...where, flagId: 'contoso-0001-f2' }, { type: 'withdraw-flag', flagId: 'contoso-0001-f2' }],
    [
      'correct-flag',
      { ...where, flagId: 'contoso-0001-f2', triggers: 'resource-mismatch', ev1_kind: 'feedback', ev1_summary: 'Two engineers, none joined' },
      { type: 'correct-flag', flagId: 'contoso-0001-f2', triggers: ['resource-mismatch'], evidence: [{ kind: 'feedback', summary: 'Two engineers, none joined' }] },
    ],
    ['log-reset-attempt', { ...where, agreed: 'Weekly sync', agreedOn: '2025-03-04' }, { type: 'log-reset-attempt', agreed: 'Weekly sync', agreedOn: '2025-03-04', stage: 4 }],
    ['approve-reset', { ...where }, { type: 'approve-reset', stage: 4 }],
    ['send-back-reset', { ...where, comment: 'Agree dates' }, { type: 'send-back-reset', comment: 'Agree dates', stage: 4 }],
    ['continue', { ...where }, { type: 'continue', stage: 4 }],
    [
      'take-ownership',
      { ...where, act1_text: 'Staff the backlog', act1_owner: IDS.ian, act1_due: '2025-04-01', act2_text: '', act2_owner: '', act2_due: '2025-04-15' },
      { type: 'take-ownership', actions: [{ text: 'Staff the backlog', ownerId: IDS.ian, dueOn: '2025-04-01' }], stage: 4 },
    ],
    ['mark-action-done', { ...where, actionId: 'contoso-0001-a1' }, { type: 'mark-action-done', actionId: 'contoso-0001-a1' }],
    ['draft-risk', { ...where, amount: '1,250,000', currency: 'eur', skus: 'AZ-SQL-MI\nM365-E5, D365-SALES;' }, { type: 'draft-risk', amount: 1250000, currency: 'EUR', skus: ['AZ-SQL-MI', 'M365-E5', 'D365-SALES'], stage: 4 }],
    ['confirm-risk', { ...where, amount: 99.5, currency: 'USD', skus: '' }, { type: 'confirm-risk', amount: 99.5, currency: 'USD', skus: [], stage: 4 }],
    ['record-gm-meeting', { ...where, on: '2025-03-21', link: '' }, { type: 'record-gm-meeting', on: '2025-03-21', stage: 4 }],
    [
      'record-sales-meeting',
      { ...where, on: '2025-03-25', link: 'https://teams.microsoft.com/l/meetup-join/x', salesDirectorIds: `${IDS.sam},${IDS.sara}` },
      { type: 'record-sales-meeting', on: '2025-03-25', link: 'https://teams.microsoft.com/l/meetup-join/x', salesDirectorIds: [IDS.sam, IDS.sara], stage: 4 },
    ],
    ['confirm-email-sent', { ...where }, { type: 'confirm-email-sent', stage: 4 }],
    [
      'propose-decision',
      { ...where, fixable: 'fixable', rationale: 'Gaps are fixable', reviewEndsOn: '2025-06-30', act1_text: 'Staff it', act1_owner: IDS.manny, act1_due: '2025-04-15' },
      { type: 'propose-decision', fixable: true, rationale: 'Gaps are fixable', reviewEndsOn: '2025-06-30', actions: [{ text: 'Staff it', ownerId: IDS.manny, dueOn: '2025-04-15' }], stage: 4 },
    ],
    [
      'propose-decision',
      { ...where, fixable: 'not-fixable', rationale: 'Values do not match', reviewEndsOn: '2025-06-30', act1_text: 'ignored', act1_owner: IDS.manny, act1_due: '2025-04-15' },
      { type: 'propose-decision', fixable: false, rationale: 'Values do not match', stage: 4 },
    ],
    ['approve-decision', { ...where }, { type: 'approve-decision', stage: 4 }],
    ['send-back-decision', { ...where, comment: 'Name owners' }, { type: 'send-back-decision', comment: 'Name owners', stage: 4 }],
    ['answer-review', { ...where, working: true }, { type: 'answer-review', working: true, stage: 4 }],
    ['answer-review', { ...where, working: 'false' }, { type: 'answer-review', working: false, stage: 4 }],
    ['record-partner-meeting', { ...where, on: '2025-04-01', link: 'https://teams.microsoft.com/l/x' }, { type: 'record-partner-meeting', on: '2025-04-01', link: 'https://teams.microsoft.com/l/x', stage: 4 }],
    ['reassign-owner', { ...where, to: IDS.vera, slot: 'manager' }, { type: 'reassign-owner', to: IDS.vera, slot: 'manager', stage: 4 }],
    ['reassign-owner', { ...where, to: IDS.vera, slot: '' }, { type: 'reassign-owner', to: IDS.vera, stage: 4 }],
    ['close-case', { ...where, reason: 'A mistaken flag' }, { type: 'close-case', reason: 'A mistaken flag', stage: 4 }],
  ];

  it.each(cases)('%s', (verb, data, expected) => {
    const result = ok(parseSubmit(verb, data));
    expect(result.command).toEqual(expected);
    expect(result.partnerId).toBe('contoso');
    expect(result.caseId).toBe('contoso-0001');
    expect(result.stage).toBe(4);
    expect(commandSchema.safeParse(result.command).success).toBe(true);
  });

  it('covers every command type of the engine', () => {
    const covered = new Set(cases.map(([verb]) => verb));
    expect([...covered].sort()).toEqual([...COMMAND_VERBS].sort());
  });

  it('never copies identity from card data into the command', () => {
    const forged = { ...where, from: { id: '29:evil', aadObjectId: IDS.stranger }, actor: IDS.stranger, userId: IDS.stranger, aadObjectId: IDS.stranger, by: IDS.stranger, reporterId: IDS.stranger };
    for (const [verb, data] of cases) {
      const result = ok(parseSubmit(verb, { ...forged, ...data }));
      expect(JSON.stringify(result)).not.toContain(IDS.stranger);
    }
  });

  it('drops the stage when the card had no case (-1) and accepts it as text', () => {
    expect(commandOf('approve-reset', { ...where, stage: -1 })).toEqual({ type: 'approve-reset' });
    expect(commandOf('approve-reset', { ...where, stage: '7' })).toEqual({ type: 'approve-reset', stage: 7 });
    expect(commandOf('approve-reset', { partnerId: 'contoso' })).toEqual({ type: 'approve-reset' });
  });

  it('a flag without a partner carries the name the reporter typed (the partner was requested)', () => {
    const result = ok(parseSubmit('flag', { partnerId: '', caseId: '', stage: -1, pendingName: 'Contosso', triggers: 'profitability', ev1_kind: 'email', ev1_summary: 'x' }));
    expect(result.pendingName).toBe('Contosso');
    expect(result.partnerId).toBeUndefined();
    expect(result.command).toEqual({ type: 'flag', triggers: ['profitability'], evidence: [{ kind: 'email', summary: 'x' }] });
  });

  it('a toggle left off is no new occurrence', () => {
    expect(commandOf('flag', { ...where, triggers: 'profitability', ev1_summary: 'x', newOccurrence: 'false' })).toEqual({
      type: 'flag',
      triggers: ['profitability'],
      evidence: [{ kind: 'other', summary: 'x' }],
      newOccurrence: false,
    });
  });
});

describe('parseSubmit() refuses malformed input with a clear message', () => {
  const bad: [string, string, unknown, RegExp][] = [
    ['unknown verb', 'delete-case', where, /Nothing changed. Ask for the card again/],
    ['empty verb', '', where, /no action/],
    ['data is an array', 'approve-reset', [1, 2], /does not understand/],
    ['data is a string', 'approve-reset', 'approve', /does not understand/],
    ['no partner', 'approve-reset', { stage: 1 }, /which partner/],
    ['partner id of an object', 'approve-reset', { partnerId: { $ne: 1 } }, /partnerId: expected text/],
    ['a partner id too long', 'approve-reset', { partnerId: 'x'.repeat(101) }, /partnerId: not a valid id/],
    ['a stage that is not a number', 'approve-reset', { ...where, stage: 'latest' }, /stage/],
    ['no trigger', 'flag', { ...where, triggers: '', ev1_summary: 'x' }, /at least one trigger/],
    ['an unknown trigger', 'flag', { ...where, triggers: 'bad-vibes', ev1_summary: 'x' }, /"bad-vibes" is not one of/],
    ['no evidence', 'flag', { ...where, triggers: 'profitability' }, /at least 1 evidence item/],
    ['a link without a summary', 'flag', { ...where, triggers: 'profitability', ev1_summary: 'x', ev2_link: 'https://a.example' }, /Evidence 2 summary: some text/],
    ['a summary over 2,000 characters', 'flag', { ...where, triggers: 'profitability', ev1_summary: 'x'.repeat(2001) }, /Evidence 1 summary: at most 2000 characters/],
    ['a plain http link', 'flag', { ...where, triggers: 'profitability', ev1_summary: 'x', ev1_link: 'http://a.example' }, /Evidence 1 link: an https:\/\/ link/],
    ['a link over 500 characters', 'flag', { ...where, triggers: 'profitability', ev1_summary: 'x', ev1_link: `https://a.example/${'x'.repeat(500)}` }, /Evidence 1 link: a link of at most 500/],
    ['a javascript: link', 'add-evidence', { ...where, ev1_summary: 'x', ev1_link: 'javascript:alert(1)' }, /Evidence 1 link/],
    ['a date that is not a date', 'flag', { ...where, triggers: 'profitability', ev1_summary: 'x', ev1_date: '31/12/2025' }, /Evidence 1 date: a date as yyyy-mm-dd/],
    ['an unknown evidence kind', 'flag', { ...where, triggers: 'profitability', ev1_kind: 'rumour', ev1_summary: 'x' }, /Evidence 1 kind/],
    ['eleven evidence items', 'add-evidence', { ...where, ...Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`ev${i + 1}_summary`, `item ${i + 1}`])) }, /at most 10 evidence items/],
    ['a toggle that is not yes or no', 'flag', { ...where, triggers: 'profitability', ev1_summary: 'x', newOccurrence: 'maybe' }, /new occurrence: expected yes or no/],
    ['an empty reset attempt', 'log-reset-attempt', { ...where, agreed: '   ', agreedOn: '2025-03-04' }, /what was agreed: some text/],
    ['a send-back without a comment', 'send-back-reset', { ...where, comment: '' }, /the comment: some text/],
    ['a comment over 1,000 characters', 'send-back-decision', { ...where, comment: 'c'.repeat(1001) }, /the comment: at most 1000/],
    ['ownership without actions', 'take-ownership', { ...where, act1_due: '2025-04-01' }, /actions/],
    ['an action without an owner', 'take-ownership', { ...where, act1_text: 'Do it', act1_due: '2025-04-01' }, /Action 1 owner/],
    ['an action without a due date', 'take-ownership', { ...where, act1_text: 'Do it', act1_owner: IDS.ian }, /Action 1 due date/],
    ['an amount that is not a number', 'draft-risk', { ...where, amount: 'lots', currency: 'USD' }, /revenue at risk: expected a number/],
    ['a missing amount', 'draft-risk', { ...where, amount: '', currency: 'USD' }, /the amount: a number/],
    ['a negative amount', 'confirm-risk', { ...where, amount: '-5', currency: 'USD' }, /the amount/],
    ['a currency that is not ISO', 'draft-risk', { ...where, amount: '10', currency: 'dollars' }, /the currency: an ISO currency code/],
    ['a meeting without a date', 'record-gm-meeting', { ...where, on: '' }, /the meeting date: a date as yyyy-mm-dd/],
    ['a decision without a choice', 'propose-decision', { ...where, rationale: 'x' }, /choose fixable or not fixable/],
    ['a decision choice of another card', 'propose-decision', { ...where, fixable: 'perhaps', rationale: 'x' }, /fixable: choose fixable or not fixable/],
    ['a review without an answer', 'answer-review', { ...where }, /say whether the partnership is working/],
    ['reassigning to nobody', 'reassign-owner', { ...where, to: '' }, /the person/],
    ['reassigning an unknown part', 'reassign-owner', { ...where, to: IDS.vera, slot: 'ceo' }, /the part of the case/],
    ['marking no action done', 'mark-action-done', { ...where }, /the action/],
    ['show-card without a form', 'show-card', { ...where }, /which form/],
    ['show-card with an unknown form', 'show-card', { ...where, form: 'admin-console' }, /the form "admin-console", which does not exist/],
    ['show-status without a partner', 'show-status', {}, /which partner/],
    ['request-partner without a name', 'request-partner', { partnerId: '', caseId: '', stage: -1 }, /which partner/],
    ['refresh with an unknown form', 'refresh', { ...where, form: 'nope' }, /does not exist/],
  ];

  it.each(bad)('%s', (_what, verb, data, message) => {
    expect(err(parseSubmit(verb, data))).toMatch(message);
  });

  it('never throws, whatever arrives', () => {
    const verbs = fc.constantFrom(...COMMAND_VERBS, ...Object.keys(HEALTH_VERBS), ...UI_VERBS, 'nope', '__proto__', 'constructor');
    const value = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(''), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }));
    const keys = fc.constantFrom('partnerId', 'caseId', 'stage', 'triggers', 'ev1_summary', 'ev1_kind', 'ev1_link', 'ev1_date', 'act1_text', 'act1_owner', 'act1_due', 'amount', 'currency', 'skus', 'fixable', 'working', 'to', 'slot', 'form', 'flagId', 'newOccurrence', 'culture', 'capacity', 'commitment', 'competencies', 'culture_note', 'symptom', 'symptomId', 'on', 'note', 'kind', 'partnerStage', 'execOwner', 'fit1_motion', 'fit1_fits', 'tags', 'sort', 'mine', 'tag', '__proto__', 'constructor');
    fc.assert(
      fc.property(verbs, fc.dictionary(keys, value), (verb, data) => {
        const result = parseSubmit(verb, data);
        if ('error' in result) return typeof result.error === 'string' && result.error.length > 0;
        return (result.command === undefined || commandSchema.safeParse(result.command).success) && (result.health === undefined || healthCommandSchema.safeParse(result.health).success);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseSubmit() for UI verbs', () => {
  it('refresh, with or without a per-user form', () => {
    expect(ok(parseSubmit('refresh', { ...where }))).toEqual({ verb: 'refresh', ...where, ui: { kind: 'refresh' } });
    expect(ok(parseSubmit('refresh', { partnerId: 'contoso', caseId: '', stage: -1, form: 'flag', triggers: 'profitability' }))).toEqual({
      verb: 'refresh',
      partnerId: 'contoso',
      ui: { kind: 'refresh', form: 'flag', triggers: ['profitability'] },
    });
  });

  it('request-partner keeps what the reporter typed', () => {
    expect(ok(parseSubmit('request-partner', { partnerId: '', caseId: '', stage: -1, name: 'Contosso', triggers: 'poor-communication,profitability' }))).toEqual({
      verb: 'request-partner',
      ui: { kind: 'request-partner', partnerName: 'Contosso', triggers: ['poor-communication', 'profitability'] },
    });
  });

  it('show-status names the partner', () => {
    expect(ok(parseSubmit('show-status', { partnerId: 'fabrikam', caseId: 'fabrikam-0002', stage: 3 }))).toEqual({
      verb: 'show-status',
      partnerId: 'fabrikam',
      caseId: 'fabrikam-0002',
      stage: 3,
      ui: { kind: 'show-status' },
    });
  });

  it.each(FORMS)('show-card %s', (form) => {
    expect(ok(parseSubmit('show-card', { ...where, form })).ui).toEqual({ kind: 'show-card', form });
  });

  it('show-card carries the flag, the history page and the triggers', () => {
    expect(ok(parseSubmit('show-card', { ...where, form: 'withdraw-correct', flagId: 'contoso-0001-f2' })).ui).toEqual({ kind: 'show-card', form: 'withdraw-correct', flagId: 'contoso-0001-f2' });
    expect(ok(parseSubmit('show-card', { ...where, form: 'history', before: 12 })).ui).toEqual({ kind: 'show-card', form: 'history', before: 12 });
    expect(ok(parseSubmit('show-card', { partnerId: 'contoso', caseId: '', stage: -1, form: 'flag', triggers: 'profitability' })).ui).toEqual({
      kind: 'show-card',
      form: 'flag',
      triggers: ['profitability'],
    });
  });
});

describe('the cards and the parser agree', () => {
  // Each form card, as rendered from its sample, submitted the way Teams would after someone fills it in.
  const card = (name: string) => expandCard(name, SAMPLES[name]!() as never);
  const forms: [string, string, Record<string, string>, Record<string, unknown>][] = [
    ['flag-form', 'flag', { triggers: 'resource-mismatch,profitability', ev1_summary: 'No engineers', ev2_summary: 'Discount ask', ev2_kind: 'email', ev4_summary: 'Hidden slot', newOccurrence: 'true' }, { type: 'flag', newOccurrence: true }],
    ['reset-attempt', 'log-reset-attempt', { agreed: 'Weekly sync' }, { type: 'log-reset-attempt' }],
    ['reset-approval', 'approve-reset', {}, { type: 'approve-reset' }],
    ['reset-approval', 'send-back-reset', { comment: 'Add dates' }, { type: 'send-back-reset' }],
    ['reset-approval', 'escalate-now', {}, { type: 'escalate-now' }],
    ['manager-decision', 'continue', {}, { type: 'continue' }],
    ['manager-decision', 'take-ownership', { act1_text: 'Staff it', act1_owner: IDS.ian, act4_text: 'Plan it', act4_owner: IDS.ivy }, { type: 'take-ownership' }],
    ['action-done', 'mark-action-done', {}, { type: 'mark-action-done' }],
    ['risk', 'confirm-risk', {}, { type: 'confirm-risk', amount: 1250000, currency: 'EUR' }],
    ['gm-meeting', 'record-gm-meeting', { link: 'https://teams.microsoft.com/l/x' }, { type: 'record-gm-meeting' }],
    ['sales-meeting', 'record-sales-meeting', { salesDirectorIds: IDS.sara }, { type: 'record-sales-meeting', salesDirectorIds: [IDS.sara] }],
    ['stakeholder-email', 'confirm-email-sent', {}, { type: 'confirm-email-sent' }],
    ['decision', 'propose-decision', { fixable: 'fixable', rationale: 'Fixable', act1_text: 'Staff it', act1_owner: IDS.manny }, { type: 'propose-decision', fixable: true }],
    ['decision-approval', 'approve-decision', {}, { type: 'approve-decision' }],
    ['decision-approval', 'send-back-decision', { comment: 'Owners please' }, { type: 'send-back-decision' }],
    ['review', 'answer-review', {}, { type: 'answer-review' }],
    ['partner-meeting', 'record-partner-meeting', {}, { type: 'record-partner-meeting' }],
    ['reassign-owner', 'reassign-owner', { to: IDS.vera }, { type: 'reassign-owner', to: IDS.vera, slot: 'manager' }],
    ['evidence-add', 'add-evidence', { ev1_summary: 'Another email', ev1_kind: 'email' }, { type: 'add-evidence' }],
    ['withdraw-correct', 'correct-flag', {}, { type: 'correct-flag' }],
    ['withdraw-correct', 'withdraw-flag', {}, { type: 'withdraw-flag' }],
  ];

  it.each(forms)('%s → %s', (name, verb, typed, expected) => {
    const rendered = card(name);
    const result = ok(parseSubmit(verb, submitData(rendered, verb, typed)));
    expect(result.command).toMatchObject(expected);
    expect(result.partnerId).toBe('contoso');
    expect(commandSchema.safeParse(result.command).success).toBe(true);
  });

  it('the flag form sends every filled slot, hidden ones too, and skips empty ones', () => {
    const data = submitData(card('flag-form'), 'flag', { triggers: 'profitability', ev1_summary: 'one', ev4_summary: 'four', ev10_summary: 'ten' });
    const command = ok(parseSubmit('flag', data)).command as { evidence: { summary: string }[] };
    expect(command.evidence.map((e) => e.summary)).toEqual(['one', 'four', 'ten']);
  });

  it('every button of every sample card has a verb the parser knows', () => {
    for (const name of Object.keys(SAMPLES)) {
      const rendered = JSON.stringify(expandCard(name, SAMPLES[name]!() as never));
      for (const [, verb] of rendered.matchAll(/"verb":"([^"]+)"/g)) {
        expect([...COMMAND_VERBS, ...Object.keys(HEALTH_VERBS), ...UI_VERBS]).toContain(verb);
      }
    }
  });
});
