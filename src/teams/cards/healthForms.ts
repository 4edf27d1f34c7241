// The partner-health cards a person can ask for (verb `show-partner`): the partner card and its forms, by name.
export const HEALTH_FORMS = ['partner', 'health-rate', 'health-symptom', 'health-stage', 'health-fits'] as const;
export type HealthFormName = (typeof HEALTH_FORMS)[number];

export function isHealthForm(name: string): name is HealthFormName {
  return (HEALTH_FORMS as readonly string[]).includes(name);
}

/** How `partners` sorts: by health (lowest first), strike (highest first), case owner, or name. */
export const PARTNER_SORTS = ['health', 'strike', 'owner', 'name'] as const;
export type PartnerSort = (typeof PARTNER_SORTS)[number];

/** "No executive owner" on the stage-and-owner form. */
export const NO_EXEC_OWNER = 'none';
/** Empty slots for new departments or motions on the fits form, after the ones already listed. */
export const NEW_FIT_SLOTS = 3;
