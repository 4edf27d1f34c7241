// Start-up and memory: `npm start` to a healthy /healthz (from an empty data folder, and again on the data it left),
// the compiled bot's cold start with storage already up (the App Service start command), and the resident memory of
// the compiled bot serving a large organisation after a few hundred clicks. Child processes, timed from spawn.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { azuriteConnectionString, freePort } from '../src/storage/azurite';
import { startChannel } from '../test/support/channel';
import { TeamsClient } from '../test/support/teams';
import type { Org } from './org';
import { partnerName } from './org';
import { round } from './stats';
import { SERVE_ARGS } from '../scripts/build';

const ROOT = path.resolve(__dirname, '..');

interface Started {
  child: ChildProcess;
  port: number;
  ms: number;
}

async function healthy(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Spawns the command and resolves when /healthz answers 200 (polling every 10 ms). */
async function startAndWait(command: string, args: string[], env: Record<string, string>, timeoutMs = 120_000): Promise<Started> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn', JOBS_ENABLED: 'false' }, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  while (!(await healthy(port))) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode}: ${stderr.slice(-500)}`);
    if (performance.now() - started > timeoutMs) throw new Error(`${command} ${args.join(' ')} not healthy after ${timeoutMs} ms: ${stderr.slice(-500)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { child, port, ms: round(performance.now() - started) };
}

/** SIGTERM to the process group (npm and what it started), then wait for the exit. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return round(kb / 1024);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export interface StartupFigures {
  /** `npm start` (ts-node, the embedded Azurite) from an empty data folder, then again on the data it left. */
  npmStartFirstMs: number;
  npmStartMs: number;
  buildSeconds: number;
  /** The bundle (`npm run serve`, the App Service start command) with storage already up, median of seven. */
  compiledColdStartMs: number;
}

export async function measureStartup(azuritePort: number): Promise<StartupFigures> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pf-bench-start-'));
  try {
    const first = await startAndWait('npm', ['start', '--silent'], { DATA_DIR: dataDir });
    await stop(first.child);
    const again = await startAndWait('npm', ['start', '--silent'], { DATA_DIR: dataDir });
    await stop(again.child);
    const t0 = performance.now();
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'ignore' });
    const buildSeconds = round((performance.now() - t0) / 1000);
    // Seven starts: a start's time swings by a few tenths of a second on a shared machine, and three let one
    // busy moment decide the median.
    const cold: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const run = await startAndWait('node', SERVE_ARGS, { STORAGE_CONNECTION_STRING: azuriteConnectionString(azuritePort), TABLE_PREFIX: 'benchcold' });
      cold.push(run.ms);
      await stop(run.child);
    }
    return { npmStartFirstMs: first.ms, npmStartMs: again.ms, buildSeconds, compiledColdStartMs: median(cold) };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export interface MemoryFigures {
  people: number;
  partners: number;
  clicks: number;
  rssMbAtStart: number;
  rssMbAfterClicks: number;
}

/**
 * The compiled bot on tables a size run left (`tablePrefix`): RSS when healthy, then after `status` on 300
 * different partners by 64 people, 100 flags and the whole `partners` list. Needs `npm run build` done.
 */
export async function measureMemory(azuritePort: number, tablePrefix: string, org: Org, partners: number): Promise<MemoryFigures> {
  const channel = await startChannel({ roster: [] });
  const run = await startAndWait('node', SERVE_ARGS, { STORAGE_CONNECTION_STRING: azuriteConnectionString(azuritePort), TABLE_PREFIX: tablePrefix, ADMIN_AAD_OBJECT_IDS: org.admin.aadObjectId });
  try {
    const rssMbAtStart = rssMb(run.child.pid!);
    const teams = new TeamsClient({ botEndpoint: `http://127.0.0.1:${run.port}/api/messages`, serviceUrl: channel.serviceUrl });
    const who = (i: number) => org.reporters[i % org.reporters.length]!;
    let clicks = 0;
    for (let i = 0; i < 300; i += 1, clicks += 1) await teams.say(who(i), `status ${partnerName((i * 7919) % partners)}`);
    for (let i = 0; i < 100; i += 1, clicks += 1) {
      const data = { partnerId: `bench-partner-${String((i * 104729 + 17) % partners).padStart(5, '0')}`, caseId: '', stage: -1, triggers: 'misaligned-expectations', ev1_kind: 'email', ev1_summary: 'They asked us to own the data migration.' };
      await teams.execute(who(i), teams.personalConversation(who(i)), { verb: 'flag', data });
    }
    await teams.say(who(0), 'partners');
    clicks += 1;
    return { people: org.people, partners, clicks, rssMbAtStart, rssMbAfterClicks: rssMb(run.child.pid!) };
  } finally {
    await stop(run.child);
    await channel.stop();
  }
}
