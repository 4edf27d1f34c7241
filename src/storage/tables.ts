// Table clients: from a connection string (Azurite or an account key) or an account URL with a managed identity.
import type { TableServiceClientOptions } from '@azure/data-tables';
import { TableClient } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import { DefaultAzureCredential } from '@azure/identity';
import { guard, hasStatus, StorageDeadlineError } from './errors';

export type RetryOptions = NonNullable<TableServiceClientOptions['retryOptions']>;
type PipelinePolicy = NonNullable<TableServiceClientOptions['additionalPolicies']>[number]['policy'];

/**
 * A click in Teams waits on storage, so retries stay short: 3 retries from 300 ms, capped at 3 s
 * (the SDK's default waits up to 64 s between attempts).
 */
export const DEFAULT_RETRY: RetryOptions = { maxRetries: 3, retryDelayInMs: 300, maxRetryDelayInMs: 3_000 };

/**
 * Every storage call (its retries included) gets an answer or fails within this many ms: Teams gives up on a
 * request after about 15 s, and a turn must still answer inside that, even when storage hangs (README "Reliability").
 */
export const DEFAULT_DEADLINE_MS = 5_000;

export interface TableConnection {
  /** `STORAGE_CONNECTION_STRING`: Azurite (http) or a storage account with a key or SAS. Wins over `accountUrl`. */
  connectionString?: string;
  /** `STORAGE_ACCOUNT_URL`, e.g. https://<account>.table.core.windows.net, reached with `credential`. */
  accountUrl?: string;
  /** Defaults to DefaultAzureCredential (managed identity in Azure, developer sign-in locally). */
  credential?: TokenCredential;
  /** `AZURE_CLIENT_ID`: the user-assigned managed identity to use. */
  managedIdentityClientId?: string;
  retryOptions?: RetryOptions;
  /** Defaults to DEFAULT_DEADLINE_MS. */
  deadlineMs?: number;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'MERGE', 'DELETE']);

/** After a call ran out of time, calls get this much (storage is probably hung) until one answers again. */
export const SUSPECT_DEADLINE_MS = 1_000;

/**
 * Aborts a call (with its retries: it sits before the retry policy) that has no answer within `ms`. Once one ran
 * out of time, the next get SUSPECT_DEADLINE_MS until storage answers again, so a turn that needs several calls
 * still answers well inside Teams' limit.
 */
export function deadlinePolicy(ms: number): PipelinePolicy {
  let suspect = false;
  return {
    name: 'partnerFitDeadline',
    async sendRequest(request, next) {
      const limit = suspect ? Math.min(ms, SUSPECT_DEADLINE_MS) : ms;
      const controller = new AbortController();
      const outer = request.abortSignal;
      const forward = () => controller.abort();
      if (outer?.aborted) controller.abort();
      outer?.addEventListener('abort', forward);
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        controller.abort();
      }, limit);
      request.abortSignal = controller.signal;
      try {
        const response = await next(request);
        suspect = false;
        return response;
      } catch (err) {
        if (!late) throw err;
        suspect = true;
        throw new StorageDeadlineError(limit, WRITES.has(request.method.toUpperCase()));
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', forward);
      }
    },
  };
}

/** Table names: 3–63 letters and digits, starting with a letter. */
export function tableName(prefix: string, base: string): string {
  const name = `${prefix}${base}`;
  if (!/^[A-Za-z][A-Za-z0-9]{2,62}$/.test(name)) throw new TypeError(`"${name}" is not a valid table name (letters and digits, 3-63, starting with a letter).`);
  return name;
}

/** One factory per connection, so every table shares one credential. */
export function tableClientFactory(connection: TableConnection): (table: string) => TableClient {
  // One policy for every table: a hung storage is noticed once for all of them.
  const options: TableServiceClientOptions = {
    retryOptions: connection.retryOptions ?? DEFAULT_RETRY,
    additionalPolicies: [{ policy: deadlinePolicy(connection.deadlineMs ?? DEFAULT_DEADLINE_MS), position: 'perCall' }],
  };
  const cs = connection.connectionString?.trim();
  if (cs) {
    // allowInsecureConnection only permits http endpoints (Azurite); https accounts are unaffected.
    return (table) => TableClient.fromConnectionString(cs, table, { ...options, allowInsecureConnection: true });
  }
  const url = connection.accountUrl?.trim();
  if (!url) throw new TypeError('Storage needs STORAGE_CONNECTION_STRING or STORAGE_ACCOUNT_URL.');
  const credential =
    connection.credential ??
    new DefaultAzureCredential(connection.managedIdentityClientId ? { managedIdentityClientId: connection.managedIdentityClientId } : undefined);
  return (table) => new TableClient(url, table, credential, options);
}

/** Creates the table unless it exists (409 is fine). */
export async function ensureTable(client: TableClient): Promise<void> {
  await guard(`creating table ${client.tableName}`, async () => {
    try {
      await client.createTable();
    } catch (err) {
      if (!hasStatus(err, 409)) throw err;
    }
  });
}
