// Rejections with stable codes: the Teams layer maps each to a message and the current card.

export type RejectionCode =
  | 'CASE.MOVED_ON' // a stale card, or someone acted first (also a 412/409 from storage)
  | 'CASE.CLOSED'
  | 'CASE.NOT_FOUND'
  | 'ACTOR.NOT_ALLOWED'
  | 'ACTOR.OWN_ATTEMPT' // nobody approves their own reset attempt
  | 'ACTOR.OWN_PROPOSAL' // nobody approves their own decision
  | 'INPUT.INVALID'
  | 'STEP.WRONG' // the command belongs to another step or phase
  | 'FLAG.NOT_CURRENT'; // withdraw/correct only while the flag's strike is the current one

export interface Rejection {
  code: RejectionCode;
  message: string;
}

export function reject(code: RejectionCode, message: string): Rejection {
  return { code, message };
}

/** Thrown by infrastructure and mapped back to a rejection at the edge. */
export class DomainError extends Error {
  constructor(
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
