// Runs the real bot in-process on a free port, on Azurite, with a manual clock, against the Teams stand-in.
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import type { Logger } from '../../src/log';
import type { RunningBot } from '../../src/main';
import { startBot } from '../../src/main';
import { ManualClock } from '../../src/service/clock';
import { createTableStorage } from '../../src/storage';
import type { TableStorage } from '../../src/storage';
import type { FakeChannel } from '../support/channel';
import { startChannel } from '../support/channel';
import { testConnectionString, uniqueTablePrefix } from '../support/storage';
import type { TeamsUser } from '../support/teams';
import { TeamsClient, teamsUser } from '../support/teams';

export interface Cast {
  ic: TeamsUser;
  manager: TeamsUser;
  vp: TeamsUser;
  gm: TeamsUser;
  sales: TeamsUser;
  admin: TeamsUser;
  stranger: TeamsUser;
}

export function cast(): Cast {
  return {
    ic: teamsUser('Ivy Chen'),
    manager: teamsUser('Manny Ortiz'),
    vp: teamsUser('Vera Lind'),
    gm: teamsUser('Gus Meyer'),
    sales: teamsUser('Sam Diaz'),
    admin: teamsUser('Ada Admin'),
    stranger: teamsUser('Stan Ranger'),
  };
}

export interface Harness {
  clock: ManualClock;
  channel: FakeChannel;
  stores: TableStorage;
  bot: RunningBot;
  teams: TeamsClient;
  people: Cast;
  /** Delivers every pending ping now (the dispatcher also runs on its own after each change). */
  deliver(): Promise<void>;
  stop(): Promise<void>;
}

/** Monday 2 November 2026, 09:00 UTC. */
export const START = new Date('2026-11-02T09:00:00.000Z');

export interface HarnessOptions {
  /** When the clock starts (default START). */
  start?: Date;
  /** Tokens for a Microsoft Graph stand-in (with GRAPH_ENABLED and GRAPH_BASE_URL in `env`). */
  graphToken?: () => Promise<string>;
  /** The bot's logger (default silent); the reliability suite reads it back. */
  log?: Logger;
  /** Storage of its own (default: the run's shared Azurite), e.g. one the test stops and starts. */
  connectionString?: string;
  /** Poll the outbox in the background, as the real process does (default: deliveries only through deliver()). */
  pollOutbox?: boolean;
}

export async function startHarness(env: Record<string, string> = {}, options: HarnessOptions = {}): Promise<Harness> {
  const people = cast();
  const clock = new ManualClock(options.start ?? START);
  const channel = await startChannel({ clock: () => clock.now(), roster: Object.values(people) });
  let bot: RunningBot;
  let stores: TableStorage;
  try {
    // The production retry policy: a loaded CI machine can drop an Azurite connection now and then.
    stores = await createTableStorage({ connectionString: options.connectionString ?? testConnectionString(), tablePrefix: uniqueTablePrefix('e2e') });
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ADMIN_AAD_OBJECT_IDS: people.admin.aadObjectId, ...env });
    bot = await startBot({ config, stores, clock, log: options.log ?? silentLogger, random: () => 0.5, pollOutbox: options.pollOutbox ?? false, runJobs: false, ...(options.graphToken ? { graphToken: options.graphToken } : {}) });
  } catch (err) {
    await channel.stop();
    throw err;
  }
  const teams = new TeamsClient({ botEndpoint: `${bot.url}/api/messages`, serviceUrl: channel.serviceUrl, clock: () => clock.now() });
  return {
    clock,
    channel,
    stores,
    bot,
    teams,
    people,
    deliver: async () => {
      await bot.dispatcher.runOnce();
    },
    stop: async () => {
      await bot.stop();
      await channel.stop();
    },
  };
}
