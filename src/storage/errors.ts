// Storage failures, classified by HTTP status (never by RestError.code, which Table Storage fills inconsistently).
import { DomainError } from '../domain';

/** Any failure of the storage layer that is not a domain rejection. */
export class StorageError extends Error {
  constructor(
    message: string,
    /** The HTTP status Table Storage answered with, when it answered at all. */
    readonly statusCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageError';
  }
}

/**
 * Storage could not be reached or did not answer in time (connection refused, DNS, timeout, 5xx, throttling,
 * credentials). For a commit this means the transaction did not succeed as far as we know: the bot says
 * "nothing was recorded, try again" and shows the case as stored.
 */
export class StorageUnavailableError extends StorageError {
  constructor(
    message: string,
    statusCode?: number,
    options?: { cause?: unknown },
    /** A write that got no answer within the deadline: storage may still apply it, so say "may not have been saved". */
    readonly outcomeUnknown = false,
  ) {
    super(message, statusCode, options);
    this.name = 'StorageUnavailableError';
  }
}

/**
 * Thrown by the deadline policy (tables.ts) when storage did not answer in time. A write may still be applied
 * by storage later, so `write` tells the bot not to say "nothing was recorded".
 */
export class StorageDeadlineError extends Error {
  readonly code = 'STORAGE_DEADLINE';
  constructor(
    readonly ms: number,
    readonly write: boolean,
  ) {
    super(`no answer within ${ms} ms`);
    this.name = 'StorageDeadlineError';
  }
}

/** Table Storage refused the request as malformed (4xx other than a conflict): a bug, not a transient fault. */
export class StorageRequestError extends StorageError {
  constructor(message: string, statusCode?: number, options?: { cause?: unknown }) {
    super(message, statusCode, options);
    this.name = 'StorageRequestError';
  }
}

/** The data does not fit Table Storage's limits (property, entity, transaction); nothing was written. */
export class StorageLimitError extends StorageError {
  constructor(message: string) {
    super(message);
    this.name = 'StorageLimitError';
  }
}

export const MOVED_ON_MESSAGE = 'This case has moved on: someone acted on it at the same moment. Here is where it stands now.';

export function movedOn(message: string = MOVED_ON_MESSAGE): DomainError {
  return new DomainError('CASE.MOVED_ON', message);
}

/** The HTTP status of an SDK error, if the service answered. */
export function statusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const status = (err as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

export function hasStatus(err: unknown, ...statuses: number[]): boolean {
  const status = statusOf(err);
  return status !== undefined && statuses.includes(status);
}

const TRANSIENT = new Set([401, 403, 408, 429]);

/** Socket and DNS failures Node reports by code: storage could not be reached. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'REQUEST_SEND_ERROR']);
/** Errors of the SDK's transport and of @azure/identity: no answer, or no credential to ask with. */
const UNREACHABLE_NAMES = new Set(['AbortError', 'StorageDeadlineError', 'CredentialUnavailableError', 'AuthenticationError', 'AuthenticationRequiredError']);

/**
 * Whether an error without an HTTP status means storage could not be reached. Anything else without a status
 * happened before a request was sent (an entity Table Storage cannot hold: "Unknown EDM type object"): a data error.
 */
function unreachable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { name, code, cause } = err as { name?: unknown; code?: unknown; cause?: unknown };
  if (typeof name === 'string' && UNREACHABLE_NAMES.has(name)) return true;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  // A RestError without a status: the request went out (or tried to) and no answer came back.
  if (name === 'RestError') return true;
  return cause !== undefined && cause !== err && unreachable(cause);
}

/** Wraps whatever the SDK threw into a StorageError, by cause; domain and storage errors pass through unchanged. */
export function toStorageError(err: unknown, what: string): Error {
  if (err instanceof DomainError || err instanceof StorageError) return err;
  const status = statusOf(err);
  const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
  if (status === undefined && !unreachable(err)) {
    return new StorageRequestError(`Storage could not take ${what}: ${reason}`, undefined, { cause: err });
  }
  if (status === undefined || status >= 500 || TRANSIENT.has(status)) {
    const deadline = findDeadline(err);
    return new StorageUnavailableError(`Storage is unavailable (${what}): ${reason}`, status, { cause: err }, deadline?.write ?? false);
  }
  return new StorageRequestError(`Storage refused ${what} (HTTP ${status}): ${reason}`, status, { cause: err });
}

function findDeadline(err: unknown): StorageDeadlineError | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof StorageDeadlineError) return e;
  }
  return undefined;
}

/** Runs one storage call and maps its failure; `conflict` turns chosen statuses into something else. */
export async function guard<T>(what: string, call: () => Promise<T>, conflict?: (status: number) => Error | undefined): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const status = statusOf(err);
    const mapped = status !== undefined && conflict ? conflict(status) : undefined;
    throw mapped ?? toStorageError(err, what);
  }
}
