// What people ask the engine to do, validated here so every entry point (cards, chat, jobs) shares the limits.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { EVIDENCE_KINDS, TRIGGERS } from './model';

export const LIMITS = {
  summary: 2000,
  link: 500,
  evidencePerFlag: 10,
  shortText: 2000,
  comment: 1000,
  actions: 20,
  skus: 50,
  skuLength: 100,
} as const;

// Date.parse rolls 2025-04-31 over to 1 May; luxon refuses it, as a calendar should.
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as yyyy-mm-dd')
  .refine((d) => DateTime.fromISO(d, { zone: 'utc' }).isValid, 'a real calendar date');
const httpsLink = z
  .string()
  .max(LIMITS.link, `a link of at most ${LIMITS.link} characters`)
  .url('a full https:// link')
  .refine((u) => u.startsWith('https://'), 'an https:// link');
const text = (max: number) => z.string().trim().min(1, 'some text').max(max, `at most ${max} characters`);
const userId = z.string().trim().min(1).max(100);

export const evidenceSchema = z
  .object({
    kind: z.enum(EVIDENCE_KINDS),
    summary: text(LIMITS.summary),
    link: httpsLink.optional(),
    date: isoDate.optional(),
  })
  .strict();

export const actionInputSchema = z
  .object({ text: text(LIMITS.shortText), ownerId: userId, dueOn: isoDate })
  .strict();

const triggers = z.array(z.enum(TRIGGERS)).min(1, 'at least one trigger').max(TRIGGERS.length);
const evidenceList = (min: number) =>
  z.array(evidenceSchema).min(min, `at least ${min} evidence item`).max(LIMITS.evidencePerFlag, `at most ${LIMITS.evidencePerFlag} evidence items`);
const stage = z.number().int().nonnegative().optional();
const meeting = { on: isoDate, link: httpsLink.optional(), stage };
const risk = {
  amount: z.number().finite().nonnegative().max(1e15),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO currency code such as USD'),
  skus: z.array(text(LIMITS.skuLength)).max(LIMITS.skus),
  stage,
};

export const commandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('flag'), triggers, evidence: evidenceList(1), newOccurrence: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('escalate-now'), stage }).strict(),
  z.object({ type: z.literal('add-evidence'), evidence: evidenceList(1) }).strict(),
  z.object({ type: z.literal('withdraw-flag'), flagId: z.string().min(1).max(100) }).strict(),
  z.object({ type: z.literal('correct-flag'), flagId: z.string().min(1).max(100), triggers, evidence: evidenceList(1) }).strict(),
  // The revenue at risk, when the case's trigger path asks this step for it (decide checks both are given).
  z
    .object({ type: z.literal('log-reset-attempt'), agreed: text(LIMITS.shortText), agreedOn: isoDate, amount: risk.amount.optional(), currency: risk.currency.optional(), stage })
    .strict(),
  z.object({ type: z.literal('approve-reset'), stage }).strict(),
  z.object({ type: z.literal('send-back-reset'), comment: text(LIMITS.comment), stage }).strict(),
  z.object({ type: z.literal('continue'), stage }).strict(),
  z.object({ type: z.literal('take-ownership'), actions: z.array(actionInputSchema).min(1).max(LIMITS.actions), stage }).strict(),
  z.object({ type: z.literal('mark-action-done'), actionId: z.string().min(1).max(100) }).strict(),
  z.object({ type: z.literal('draft-risk'), ...risk }).strict(),
  z.object({ type: z.literal('confirm-risk'), ...risk }).strict(),
  z.object({ type: z.literal('record-gm-meeting'), ...meeting }).strict(),
  z.object({ type: z.literal('record-sales-meeting'), ...meeting, salesDirectorIds: z.array(userId).max(20).optional() }).strict(),
  z.object({ type: z.literal('confirm-email-sent'), stage }).strict(),
  z
    .object({
      type: z.literal('propose-decision'),
      fixable: z.boolean(),
      rationale: text(LIMITS.shortText),
      actions: z.array(actionInputSchema).max(LIMITS.actions).optional(),
      reviewEndsOn: isoDate.optional(),
      stage,
    })
    .strict(),
  z.object({ type: z.literal('approve-decision'), stage }).strict(),
  z.object({ type: z.literal('send-back-decision'), comment: text(LIMITS.comment), stage }).strict(),
  z.object({ type: z.literal('answer-review'), working: z.boolean(), stage }).strict(),
  z.object({ type: z.literal('record-partner-meeting'), ...meeting }).strict(),
  z.object({ type: z.literal('close-case'), reason: text(LIMITS.comment), stage }).strict(),
  z.object({ type: z.literal('reassign-owner'), to: userId, slot: z.enum(['reporter', 'manager', 'vp', 'gm']).optional(), stage }).strict(),
]);

export type Command = z.infer<typeof commandSchema>;
export type CommandOf<T extends Command['type']> = Extract<Command, { type: T }>;

/** A readable one-line reason for the first problems zod found. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`)
    .join('; ');
}
