// What every partner-health card is built from (a PartnerView), and what the viewer may do: the one permission
// function's answer (src/domain/permissions.ts `healthCan`), never a rule of the cards' own.
// src/teams/healthViews.ts loads a PartnerView by key reads.
import type { HealthCommandType, HealthState, Symptom } from '../../domain/health';
import type { HealthFacts, HealthSettings } from '../../domain/healthScore';
import type { CaseState } from '../../domain/model';
import type { HealthPermissionContext } from '../../domain/permissions';
import { allowedHealthCommands } from '../../domain/permissions';
import { escapeText } from './escape';
import type { HealthFormName } from './healthForms';
import type { ActionData, Button, People, Tone } from './parts';
import { button } from './parts';

export interface PartnerView {
  partner: { partnerId: string; name: string; salesDirectors: readonly string[]; createdAt: string };
  health?: HealthState;
  /** The partner's latest case, open or closed. */
  latestCase?: CaseState;
  /** aadObjectId of the person the card is for; without one the card shows no buttons. */
  viewer?: string;
  /** Names (and Teams ids) of the people the card mentions. */
  people: People;
  permissions: HealthPermissionContext;
  now: string;
  timeZone: string;
  settings: HealthSettings;
  /** A line on top: what just happened, or why nothing did. */
  headline?: string;
  headlineTone?: Tone;
  /** People offered as executive owner: the people around the partner. */
  ownerCandidates: readonly string[];
  /** The symptom form, prefilled with a suggested symptom. */
  symptom?: Symptom;
}

export function healthFacts(view: PartnerView): HealthFacts {
  return { ...(view.health ? { health: view.health } : {}), ...(view.latestCase ? { latestCase: view.latestCase } : {}), partnerAddedAt: view.partner.createdAt };
}

export function allowedHealth(view: PartnerView): Set<HealthCommandType> {
  return allowedHealthCommands(view.viewer, view.permissions);
}

/** What every button on a partner card carries: the partner, and no case stage (health has none). */
export function partnerCtx(view: PartnerView, extra: Record<string, string | number | boolean> = {}): ActionData {
  return { partnerId: view.partner.partnerId, caseId: '', stage: -1, ...extra };
}

export function showHealth(view: PartnerView, title: string, form: HealthFormName, extra: Record<string, string> = {}): Button {
  return button(title, 'show-partner', partnerCtx(view, { form, ...extra }));
}

export function partnerTitle(view: PartnerView): string {
  return escapeText(view.partner.name, 200) || 'This partner';
}

export interface Headline {
  on: boolean;
  text: string;
  tone: Tone;
}

export function headlineOf(view: PartnerView): Headline {
  return { on: !!view.headline, text: escapeText(view.headline ?? '', 600), tone: view.headlineTone ?? 'good' };
}
