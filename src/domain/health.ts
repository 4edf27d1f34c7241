// Partner health beyond strikes (README, "Partner health"): the 4 C's, where a partner fits, health symptoms,
// interactions, the partner's stage and its executive owner. The vocabulary in the words people read, the
// events that record each change, and the state derived from them (`evolveHealth`). Pure data.

// ---------------------------------------------------------------- the 4 C's

export const FOUR_CS = ['culture', 'capacity', 'commitment', 'competencies'] as const;
export type FourC = (typeof FOUR_CS)[number];

/** What each C asks, in the words of a partnerships director's scoring guide. */
export const FOUR_C_GUIDE: Record<FourC, { label: string; guide: string }> = {
  culture: {
    label: 'Culture',
    guide:
      'Do you have strong alignment with the mission, vision and values of your organizations and of your teams? Do you feel good about putting this partner in front of your customers and vice versa?',
  },
  capacity: {
    label: 'Capacity',
    guide: 'What capacity and resources do you have on each side to commit to partner? This could be in the form of sales, engineering, marketing, exec sponsorship and more.',
  },
  commitment: {
    label: 'Commitment',
    guide: 'What is the desire and interest to work together driven by? Is this a single deal, or a chance to do 100 or 1000 deals or projects together?',
  },
  competencies: {
    label: 'Competencies',
    guide: 'What do they know about your company, customers, technologies and platform?',
  },
};

export type FourCScores = Record<FourC, number>;

export const RATING_MIN = 1;
export const RATING_MAX = 5;

// ---------------------------------------------------------------- health symptoms

export const SYMPTOMS = ['no-joint-win', 'one-sided-concessions', 'little-interaction', 'no-mutual-respect', 'solution-not-represented'] as const;
export type Symptom = (typeof SYMPTOMS)[number];

export const SYMPTOM_GUIDE: Record<Symptom, { label: string; guide: string }> = {
  'no-joint-win': {
    label: 'Chasing rainbows: no joint win for a long time',
    guide: 'Years into the relationship without another big sale together; urgent proposals that never get past the partner\'s drawing board.',
  },
  'one-sided-concessions': {
    label: 'One-sided price concessions',
    guide: 'When the client asks for a better price, one side absorbs the concessions, or a mark-up puts winning out of reach.',
  },
  'little-interaction': {
    label: 'Little or no interaction',
    guide: 'Growth conversations are a thing of the past; offers of training, visits or webinars are met with crickets.',
  },
  'no-mutual-respect': {
    label: 'Mutual respect is missing',
    guide: 'Urgency, responsiveness and courtesy are a double standard; feedback is hostile or comes with ultimatums.',
  },
  'solution-not-represented': {
    label: 'Our solution is not represented',
    guide: 'The partner keeps the client to itself and never hands over to our experts, so clients miss what we bring.',
  },
};

// ---------------------------------------------------------------- the partner's own side

export const PARTNER_STAGES = ['denial', 'despair', 'hopeful-performance', 'soaring-execution', 'plateau'] as const;
export type PartnerStage = (typeof PARTNER_STAGES)[number];

/** The stages of a partner's journey with us, in order. */
export const PARTNER_STAGE_GUIDE: Record<PartnerStage, { label: string; guide: string }> = {
  denial: { label: 'Denial', guide: 'New to working with us: frustrated by the terms and the asks, questioning the time it takes.' },
  despair: { label: 'Despair', guide: 'Self-doubt about delivering on the promises of a global technology leader.' },
  'hopeful-performance': { label: 'Hopeful performance', guide: 'Learning our programs and building confidence to be recognised for competence and potential.' },
  'soaring-execution': { label: 'Soaring execution', guide: 'A go-to partner: delivers value to customers; relationships are genuine and mutually beneficial.' },
  plateau: { label: 'Plateau', guide: 'Complacent, without the vision or agility for the next big thing; hungrier partners take the mindshare.' },
};

export const INTERACTION_KINDS = ['meeting', 'joint-win'] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

// ---------------------------------------------------------------- the commands people may give (permissions.ts decides who)

export const HEALTH_COMMAND_TYPES = ['rate', 'log-symptom', 'resolve-symptom', 'log-interaction', 'set-stage-owner', 'set-fits'] as const;
export type HealthCommandType = (typeof HEALTH_COMMAND_TYPES)[number];

export const HEALTH_LIMITS = {
  rateNote: 200,
  note: 500,
  fits: 12,
  motion: 60,
  tags: 10,
  tag: 30,
  /** Kept in the state row (the events keep everything): enough for the current score and its 12-week trend. */
  keptRatings: 200,
  keptSymptoms: 100,
  keptInteractions: 50,
} as const;

// ---------------------------------------------------------------- events and state

export interface Fit {
  /** A department or motion, e.g. "Marketing events", "Co-selling". */
  motion: string;
  fits: boolean;
}

export type HealthEventBody =
  | { type: 'rated'; scores: FourCScores; notes: Partial<Record<FourC, string>> }
  | { type: 'symptom-logged'; symptomId: string; symptom: Symptom; on: string; note?: string }
  | { type: 'symptom-resolved'; symptomId: string; note?: string }
  | { type: 'interaction-logged'; kind: InteractionKind; on: string; note?: string }
  | { type: 'stage-set'; stage: PartnerStage }
  /** No `ownerId`: the relationship has no executive owner (any more). */
  | { type: 'exec-owner-set'; ownerId?: string; ownerName?: string }
  | { type: 'fits-set'; fits: Fit[]; tags: string[] };

