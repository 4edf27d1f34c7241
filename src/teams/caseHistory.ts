// A partner's cases for the history (README "Using it in Teams", `history <partner>`): the latest case points back to
// the earlier ones by number, so listing them is one point read per case, newest first, and only when asked.
import { caseIdFor } from '../domain';
import type { CaseState } from '../domain';
import type { Stores } from '../storage/ports';
import type { OtherCase } from './cards/caseView';

/** Cases listed on a history card at most (the newest). */
export const MAX_LISTED_CASES = 20;

export function summaryOf(state: CaseState): OtherCase {
  return {
    caseId: state.caseId,
    caseNo: state.caseNo,
    status: state.status,
    ...(state.outcome ? { outcome: state.outcome } : {}),
    openedAt: state.openedAt,
    ...(state.closedAt ? { closedAt: state.closedAt } : {}),
    level: state.level,
  };
}

/** Every case of the partner up to `latest`, newest first (at most MAX_LISTED_CASES). */
export async function casesOf(stores: Pick<Stores, 'cases'>, latest: CaseState): Promise<OtherCase[]> {
  const numbers = Array.from({ length: Math.min(latest.caseNo, MAX_LISTED_CASES) }, (_, i) => latest.caseNo - i);
  const states = await Promise.all(
    numbers.map(async (n) => (n === latest.caseNo ? latest : (await stores.cases.get(latest.partnerId, caseIdFor(latest.partnerId, n)))?.state)),
  );
  return states.filter((s): s is CaseState => !!s).map(summaryOf);
}

/** The case a history card asks for: the one it names (an earlier case), else the latest. */
export async function caseForHistory(stores: Pick<Stores, 'cases'>, latest: CaseState, caseId: string | undefined): Promise<CaseState | undefined> {
  if (!caseId || caseId === latest.caseId) return latest;
  return (await stores.cases.get(latest.partnerId, caseId))?.state;
}
