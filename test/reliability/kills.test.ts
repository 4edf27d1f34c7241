// The bot's own process (node dist/partner-fit.js, with its outbox poll) SIGKILLed at a random moment of a scripted
// case, then started again, TRIALS times in a row on one storage. People act as they would: each step is done
// unless the case shows it done already (someone whose click got no answer looks before trying again). After each
// trial: the case ends exactly as in an uninterrupted run, every step someone was told was done is there, and every
// ping went out at least once (duplicates are counted: a ping sent just before the kill, not yet marked sent).
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { CaseEvent, CaseState } from '../../src/domain';
import { createTableStorage } from '../../src/storage';
import type { TableStorage } from '../../src/storage';
import { freePort } from '../../src/storage/azurite';
import { SERVE_ARGS, bundle } from '../../scripts/build';
import { activityText, answerText } from '../e2e/edgeKit';
import type { Clicked } from '../e2e/edgeKit';
import { cast } from '../e2e/harness';
import type { FakeChannel } from '../support/channel';
import { startChannel } from '../support/channel';
import { testConnectionString, uniqueTablePrefix } from '../support/storage';
import type { TeamsUser } from '../support/teams';
import { TeamsClient, mention } from '../support/teams';

const TRIALS = Number(process.env.KILL_TRIALS ?? 20);
const ROOT = path.resolve(__dirname, '../..');
const people = cast();
const prefix = uniqueTablePrefix('kill');

let channel: FakeChannel;
let stores: TableStorage;

/** A seeded generator, so a failing trial can be run again as it was. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Bot {
  teams: TeamsClient;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

async function startBotProcess(): Promise<Bot> {
  const port = await freePort();
  const child = spawn(process.execPath, SERVE_ARGS, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      STORAGE_CONNECTION_STRING: testConnectionString(),
      STORAGE_ACCOUNT_URL: '',
      TABLE_PREFIX: prefix,
      ADMIN_AAD_OBJECT_IDS: people.admin.aadObjectId,
      JOBS_ENABLED: 'false',
      // A ping leased to a killed process is taken over after 2 s instead of a minute: the trials stay short.
      OUTBOX_LEASE_SECONDS: '2',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('partner-fit is listening')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => reject(new Error(`the bot exited while starting:\n${out.slice(-2000)}`)));
  });
  return {
    teams: new TeamsClient({ botEndpoint: `http://127.0.0.1:${port}/api/messages`, serviceUrl: channel.serviceUrl, timeoutMs: 30_000 }),
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

beforeAll(async () => {
  // The process as deployed (npm run serve): bundled once, so each start takes a second, not ts-node's several.
  bundle();
  channel = await startChannel({ roster: Object.values(people) });
  stores = await createTableStorage({ connectionString: testConnectionString(), tablePrefix: prefix });
}, 180_000);

afterAll(async () => {
  await channel?.stop();
});

async function caseOf(partnerId: string): Promise<CaseState | undefined> {
  return (await stores.cases.latest(partnerId))?.state;
}

const where = (s: CaseState | undefined) => (s ? `${s.step}/${s.phase}` : 'none');
const decided = (s: CaseState | undefined) => s?.resetAttempts.filter((a) => a.outcome !== undefined).length ?? 0;

type Step = { name: string; done: string; run: (teams: TeamsClient, s: CaseState | undefined) => Promise<Clicked> };

/** The script: what the case waits for next, and who does it; undefined when it is over. */
function nextStep(partnerId: string, s: CaseState | undefined): Step | undefined {
  const click = (who: TeamsUser, verb: string, data: Record<string, unknown>) => (teams: TeamsClient) => teams.execute(who, teams.personalConversation(who), { verb, data });
  const at = (st: CaseState) => ({ partnerId, caseId: st.caseId, stage: st.stage });
  const attempt = { agreed: 'Two-day turnaround for P1 tickets only.', agreedOn: '2026-11-02' };
  if (!s) return { name: 'flag', done: 'Flag recorded', run: click(people.ic, 'flag', { partnerId, caseId: '', stage: -1, triggers: 'misaligned-expectations', ev1_kind: 'email', ev1_summary: 'They expect a 2-day turnaround.' }) };
  if (where(s) === 'ic-reset/attempt') return { name: 'log-reset-attempt', done: 'Reset attempt logged', run: (t) => click(people.ic, 'log-reset-attempt', { ...at(s), ...attempt })(t) };
  if (where(s) === 'ic-reset/approval' && decided(s) === 0) return { name: 'send-back-reset', done: 'Sent back', run: (t) => click(people.manager, 'send-back-reset', { ...at(s), comment: 'Which tickets?' })(t) };
  if (where(s) === 'ic-reset/approval') return { name: 'approve-reset', done: 'Reset attempt approved', run: (t) => click(people.manager, 'approve-reset', at(s))(t) };
  return undefined;
}

/** Runs the script until it is over or the bot dies; returns the steps people were told were done. */
async function runScript(bot: Bot, partnerId: string): Promise<{ acknowledged: string[]; interrupted: boolean }> {
  const acknowledged: string[] = [];
  for (;;) {
    const step = nextStep(partnerId, await caseOf(partnerId));
    if (!step) return { acknowledged, interrupted: false };
    let answer: Clicked;
    try {
      answer = await step.run(bot.teams, await caseOf(partnerId));
    } catch {
      return { acknowledged, interrupted: true }; // the bot died under the click: no answer
    }
    if (answerText(answer).includes(step.done)) acknowledged.push(step.name);
  }
}

