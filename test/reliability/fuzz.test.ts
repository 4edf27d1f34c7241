// 10,000 generated activities and card payloads over real HTTP (fast-check, fixed seed): bodies that are not
// activities, activities with fields of the wrong type, well-formed ones from another tenant, and admin and step
// commands and card clicks (with random data and hostile text) from someone in the organisation who may do none of
// them. None gets a 5xx or fails its turn, and storage is exactly as it was: no row added, none rewritten.
import { TableClient } from '@azure/data-tables';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { createLogger } from '../../src/log';
import { activityProblem } from '../../src/teams/activity';
import { CHAT_COMMANDS, COMMAND_VERBS, HEALTH_VERBS, UI_VERBS } from '../../src/teams/verbs';
import { answerText, flagInChat, setUpOrg } from '../e2e/edgeKit';
import type { Harness } from '../e2e/harness';
import { startHarness } from '../e2e/harness';
import { testConnectionString } from '../support/storage';
import type { TeamsActivity, TeamsUser } from '../support/teams';
import { TEST_TENANT_ID, TeamsClient, teamsUser } from '../support/teams';

const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const IN_FLIGHT = 16;
const OTHER_TENANT = '0ff0ff0f-0000-4000-8000-0000000bad00';

let h: Harness;
const turnFailures: string[] = [];
// Someone in the organisation on no case, with no role; and a person of another organisation.
const nobody: TeamsUser = teamsUser('Nora Nobody');
const outsider: TeamsUser = teamsUser('Otto Outsider', { tenantId: OTHER_TENANT });

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) if (line.includes('"turn failed"')) turnFailures.push(line.slice(0, 500));
      done();
    },
  });
  h = await startHarness({ ALLOWED_TENANT_IDS: TEST_TENANT_ID }, { log: createLogger({ level: 'warn', destination: sink }) });
  await setUpOrg(h, { partners: ['Contoso', 'Fabrikam'] });
  expect(answerText(await flagInChat(h, h.people.ic, 'Contoso'))).toContain('Flag recorded');
  // Nora has talked to the bot before: what her turns may store about her is stored already.
  expect((await h.teams.say(nobody, 'hello')).status).toBe(200);
  await h.deliver();
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

/** Every row of every table with its ETag: a write anywhere changes this. */
async function storageFingerprint(): Promise<Map<string, string>> {
  const rows = new Map<string, string>();
  for (const table of Object.values(h.stores.tableNames)) {
    const client = TableClient.fromConnectionString(testConnectionString(), table, { allowInsecureConnection: true });
    for await (const e of client.listEntities()) rows.set(`${table}|${e.partitionKey}|${e.rowKey}`, String(e.etag));
  }
  return rows;
}

const hostile = fc.constantFrom(
  '**bold** [x](https://evil.example)',
  '<img src=x onerror=alert(1)>',
  '${partnerId}',
  '{{DATE(2017-02-14T06:08:39Z, SHORT)}}',
  '\u202Egnp.exe',
  'x'.repeat(5000),
  "'; DROP TABLE cases; --",
  '',
);
const text = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 }), hostile);
const anything = fc.oneof(fc.anything({ maxDepth: 2 }), text, fc.integer(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }));

const ADMIN_AND_STEP_WORDS = [...CHAT_COMMANDS.filter((c) => c.adminOnly).map((c) => c.name), 'reassign', 'partner add', 'org role', 'org manager', 'org unrole', 'partner rename', 'partner alias', 'partner archive', 'partner sales', 'score', 'met'];
/** Verbs that change something, which Nora may not use on Contoso's case or health (a flag is anyone's: left out). */
const WRITING_VERBS = [...Object.keys(COMMAND_VERBS).filter((v) => v !== 'flag' && v !== 'add-evidence'), ...Object.keys(HEALTH_VERBS)];
const READING_VERBS = Object.keys(UI_VERBS).filter((v) => !v.startsWith('spot-') && v !== 'request-partner');

