// npm run playground [-- --as manager]: Microsoft 365 Agents Playground talking to the local bot, as one of the
// demo people (src/demo.ts). One Playground window is one person; open a second as the manager to approve.
//   npm run playground                 the bot (embedded storage, demo data) + Playground as Alex (the IC)
//   npm run playground -- --as manager another Playground window as Megan (the manager); the bot must be running
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
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

const root = path.resolve(__dirname, '..');
const dir = path.join(root, '.data', 'playground', role);
writeConfig(dir);

const children: ReturnType<typeof spawn>[] = [];
if (role === 'ic' && !args.includes('--no-bot')) {
  children.push(
    spawn(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', path.join(root, 'src/index.ts')], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, DEMO_SEED: process.env.DEMO_SEED ?? 'true', ADMIN_AAD_OBJECT_IDS: process.env.ADMIN_AAD_OBJECT_IDS ?? DEMO_PEOPLE[5]!.userId },
    }),
  );
}
const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
children.push(
  spawn(process.execPath, [cli, '-p', String(playgroundPort), '-e', `http://127.0.0.1:${botPort}/api/messages`, '-c', 'msteams', '--disable-telemetry'], {
    cwd: dir,
    // The Playground exits when its stdin closes (e.g. run in the background): give it a pipe we keep open.
    stdio: ['pipe', 'inherit', 'inherit'],
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: process.env.TEAMSAPPTESTER_BROWSER ?? 'none' },
  }),
);
console.log(`Agents Playground as ${DEMO_PEOPLE[ROLES.indexOf(role)]!.name} (${role}): http://localhost:${playgroundPort}`);
const stop = () => {
  for (const c of children) c.kill('SIGTERM');
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
for (const c of children) c.once('exit', (code) => code && code !== 0 && console.error(`a child exited with code ${code}`));
