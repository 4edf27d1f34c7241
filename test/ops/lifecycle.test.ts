// The bot as an operator runs it: `npm start`'s own process with its embedded storage, stopped by Ctrl-C or
// SIGTERM (App Service, docker stop), killed outright, started twice over one folder, or losing its storage.
// Nothing a person was told is done may be lost, and nothing may be left running.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { AzuriteLockedError, freePort, startAzurite, startOrShareAzurite } from '../../src/storage/azurite';
import type { FakeChannel } from '../support/channel';
import { startChannel } from '../support/channel';
import type { TeamsUser } from '../support/teams';
import { TeamsClient, teamsUser } from '../support/teams';
import type { Running } from './support/processes';
import { gone, isRunning, runTs } from './support/processes';

jest.setTimeout(120_000);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pf-life-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A folder of its own for each storage test. */
function freshFolder(): string {
  return mkdtempSync(path.join(dir, 'azurite-'));
}

function held(connectionString: string): TableClient {
  return TableClient.fromConnectionString(connectionString, 'held', { allowInsecureConnection: true });
}

async function rowKeys(table: TableClient): Promise<string[]> {
  const keys: string[] = [];
  for await (const e of table.listEntities()) keys.push(e.rowKey!);
  return keys.sort();
}

describe('the embedded storage', () => {
  it('saves what was written when it is stopped, however soon after the write', async () => {
    const folder = freshFolder();
    const first = await startAzurite({ location: folder });
    const table = held(first.connectionString);
    await table.createTable();
    await table.createEntity({ partitionKey: 'p', rowKey: 'just-written' });
    await first.stop();
    expect(isRunning(first.pid)).toBe(false);

    const second = await startAzurite({ location: folder });
    try {
      expect(await rowKeys(held(second.connectionString))).toEqual(['just-written']);
    } finally {
      await second.stop();
    }
  });

  it('runs once per data folder: a second start is refused with who holds it, and scripts share the running one', async () => {
    const folder = freshFolder();
    const first = await startAzurite({ location: folder });
    try {
      const refused = await startAzurite({ location: folder }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AzuriteLockedError);
      expect((refused as Error).message).toContain(`process ${first.pid}`);
      expect((refused as Error).message).toMatch(/DATA_DIR/);

      const shared = await startOrShareAzurite(folder);
      expect(shared.port).toBe(first.port);
      await held(shared.connectionString).createTable();
      await shared.stop(); // borrowed: stopping it leaves the owner's running
      expect(isRunning(first.pid)).toBe(true);
    } finally {
      await first.stop();
    }
    // Stopped cleanly, the folder is free again.
    const again = await startAzurite({ location: folder });
    await again.stop();
  });

  it('saves and stops by itself when the process that started it is killed, and frees the folder', async () => {
    const folder = freshFolder();
    const holder = runTs('test/ops/support/holdAzurite.ts', [folder, 'before-the-kill']);
    const { azuritePid } = JSON.parse(await holder.line(/azuritePid/)) as { azuritePid: number };
    holder.child.kill('SIGKILL');
    await holder.exited;
    await gone(azuritePid);

    const next = await startAzurite({ location: folder });
    try {
      expect(await rowKeys(held(next.connectionString))).toEqual(['before-the-kill']);
    } finally {
      await next.stop();
    }
  });
});

