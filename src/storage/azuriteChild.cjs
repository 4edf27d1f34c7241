// The embedded Azurite's own process (plain JavaScript: it runs under bare `node`, from src/ or dist/ alike).
// Azurite keeps its tables in memory and writes them to disk every 5 s and when it is closed. Its own entry
// point closes (and so saves) only on SIGINT or an IPC "shutdown"; a SIGTERM, or the bot dying, would lose the
// last seconds. This process therefore:
//   - closes and saves on "shutdown", SIGINT, SIGTERM, SIGHUP, and when its parent goes away (IPC disconnect),
//     so it is never left orphaned and never stops without saving;
//   - holds a lock file in its data folder, so two bots never run two Azurites over the same files.
// Messages to the parent: { type: 'ready', port } | { type: 'locked', pid, port } | { type: 'failed', message }.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const TableConfiguration = require('azurite/dist/src/table/TableConfiguration').default;
const TableServer = require('azurite/dist/src/table/TableServer').default;

/** @type {{ host: string, port: number, location?: string }} */
const options = JSON.parse(process.argv[2] || '{}');
const LOCK_FILE = 'partner-fit.lock';
let lockPath;
let server;
let closing;

// The parent may be gone (that is one way this process is told to stop): writing to its pipes must not crash us.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

function tell(message) {
  if (process.connected) process.send(message);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Creates the lock atomically; a lock left by a process that no longer runs is taken over. */
function lock(folder) {
  const file = path.join(folder, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, port: 0 }));
      fs.closeSync(fd);
      return { file };
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let holder;
      try {
        holder = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        holder = undefined; // half-written by a process that died while writing it
      }
      if (holder && Number.isInteger(holder.pid) && holder.pid !== process.pid && alive(holder.pid)) return { heldBy: holder };
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${file}`);
}

function unlock() {
  if (!lockPath) return;
  try {
    const holder = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
    if (holder.pid === process.pid) fs.rmSync(lockPath, { force: true });
  } catch {
    /* already gone */
  }
  lockPath = undefined;
}

/** Closes the server, which writes the tables to disk, then exits. Every stop path ends here, once. */
function shutdown(exitCode) {
  if (!closing) {
    closing = (server ? server.close() : Promise.resolve())
      .catch((err) => console.error(`Azurite did not close cleanly: ${err && err.message}`))
      .finally(() => {
        unlock();
        process.exit(exitCode);
      });
  }
  return closing;
}

async function main() {
  const location = options.location ? path.resolve(options.location) : undefined;
  if (location) {
    fs.mkdirSync(location, { recursive: true });
    const taken = lock(location);
    if (taken.heldBy) {
      tell({ type: 'locked', pid: taken.heldBy.pid, port: taken.heldBy.port || 0 });
      process.exit(3);
    }
    lockPath = taken.file;
  }
  const config = new TableConfiguration(
    options.host || '127.0.0.1',
    options.port || 0,
    5, // keep-alive seconds, Azurite's default
    location ? path.join(location, '__azurite_db_table__.json') : '__azurite_db_table__.json',
    false, // debug log
    false, // access log
    undefined,
    undefined,
    false, // loose
    true, // skip the API version check (the SDK may be newer than the emulator)
    '',
    '',
    '',
    undefined,
    false,
    !location, // in memory when there is no folder (tests)
  );
  server = new TableServer(config);
  await server.start();
  const port = server.httpServer.address().port;
  if (lockPath) fs.writeFileSync(lockPath, JSON.stringify({ pid: process.pid, port }));
  tell({ type: 'ready', port });
}

process.on('message', (msg) => {
  if (msg === 'shutdown') void shutdown(0);
});
process.on('disconnect', () => void shutdown(0));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void shutdown(0));

main().catch((err) => {
  tell({ type: 'failed', message: err && err.message ? err.message : String(err) });
  unlock();
  process.exit(1);
});
