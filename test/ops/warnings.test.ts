// A start prints no DEP0111 from restify (issue 12, "Running it"): restify 11 loads spdy, whose http-deceiver reads
// process.binding('http_parser'); src/restifyQuiet.ts drops exactly that warning while restify loads, and no other.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

function stderrOf(script: string): string {
  // Without the flag jest.config.js gives its workers: this is the bot's own start.
  const NODE_OPTIONS = (process.env.NODE_OPTIONS ?? '').replace('--disable-warning=DEP0111', '').trim();
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS, TS_NODE_TRANSPILE_ONLY: 'true' } });
  expect(run.status).toBe(0);
  return run.stderr;
}

describe('loading the HTTP server', () => {
  it('restify alone warns DEP0111 (what this guards against)', () => {
    expect(stderrOf("require('restify')")).toMatch(/DEP0111/);
  });

  it('through src/server.ts it does not, and later warnings (DEP0111 included) are still printed', () => {
    const stderr = stderrOf("require('./src/server'); process.emitWarning('later', { type: 'DeprecationWarning', code: 'DEP0111' }); process.emitWarning('other', 'Warning')");
    expect(stderr).not.toMatch(/http_parser/);
    expect(stderr).toMatch(/\[DEP0111\] DeprecationWarning: later/);
    expect(stderr).toMatch(/Warning: other/);
  });
});