/** A command typed by Nora: an admin or step command with random (often hostile) arguments. */
const typedByNobody = fc.tuple(fc.constantFrom(...ADMIN_AND_STEP_WORDS), fc.constantFrom('Contoso', 'Fabrikam', 'Nowhere'), text).map(([word, partner, rest]) => ({
  kind: 'typed' as const,
  build: (t: TeamsClient) => t.personalMessage(nobody, `${word} ${partner} ${rest}`),
}));

/** A card click by Nora: a verb that writes, or one that only shows, with random data around a real case. */
const clickByNobody = fc
  .tuple(fc.constantFrom(...WRITING_VERBS, ...READING_VERBS, 'delete-everything', ''), fc.dictionary(fc.constantFrom('comment', 'to', 'actionId', 'flagId', 'agreed', 'amount', 'stage', 'caseId', 'rating', 'ev1_summary', 'x'), anything, { maxKeys: 4 }), fc.constantFrom('contoso', 'fabrikam', '', '${partnerId}'))
  .map(([verb, data, partnerId]) => ({ kind: 'click' as const, build: (t: TeamsClient) => t.invokeExecute(nobody, t.personalConversation(nobody), { verb, data: { partnerId, ...data } }) }));

/** Well-formed activities from another organisation, addressed to the bot, as an admin command or a click. */
const fromOutsider = fc.tuple(fc.boolean(), fc.constantFrom('partner add Evil', 'org role', 'flag Contoso', 'help', 'digest here'), text).map(([typed, command, rest]) => ({
  kind: 'outsider' as const,
  build: (t: TeamsClient) => (typed ? t.personalMessage(outsider, `${command} ${rest}`) : t.invokeExecute(outsider, t.personalConversation(outsider), { verb: 'reassign-owner', data: { partnerId: 'contoso', to: outsider.aadObjectId } })),
}));

const FIELDS = ['type', 'serviceUrl', 'channelId', 'from', 'from.id', 'from.name', 'from.aadObjectId', 'recipient', 'conversation', 'conversation.id', 'conversation.tenantId', 'conversation.conversationType', 'text', 'entities', 'attachments', 'channelData', 'value', 'value.action', 'name', 'localTimezone', 'replyToId'];

/** One of Nora's activities with one field replaced by anything at all (often no longer an activity). */
const mangled = fc.tuple(fc.oneof(typedByNobody, clickByNobody), fc.constantFrom(...FIELDS), anything).map(([base, field, value]) => ({
  kind: 'mangled' as const,
  build: (t: TeamsClient) => {
    const activity = base.build(t) as unknown as Record<string, unknown>;
    const path = field.split('.');
    let at: Record<string, unknown> = activity;
    for (const part of path.slice(0, -1)) {
      if (typeof at[part] !== 'object' || at[part] === null) at[part] = {};
      at = at[part] as Record<string, unknown>;
    }
    at[path.at(-1)!] = value;
    return activity as unknown as TeamsActivity;
  },
}));

/** Bodies that are not activities at all. */
const junk = fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), fc.string({ maxLength: 200 })).map((body) => ({ kind: 'junk' as const, body }));

const activityArb = fc.oneof(
  { arbitrary: typedByNobody, weight: 2 },
  { arbitrary: clickByNobody, weight: 2 },
  { arbitrary: fromOutsider, weight: 1 },
  { arbitrary: mangled, weight: 5 },
  { arbitrary: junk, weight: 2 },
);

