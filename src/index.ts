// Composition root: read settings, start the embedded storage when no real one is configured, run the bot.
import path from 'node:path';
import { loadConfig } from './config';
import { createLogger } from './log';
import type { EmbeddedAzurite } from './storage/azurite';
import { startTelemetry } from './telemetry';

async function main(): Promise<void> {
  let config = loadConfig();
  const log = createLogger(config.env.LOG_LEVEL);
  // Telemetry patches http and the Azure SDK as they load, so it starts before they are imported.
  const telemetry = startTelemetry(config.env.APPLICATIONINSIGHTS_CONNECTION_STRING, log);
  const { startBot } = await import('./main');
  const { startAzurite } = await import('./storage/azurite');
  let azurite: EmbeddedAzurite | undefined;
  if (!config.env.STORAGE_CONNECTION_STRING && !config.env.STORAGE_ACCOUNT_URL) {
    const location = path.resolve(config.env.DATA_DIR, 'azurite');
    azurite = await startAzurite({ location });
    log.info({ location, port: azurite.port }, 'embedded storage (Azurite) started');
    config = { ...config, env: { ...config.env, STORAGE_CONNECTION_STRING: azurite.connectionString } };
  }
  const bot = await startBot({ config, log });
  if (config.env.DEMO_SEED === 'true') {
    const { seedDemo } = await import('./demo');
    await seedDemo(bot.stores, log);
  }
  log.info({ url: `${bot.url}/api/messages` }, 'partner-fit is listening');
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await bot.stop();
    await azurite?.stop();
    await telemetry.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
