// The embedded storage: Azurite's table service from node_modules, in a process of its own (azuriteChild.cjs)
// that the project starts and stops. Stopping asks it to close, which writes its tables to disk, and waits;
// if the bot dies the child notices (its IPC channel closes) and closes the same way, so nothing acknowledged
// is lost and nothing is left running. A lock file in the data folder keeps one Azurite per folder.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/** Azurite's well-known development account (public, documented; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export function azuriteConnectionString(port: number): string {
  return `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};TableEndpoint=http://127.0.0.1:${port}/${AZURITE_ACCOUNT};`;
}

export interface EmbeddedAzurite {
  port: number;
  connectionString: string;
  pid: number;
  /** Closes Azurite, which saves its tables, and resolves once its process has exited. */
  stop(): Promise<void>;
  /** Resolves if Azurite's process ends without `stop()` (it crashed or was killed). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface AzuriteOptions {
  /** 0 (default) lets Azurite pick a free port and tell us. */
  port?: number;
  /** A folder for data; omitted means in memory (tests). */
  location?: string;
  startupTimeoutMs?: number;
  /** How long `stop()` waits for Azurite to save and exit before killing it. Default 30 s. */
  stopTimeoutMs?: number;
}

/** Another process already runs Azurite over this data folder. */
export class AzuriteLockedError extends Error {
  constructor(
    readonly location: string,
    readonly pid: number,
    /** The port that Azurite listens on (0 when it had not said yet). */
    readonly port: number,
  ) {
    super(
      `Another partner-fit (process ${pid}) is already using the embedded storage in ${location}. ` +
        'Stop it first, or set DATA_DIR to another folder (or STORAGE_CONNECTION_STRING to share its storage).',
    );
    this.name = 'AzuriteLockedError';
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** The child script sits next to this file in src/, and next to the bundle in dist/ (`npm run build` copies it). */
function childScript(): string {
  const script = path.join(__dirname, 'azuriteChild.cjs');
  if (!existsSync(script)) throw new Error(`azuriteChild.cjs not found (looked in ${script})`);
  return script;
}

type ChildMessage = { type: 'ready'; port: number } | { type: 'locked'; pid: number; port: number } | { type: 'failed'; message: string };

export async function startAzurite(options: AzuriteOptions = {}): Promise<EmbeddedAzurite> {
  const location = options.location ? path.resolve(options.location) : undefined;
  // Its own process group: Ctrl-C in a terminal reaches the bot, which stops Azurite after its own last writes.
  const child = fork(childScript(), [JSON.stringify({ host: '127.0.0.1', port: options.port ?? 0, ...(location ? { location } : {}) })], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    detached: true,
    execArgv: [],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const port = await waitForReady(child, exited, location, options.startupTimeoutMs ?? 30_000);
  // The bot's process may exit without waiting for Azurite (it saves and exits on its own when the IPC channel closes).
  child.stderr?.destroy();
  child.unref();
  child.channel?.unref();
  return {
    port,
    connectionString: azuriteConnectionString(port),
    pid: child.pid ?? 0,
    stop: () => stopChild(child, exited, options.stopTimeoutMs ?? 30_000),
    exited,
  };
}

function waitForReady(child: ChildProcess, exited: EmbeddedAzurite['exited'], location: string | undefined, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4_000);
    };
    child.stderr?.on('data', collect);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Azurite did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const settle = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
    };
    const onMessage = (msg: ChildMessage) => {
      settle();
      if (msg.type === 'ready') resolve(msg.port);
      else if (msg.type === 'locked') reject(new AzuriteLockedError(location ?? '(memory)', msg.pid, msg.port));
      else reject(new Error(`Azurite could not start: ${msg.message}\n${output}`));
    };
    child.on('message', onMessage);
    void exited.then(({ code, signal }) => {
      settle();
      reject(new Error(`Azurite exited (${signal ?? `code ${code}`}) before it started:\n${output}`));
    });
  });
}

async function stopChild(child: ChildProcess, exited: EmbeddedAzurite['exited'], timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // "shutdown" over IPC (or, if that channel is gone, SIGINT) makes Azurite close and write its tables first.
  if (child.connected) child.send('shutdown');
  else child.kill('SIGINT');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  const outcome = await Promise.race([exited, late]);
  clearTimeout(timer);
  if (outcome === 'late') {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`Azurite did not save and stop within ${timeoutMs} ms; it was killed (the last seconds of writes may be lost).`);
  }
}

/**
 * For one-shot scripts (`npm run job`, `npm run demo:seed`): the Azurite already running over `location` for a
 * bot on this machine, else one of their own. Stopping a borrowed one does nothing.
 */
export async function startOrShareAzurite(location: string): Promise<EmbeddedAzurite> {
  try {
    return await startAzurite({ location });
  } catch (err) {
    if (!(err instanceof AzuriteLockedError) || !err.port) throw err;
    return { port: err.port, connectionString: azuriteConnectionString(err.port), pid: err.pid, stop: async () => undefined, exited: new Promise(() => undefined) };
  }
}

export interface SupervisedAzurite {
  readonly connectionString: string;
  /** Stops the current Azurite (saving) and starts no other. */
  stop(): Promise<void>;
}

/**
 * The bot's embedded storage: started over `location`, and started again on the same port whenever it dies
 * under the bot (requests answer "storage down" meanwhile and carry on by themselves once it is back).
 * `onRestart` runs after each restart (the bot makes again any table its last unsaved seconds held).
 */
export async function superviseAzurite(
  location: string,
  o: { onRestart?: () => Promise<void>; log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void } },
): Promise<SupervisedAzurite> {
  let current = await startAzurite({ location });
  let stopping = false;
  const watch = (running: EmbeddedAzurite): void => {
    void running.exited.then(async ({ code, signal }) => {
      for (let attempt = 0; !stopping; attempt += 1) {
        o.log.error({ code, signal, attempt }, 'the embedded storage stopped unexpectedly; starting it again');
        try {
          current = await startAzurite({ location, port: running.port });
        } catch (err) {
          o.log.error({ err }, 'could not start the embedded storage again');
          await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1_000 * 2 ** attempt)));
          continue;
        }
        watch(current);
        await o.onRestart?.().catch((err: unknown) => o.log.error({ err }, 'after restarting the embedded storage'));
        o.log.info({ port: current.port }, 'embedded storage started again');
        return;
      }
    });
  };
  watch(current);
  return {
    connectionString: current.connectionString,
    stop: async () => {
      stopping = true;
      await current.stop();
    },
  };
}
