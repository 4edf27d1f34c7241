// With a bot app id, only Bot Framework-signed requests get in; without one, the bot stays on loopback.
import { loadConfig, ConfigError } from '../../src/config';
import { silentLogger } from '../../src/log';
import type { RunningBot } from '../../src/main';
import { startBot } from '../../src/main';
import { ManualClock } from '../../src/service/clock';
import { createTableStorage } from '../../src/storage';
import { testConnectionString, uniqueTablePrefix } from '../support/storage';
import { TeamsClient, teamsUser } from '../support/teams';

const APP_ID = '00000000-0000-0000-0000-00000000b07a';

describe('authentication', () => {
  let bot: RunningBot;
  beforeAll(async () => {
    const stores = await createTableStorage({ connectionString: testConnectionString(), tablePrefix: uniqueTablePrefix('auth') });
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-used', PUBLIC_BASE_URL: 'https://bot.example', EMAIL_LINK_SECRET: 'x'.repeat(32), LOG_LEVEL: 'silent' });
    bot = await startBot({ config, stores, clock: new ManualClock(new Date('2026-11-02T09:00:00Z')), log: silentLogger, pollOutbox: false, runJobs: false });
  });
  afterAll(async () => bot?.stop());

  it('refuses an activity without a Bot Framework token with 401, and records nothing', async () => {
    const teams = new TeamsClient({ botEndpoint: `${bot.url}/api/messages`, serviceUrl: 'http://127.0.0.1:9/' });
    const ivy = teamsUser('Ivy Chen');
    const res = await teams.say(ivy, 'flag Contoso');
    expect(res.status).toBe(401);
    expect(await bot.stores.directory.get(ivy.aadObjectId)).toBeUndefined();
  });

  it('refuses a forged token with 401', async () => {
    const teams = new TeamsClient({ botEndpoint: `${bot.url}/api/messages`, serviceUrl: 'http://127.0.0.1:9/' });
    const res = await teams.send(teams.personalMessage(teamsUser('Ivy Chen'), 'help'), { authorization: 'Bearer not.a.jwt' });
    expect(res.status).toBe(401);
  });

  it('will not start with an app id but no public URL for its email links', async () => {
    const config = loadConfig({ PORT: '0', MicrosoftAppId: APP_ID, EMAIL_LINK_SECRET: 'x'.repeat(32), LOG_LEVEL: 'silent' });
    await expect(startBot({ config, log: silentLogger, pollOutbox: false, runJobs: false, stores: bot.stores })).rejects.toThrow(ConfigError);
  });

  it('listens on loopback only in local mode, whatever HOST says', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0', MicrosoftAppId: APP_ID }).host).toBe('0.0.0.0');
  });
});
