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
  constructor(message: string, statusCode?: number, options?: { cause?: unknown }) {
    super(message, statusCode, options);
    this.name = 'StorageUnavailableError';
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

/** Wraps whatever the SDK threw into a StorageError; domain and storage errors pass through unchanged. */
export function toStorageError(err: unknown, what: string): Error {
  if (err instanceof DomainError || err instanceof StorageError) return err;
  const status = statusOf(err);
  const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
  if (status === undefined || status >= 500 || TRANSIENT.has(status)) {
    return new StorageUnavailableError(`Storage is unavailable (${what}): ${reason}`, status, { cause: err });
  }
  return new StorageRequestError(`Storage refused ${what} (HTTP ${status}): ${reason}`, status, { cause: err });
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
