// The cards the handlers show, as one interface: handlers never build card JSON themselves.
import type { CaseEvent, CaseState, Directory, Trigger } from '../domain';
import type { PartnerRecord, Person } from '../storage/ports';

export type Card = Record<string, unknown>;

export interface CaseView {
  state: CaseState;
  partner: PartnerRecord;
  /** aadObjectId of the person looking; undefined renders the shared view (no buttons). */
  viewer?: string;
  people: ReadonlyMap<string, Person>;
  headline?: string;
  /** People the bot could not reach 1:1: @mentioned on channel cards, listed for admins. */
  unreachable?: string[];
  /** The stakeholder (or decision) email: its signed .eml link, subject and recipients (user ids). */
  email?: { emlUrl: string; subject: string; recipients: string[] };
  /** The case's events, oldest first, for the timeline. */
  events?: CaseEvent[];
  /** Admins and the directory decide who may reassign or add evidence (which buttons show). */
  admins?: string[];
  directory?: Directory;
  timeZone?: string;
  now?: string;
  /** For the withdraw/correct form and history paging. */
  flagId?: string;
  before?: number;
}

export interface PartnerRow {
  partner: PartnerRecord;
  state?: CaseState;
}

export interface Ui {
  welcome(): Card;
  help(isAdmin: boolean): Card;
  triggers(): Card;
  notice(text: string, title?: string): Card;
  /** `forTeamsId`: a per-user view in a shared chat (only that person sees the form). */
  flagForm(input: { partnerId?: string; partnerName: string; triggers: Trigger[]; pending?: boolean; forTeamsId?: string; state?: CaseState }): Card;
  /** The channel placeholder while the requester fills in the form (they see the form via refresh). */
  flagInProgress(input: { partnerId?: string; partnerName: string; triggers: Trigger[]; requester: Person; pending?: boolean }): Card;
  unknownPartner(typed: string, suggestions: PartnerRecord[], triggers: Trigger[]): Card;
  caseCard(view: CaseView): Card;
  /** The form for one verb (e.g. "log-reset-attempt"), for the viewer. */
  form(verb: string, view: CaseView): Card;
  movedOn(message: string, view: CaseView): Card;
  partners(rows: PartnerRow[], people: ReadonlyMap<string, Person>): Card;
  history(view: CaseView, events: CaseEvent[]): Card;
  orgShow(people: Person[], all: ReadonlyMap<string, Person>): Card;
}
