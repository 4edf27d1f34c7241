// One in-memory Azurite for the whole run; suites isolate themselves with their own table names.
import { startAzurite } from '../../src/storage/azurite';

export default async function globalSetup(): Promise<void> {
  const azurite = await startAzurite();
  process.env.TEST_STORAGE_CONNECTION_STRING = azurite.connectionString;
  process.env.TEST_AZURITE_PID = String(azurite.pid);
  (globalThis as { __azurite?: typeof azurite }).__azurite = azurite;
}
