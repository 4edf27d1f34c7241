// The cards a person can ask for on a case (verb `show-card`, or a refresh): their names, in one list.
export const FORMS = [
  'case',
  'flag',
  'reset-attempt',
  'reset-approval',
  'manager-decision',
  'action-done',
  'risk',
  'gm-meeting',
  'sales-meeting',
  'stakeholder-email',
  'decision',
  'decision-approval',
  'review',
  'partner-meeting',
  'reassign-owner',
  'close-case',
  'evidence-add',
  'withdraw-correct',
  'history',
  'triggers',
  'help',
] as const;
export type FormName = (typeof FORMS)[number];

export function isFormName(name: string): name is FormName {
  return (FORMS as readonly string[]).includes(name);
}
