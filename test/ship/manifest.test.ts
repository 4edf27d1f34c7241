// The Teams app package: the filled manifest passes the official schema (offline), the icons are what Teams
// asks for, the command menus list real bot commands, and `npm run package` writes an uploadable zip.
import './esmShim';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AppManifestUtils } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import {
  MANIFEST_DIR,
  MANIFEST_TEMPLATE,
  MAX_COMMANDS_PER_LIST,
  PACKAGE_PATH,
  PackageError,
  ROOT,
  deriveTeamsAppId,
  fillPlaceholders,
  loadBundledSchema,
  placeholderValues,
  placeholdersIn,
  commandListsFromCatalog,
  policyProblems,
  readIcon,
  renderManifest,
  validateManifest,
  zipPackage,
} from '../../scripts/manifest';
import { CHAT_COMMANDS as BOT_COMMANDS, type CommandScope } from '../../src/teams/verbs';

const BOT_ID = '00000000-0000-0000-0000-000000000001';
const ENV = { MicrosoftAppId: BOT_ID, PUBLIC_BASE_URL: 'https://example.azurewebsites.net' };
const SCOPES: CommandScope[] = ['personal', 'team', 'groupChat'];

interface Command {
  title: string;
  description?: string;
}
interface Manifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  name: { short: string };
  bots: {
    botId: string;
    scopes: string[];
    supportsFiles: boolean;
    isNotificationOnly: boolean;
    commandLists: { scopes: CommandScope[]; commands: Command[] }[];
  }[];
  validDomains: string[];
  authorization?: { permissions?: { resourceSpecific?: unknown[] } };
  [key: string]: unknown;
}

function rendered(env: Record<string, string> = ENV): Manifest {
  return renderManifest(env).manifest as unknown as Manifest;
}

async function schemaErrors(manifest: object): Promise<string[]> {
  const m = manifest as { $schema: string };
  return AppManifestUtils.validateAgainstSchema(
    manifest as Parameters<typeof AppManifestUtils.validateAgainstSchema>[0],
    loadBundledSchema(m.$schema) as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1],
  );
}

