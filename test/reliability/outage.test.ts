// Storage paused (SIGSTOP: it accepts connections and never answers) for 30 s, then stopped for 30 s, in the middle
// of a case, with the bot's background outbox poll running. Every click and message is answered before storage
// comes back, in words (never an error's text), inside Teams' 15 s; /healthz keeps answering; nothing is
// half-written; and the case carries on once storage is back. The outages last 30 s of real time: that is the
// scenario (rounds are paced by a timer), not a wait for something to happen.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EmbeddedAzurite } from '../../src/storage/azurite';
import { startAzurite } from '../../src/storage/azurite';
import { answerText, caseData, caseOf, eventsOf, flagInChat, personal, setUpOrg, whereOf } from '../e2e/edgeKit';
import type { Harness } from '../e2e/harness';
import { startHarness } from '../e2e/harness';
import { TeamsClient } from '../support/teams';

const OUTAGE_MS = Number(process.env.OUTAGE_SECONDS ?? 30) * 1000;
const TEAMS_GIVES_UP_MS = 15_000;
const FAILED = /may not have been saved|nothing was recorded/i;

let dir: string;
let azurite: EmbeddedAzurite;
let h: Harness;
let teams: TeamsClient;
/** Longest answer during an outage, for the README's figures (measured, not asserted). */
const slowest = { paused: 0, stopped: 0 };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pf-outage-'));
  azurite = await startAzurite({ location: dir });
  h = await startHarness({}, { connectionString: azurite.connectionString, pollOutbox: true });
  // Teams' patience: an answer after 15 s is a failure the person sees.
  teams = new TeamsClient({ botEndpoint: `${h.bot.url}/api/messages`, serviceUrl: h.channel.serviceUrl, clock: () => h.clock.now(), timeoutMs: TEAMS_GIVES_UP_MS });
  await setUpOrg(h, { partners: ['Contoso'] });
  expect(answerText(await flagInChat(h, h.people.ic, 'Contoso'))).toContain('Flag recorded');
}, 120_000);

afterAll(async () => {
  try {
    process.kill(azurite.pid, 'SIGCONT');
  } catch {
    // already gone
  }
  await h?.stop();
  await azurite?.stop();
  rmSync(dir, { recursive: true, force: true });
  console.log(`outage: slowest answer while storage was paused ${slowest.paused} ms, while it was stopped ${slowest.stopped} ms`);
});

/** One round of what people do at once: the IC logs the reset attempt (a write), the manager asks for the status, a probe reads /healthz. */
async function round(which: keyof typeof slowest): Promise<void> {
  const state = await caseOfLastKnown();
  const started = performance.now();
  const [click, typed, health] = await Promise.all([
    teams.execute(h.people.ic, personal(h, h.people.ic), { verb: 'log-reset-attempt', data: caseData(state, { agreed: 'Two-day turnaround only for P1 tickets.', agreedOn: '2026-11-02' }) }),
    teams.say(h.people.manager, 'status Contoso'),
    fetch(`${h.bot.url}/healthz`, { signal: AbortSignal.timeout(TEAMS_GIVES_UP_MS) }),
  ]);
  slowest[which] = Math.max(slowest[which], Math.round(performance.now() - started));
  expect([click.httpStatus, answerText(click)]).toEqual([200, expect.stringMatching(FAILED)]);
  expect(answerText(click)).not.toMatch(/Storage is unavailable|Error|ECONN|deadline|ms\b/);
  expect(typed.status).toBe(200);
  expect([health.status, ((await health.json()) as { detail: { storage: string } }).detail.storage]).toEqual([503, 'down']);
}

let known: Awaited<ReturnType<typeof caseOf>>;
async function caseOfLastKnown() {
  return known;
}

/** Rounds for the outage's length, one every 2 s at most. */
async function duringOutage(which: keyof typeof slowest): Promise<number> {
  const until = performance.now() + OUTAGE_MS;
  let rounds = 0;
  while (performance.now() < until) {
    const next = performance.now() + 2_000;
    await round(which);
    rounds += 1;
    const rest = next - performance.now();
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  }
  return rounds;
}

/** After an outage: the case is whole (its state counts every event once) and the IC's step goes through. */
async function carriesOn(): Promise<void> {
  const health = await fetch(`${h.bot.url}/healthz`);
  expect(health.status).toBe(200);
  const state = await caseOf(h, 'contoso');
  const events = await eventsOf(h, 'contoso');
  expect(state.version).toBe(events.length);
  if (whereOf(state) === 'ic-reset/attempt') {
    const click = await teams.execute(h.people.ic, personal(h, h.people.ic), { verb: 'log-reset-attempt', data: caseData(state, { agreed: 'Two-day turnaround only for P1 tickets.', agreedOn: '2026-11-02' }) });
    expect(answerText(click)).toContain('Reset attempt logged');
  }
  // Either way (a write storage applied after its deadline counts once), the attempt waits for the manager now.
  expect(whereOf(await caseOf(h, 'contoso'))).toBe('ic-reset/approval');
  await h.deliver();
  expect(h.channel.messagesTo(h.teams.personalConversation(h.people.manager).id).length).toBeGreaterThan(0);
}

test('storage paused for 30 s: every answer comes before it is back, and the case carries on after', async () => {
  known = await caseOf(h, 'contoso');
  expect(whereOf(known)).toBe('ic-reset/attempt');
  process.kill(azurite.pid, 'SIGSTOP');
  let rounds: number;
  try {
    rounds = await duringOutage('paused');
  } finally {
    process.kill(azurite.pid, 'SIGCONT');
  }
  expect(rounds).toBeGreaterThan(1);
  await carriesOn();
}, 180_000);

test('storage stopped for 30 s: clear answers, the bot survives, and everything continues once it is back', async () => {
  // Back to an attempt to log: the manager sends it back (storage is up).
  const state = await caseOf(h, 'contoso');
  expect(answerText(await teams.execute(h.people.manager, personal(h, h.people.manager), { verb: 'send-back-reset', data: caseData(state, { comment: 'Which tickets?' }) }))).toContain('Sent back');
  known = await caseOf(h, 'contoso');
  const port = azurite.port;
  await azurite.stop();
  const rounds = await duringOutage('stopped');
  expect(rounds).toBeGreaterThan(1);
  azurite = await startAzurite({ port, location: dir });
  await carriesOn();
}, 180_000);
