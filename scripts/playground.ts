// npm run playground [-- --as manager]: Microsoft 365 Agents Playground talking to the local bot, as one of the
// demo people (src/demo.ts). One Playground window is one person; open a second as the manager to approve.
//   npm run playground                 the bot (embedded storage, demo data) + Playground as Alex (the IC)
//   npm run playground -- --as manager another Playground window as Megan (the manager); it waits for the bot
// "Ready" is printed only once the bot has its demo data and the Playground answers; the slow first start shows progress.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import YAML from 'yaml';
import { DEMO_PEOPLE } from '../src/demo';

const ROLES = ['ic', 'manager', 'vp', 'gm', 'sales', 'admin'] as const;
type Role = (typeof ROLES)[number];

const args = process.argv.slice(2);
const asIndex = args.indexOf('--as');
const role = (asIndex >= 0 ? args[asIndex + 1] : 'ic') as Role;
if (!ROLES.includes(role)) {
  console.error(`--as takes one of: ${ROLES.join(', ')}`);
  process.exit(2);
}
const botPort = Number(process.env.PORT ?? 3978);
const playgroundPort = 56150 + ROLES.indexOf(role);

function playgroundUser(p: (typeof DEMO_PEOPLE)[number]) {
  const [given = p.name, ...rest] = p.name.split(' ');
  return {
    id: `user-id-${DEMO_PEOPLE.indexOf(p)}`,
    name: p.name,
    userPrincipleName: p.email,
    aadObjectId: p.userId,
    givenName: given,
    surname: rest.join(' ') || given,
    email: p.email,
  };
}

/** The Playground reads .m365agentsplayground.yml from its working folder; its schema wants exactly 5 other users. */
function writeConfig(dir: string): void {
  const me = DEMO_PEOPLE[ROLES.indexOf(role)]!;
  const config = {
    version: '0.1.1',
    tenantId: '00000000-0000-0000-0000-0000000000001',
    bot: { id: '00000000-0000-0000-0000-00000000000011', name: 'Partner Fit' },
    currentUser: playgroundUser(me),
    users: DEMO_PEOPLE.filter((p) => p !== me).slice(0, 5).map(playgroundUser),
    personalChat: { id: `personal-chat-${role}` },
    groupChat: { id: 'partner-fit-group-chat', name: 'Partner team' },
    team: {
      id: 'partner-fit-team',
      name: 'Partner Management',
      aadGroupId: '00000000-0000-0000-0000-000000000031',
      channels: [{ id: 'partner-fit-team-syncs', name: 'Team syncs' }],
    },
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, '.m365agentsplayground.yml'), YAML.stringify(config));
}

const me = DEMO_PEOPLE[ROLES.indexOf(role)]!;
const root = path.resolve(__dirname, '..');
const dir = path.join(root, '.data', 'playground', role);
writeConfig(dir);

const children: ReturnType<typeof spawn>[] = [];
/** Stops the Playground and the bot, and waits for them (the bot saves its storage on the way out). */
const stop = (code = 0) => {
  const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
  for (const c of running) c.kill('SIGTERM');
  void Promise.race([Promise.all(running.map((c) => new Promise((r) => c.once('exit', r)))), new Promise((r) => setTimeout(r, 15_000))]).then(() => process.exit(code));
};
process.once('SIGINT', () => stop());
process.once('SIGTERM', () => stop());

const startedAt = Date.now();
const seconds = () => Math.round((Date.now() - startedAt) / 1000);

/** Every few seconds while something slow runs, a line saying what is awaited and for how long. */
function ticking(what: string): () => void {
  const timer = setInterval(() => console.log(`  … still ${what} (${seconds()} s)`), 5000);
  return () => clearInterval(timer);
}

/** Resolves once `url` answers at all (any HTTP status); rejects after `limitMs`. */
async function answers(url: string, limitMs: number): Promise<void> {
  const until = Date.now() + limitMs;
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      if (Date.now() > until) throw new Error(`nothing answered at ${url} after ${Math.round(limitMs / 1000)} s`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/**
 * The bot, with its log read as it starts: each step is shown in words, and this resolves only once it says it is
 * listening (after the demo data is in), never earlier. The first start loads and compiles a lot of code (about
 * half a minute on a small machine): the lines keep coming meanwhile.
 */
function startBot(): Promise<void> {
  console.log('Starting the bot with the demo data (the first start takes up to a minute)…');
  const bot = spawn(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', path.join(root, 'src/index.ts')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PORT: String(botPort), DEMO_SEED: process.env.DEMO_SEED ?? 'true', ADMIN_AAD_OBJECT_IDS: process.env.ADMIN_AAD_OBJECT_IDS ?? DEMO_PEOPLE[5]!.userId },
  });
  children.push(bot);
  const done = ticking('starting the bot');
  return new Promise((resolve, reject) => {
    let ready = false;
    createInterface({ input: bot.stdout! }).on('line', (line) => {
      let entry: { msg?: string; level?: string | number } | undefined;
      try {
        entry = JSON.parse(line) as { msg?: string; level?: string };
      } catch {
        console.log(line);
        return;
      }
      if (!entry?.msg) return;
      console.log(`  bot: ${entry.msg}${entry.level === 'warn' || entry.level === 'error' ? ` (${entry.level})` : ''}`);
      if (!ready && entry.msg === 'partner-fit is listening') {
        ready = true;
        done();
        resolve();
      }
    });
    bot.once('exit', (code) => {
      done();
      if (!ready) reject(new Error(`the bot stopped before it was ready (exit code ${code}); its messages are above`));
      else if (code) console.error(`the bot exited with code ${code}`);
    });
  });
}

/** Another window's bot (`--as …`): wait for it to answer, saying so. */
async function waitForBot(): Promise<void> {
  const done = ticking(`waiting for the bot on port ${botPort} (start \`npm run playground\` in another terminal first)`);
  try {
    await answers(`http://127.0.0.1:${botPort}/healthz`, 10 * 60_000);
  } finally {
    done();
  }
}

async function run(): Promise<void> {
  if (role === 'ic' && !args.includes('--no-bot')) await startBot();
  else await waitForBot();
  console.log(`The bot is ready (${seconds()} s). Starting Agents Playground as ${me.name}…`);
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  const playground = spawn(process.execPath, [cli, '-p', String(playgroundPort), '-e', `http://127.0.0.1:${botPort}/api/messages`, '-c', 'msteams', '--disable-telemetry'], {
    cwd: dir,
    // The Playground exits when its stdin closes (e.g. run in the background): give it a pipe we keep open.
    stdio: ['pipe', 'inherit', 'inherit'],
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: process.env.TEAMSAPPTESTER_BROWSER ?? 'none' },
  });
  children.push(playground);
  playground.once('exit', (code) => {
    console.error(`Agents Playground exited${code ? ` with code ${code}` : ''}`);
    stop(code ?? 0);
  });
  const done = ticking('starting Agents Playground');
  try {
    await answers(`http://localhost:${playgroundPort}`, 2 * 60_000);
  } finally {
    done();
  }
  console.log(`Ready (${seconds()} s): Agents Playground as ${me.name} (${role}) at http://localhost:${playgroundPort}`);
}

run().catch((err: unknown) => {
  console.error(`npm run playground: ${err instanceof Error ? err.message : String(err)}`);
  stop(1);
});