const STEP_EVENTS: Record<string, (e: CaseEvent) => boolean> = {
  flag: (e) => e.type === 'flag-raised',
  'log-reset-attempt': (e) => e.type === 'reset-attempt-logged',
  'send-back-reset': (e) => e.type === 'reset-attempt-decided' && e.outcome === 'sent-back',
  'approve-reset': (e) => e.type === 'reset-attempt-decided' && e.outcome === 'approved',
};

/** Waits until every ping of the case is delivered (the restarted process's outbox poll does it). */
async function allDelivered(partnerId: string): Promise<void> {
  const state = await caseOf(partnerId);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const rows = await stores.outbox.forCase(partnerId, state!.caseId);
    if (rows.length > 0 && rows.every((r) => r.status === 'delivered')) return;
    if (Date.now() > deadline) throw new Error(`pings still pending: ${JSON.stringify(rows.map((r) => [r.notice.kind, r.status]))}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Pings about a partner in the IC's and the manager's 1:1 chats. */
function pingsAbout(name: string, teams: TeamsClient): number {
  return [people.ic, people.manager].flatMap((p) => channel.messagesTo(teams.personalConversation(p).id)).filter((m) => activityText(m).includes(name)).length;
}

function summary(events: CaseEvent[]): string[] {
  return events.map((e) => (e.type === 'reset-attempt-decided' ? `${e.type}:${e.outcome}` : e.type));
}

test(`the bot killed at random points of a case, ${TRIALS} times: nothing acknowledged is lost, the case ends as without kills`, async () => {
  let bot = await startBotProcess();
  try {
    const t = bot.teams;
    for (const p of Object.values(people)) expect((await t.say(p, 'hello')).status).toBe(200);
    const admin = async (text: string, mentions: TeamsUser[] = []) => expect((await t.say(people.admin, text, mentions.length ? { mentions } : {})).status).toBe(200);
    await admin(`org manager ${mention(people.ic)} ${mention(people.manager)}`, [people.ic, people.manager]);
    await admin(`org manager ${mention(people.manager)} ${mention(people.vp)}`, [people.manager, people.vp]);
    for (let i = 0; i <= TRIALS; i++) await admin(`partner add Killtrial ${i}`);

    // The control: the same script, uninterrupted.
    const started = performance.now();
    const control = await runScript(bot, 'killtrial-0');
    // Kills fall anywhere in a script as long as the uninterrupted one (and in the deliveries after it).
    const scriptMs = Math.max(200, Math.round(performance.now() - started));
    expect(control).toEqual({ acknowledged: ['flag', 'log-reset-attempt', 'send-back-reset', 'log-reset-attempt', 'approve-reset'], interrupted: false });
    await allDelivered('killtrial-0');
    const expected = summary(await stores.cases.events('killtrial-0', (await caseOf('killtrial-0'))!.caseId));
    const controlPings = pingsAbout('Killtrial 0', t);
    expect(controlPings).toBeGreaterThan(0);

    const rnd = random(20261202);
    const figures = { killedMidScript: 0, acknowledgedLost: 0, duplicatePings: 0 };
    for (let trial = 1; trial <= TRIALS; trial++) {
      const partnerId = `killtrial-${trial}`;
      const delay = Math.floor(rnd() * scriptMs);
      const kill = new Promise<void>((resolve) => setTimeout(resolve, delay)).then(() => bot.kill());
      const first = await runScript(bot, partnerId);
      await kill;
      bot = await startBotProcess();
      const rest = await runScript(bot, partnerId);
      expect(rest.interrupted).toBe(false);
      if (first.interrupted) figures.killedMidScript += 1;

      const state = await caseOf(partnerId);
      const events = await stores.cases.events(partnerId, state!.caseId);
      expect({ trial, delay, events: summary(events) }).toEqual({ trial, delay, events: expected });
      expect(state!.version).toBe(events.length);
      for (const name of [...first.acknowledged, ...rest.acknowledged]) {
        const kept = events.filter(STEP_EVENTS[name]!).length > 0;
        if (!kept) figures.acknowledgedLost += 1;
      }
      await allDelivered(partnerId);
      const pings = pingsAbout(`Killtrial ${trial}`, bot.teams);
      expect({ trial, atLeastOnce: pings >= controlPings }).toEqual({ trial, atLeastOnce: true });
      figures.duplicatePings += pings - controlPings;
    }
    console.log(`kills: ${TRIALS} trials, ${figures.killedMidScript} killed mid-script, acknowledged steps lost ${figures.acknowledgedLost}, duplicate pings ${figures.duplicatePings} (of ${controlPings * TRIALS})`);
    expect(figures.acknowledgedLost).toBe(0);
    // At most one duplicate per ping: a ping is re-sent only when the kill fell between sending it and marking it sent.
    expect(figures.duplicatePings).toBeLessThanOrEqual(controlPings * TRIALS);
  } finally {
    await bot.stop();
  }
}, 600_000);
