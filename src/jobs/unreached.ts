// The admins' daily summary of people the bot cannot reach who block a case (README "Reaching people"): once a day
// per admin, at the start of their own working hours, claimed per admin and day so several instances send it once.
// Reads the short list of people with pings held (ReachStore), never the whole directory or every case.
import type { WorkflowSettings } from '../domain';
import { inZone, localDate, nextWorkingMoment, ownerOf, workingHoursOf } from '../domain';
import type { Logger } from '../log';
import type { CaseStore, DirectoryStore, PartnerStore, ReachStore } from '../storage/ports';
import type { UnreachedPerson } from '../teams/cards/unreached';
import { unreachedCard } from '../teams/cards/unreached';
import type { AdaptiveCard } from '../teams/cards/render';

/** Sends a card to a person's 1:1 chat (the bot's messenger). */
export interface UserSender {
  toUser(userId: string, card: AdaptiveCard): Promise<{ ok: boolean; message?: string }>;
}

export interface UnreachedDeps {
  stores: { reach: ReachStore; cases: CaseStore; partners: PartnerStore; directory: DirectoryStore };
  /** ADMIN_AAD_OBJECT_IDS, then the `admin` role. */
  admins: () => Promise<string[]>;
  settings: WorkflowSettings;
  sender?: UserSender;
  installLink?: string;
  log?: Pick<Logger, 'info' | 'warn'>;
}

export interface UnreachedReport {
  /** People not reached who block at least one open case. */
  blocking: number;
  /** Summaries sent in this run. */
  sent: number;
}

/** Who cannot be reached and blocks a case: the case waits on them, or they own its step. */
export async function blockingPeople(stores: UnreachedDeps['stores']): Promise<UnreachedPerson[]> {
  const unreached = await stores.reach.unreached();
  const partners = new Map((await stores.partners.list()).map((p) => [p.partnerId, p.name]));
  const people: UnreachedPerson[] = [];
  for (const { userId, since } of unreached) {
    const held = await stores.reach.held(userId);
    const caseKeys = [...new Map(held.map((h) => [`${h.partnerId}|${h.caseId}`, h])).values()];
    const states = await Promise.all(caseKeys.map((h) => stores.cases.get(h.partnerId, h.caseId)));
    const cases = states
      .map((s) => s?.state)
      .filter((s): s is NonNullable<typeof s> => !!s && s.status === 'open' && (s.waitingOn === userId || ownerOf(s) === userId))
      .map((state) => ({ partnerName: partners.get(state.partnerId) ?? state.partnerId, state }));
    if (cases.length === 0) continue;
    const person = await stores.directory.get(userId);
    people.push({ name: person?.name ?? 'Someone not in the directory', reach: person?.reach === 'blocked' ? 'blocked' : 'not-yet', since, cases });
  }
  return people.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : 0));
}

export async function runUnreachedSummary(deps: UnreachedDeps, now: Date): Promise<UnreachedReport> {
  const report: UnreachedReport = { blocking: 0, sent: 0 };
  if (!deps.sender) return report;
  const people = await blockingPeople(deps.stores);
  report.blocking = people.length;
  if (people.length === 0) return report;
  const nowIso = now.toISOString();
  const admins = await deps.admins();
  const zones = await deps.stores.directory.getMany(admins);
  const card = unreachedCard(people, deps.installLink);
  for (const admin of admins) {
    // At a sensible hour for each admin: inside their working hours, once per their own calendar day.
    const cal = inZone(deps.settings.calendar, zones.get(admin)?.timeZone);
    if (Date.parse(nextWorkingMoment(nowIso, cal, workingHoursOf(deps.settings))) !== now.getTime()) continue;
    if (!(await deps.stores.reach.claimSummary(admin, localDate(nowIso, cal)))) continue;
    const sent = await deps.sender.toUser(admin, card);
    if (sent.ok) report.sent += 1;
    else deps.log?.warn({ admin, reason: sent.message }, 'daily summary of unreached people not delivered');
  }
  if (report.sent) deps.log?.info({ ...report }, 'daily summary of unreached people sent');
  return report;
}
