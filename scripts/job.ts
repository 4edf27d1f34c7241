// npm run job -- timers|digest|unreached: one run of a scheduled job, for hosts that prefer an external timer (an Azure
// Functions timer, a cron job) to the bot's in-process scheduler. Safe alongside running bot instances: the
// timers commit with ETags and the digest claims each channel's week once. Prints the run's report as JSON.
// Storage as the bot reads it (STORAGE_CONNECTION_STRING / STORAGE_ACCOUNT_URL); without either, the embedded
// Azurite in DATA_DIR (the running bot's, when one runs on this machine).
import path from 'node:path';
import { loadConfig } from '../src/config';
import type { JobName } from '../src/jobs';
import { JOB_NAMES, createJobs, messengerOutputs } from '../src/jobs';
import { createLogger } from '../src/log';
import { CaseService } from '../src/service/caseService';
import { systemClock } from '../src/service/clock';
import { createTableStorage, tableStorageOptionsFrom } from '../src/storage';
import type { EmbeddedAzurite } from '../src/storage/azurite';
import { startOrShareAzurite } from '../src/storage/azurite';
import { createOutboxAdapter } from '../src/teams/adapter';
import { BotMessenger } from '../src/teams/messenger';

async function main(name: string | undefined): Promise<number> {
  if (!name || !(JOB_NAMES as readonly string[]).includes(name)) {
    console.error(`Usage: npm run job -- ${JOB_NAMES.join('|')}`);
    return 2;
  }
  let config = loadConfig();
  const log = createLogger(config.env.LOG_LEVEL);
  let azurite: EmbeddedAzurite | undefined;
  if (!config.env.STORAGE_CONNECTION_STRING && !config.env.STORAGE_ACCOUNT_URL) {
    azurite = await startOrShareAzurite(path.resolve(config.env.DATA_DIR, 'azurite'));
    config = { ...config, env: { ...config.env, STORAGE_CONNECTION_STRING: azurite.connectionString } };
  }
  try {
    const stores = await createTableStorage({
      ...tableStorageOptionsFrom(config.env),
      onBackgroundError: (err, context) => log.warn({ err, context }, 'storage index write failed; the repair sweep will fix it'),
    });
    const service = new CaseService({ stores, settings: config.workflow, configuredAdmins: config.env.ADMIN_AAD_OBJECT_IDS, clock: systemClock });
    const messenger = new BotMessenger({
      adapter: createOutboxAdapter(config),
      botAppId: config.env.MicrosoftAppId,
      conversations: stores.conversations,
      directory: stores.directory,
      nowMs: () => Date.now(),
    });
    const jobs = createJobs({
      config,
      stores,
      service,
      ...messengerOutputs(messenger, config.reach),
      clock: systemClock,
      log,
    });
    const repaired = await jobs.repair();
    const report = await jobs.run(name as JobName);
    console.log(JSON.stringify({ job: name, repaired, report }, null, 2));
    return 0;
  } finally {
    await azurite?.stop();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
