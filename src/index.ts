// Composition root: read settings, start the embedded storage when no real one is configured, run the bot.
// Whatever a start starts, a failed start stops; a stop (Ctrl-C, SIGTERM from App Service or docker) finishes
// the bot's own writes first, then lets the embedded storage save, then exits.
import path from 'node:path';
import { loadConfig } from './config';
import { createLogger } from './log';
import type { TableStorage } from './storage';
import type { SupervisedAzurite } from './storage/azurite';
import { startTelemetry } from './telemetry';

/** Long enough for the platform's first health probes to pass; short next to a person's first click. */
const WARM_UP_DELAY_MS = 2_000;

async function main(): Promise<void> {
  let config = loadConfig();
  const log = createLogger(config.env.LOG_LEVEL);
  // Telemetry patches http and the Azure SDK as they load, so it starts before they are imported.
  const telemetry = startTelemetry(config.env.APPLICATIONINSIGHTS_CONNECTION_STRING, log);
  // Loading the bot's code is the slow part of a start (half a minute on a small machine under ts-node): say so.
  log.info('loading the bot');
  const { startBot, describeStartFailure, openStorage } = await import('./main');
  const { superviseAzurite } = await import('./storage/azurite');
  let azurite: SupervisedAzurite | undefined;
  let storage: TableStorage | undefined;
  let stopping = false;
  const stopAll = async (bot?: { stop(): Promise<void> }) => {
    stopping = true;
    await bot?.stop().catch((err: unknown) => log.error({ err }, 'the bot did not stop cleanly'));
    await azurite?.stop().catch((err: unknown) => log.error({ err }, 'the embedded storage did not stop cleanly'));
    await telemetry.stop();
  };

  let bot: Awaited<ReturnType<typeof startBot>>;
  try {
    if (!config.env.STORAGE_CONNECTION_STRING && !config.env.STORAGE_ACCOUNT_URL) {
      const location = path.resolve(config.env.DATA_DIR, 'azurite');
      log.info({ location }, 'starting the embedded storage (Azurite)');
      // Tables made in its last unsaved seconds before a crash are made again when it restarts.
      azurite = await superviseAzurite(location, { log, onRestart: async () => storage?.ensureTables() });
      log.info({ location }, 'embedded storage (Azurite) started');
      config = { ...config, env: { ...config.env, STORAGE_CONNECTION_STRING: azurite.connectionString } };
    }
    storage = await openStorage(config, log);
    bot = await startBot({ config, log, stores: storage });
    if (config.env.DEMO_SEED === 'true') {
      const { seedDemo } = await import('./demo');
      await seedDemo(bot.stores, log);
    }
  } catch (err) {
    await stopAll();
    throw new Error(describeStartFailure(err, config));
  }
  log.info({ url: `${bot.url}/api/messages` }, 'partner-fit is listening');
  // Healthy first; the card templating library loads a moment later (README "Performance"), so neither the first
  // health probe nor, most likely, the first card waits for it.
  const { warmUpTemplates } = await import('./teams/cards/render');
  setTimeout(warmUpTemplates, WARM_UP_DELAY_MS).unref();
  const shutdown = async (signal: string) => {
    if (stopping) return;
    log.info({ signal }, 'shutting down');
    await stopAll(bot);
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
