// Builds every store on Azure Table Storage (or Azurite): creates the tables, then hands out the ports.
import type { TableClient } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import { readRow } from './entities';
import { guard } from './errors';
import type { DigestStores, Stores } from './ports';
import type { BackgroundErrorHandler } from './caseStore.table';
import { TableCaseStore } from './caseStore.table';
import { Freshness, TableChangeMarker } from './changes.table';
import { TableConversationStore } from './conversationStore.table';
import { TableDigestRunStore } from './digestRuns.table';
import { TableDigestScopeStore } from './digestScopes.table';
import { TableDirectoryStore } from './directoryStore.table';
import { TableHealthStore } from './healthStore.table';
import { TableOutboxStore } from './outbox.table';
import { TablePartnerStore } from './partnerStore.table';
import { TablePendingFlagStore } from './pendingFlags.table';
import { TableSubscriptionStore } from './subscriptions.table';
import type { SpottingStore } from './spotting.table';
import { TableSpottingStore } from './spotting.table';
import type { RetryOptions } from './tables';
import { ensureTable, tableClientFactory, tableName } from './tables';
import { TableTimerIndex } from './timerIndex.table';
import { TableReachStore } from './reach.table';
import { TableWorkIndex } from './work.table';
import { CoalescingWriter } from './coalescing';

export interface TableStorageOptions {
  /** STORAGE_CONNECTION_STRING (Azurite or an account key/SAS). Wins over `accountUrl`. */
  connectionString?: string;
  /** STORAGE_ACCOUNT_URL, reached with `credential` (default: DefaultAzureCredential, i.e. the managed identity in Azure). */
  accountUrl?: string;
  credential?: TokenCredential;
  /** AZURE_CLIENT_ID of a user-assigned managed identity. */
  managedIdentityClientId?: string;
  /** TABLE_PREFIX: letters and digits, starting with a letter. */
  tablePrefix: string;
  /** Defaults to DEFAULT_RETRY (3 quick retries); tests pass `{ maxRetries: 0 }`. */
  retryOptions?: RetryOptions;
  /** Each storage call answers or fails within this many ms (default DEFAULT_DEADLINE_MS, tables.ts). */
  deadlineMs?: number;
  /** OUTBOX_LEASE_SECONDS: how long the instance that committed a ping has it to itself (default DELIVERY_LEASE_MS). */
  deliveryLeaseMs?: number;
  /** Create the tables first (default true; creating an existing table is fine). */
  ensureTables?: boolean;
  /** Index writes that fail after a successful commit (the repair sweeps recover them). Default: console.warn. */
  onBackgroundError?: BackgroundErrorHandler;
}

/** The tables behind the stores, by role. */
export const TABLES = {
  meta: 'meta',
  cases: 'cases',
  outboxIndex: 'outbox',
  timers: 'timers',
  partners: 'partners',
  directory: 'directory',
  conversations: 'conversations',
  digest: 'digest',
  spotting: 'spotting',
  health: 'health',
  work: 'work',
  reach: 'reach',
} as const;

/** The red-flag spotter's store, next to `Stores` (README "Spotting red flags in syncs"). */
export interface SpottingStores {
  spotting: SpottingStore;
}

export interface TableStorage extends Stores, DigestStores, SpottingStores {
  /** The table names in use, e.g. for diagnostics. */
  tableNames: Record<keyof typeof TABLES, string>;
  /** Creates any table that is missing (after the embedded storage restarted without its last seconds). */
  ensureTables(): Promise<void>;
}

