// With a bot app id, only a token the Bot Framework signed for this bot gets in. Every other token (none, forged,
// expired, another issuer or audience, alg=none, HS256, for another service URL, or keys that cannot be fetched)
// is 401 with no detail, and nothing is stored. The signing keys come from a local OpenID stand-in (offline).
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import type { RunningBot } from '../../src/main';
import { startBot } from '../../src/main';
import { ManualClock } from '../../src/service/clock';
import { createTableStorage } from '../../src/storage';
import type { TableStorage } from '../../src/storage';
import { freePort } from '../../src/storage/azurite';
import type { FakeChannel } from '../support/channel';
import { startChannel } from '../support/channel';
import type { OpenIdStandIn } from '../support/openid';
import { startOpenIdStandIn } from '../support/openid';
import { testConnectionString, uniqueTablePrefix } from '../support/storage';
import type { TeamsUser } from '../support/teams';
import { TeamsClient, teamsUser } from '../support/teams';

const APP_ID = '00000000-0000-0000-0000-00000000b07a';

let channel: FakeChannel;
let openId: OpenIdStandIn;
let stores: TableStorage;
let bot: RunningBot;
let teams: TeamsClient;
const lines: string[] = [];

function logSink(): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
}

async function startAuthBot(metadataUrl: string): Promise<RunningBot> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'not-used',
    BotOpenIdMetadata: metadataUrl,
    PUBLIC_BASE_URL: 'https://bot.example',
    EMAIL_LINK_SECRET: 'x'.repeat(32),
  });
  const log = createLogger({ level: 'info', destination: logSink() });
  return startBot({ config, stores, clock: new ManualClock(new Date('2026-11-02T09:00:00Z')), log, pollOutbox: false, runJobs: false });
}

beforeAll(async () => {
  channel = await startChannel();
  openId = await startOpenIdStandIn({ appId: APP_ID, serviceUrl: channel.serviceUrl });
  stores = await createTableStorage({ connectionString: testConnectionString(), tablePrefix: uniqueTablePrefix('auth') });
  bot = await startAuthBot(openId.metadataUrl);
  teams = new TeamsClient({ botEndpoint: `${bot.url}/api/messages`, serviceUrl: channel.serviceUrl });
});

afterAll(async () => {
  await bot?.stop();
  await openId?.stop();
  await channel?.stop();
});

/** A card click that the bot answers in the HTTP response (no call out to Teams, which would need a real token). */
function click(user: TeamsUser) {
  return teams.invokeExecute(user, teams.personalConversation(user), { verb: 'show-status', data: { partnerId: 'contoso' } });
}

async function nothingStoredFor(user: TeamsUser): Promise<void> {
  expect(await stores.directory.get(user.aadObjectId)).toBeUndefined();
  expect(await stores.conversations.personal(user.aadObjectId)).toBeUndefined();
}

test('a token the Bot Framework signed for this bot gets in (the control for every refusal below)', async () => {
  const known = teamsUser('Ivy Chen');
  // Known with an email, so the turn asks Teams nothing (that would need a real token of the bot's own).
  await stores.directory.upsertPerson({ userId: known.aadObjectId, name: known.name, email: known.email, teamsId: known.id, tenantId: known.tenantId });
  const res = await teams.send(click(known), { authorization: `Bearer ${openId.token()}` });
  expect(res.status).toBe(200);
  expect(res.text).toContain('not known');
});

test('every token that cannot be validated gets 401 with no detail, and nothing is stored', async () => {
  const hour = 3600;
  const now = Math.floor(Date.now() / 1000);
  const tries: Array<[string, string | undefined]> = [
    ['no token', undefined],
    ['not a JWT', 'Bearer not.a.jwt'],
    ['not a bearer token', `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['forged (signed with another key)', `Bearer ${openId.forged()}`],
    ['an unknown key id', `Bearer ${openId.token({}, { kid: 'someone-elses-key' })}`],
    ['expired', `Bearer ${openId.token({ exp: now - hour, nbf: now - 2 * hour, iat: now - 2 * hour })}`],
    ['not yet valid', `Bearer ${openId.token({ nbf: now + hour, exp: now + 2 * hour })}`],
    ['for another bot (audience)', `Bearer ${openId.token({ aud: '11111111-2222-3333-4444-555555555555' })}`],
    ['from another tenant (issuer)', `Bearer ${openId.token({ iss: 'https://sts.windows.net/72f988bf-0000-0000-0000-000000000000/' })}`],
    ['from another issuer', `Bearer ${openId.token({ iss: 'https://evil.example' })}`],
    ['for another service URL', `Bearer ${openId.token({ serviceurl: 'https://evil.example/teams/' })}`],
    ['alg=none', `Bearer ${openId.unsigned()}`],
    ['HS256 with the public key as secret', `Bearer ${openId.hs256WithPublicKey()}`],
  ];
  for (const [what, authorization] of tries) {
    const stranger = teamsUser(`Stranger ${what}`);
    const res = await teams.send(click(stranger), authorization ? { authorization } : {});
    expect({ what, status: res.status, body: res.body }).toEqual({ what, status: 401, body: { error: 'Unauthorized.' } });
    await nothingStoredFor(stranger);
  }
  // The same for a typed message.
  const typed = teamsUser('Stranger typing');
  const res = await teams.send(teams.personalMessage(typed, 'partner add Evil'), { authorization: `Bearer ${openId.forged()}` });
  expect(res.status).toBe(401);
  await nothingStoredFor(typed);
  expect(await stores.partners.get('evil')).toBeUndefined();
});

test('when the signing keys cannot be fetched: 401 without detail, logged once at error level', async () => {
  const closed = await freePort();
  const cut = await startAuthBot(`http://127.0.0.1:${closed}/.well-known/openidconfiguration`);
  try {
    const client = new TeamsClient({ botEndpoint: `${cut.url}/api/messages`, serviceUrl: channel.serviceUrl });
    const before = lines.length;
    for (let i = 0; i < 3; i++) {
      const user = teamsUser(`Unlucky ${i}`);
      const res = await client.send(click(user), { authorization: `Bearer ${openId.token()}` });
      expect([res.status, res.body]).toEqual([401, { error: 'Unauthorized.' }]);
      expect(res.text).not.toMatch(/openid|127\.0\.0\.1|ECONNREFUSED/i);
      await nothingStoredFor(user);
    }
    const errors = lines.slice(before).map((l) => JSON.parse(l) as { level: string; msg: string }).filter((l) => l.level === 'error');
    expect(errors.map((e) => e.msg)).toEqual([expect.stringContaining('signing keys')]);
  } finally {
    await cut.stop();
  }
});