describe('manifest/manifest.json', () => {
  it('is on schema v1.19 or later, one that @microsoft/app-manifest bundles', () => {
    const m = rendered();
    expect(Number(m.manifestVersion.split('.')[1])).toBeGreaterThanOrEqual(19);
    expect(m.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${m.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(() => loadBundledSchema(m.$schema)).not.toThrow();
  });

  it('uses only placeholders the package script fills', () => {
    const template = readFileSync(MANIFEST_TEMPLATE, 'utf8');
    const values = placeholderValues(ENV);
    expect(placeholdersIn(template).filter((p) => !(p in values))).toEqual([]);
    expect(placeholdersIn(template)).toEqual(expect.arrayContaining(['BOT_ID', 'TEAMS_APP_ID', 'BOT_DOMAIN', 'APP_NAME_SHORT']));
  });

  it('filled in, validates against the official schema without errors', async () => {
    expect(await schemaErrors(rendered())).toEqual([]);
  });

  it('passes every check the package script makes (schema, commands, icons, RSC)', async () => {
    expect(await validateManifest(rendered())).toEqual([]);
  });

  it('is checked for real: the validator reports a bad bot id, a missing field and an unknown property', async () => {
    const m = rendered();
    const broken = { ...m, bots: [{ ...m.bots[0], botId: 'not-a-guid' }], surprise: true } as Record<string, unknown>;
    delete broken.developer;
    const errors = await schemaErrors(broken);
    expect(errors.join('\n')).toMatch(/botId/);
    expect(errors.join('\n')).toMatch(/developer/);
    expect(errors.join('\n')).toMatch(/surprise|additional/i);
  });

  it('declares one conversational bot in personal, team and group chat scopes, with files for imports', () => {
    const m = rendered();
    expect(m.bots).toHaveLength(1);
    const bot = m.bots[0]!;
    expect(bot.botId).toBe(BOT_ID);
    expect([...bot.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.supportsFiles).toBe(true);
    expect(bot.isNotificationOnly).toBe(false);
  });

  it('asks for exactly the resource-specific consent red-flag spotting needs, and says so in its description', () => {
    const m = rendered();
    expect(m.authorization?.permissions?.resourceSpecific).toEqual([
      { name: 'ChannelMessage.Read.Group', type: 'Application' },
      { name: 'ChatMessage.Read.Chat', type: 'Application' },
    ]);
    expect(JSON.stringify(m.description)).toMatch(/reads the messages of channels and meeting chats .* stores no message text unless the person flags it/);
    const asking = (resourceSpecific: unknown[]) => policyProblems({ ...m, authorization: { permissions: { resourceSpecific } } });
    expect(asking([{ name: 'ChannelMessage.Read.Group', type: 'Application' }])).toEqual([expect.stringMatching(/resourceSpecific/)]);
    expect(asking([...m.authorization!.permissions!.resourceSpecific!, { name: 'TeamMember.Read.Group', type: 'Application' }])).toEqual([expect.stringMatching(/resourceSpecific/)]);
    expect(policyProblems({ ...m, authorization: undefined })).toEqual([expect.stringMatching(/resourceSpecific/)]);
  });

  it("lists the bot's own host as a valid domain, and links to it", () => {
    const m = rendered({ ...ENV, PUBLIC_BASE_URL: 'https://pf-bot.azurewebsites.net/some/path' });
    expect(m.validDomains).toEqual(['pf-bot.azurewebsites.net']);
    expect((m.developer as { websiteUrl: string }).websiteUrl).toBe('https://pf-bot.azurewebsites.net/');
  });
});

describe('command lists', () => {
  const catalog = new Map<string, { scopes: readonly CommandScope[] }>(BOT_COMMANDS.map((c) => [c.name, c]));
  const lists = () => rendered().bots[0]!.commandLists;

  it('has one list per scope, each within Teams’ limit of 10', () => {
    expect(lists().map((l) => l.scopes)).toEqual(SCOPES.map((s) => [s]));
    for (const list of lists()) {
      expect(list.commands.length).toBeGreaterThan(0);
      expect(list.commands.length).toBeLessThanOrEqual(MAX_COMMANDS_PER_LIST);
    }
  });

  it('lists only real bot commands, each where the bot offers it', () => {
    for (const list of lists()) {
      for (const command of list.commands) {
        const known = catalog.get(command.title);
        expect({ title: command.title, known: Boolean(known) }).toEqual({ title: command.title, known: true });
        for (const scope of list.scopes) expect(known!.scopes).toContain(scope);
        expect((command.description ?? '').length).toBeLessThanOrEqual(128);
      }
    }
  });

  it('leaves out exactly the commands manifest/README.md says it leaves out', () => {
    const readme = readFileSync(join(MANIFEST_DIR, 'README.md'), 'utf8');
    for (const scope of SCOPES) {
      const line = new RegExp(`^- ${scope}: (.+)$`, 'm').exec(readme);
      expect(line).not.toBeNull();
      const documented = line![1]!.split(',').map((s) => s.trim()).sort();
      const listed = new Set(lists().find((l) => l.scopes.includes(scope))!.commands.map((c) => c.title));
      const omitted = BOT_COMMANDS.filter((c) => c.scopes.includes(scope) && !listed.has(c.name)).map((c) => c.name).sort();
      expect({ scope, omitted }).toEqual({ scope, omitted: documented });
    }
  });

  it('lists help, flag and status in every scope', () => {
    for (const list of lists()) expect(list.commands.map((c) => c.title)).toEqual(expect.arrayContaining(['help', 'flag', 'status']));
  });
});

describe('the chat commands of the verb catalog (src/teams/verbs/)', () => {
  it('covers every command the README lists, once', () => {
    const spec = [
      'reassign', 'close',
      'flag', 'status', 'mine', 'partners', 'history', 'triggers', 'digest here', 'digest off', 'digest now',
      'partner', 'score', 'met',
      'partner add', 'partner sales', 'partner rename', 'partner alias', 'partner archive', 'partner import', 'partner requests',
      'org manager', 'org role', 'org unrole', 'org show', 'org import', 'help', 'spotting off', 'spotting on',
    ];
    expect(BOT_COMMANDS.map((c) => c.name).sort()).toEqual([...spec].sort());
  });

  it('gives each command a usage starting with its name, a short description, scopes and an example', () => {
    for (const c of BOT_COMMANDS) {
      expect(c.name).toMatch(/^[a-z]+( [a-z]+)?$/);
      expect(c.usage.startsWith(c.name)).toBe(true);
      expect(c.example.startsWith(c.name)).toBe(true);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThan(128);
      expect(c.scopes.length).toBeGreaterThan(0);
    }
  });

  it('keeps directory, partner, digest subscription, spotting switches and closing a case for admins, the rest for anyone', () => {
    const adminOnly = BOT_COMMANDS.filter((c) => c.adminOnly).map((c) => c.name);
    expect(adminOnly.every((n) => /^(partner|org|digest (here|off)|spotting (on|off)|close)/.test(n))).toBe(true);
    expect(BOT_COMMANDS.filter((c) => /^(partner|org) /.test(c.name)).every((c) => c.adminOnly)).toBe(true);
    expect(BOT_COMMANDS.find((c) => c.name === 'digest now')!.adminOnly).toBe(false);
  });

  it('is what the template\'s command menus are built from (npm run manifest:menus)', () => {
    const template = JSON.parse(readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8')) as { bots: { commandLists: unknown }[] };
    expect(template.bots[0]!.commandLists).toEqual(commandListsFromCatalog());
  });

  it('offers file imports and evidence history in the 1:1 chat only', () => {
    for (const name of ['org import', 'partner import', 'history']) expect(BOT_COMMANDS.find((c) => c.name === name)!.scopes).toEqual(['personal']);
  });
});

describe('icons', () => {
  it('colour icon is 192×192 and opaque', () => {
    const icon = readIcon(join(MANIFEST_DIR, 'color.png'));
    expect([icon.width, icon.height]).toEqual([192, 192]);
    expect(icon.transparentPixels).toBe(0);
  });

  it('outline icon is 32×32, white on a transparent background, with a visible mark', () => {
    const icon = readIcon(join(MANIFEST_DIR, 'outline.png'));
    expect([icon.width, icon.height]).toEqual([32, 32]);
    expect(icon.nonWhiteVisiblePixels).toBe(0);
    expect(icon.transparentPixels).toBeGreaterThan(32 * 32 * 0.3);
    expect(icon.transparentPixels).toBeLessThan(32 * 32 * 0.9);
  });
});

describe('placeholderValues()', () => {
  it('needs the bot id, and says which setting it is', () => {
    expect(() => placeholderValues({ PUBLIC_BASE_URL: 'https://x.example' })).toThrow(PackageError);
    expect(() => placeholderValues({ PUBLIC_BASE_URL: 'https://x.example' })).toThrow(/MicrosoftAppId is not set/);
    expect(() => placeholderValues({ ...ENV, MicrosoftAppId: 'my-bot' })).toThrow(/must be a GUID/);
  });

  it('needs an https base URL', () => {
    expect(() => placeholderValues({ MicrosoftAppId: BOT_ID })).toThrow(/PUBLIC_BASE_URL is not set/);
    expect(() => placeholderValues({ ...ENV, PUBLIC_BASE_URL: 'http://example.com' })).toThrow(/https/);
  });

  it('derives a stable v5 Teams app id from the bot id unless TEAMS_APP_ID is given', () => {
    const a = placeholderValues(ENV).TEAMS_APP_ID;
    expect(a).toBe(deriveTeamsAppId(BOT_ID));
    expect(a).toBe(deriveTeamsAppId(BOT_ID.toUpperCase()));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(BOT_ID);
    expect(deriveTeamsAppId('00000000-0000-0000-0000-000000000002')).not.toBe(a);
    const given = '11111111-2222-4333-8444-555555555555';
    expect(placeholderValues({ ...ENV, TEAMS_APP_ID: given }).TEAMS_APP_ID).toBe(given);
  });

  it('accepts the Agents Toolkit names BOT_ID and BOT_DOMAIN', () => {
    const v = placeholderValues({ BOT_ID, BOT_DOMAIN: 'pf.azurewebsites.net' });
    expect(v.BOT_ID).toBe(BOT_ID);
    expect(v.BOT_DOMAIN).toBe('pf.azurewebsites.net');
    expect(v.PUBLIC_BASE_URL).toBe('https://pf.azurewebsites.net');
  });

  it('defaults the name to "Partner Fit" and limits it to 30 characters', () => {
    expect(placeholderValues(ENV).APP_NAME_SHORT).toBe('Partner Fit');
    expect(() => placeholderValues({ ...ENV, APP_NAME_SHORT: 'x'.repeat(31) })).toThrow(/30 characters/);
  });
});

describe('fillPlaceholders()', () => {
  it('escapes values for JSON and refuses unknown placeholders', () => {
    expect(JSON.parse(fillPlaceholders('{"a":"${{N}}"}', { N: 'say "hi" \\ bye' }))).toEqual({ a: 'say "hi" \\ bye' });
    expect(() => fillPlaceholders('{"a":"${{MISSING}}"}', {})).toThrow(/MISSING/);
  });
});

describe('the package', () => {
  it('zips manifest.json and both icons at the root', async () => {
    const zip = await JSZip.loadAsync(await zipPackage(rendered()));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as Manifest;
    expect(manifest.bots[0]!.botId).toBe(BOT_ID);
    expect(Buffer.from(await zip.file('color.png')!.async('uint8array'))).toEqual(readFileSync(join(MANIFEST_DIR, 'color.png')));
  });

  const run = promisify(execFile);
  const script = [require.resolve('ts-node/dist/bin.js'), '--transpile-only', join(ROOT, 'scripts', 'package.ts')];
  const baseEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

  it('npm run package writes appPackage/build/partner-fit.zip', async () => {
    const { stdout } = await run(process.execPath, script, { cwd: ROOT, env: { ...baseEnv, ...ENV } });
    expect(stdout).toMatch(/Wrote appPackage\/build\/partner-fit\.zip/);
    const zip = await JSZip.loadAsync(readFileSync(PACKAGE_PATH));
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as Manifest;
    expect(manifest.id).toBe(deriveTeamsAppId(BOT_ID));
    expect(manifest.validDomains).toEqual(['example.azurewebsites.net']);
  });

  it('fails clearly, with exit code 1, without a bot id', async () => {
    const failed = await run(process.execPath, script, { cwd: ROOT, env: { ...baseEnv, PUBLIC_BASE_URL: ENV.PUBLIC_BASE_URL } }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/MicrosoftAppId is not set/);
  });
});
