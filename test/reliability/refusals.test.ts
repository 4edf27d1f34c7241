// A refused command writes nothing, not even about the person it names; and a name someone typed shows literally
// in the bot's text replies (Teams renders them as markdown). Fuzzing (fuzz.test.ts) covers every admin and step
// command and card verb by someone not allowed; these are the cases found by hand.
import { answerText, flagInChat, postAndRead, sayAndRead, setUpOrg } from '../e2e/edgeKit';
import type { Harness } from '../e2e/harness';
import { startHarness } from '../e2e/harness';
import { mention } from '../support/teams';

const TEAM = { teamId: '19:refusals-team@thread.tacv2', channelId: '19:refusals-syncs@thread.tacv2' };
let h: Harness;
let p: Harness['people'];

beforeAll(async () => {
  h = await startHarness();
  p = h.people;
  await setUpOrg(h, { partners: ['Contoso'] });
  expect(answerText(await flagInChat(h, p.ic, 'Contoso'))).toContain('Flag recorded');
}, 60_000);

afterAll(async () => {
  await h?.deliver();
  await h?.stop();
});

test('a refused reassign writes nothing about the person it names; an allowed one records them', async () => {
  // Stan is in the team but has never talked to the bot: the bot would learn about him from Teams.
  expect(await h.stores.directory.get(p.stranger.aadObjectId)).toBeUndefined();
  const refused = await postAndRead(h, p.sales, `reassign Contoso ${mention(p.stranger)}`, TEAM, [p.stranger]);
  expect(refused.text).toMatch(/can't|cannot|not allowed|only/i);
  expect(await h.stores.directory.get(p.stranger.aadObjectId)).toBeUndefined();
  const before = (await h.stores.cases.latest('contoso'))!.state;

  // The IC's manager may: now Stan holds the step, and the directory knows him.
  const allowed = await postAndRead(h, p.manager, `reassign Contoso ${mention(p.stranger)}`, TEAM, [p.stranger]);
  expect(allowed.text).toContain('Reassigned');
  expect(await h.stores.directory.get(p.stranger.aadObjectId)).toMatchObject({ teamsId: p.stranger.id });
  expect((await h.stores.cases.latest('contoso'))!.state.version).toBeGreaterThan(before.version);
});

test('names typed into admin commands show literally in text replies: no link, no emphasis, no HTML', async () => {
  // (Teams sends typed text as HTML: the bot reads it without tags, so <b> is gone before this.)
  const added = await sayAndRead(h, p.admin, 'partner add Zeta [p](https://evil.example/p) **now** &lt;img&gt;');
  expect(added.text).toContain('Added **Zeta \\[p\\](https://evil.example/p) \\*\\*now\\*\\* \\<img\\>**');
  // Outside code spans (shown literally by Teams) and the bot's own bold, nothing is left unescaped.
  expect(added.text.replace(/`[^`]*`/g, '').replace(/^Added \*\*|\*\*\./g, '')).not.toMatch(/(?<!\\)[[*<]/);
  const alias = await sayAndRead(h, p.admin, 'partner alias Contoso _Con_ `tick`');
  expect(alias.text).toContain('"\\_Con\\_ \\`tick\\`"');
});