export async function createTableStorage(options: TableStorageOptions): Promise<TableStorage> {
  const client = tableClientFactory(options);
  const names = Object.fromEntries(Object.entries(TABLES).map(([role, base]) => [role, tableName(options.tablePrefix, base)])) as Record<keyof typeof TABLES, string>;
  const t = {
    meta: client(names.meta),
    cases: client(names.cases),
    outboxIndex: client(names.outboxIndex),
    timers: client(names.timers),
    partners: client(names.partners),
    directory: client(names.directory),
    conversations: client(names.conversations),
    digest: client(names.digest),
    spotting: client(names.spotting),
    health: client(names.health),
    work: client(names.work),
    reach: client(names.reach),
  };
  const ensureTables = async () => {
    await Promise.all(Object.values(t).map(ensureTable));
  };
  if (options.ensureTables ?? true) await ensureTablesOnce(t.meta, Object.values(names), ensureTables);
  const onBackgroundError: BackgroundErrorHandler =
    options.onBackgroundError ?? ((error, context) => console.warn(`storage: ${context} failed; the repair sweep will fix it:`, error));
  const marker = new TableChangeMarker(t.meta);
  const freshness = new Freshness(marker);
  const directory = new TableDirectoryStore(t.directory, freshness);
  // Index writes of commits and deliveries under way at once share transactions (coalescing.ts).
  const tables = { ...t, indexes: { outboxIndex: new CoalescingWriter(t.outboxIndex), timers: new CoalescingWriter(t.timers) } };
  const cases = new TableCaseStore(tables, onBackgroundError, options.deliveryLeaseMs);
  const partners = new TablePartnerStore(t.partners, freshness);
  const conversations = new TableConversationStore(t.conversations);
  if (options.ensureTables ?? true) await upgradeLayout(t.meta, { directory, cases, partners, conversations });
  return {
    tableNames: names,
    ensureTables,
    refresh: () => freshness.refresh(),
    cases,
    outbox: new TableOutboxStore(tables, onBackgroundError),
    timers: new TableTimerIndex(t),
    partners,
    pendingFlags: new TablePendingFlagStore(t.partners),
    directory,
    conversations,
    subscriptions: new TableSubscriptionStore(t.digest),
    digestRuns: new TableDigestRunStore(t.digest),
    spotting: new TableSpottingStore(t.spotting),
    digestScopes: new TableDigestScopeStore(t.digest),
    health: new TableHealthStore(t.health),
    work: new TableWorkIndex(t),
    reach: new TableReachStore(t.reach),
  };
}

/**
 * Creates the tables unless the meta table says these very tables were made: then a start costs one read instead
 * of a create per table (README "Performance"). A version with another table makes them all again. (The embedded
 * Azurite's restart, which may lose tables made in its last seconds, calls `ensureTables` itself.)
 */
async function ensureTablesOnce(meta: TableClient, tableNames: string[], ensureTables: () => Promise<void>): Promise<void> {
  const list = [...tableNames].sort().join(',');
  const made = await readRow(meta, 'meta', 'tables');
  if (made?.names === list) return;
  await ensureTables();
  await guard('recording the tables made', () => meta.upsertEntity({ partitionKey: 'meta', rowKey: 'tables', names: list }, 'Replace'));
}

/**
 * Tables written by an earlier version get the current layout once, remembered in the meta table: people, partners
 * and conversation references in partitions of their own (with the directory's index rows), each partner's
 * latest-case row, and the directory's email index rows.
 */
async function upgradeLayout(
  meta: TableClient,
  s: { directory: TableDirectoryStore; cases: TableCaseStore; partners: TablePartnerStore; conversations: TableConversationStore },
): Promise<void> {
  const LEVEL = 3;
  const row = await readRow(meta, 'meta', 'layout');
  const level = Number(row?.level ?? 0);
  if (level >= LEVEL) return;
  if (level < 2) {
    await s.directory.migrateFromSharedPartition();
    await s.partners.migrateFromSharedPartition();
    await s.conversations.migrateFromSharedPartitions();
    await s.cases.buildLatestRows();
  }
  // Level 3: people are found by email through index rows (README "Reaching people").
  await s.directory.indexEmails();
  await guard('recording the table layout', () => meta.upsertEntity({ partitionKey: 'meta', rowKey: 'layout', level: LEVEL }, 'Replace'));
}

/** Options from the settings the bot reads (config.ts names), so the composition root stays one line. */
export function tableStorageOptionsFrom(env: {
  STORAGE_CONNECTION_STRING: string;
  STORAGE_ACCOUNT_URL: string;
  AZURE_CLIENT_ID: string;
  TABLE_PREFIX: string;
  OUTBOX_LEASE_SECONDS?: number;
}): TableStorageOptions {
  return {
    tablePrefix: env.TABLE_PREFIX,
    ...(env.OUTBOX_LEASE_SECONDS ? { deliveryLeaseMs: env.OUTBOX_LEASE_SECONDS * 1000 } : {}),
    ...(env.STORAGE_CONNECTION_STRING ? { connectionString: env.STORAGE_CONNECTION_STRING } : {}),
    ...(env.STORAGE_ACCOUNT_URL ? { accountUrl: env.STORAGE_ACCOUNT_URL } : {}),
    ...(env.AZURE_CLIENT_ID ? { managedIdentityClientId: env.AZURE_CLIENT_ID } : {}),
  };
}

export type { BackgroundErrorHandler } from './caseStore.table';
export { DEFAULT_DEADLINE_MS, DEFAULT_RETRY } from './tables';
export type { RetryOptions, TableConnection } from './tables';
export { StorageError, StorageLimitError, StorageRequestError, StorageUnavailableError } from './errors';
export type * from './ports';
export type { SpottingStore, SpottingSuggestion } from './spotting.table';
