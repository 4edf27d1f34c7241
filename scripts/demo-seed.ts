// npm run demo:seed: fills the demo directory and partners (src/demo.ts) into the configured storage, or into
// the embedded Azurite under DATA_DIR (the running bot's, if one runs). DEMO_SEED=true npm start
// does the same at start-up.
import path from 'node:path';
import { loadConfig } from '../src/config';
import { seedDemo } from '../src/demo';
import { createLogger } from '../src/log';
import { startOrShareAzurite } from '../src/storage/azurite';
import { createTableStorage, tableStorageOptionsFrom } from '../src/storage';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.env.LOG_LEVEL);
  const embedded = !config.env.STORAGE_CONNECTION_STRING && !config.env.STORAGE_ACCOUNT_URL;
  const azurite = embedded ? await startOrShareAzurite(path.resolve(config.env.DATA_DIR, 'azurite')) : undefined;
  try {
    const env = azurite ? { ...config.env, STORAGE_CONNECTION_STRING: azurite.connectionString } : config.env;
    const stores = await createTableStorage(tableStorageOptionsFrom(env));
    await seedDemo(stores, log);
  } finally {
    await azurite?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
