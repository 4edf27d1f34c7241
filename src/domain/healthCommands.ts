// What people ask of a partner's health, validated here for every entry point (cards, chat), and decided:
// who may (permissions.ts `healthCan`), whether it makes sense now, and the events it records.
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Rejection } from './errors';
import { reject } from './errors';
import type { HealthCommandType, HealthEvent, HealthEventBody, HealthState } from './health';
import { FOUR_CS, HEALTH_LIMITS, INTERACTION_KINDS, RATING_MAX, RATING_MIN, PARTNER_STAGES, SYMPTOMS, SYMPTOM_GUIDE, emptyHealth, evolveHealth, execOwnerOf, partnerStageOf } from './health';
import type { HealthPermissionContext } from './permissions';
import { healthCan } from './permissions';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as yyyy-mm-dd')
  .refine((d) => DateTime.fromISO(d, { zone: 'utc' }).isValid, 'a real calendar date');
const note = (max: number) => z.string().trim().max(max, `at most ${max} characters`).optional();
const rating = z.number().int().min(RATING_MIN, `${RATING_MIN} to ${RATING_MAX}`).max(RATING_MAX, `${RATING_MIN} to ${RATING_MAX}`);
const oneLine = (max: number) => z.string().trim().min(1, 'some text').max(max, `at most ${max} characters`).regex(/^[^\r\n]*$/, 'one line');

export const healthCommandSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('rate'),
      scores: z.object(Object.fromEntries(FOUR_CS.map((c) => [c, rating])) as Record<(typeof FOUR_CS)[number], typeof rating>).strict(),
      notes: z.object(Object.fromEntries(FOUR_CS.map((c) => [c, note(HEALTH_LIMITS.rateNote)]))).strict().default({}),
    })
    .strict(),
  z.object({ type: z.literal('log-symptom'), symptom: z.enum(SYMPTOMS), on: isoDate, note: note(HEALTH_LIMITS.note) }).strict(),
  z.object({ type: z.literal('resolve-symptom'), symptomId: z.string().min(1).max(40), note: note(HEALTH_LIMITS.note) }).strict(),
  // Without a date: today (one click).
  z.object({ type: z.literal('log-interaction'), kind: z.enum(INTERACTION_KINDS), on: isoDate.optional(), note: note(HEALTH_LIMITS.note) }).strict(),
  z
    .object({
      type: z.literal('set-stage-owner'),
      stage: z.enum(PARTNER_STAGES).optional(),
      /** '' : no executive owner. Undefined: leave it as it is. */
      execOwner: z.string().max(100).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('set-fits'),
      fits: z.array(z.object({ motion: oneLine(HEALTH_LIMITS.motion), fits: z.boolean() }).strict()).max(HEALTH_LIMITS.fits, `at most ${HEALTH_LIMITS.fits} departments or motions`),
      tags: z
        .array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'tags: letters, digits and dashes').max(HEALTH_LIMITS.tag, `tags of at most ${HEALTH_LIMITS.tag} characters`))
        .max(HEALTH_LIMITS.tags, `at most ${HEALTH_LIMITS.tags} tags`),
    })
    .strict(),
]);

export type HealthCommand = z.infer<typeof healthCommandSchema>;
export type HealthCommandOf<T extends HealthCommandType> = Extract<HealthCommand, { type: T }>;

export interface HealthDecideContext {
  now: string;
  /** aadObjectId from the Teams activity, never from card data. */
  actor: string;
  conversationId?: string;
  partnerId: string;
  permission: HealthPermissionContext;
  /** The executive owner named by the command, as the directory knows them (undefined: not in the directory). */
  execOwner?: { userId: string; name?: string };
}

export type HealthDecision = { ok: true; events: HealthEvent[]; state: HealthState } | { ok: false; rejection: Rejection };

function refuse(message: string): HealthDecision {
  return { ok: false, rejection: reject('INPUT.INVALID', message) };
}

/** Decides a command on a partner's health (state undefined: nothing recorded yet). Emits nothing when nothing changes. */
export function decideHealth(state: HealthState | undefined, raw: unknown, ctx: HealthDecideContext): HealthDecision {
  const parsed = healthCommandSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse(`Please check ${issue?.path.length ? `${issue.path.join(' ')}: ` : ''}${issue?.message ?? 'the form'}.`);
  }
  const cmd = parsed.data;
  const verdict = healthCan(cmd.type, ctx.actor, ctx.permission);
  if (!verdict.ok) return { ok: false, rejection: verdict.rejection };
  const current = state ?? emptyHealth(ctx.partnerId);
  const today = ctx.now.slice(0, 10);
  const bodies: HealthEventBody[] = [];
  switch (cmd.type) {
    case 'rate': {
      const notes = Object.fromEntries(Object.entries(cmd.notes).filter(([, v]) => typeof v === 'string' && v !== ''));
      bodies.push({ type: 'rated', scores: cmd.scores, notes });
      break;
    }
    case 'log-symptom':
      if (cmd.on > today) return refuse('Please check the date: it is in the future.');
      if (current.symptoms.some((s) => s.symptom === cmd.symptom && s.resolvedAt === undefined)) {
        return refuse(`"${SYMPTOM_GUIDE[cmd.symptom].label}" is already open on this partner; resolve it first or add to it in a note.`);
      }
      bodies.push({ type: 'symptom-logged', symptomId: `s${current.symptomsLogged + 1}`, symptom: cmd.symptom, on: cmd.on, ...(cmd.note ? { note: cmd.note } : {}) });
      break;
    case 'resolve-symptom': {
      const symptom = current.symptoms.find((s) => s.symptomId === cmd.symptomId);
      if (!symptom) return refuse('That symptom is not recorded on this partner.');
      if (symptom.resolvedAt) return { ok: false, rejection: reject('CASE.MOVED_ON', 'That symptom was already resolved.') };
      bodies.push({ type: 'symptom-resolved', symptomId: cmd.symptomId, ...(cmd.note ? { note: cmd.note } : {}) });
      break;
    }
    case 'log-interaction': {
      const on = cmd.on ?? today;
      if (on > today) return refuse('Please check the date: it is in the future.');
      bodies.push({ type: 'interaction-logged', kind: cmd.kind, on, ...(cmd.note ? { note: cmd.note } : {}) });
      break;
    }
    case 'set-stage-owner': {
      if (cmd.stage && cmd.stage !== partnerStageOf(current)) bodies.push({ type: 'stage-set', stage: cmd.stage });
      if (cmd.execOwner !== undefined) {
        const wanted = cmd.execOwner.trim();
        if (wanted && (!ctx.execOwner || ctx.execOwner.userId !== wanted)) return refuse('That person is not in the directory; pick someone from the list.');
        if (wanted !== (execOwnerOf(current)?.ownerId ?? '')) {
          bodies.push(wanted ? { type: 'exec-owner-set', ownerId: wanted, ...(ctx.execOwner?.name ? { ownerName: ctx.execOwner.name } : {}) } : { type: 'exec-owner-set' });
        }
      }
      break;
    }
    case 'set-fits': {
      const motions = cmd.fits.map((f) => f.motion.toLowerCase());
      if (new Set(motions).size !== motions.length) return refuse('Each department or motion once, please.');
      bodies.push({ type: 'fits-set', fits: cmd.fits, tags: [...new Set(cmd.tags)] });
      break;
    }
  }
  const events: HealthEvent[] = bodies.map((b) => ({ ...b, at: ctx.now, actor: ctx.actor, ...(ctx.conversationId ? { conversationId: ctx.conversationId } : {}) }) as HealthEvent);
  return { ok: true, events, state: events.reduce(evolveHealth, current) };
}
