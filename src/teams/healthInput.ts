// Reads what a partner-health card sends (README, "Partner health"): the 4 C's ratings and notes, a symptom, an
// interaction, stage and executive owner, where it fits. Field readers for the health verbs of the catalog
// (verbs/); like cardInput.ts, card data names the partner and the inputs only, never who acts.
import type { HealthCommand } from '../domain/healthCommands';
import { healthCommandSchema } from '../domain/healthCommands';
import type { Symptom } from '../domain/health';
import { FOUR_CS, FOUR_C_GUIDE, HEALTH_LIMITS, PARTNER_STAGES, SYMPTOMS } from '../domain/health';
import type { CardData } from './cardInput';
import type { HealthFormName, PartnerSort } from './cards/healthForms';
import { NEW_FIT_SLOTS, NO_EXEC_OWNER, PARTNER_SORTS, isHealthForm } from './cards/healthForms';
import { InputError, bool, defined, id, missing, str, text } from './cardInput';


export function ratingInput(data: CardData): Record<string, unknown> {
  const scores: Record<string, number> = {};
  const notes: Record<string, string> = {};
  for (const c of FOUR_CS) {
    const label = FOUR_C_GUIDE[c].label;
    const raw = str(data, c, label) ?? missing(`${label.toLowerCase()}: pick 1 to 5`);
    if (!/^[1-5]$/.test(raw)) throw new InputError(`${label.toLowerCase()}: pick 1 to 5`);
    scores[c] = Number(raw);
    const note = text(data, `${c}_note`, `the ${label.toLowerCase()} note`);
    if (note !== undefined) notes[c] = note.replace(/\s*\n\s*/g, ' ');
  }
  return { type: 'rate', scores, notes };
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], what: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new InputError(`${what}: not one of the choices`);
  return value as T;
}

export function symptomInput(data: CardData): Record<string, unknown> {
  return defined({
    type: 'log-symptom',
    symptom: oneOf(str(data, 'symptom'), SYMPTOMS, 'the symptom') ?? missing('which symptom'),
    on: str(data, 'on', 'the date') ?? missing('the date it was seen'),
    note: text(data, 'note', 'the note'),
  });
}

export function resolveInput(data: CardData): Record<string, unknown> {
  return defined({ type: 'resolve-symptom', symptomId: id(data, 'symptomId') ?? missing('which symptom'), note: text(data, 'note', 'the note') });
}

/** `on` is filled in by the handler (today, in the bot's time zone) when the card leaves it out: one click. */
export function interactionInput(data: CardData): Record<string, unknown> {
  return defined({ type: 'log-interaction', kind: oneOf(str(data, 'kind'), ['meeting', 'joint-win'] as const, 'the kind') ?? 'meeting', on: str(data, 'on', 'the date'), note: text(data, 'note', 'the note') });
}

/** The stage input is `partnerStage`: `stage` on every card is the case stage a click was made at. */
export function stageOwnerInput(data: CardData): Record<string, unknown> {
  const owner = id(data, 'execOwner');
  return defined({ type: 'set-stage-owner', stage: oneOf(str(data, 'partnerStage'), PARTNER_STAGES, 'the stage'), execOwner: owner === NO_EXEC_OWNER ? '' : owner });
}

export function fitsInput(data: CardData): Record<string, unknown> {
  const fits: { motion: string; fits: boolean }[] = [];
  for (let n = 1; n <= HEALTH_LIMITS.fits + NEW_FIT_SLOTS; n++) {
    const motion = str(data, `fit${n}_motion`, `department or motion ${n}`);
    if (motion === undefined) continue;
    if (fits.length >= HEALTH_LIMITS.fits) throw new InputError(`at most ${HEALTH_LIMITS.fits} departments or motions`);
    fits.push({ motion, fits: bool(data, `fit${n}_fits`, `department or motion ${n}`) ?? false });
  }
  const tags = (str(data, 'tags', 'the tags') ?? '')
    .split(/[,;\s]+/)
    .map((t) => t.replace(/^#/, '').toLowerCase())
    .filter(Boolean);
  return { type: 'set-fits', fits, tags };
}

/** The command, checked against the engine's schema, or the first problem in the card's words. */
export function checkedHealthCommand(raw: Record<string, unknown>): HealthCommand | { error: string } {
  const parsed = healthCommandSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.filter((p) => typeof p === 'string').join(' ');
  return { error: `Please check ${where ? `${where}: ` : ''}${issue?.message ?? 'the form'}.` };
}

/** `show-partner`: the partner card, or one of its forms (the symptom form prefilled with a suggested symptom). */
export function showPartnerInput(d: CardData): { kind: 'show-partner'; form?: HealthFormName; symptom?: Symptom } {
  const form = str(d, 'form');
  if (form !== undefined && !isHealthForm(form)) throw new InputError(`the form "${form.slice(0, 40)}", which does not exist`);
  const symptom = oneOf(str(d, 'symptom'), SYMPTOMS, 'the symptom');
  return { kind: 'show-partner', ...(form ? { form } : {}), ...(symptom ? { symptom } : {}) };
}

/** `show-partners`: every partner, sorted and filtered as `partners` does ("show all" in the digest). */
export function showPartnersInput(d: CardData): { kind: 'show-partners'; sort?: PartnerSort; mine?: boolean; tag?: string } {
  const sort = str(d, 'sort');
  const tag = str(d, 'tag');
  return defined({
    kind: 'show-partners' as const,
    sort: sort && (PARTNER_SORTS as readonly string[]).includes(sort) ? (sort as PartnerSort) : undefined,
    mine: bool(d, 'mine') || undefined,
    tag: tag && /^[a-z0-9-]{1,30}$/.test(tag) ? tag : undefined,
  });
}
