// A CaseView from a case and the few things a test says about the viewer: the one way card tests build views.
import type { CaseEvent, CaseState, Directory } from '../../../src/domain';
import { EMPTY_DIRECTORY } from '../../../src/domain';
import type { CaseView, EmailLink } from '../../../src/teams/cards/caseView';
import type { People, Tone } from '../../../src/teams/cards/parts';

export interface ViewInput {
  viewer?: string;
  people: People;
  partnerName?: string;
  events?: readonly CaseEvent[];
  admins?: readonly string[];
  directory?: Directory;
  timeZone?: string;
  now?: string;
  headline?: string;
  headlineTone?: Tone;
  unreachable?: readonly string[];
  installLink?: string;
  email?: EmailLink;
  assignable?: readonly string[];
  salesDirectorCandidates?: readonly string[];
  flagId?: string;
  before?: number;
}

export function viewOf(state: CaseState, input: ViewInput): CaseView {
  const { admins, directory, partnerName, timeZone, now, ...rest } = input;
  return {
    ...rest,
    state,
    partnerName: partnerName ?? state.partnerId,
    permissions: { directory: directory ?? EMPTY_DIRECTORY, admins: admins ?? [] },
    timeZone: timeZone ?? 'UTC',
    now: now ?? state.stageStartedAt,
  };
}