describe('the bot process (npm start)', () => {
  let channel: FakeChannel;
  const admin: TeamsUser = teamsUser('Ada Admin');
  beforeAll(async () => {
    channel = await startChannel({ roster: [admin] });
  });
  afterAll(() => channel.stop());

  async function startBotProcess(port: number): Promise<Running> {
    const bot = runTs('src/index.ts', [], {
      PORT: String(port),
      DATA_DIR: dir,
      ADMIN_AAD_OBJECT_IDS: admin.aadObjectId,
      JOBS_ENABLED: 'false',
      LOG_LEVEL: 'info',
      STORAGE_CONNECTION_STRING: '',
      STORAGE_ACCOUNT_URL: '',
    });
    await bot.line(/partner-fit is listening/);
    return bot;
  }

  async function ask(port: number, text: string): Promise<string> {
    const teams = new TeamsClient({ botEndpoint: `http://127.0.0.1:${port}/api/messages`, serviceUrl: channel.serviceUrl });
    const conversationId = teams.personalConversation(admin).id;
    const before = channel.sent.length;
    const res = await teams.say(admin, text);
    expect(res.status).toBe(200);
    return JSON.stringify(channel.sent.slice(before).filter((s) => s.conversationId === conversationId).map((s) => s.activity));
  }

  function azuritePidOf(): number {
    return (JSON.parse(readFileSync(path.join(dir, 'azurite', 'partner-fit.lock'), 'utf8')) as { pid: number }).pid;
  }

  // One folder and port through the describe, in order, as an operator would live it.
  let port: number;
  let bot: Running;
  beforeAll(async () => {
    port = await freePort();
  });
  afterAll(async () => {
    if (bot && bot.child.exitCode === null) {
      bot.child.kill('SIGTERM');
      await bot.exited;
    }
  });

  it('keeps a change acknowledged just before SIGTERM (App Service, docker stop) and exits cleanly', async () => {
    bot = await startBotProcess(port);
    expect(await ask(port, 'partner add Sigterm Check')).toContain('Added');
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    expect(bot.output()).toMatch(/shutting down/);

    bot = await startBotProcess(port);
    expect(await ask(port, 'partners')).toContain('Sigterm Check');
  });

  it('refuses a second start over the same folder or port, saying why, and leaves nothing of it running', async () => {
    const clash = runTs('src/index.ts', [], { PORT: String(port), DATA_DIR: path.join(dir, 'other'), LOG_LEVEL: 'silent', STORAGE_CONNECTION_STRING: '' });
    expect((await clash.exited).code).toBe(1);
    expect(clash.output()).toContain(`Port ${port} is already in use`);
    expect(clash.output()).toMatch(/set PORT/);
    // The storage it had started in its own folder was stopped again: that folder's lock is gone.
    expect(existsSync(path.join(dir, 'other', 'azurite', 'partner-fit.lock'))).toBe(false);

    const sameFolder = runTs('src/index.ts', [], { PORT: String(await freePort()), DATA_DIR: dir, LOG_LEVEL: 'silent', STORAGE_CONNECTION_STRING: '' });
    expect((await sameFolder.exited).code).toBe(1);
    expect(sameFolder.output()).toMatch(/already using the embedded storage/);
    expect(await ask(port, 'partners')).toContain('Sigterm Check');
  });

  it('survives its storage hanging or dying: /healthz says so, and work carries on once it is back', async () => {
    const storagePid = azuritePidOf();
    process.kill(storagePid, 'SIGSTOP');
    try {
      const health = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(10_000) });
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ ok: false, detail: { storage: 'down' } });
    } finally {
      process.kill(storagePid, 'SIGCONT');
    }

    process.kill(storagePid, 'SIGKILL');
    await bot.line(/embedded storage started again/);
    expect(bot.child.exitCode).toBeNull();
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(await ask(port, 'partner add After Outage')).toContain('Added');
  });

  it('keeps a change acknowledged just before the bot is killed (SIGKILL): its storage saves and stops by itself', async () => {
    expect(await ask(port, 'partner add Sigkill Check')).toContain('Added');
    const storagePid = azuritePidOf();
    bot.child.kill('SIGKILL');
    await bot.exited;
    await gone(storagePid); // not left orphaned: it noticed, saved and stopped

    bot = await startBotProcess(port);
    const partners = await ask(port, 'partners');
    expect(partners).toContain('Sigterm Check');
    expect(partners).toContain('Sigkill Check');
  });

  it('stops on Ctrl-C (SIGINT) with nothing left running', async () => {
    const storagePid = azuritePidOf();
    bot.child.kill('SIGINT');
    expect((await bot.exited).code).toBe(0);
    expect(isRunning(storagePid)).toBe(false);
    expect(existsSync(path.join(dir, 'azurite', 'partner-fit.lock'))).toBe(false);
  });
});
