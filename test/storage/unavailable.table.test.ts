// Storage down: every call fails fast with StorageUnavailableError, so the bot can say "nothing was recorded, try again".
import { createTableStorage, StorageError, StorageUnavailableError } from '../../src/storage';
import { azuriteConnectionString, freePort } from '../../src/storage/azurite';
import { tableClientFactory } from '../../src/storage/tables';
import { at, commitFor, ctx, flag } from './fixtures';

let closed: string;

beforeAll(async () => {
  // A port nobody listens on.
  closed = azuriteConnectionString(await freePort());
});

describe('storage down', () => {
  it('createTableStorage() fails with StorageUnavailableError, quickly', async () => {
    const started = Date.now();
    const failure = await createTableStorage({ connectionString: closed, tablePrefix: 'down', retryOptions: { maxRetries: 0 } }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StorageUnavailableError);
    expect(failure).toBeInstanceOf(StorageError);
    expect((failure as Error).message).toMatch(/unavailable/i);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reads and commits fail with StorageUnavailableError (no domain error, nothing half-done)', async () => {
    const storage = await createTableStorage({ connectionString: closed, tablePrefix: 'down', retryOptions: { maxRetries: 0 }, ensureTables: false });
    const opening = commitFor(undefined, flag(), ctx('contoso', 'rita', at(0)));
    const calls: Promise<unknown>[] = [
      storage.cases.latest('contoso'),
      storage.cases.commit(opening),
      storage.cases.commit({ ...opening, read: { state: opening.state, etag: 'W/"x"' } }),
      storage.cases.events('contoso', 'contoso-0001'),
      storage.outbox.due(at(1), 10),
      storage.timers.due(at(1), 10),
      storage.partners.get('contoso'),
      storage.directory.snapshot(),
      storage.conversations.savePersonal('rita', { serviceUrl: 'https://x.example' }),
    ];
    const started = Date.now();
    const results = await Promise.allSettled(calls);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(StorageUnavailableError);
    }
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('an account URL with a token credential (managed identity in Azure) fails the same way when unreachable', async () => {
    const credential = { getToken: async () => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const url = closed.match(/TableEndpoint=(http[^;]+)/)![1]!.replace(/^http:/, 'https:');
    const storage = await createTableStorage({ accountUrl: url, credential, tablePrefix: 'down', retryOptions: { maxRetries: 0 }, ensureTables: false });
    await expect(storage.cases.latest('contoso')).rejects.toBeInstanceOf(StorageUnavailableError);
    // Without a credential given, DefaultAzureCredential (with the user-assigned identity's client id) is built.
    expect(tableClientFactory({ accountUrl: url, managedIdentityClientId: '00000000-0000-0000-0000-000000000000' })('downcases').url).toContain(url);
  });

  it('needs a connection string or an account URL', async () => {
    await expect(createTableStorage({ tablePrefix: 'none' })).rejects.toThrow(/STORAGE_CONNECTION_STRING or STORAGE_ACCOUNT_URL/);
  });
});