export type HealthEvent = { at: string; actor: string; conversationId?: string } & HealthEventBody;

export interface Rating {
  by: string;
  at: string;
  scores: FourCScores;
  notes: Partial<Record<FourC, string>>;
}

export interface SymptomRecord {
  symptomId: string;
  symptom: Symptom;
  /** The date it was seen (yyyy-mm-dd). */
  on: string;
  note?: string;
  by: string;
  at: string;
  resolvedAt?: string;
  resolvedBy?: string;
  resolution?: string;
}

export interface InteractionRecord {
  kind: InteractionKind;
  on: string;
  note?: string;
  by: string;
  at: string;
}

export interface HealthState {
  partnerId: string;
  /** Events applied; the next is number `version + 1`. */
  version: number;
  updatedAt: string;
  /** Newest last. */
  ratings: Rating[];
  symptoms: SymptomRecord[];
  symptomsLogged: number;
  interactions: InteractionRecord[];
  /** The latest date of any interaction ever logged, and of any joint win. */
  lastInteractionOn?: string;
  lastJointWinOn?: string;
  stages: { stage: PartnerStage; by: string; at: string }[];
  execOwners: { ownerId?: string; ownerName?: string; by: string; at: string }[];
  fits: Fit[];
  tags: string[];
}

export function emptyHealth(partnerId: string): HealthState {
  return { partnerId, version: 0, updatedAt: '', ratings: [], symptoms: [], symptomsLogged: 0, interactions: [], stages: [], execOwners: [], fits: [], tags: [] };
}

function later(a: string | undefined, b: string): string {
  return a !== undefined && a > b ? a : b;
}

/** Keeps the newest `max`; for symptoms the resolved ones go first. */
function keep<T>(items: T[], max: number, droppable: (t: T) => boolean = () => true): T[] {
  if (items.length <= max) return items;
  const out = [...items];
  while (out.length > max) {
    const i = out.findIndex(droppable);
    out.splice(i >= 0 ? i : 0, 1);
  }
  return out;
}

/** The state after one more event. Never mutates `state`. */
export function evolveHealth(state: HealthState, event: HealthEvent): HealthState {
  const next: HealthState = { ...state, version: state.version + 1, updatedAt: event.at };
  const by = event.actor;
  switch (event.type) {
    case 'rated':
      next.ratings = keep([...state.ratings, { by, at: event.at, scores: { ...event.scores }, notes: { ...event.notes } }], HEALTH_LIMITS.keptRatings);
      break;
    case 'symptom-logged':
      next.symptomsLogged = state.symptomsLogged + 1;
      next.symptoms = keep(
        [...state.symptoms, { symptomId: event.symptomId, symptom: event.symptom, on: event.on, ...(event.note ? { note: event.note } : {}), by, at: event.at }],
        HEALTH_LIMITS.keptSymptoms,
        (s) => s.resolvedAt !== undefined,
      );
      break;
    case 'symptom-resolved':
      next.symptoms = state.symptoms.map((s) =>
        s.symptomId === event.symptomId ? { ...s, resolvedAt: event.at, resolvedBy: by, ...(event.note ? { resolution: event.note } : {}) } : s,
      );
      break;
    case 'interaction-logged':
      next.interactions = keep([...state.interactions, { kind: event.kind, on: event.on, ...(event.note ? { note: event.note } : {}), by, at: event.at }], HEALTH_LIMITS.keptInteractions);
      next.lastInteractionOn = later(state.lastInteractionOn, event.on);
      if (event.kind === 'joint-win') next.lastJointWinOn = later(state.lastJointWinOn, event.on);
      break;
    case 'stage-set':
      next.stages = [...state.stages, { stage: event.stage, by, at: event.at }].slice(-20);
      break;
    case 'exec-owner-set':
      next.execOwners = [...state.execOwners, { ...(event.ownerId ? { ownerId: event.ownerId } : {}), ...(event.ownerName ? { ownerName: event.ownerName } : {}), by, at: event.at }].slice(-20);
      break;
    case 'fits-set':
      next.fits = event.fits.map((f) => ({ ...f }));
      next.tags = [...event.tags];
      break;
  }
  return next;
}

/** The state from every event, in order (tests check the stored state against it). */
export function replayHealth(partnerId: string, events: readonly HealthEvent[]): HealthState {
  return events.reduce(evolveHealth, emptyHealth(partnerId));
}

/** The executive owner now, if the relationship has one. */
export function execOwnerOf(state: HealthState | undefined): { ownerId: string; ownerName?: string } | undefined {
  const last = state?.execOwners.at(-1);
  return last?.ownerId ? { ownerId: last.ownerId, ...(last.ownerName ? { ownerName: last.ownerName } : {}) } : undefined;
}

export function partnerStageOf(state: HealthState | undefined): PartnerStage | undefined {
  return state?.stages.at(-1)?.stage;
}

export function openSymptoms(state: HealthState | undefined): SymptomRecord[] {
  return (state?.symptoms ?? []).filter((s) => s.resolvedAt === undefined);
}

/** Each rater's latest rating, newest first. */
export function latestRatings(state: HealthState | undefined): Rating[] {
  const byRater = new Map<string, Rating>();
  for (const r of state?.ratings ?? []) byRater.set(r.by, r);
  return [...byRater.values()].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