/** Sends every body, IN_FLIGHT at a time; returns the answers' statuses by kind and the answers that must not be. */
async function sendAll(samples: Array<{ kind: string; body: string }>): Promise<{ statuses: Map<string, number>; bad: Array<{ kind: string; status: number; sent: string }> }> {
  const statuses = new Map<string, number>();
  const bad: Array<{ kind: string; status: number; sent: string }> = [];
  let next = 0;
  const worker = async () => {
    while (next < samples.length) {
      const { kind, body } = samples[next++]!;
      const res = await h.teams.sendRaw(body);
      statuses.set(`${kind} ${res.status}`, (statuses.get(`${kind} ${res.status}`) ?? 0) + 1);
      // 501 Not Implemented is botbuilder's answer to an invoke name no route takes (not a card click).
      const unhandledInvoke = res.status === 501 && /"type":"invoke"/.test(body) && !/"name":"adaptiveCard\/action"/.test(body);
      const invalid = activityProblem(safeParse(body)) !== undefined;
      if ((res.status >= 500 && !unhandledInvoke) || (invalid && res.status !== 400) || /TypeError|is not a function|Unknown EDM|at \w+ \(/.test(res.text)) {
        bad.push({ kind, status: res.status, sent: body.length > 600 ? `${body.slice(0, 150)}…${body.slice(-450)}` : body });
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return { statuses, bad };
}

function safeParse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Who a well-formed activity is from, and where: what it may legitimately make the bot remember. */
function senderAndConversation(body: string): string[] {
  const a = safeParse(body) as { from?: { aadObjectId?: unknown }; conversation?: { id?: unknown } };
  return [`from ${String(a.from?.aadObjectId)}`, `in ${String(a.conversation?.id)}`];
}

test(`${CASES} generated activities and card payloads: no 5xx, no failed turn, nothing stored or changed by any refused one`, async () => {
  const samples = fc.sample(activityArb, { numRuns: CASES, seed: 13 }).map((s) => ({ kind: s.kind, body: 'body' in s ? s.body : JSON.stringify(s.build(h.teams)) }));
  // A mangled activity that is still well-formed (another person's id, another conversation, a new zone) is a real
  // activity from someone in the organisation: it may be remembered, so it runs apart, after the strict part.
  const wellFormedMangled = samples.filter((s) => s.kind === 'mangled' && activityProblem(safeParse(s.body)) === undefined);
  const strict = samples.filter((s) => !wellFormedMangled.includes(s));

  const before = await storageFingerprint();
  const stateBefore = await h.stores.cases.latest('contoso');
  const { statuses, bad } = await sendAll(strict);
  await h.deliver();
  console.log(`fuzz: ${strict.length} refused or invalid cases; answers by kind and status: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  expect(bad.slice(0, 5)).toEqual([]);
  expect(turnFailures.slice(0, 3)).toEqual([]);
  // Every kind was exercised, and the well-formed ones were answered (not all refused at the edge).
  for (const kind of ['typed 200', 'click 200', 'outsider 200', 'mangled 400', 'junk 400']) expect({ kind, seen: (statuses.get(kind) ?? 0) > 0 }).toEqual({ kind, seen: true });
  const after = await storageFingerprint();
  const added = [...after.keys()].filter((k) => !before.has(k));
  const changed = [...after].filter(([k, etag]) => before.has(k) && before.get(k) !== etag).map(([k]) => k);
  expect({ added: added.slice(0, 10), changed: changed.slice(0, 10) }).toEqual({ added: [], changed: [] });
  expect((await h.stores.cases.latest('contoso'))?.state).toEqual(stateBefore?.state);

  // The well-formed mangled ones: no 5xx, no failed turn, and what is stored is bounded by who spoke where (a
  // person's entry and index row, their 1:1 and conversation references, their tenant's: five rows at most each).
  const more = await sendAll(wellFormedMangled);
  await h.deliver();
  console.log(`fuzz: ${wellFormedMangled.length} well-formed mangled cases; answers: ${JSON.stringify(Object.fromEntries([...more.statuses].sort()))}`);
  expect(more.bad.slice(0, 5)).toEqual([]);
  expect(turnFailures.slice(0, 3)).toEqual([]);
  const grown = [...(await storageFingerprint()).keys()].filter((k) => !after.has(k));
  const speakers = new Set(wellFormedMangled.flatMap((s) => senderAndConversation(s.body)));
  expect(grown.length).toBeLessThanOrEqual(5 * speakers.size);
  expect((await h.stores.cases.latest('contoso'))?.state).toEqual(stateBefore?.state);
}, 600_000);
