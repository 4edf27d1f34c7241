// The Teams app package: fill manifest/manifest.json's ${{NAME}} placeholders from settings, validate the result
// against the official schema bundled in @microsoft/app-manifest (offline) plus Teams' own limits, and zip it.
// Used by scripts/package.ts (npm run package) and by test/ship.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { CHAT_COMMANDS, MESSAGE_ACTIONS, type CommandScope } from '../src/teams/verbs';
import { GUID, deriveTeamsAppId } from '../src/teamsApp';

export { deriveTeamsAppId };

export const ROOT = join(__dirname, '..');
export const MANIFEST_DIR = join(ROOT, 'manifest');
export const MANIFEST_TEMPLATE = join(MANIFEST_DIR, 'manifest.json');
export const PACKAGE_PATH = join(ROOT, 'appPackage', 'build', 'partner-fit.zip');

/** Teams shows at most 10 commands per command list (the v1.30 schema allows 12; Teams' docs say 10). */
export const MAX_COMMANDS_PER_LIST = 10;
export const ICON_SIZES = { color: 192, outline: 32 } as const;

const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

export class PackageError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

export type Settings = Record<string, string | undefined>;

const clean = (v: string | undefined) => (v ?? '').trim();

/**
 * The values of the manifest's placeholders, from the app's own settings where they exist:
 * MicrosoftAppId (or BOT_ID, as the Agents Toolkit names it) is the bot id; PUBLIC_BASE_URL (or BOT_DOMAIN)
 * gives the host for validDomains. Every problem is reported at once.
 */
export function placeholderValues(env: Settings): Record<string, string> {
  const problems: string[] = [];
  const botId = clean(env.MicrosoftAppId) || clean(env.BOT_ID);
  if (!botId) {
    problems.push(
      'MicrosoftAppId is not set. It is the bot id: the client id of the bot\'s managed identity (output BOT_ID of infra/azure.bicep) or of its Entra app registration. Example: MicrosoftAppId=<guid> PUBLIC_BASE_URL=https://<app>.azurewebsites.net npm run package',
    );
  } else if (!GUID.test(botId)) {
    problems.push(`MicrosoftAppId must be a GUID (the bot's app id), not "${botId}".`);
  }

  const teamsAppId = clean(env.TEAMS_APP_ID) || (GUID.test(botId) ? deriveTeamsAppId(botId) : '');
  if (clean(env.TEAMS_APP_ID) && !GUID.test(teamsAppId)) problems.push(`TEAMS_APP_ID must be a GUID, not "${teamsAppId}".`);

  let baseUrl = clean(env.PUBLIC_BASE_URL) || (clean(env.BOT_DOMAIN) ? `https://${clean(env.BOT_DOMAIN)}` : '');
  let domain = '';
  if (!baseUrl) {
    problems.push('PUBLIC_BASE_URL is not set: the bot\'s public https address (e.g. https://<app>.azurewebsites.net), used for validDomains and the developer links.');
  } else {
    try {
      const url = new URL(baseUrl);
      if (url.protocol !== 'https:') problems.push(`PUBLIC_BASE_URL must be an https:// address, not "${baseUrl}".`);
      domain = url.hostname;
      baseUrl = url.origin;
    } catch {
      problems.push(`PUBLIC_BASE_URL is not a URL: "${baseUrl}".`);
    }
  }

  const name = clean(env.APP_NAME_SHORT) || 'Partner Fit';
  if (name.length > 30) problems.push(`APP_NAME_SHORT must be at most 30 characters ("${name}" has ${name.length}).`);
  const developer = clean(env.DEVELOPER_NAME) || 'Partner Fit';
  if (developer.length > 32) problems.push(`DEVELOPER_NAME must be at most 32 characters ("${developer}" has ${developer.length}).`);
  const version = clean(env.APP_VERSION) || '1.0.0';
  if (!/^\d+\.\d+\.\d+$/.test(version)) problems.push(`APP_VERSION must look like 1.2.3, not "${version}".`);

  if (problems.length) throw new PackageError(problems);
  return {
    BOT_ID: botId.toLowerCase(),
    TEAMS_APP_ID: teamsAppId.toLowerCase(),
    PUBLIC_BASE_URL: baseUrl,
    BOT_DOMAIN: domain,
    APP_NAME_SHORT: name,
    DEVELOPER_NAME: developer,
    APP_VERSION: version,
  };
}

/** The placeholder names a template uses. */
export function placeholdersIn(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string))].sort();
}

/** Replaces ${{NAME}} in a JSON template (values JSON-escaped); an unknown placeholder is an error. */
export function fillPlaceholders(template: string, values: Record<string, string>): string {
  const unknown = placeholdersIn(template).filter((p) => !(p in values));
  if (unknown.length) throw new PackageError([`manifest/manifest.json uses placeholders nothing fills: ${unknown.join(', ')}`]);
  return template.replace(PLACEHOLDER, (_, name: string) => JSON.stringify(values[name]).slice(1, -1));
}

/** The schema named by the manifest's $schema, from the copy bundled in @microsoft/app-manifest. Never the network. */
export function loadBundledSchema(schemaUrl: string): object {
  const m = /\/json-schemas\/teams\/(v[\w.]+)\/MicrosoftTeams\.schema\.json$/.exec(schemaUrl);
  if (!m) throw new PackageError([`$schema "${schemaUrl}" is not a Teams manifest schema URL`]);
  const pkgDir = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const file = join(pkgDir, 'build', 'json-schemas', 'teams', m[1] as string, 'MicrosoftTeams.schema.json');
  if (!existsSync(file)) throw new PackageError([`@microsoft/app-manifest does not bundle the ${m[1]} schema; use one it bundles (v1.19 to v1.30)`]);
  // The same clean-up the library applies to the published files (\a and \v are not JSON escapes).
  return JSON.parse(readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as object;
}

interface CommandList {
  scopes?: string[];
  commands?: { title?: string; description?: string }[];
}
interface ManifestShape {
  $schema?: string;
  icons?: { color?: string; outline?: string };
  bots?: { botId?: string; commandLists?: CommandList[] }[];
  composeExtensions?: { botId?: string; commands?: unknown[] }[];
  authorization?: { permissions?: { resourceSpecific?: unknown[] } };
}

/**
 * The resource-specific consent red-flag spotting needs, and nothing more (docs/deploy.md, "Red-flag spotting"):
 * channel and chat messages without an @mention, read by the bot as they arrive (application permissions).
 */
export const SPOTTING_RSC = [
  { name: 'ChannelMessage.Read.Group', type: 'Application' },
  { name: 'ChatMessage.Read.Chat', type: 'Application' },
] as const;

/** Checks Teams applies beyond the JSON schema, and ours: commands are real bot commands, RSC only what spotting needs. */
export function policyProblems(manifest: ManifestShape): string[] {
  const problems: string[] = [];
  const rsc = manifest.authorization?.permissions?.resourceSpecific ?? [];
  if (JSON.stringify(rsc) !== JSON.stringify(SPOTTING_RSC)) {
    problems.push(`authorization.permissions.resourceSpecific must be exactly what red-flag spotting needs: ${SPOTTING_RSC.map((p) => `${p.name} (${p.type})`).join(', ')}`);
  }
  const known = new Map<string, { scopes: readonly CommandScope[] }>(CHAT_COMMANDS.map((c) => [c.name, c]));
  const fromCatalog = JSON.stringify(commandListsFromCatalog());
  const actions = JSON.stringify(messageActionsFromCatalog());
  for (const extension of manifest.composeExtensions ?? []) {
    if (JSON.stringify(extension.commands ?? []) !== actions) problems.push('the message actions differ from the verb catalog (src/teams/verbs/): run npm run manifest:menus');
    if (extension.botId !== manifest.bots?.[0]?.botId) problems.push('composeExtensions must use the bot\'s own id: the message action is answered by the bot');
  }
  if ((manifest.composeExtensions ?? []).length !== 1) problems.push('the manifest needs exactly one composeExtensions entry, for the message actions of the verb catalog');
  for (const bot of manifest.bots ?? []) {
    if (JSON.stringify(bot.commandLists ?? []) !== fromCatalog) problems.push('the command menus differ from the verb catalog (src/teams/verbs/): run npm run manifest:menus');
    for (const list of bot.commandLists ?? []) {
      const commands = list.commands ?? [];
      const scopes = list.scopes ?? [];
      if (commands.length > MAX_COMMANDS_PER_LIST) problems.push(`command list for ${scopes.join('+')} has ${commands.length} commands; Teams shows at most ${MAX_COMMANDS_PER_LIST}`);
      for (const { title } of commands) {
        const command = known.get(title ?? '');
        if (!command) {
          problems.push(`manifest command "${title}" is not a bot command (src/teams/verbs/)`);
          continue;
        }
        for (const scope of scopes) {
          if (!command.scopes.includes(scope as CommandScope)) problems.push(`manifest lists "${title}" for ${scope}, where the bot does not offer it`);
        }
      }
    }
  }
  return problems;
}

export interface IconReport {
  file: string;
  width: number;
  height: number;
  /** Pixels with alpha below 255. */
  transparentPixels: number;
  /** Visible pixels (alpha > 0) that are not pure white. */
  nonWhiteVisiblePixels: number;
}

export function readIcon(file: string): IconReport {
  const png = PNG.sync.read(readFileSync(file));
  let transparentPixels = 0;
  let nonWhiteVisiblePixels = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const a = png.data[i + 3] as number;
    if (a < 255) transparentPixels++;
    if (a > 0 && (png.data[i] !== 255 || png.data[i + 1] !== 255 || png.data[i + 2] !== 255)) nonWhiteVisiblePixels++;
  }
  return { file, width: png.width, height: png.height, transparentPixels, nonWhiteVisiblePixels };
}

/** Colour icon 192×192; outline 32×32, white on a transparent background. */
export function iconProblems(manifest: ManifestShape, dir = MANIFEST_DIR): string[] {
  const problems: string[] = [];
  for (const kind of ['color', 'outline'] as const) {
    const name = manifest.icons?.[kind];
    if (!name) continue; // the schema reports it
    const file = join(dir, name);
    if (!existsSync(file)) {
      problems.push(`icon ${name} is missing from manifest/`);
      continue;
    }
    const icon = readIcon(file);
    const size = ICON_SIZES[kind];
    if (icon.width !== size || icon.height !== size) problems.push(`${name} must be ${size}×${size}, it is ${icon.width}×${icon.height}`);
    if (kind === 'outline') {
      if (icon.transparentPixels === 0) problems.push(`${name} must have a transparent background`);
      if (icon.nonWhiteVisiblePixels > 0) problems.push(`${name} must be white on transparent (${icon.nonWhiteVisiblePixels} visible pixels are not white)`);
    }
  }
  return problems;
}

/** Schema errors (from @microsoft/app-manifest's validator, on the raw JSON) and policy and icon problems. */
export async function validateManifest(manifest: ManifestShape, dir = MANIFEST_DIR): Promise<string[]> {
  if (!manifest.$schema) return ['manifest has no $schema'];
  const schema = loadBundledSchema(manifest.$schema);
  const schemaErrors = await AppManifestUtils.validateAgainstSchema(
    manifest as Parameters<typeof AppManifestUtils.validateAgainstSchema>[0],
    schema as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1],
  );
  return [...schemaErrors.map((e) => `schema: ${e}`), ...policyProblems(manifest), ...iconProblems(manifest, dir)];
}

const SCOPES: readonly CommandScope[] = ['personal', 'team', 'groupChat'];

/** The bot's command menus, one per scope, from the verb catalog (each command's `menu`). */
export function commandListsFromCatalog(): { scopes: CommandScope[]; commands: { title: string; description: string }[] }[] {
  return SCOPES.map((scope) => ({
    scopes: [scope],
    commands: CHAT_COMMANDS.filter((c) => (c.menu as readonly CommandScope[]).includes(scope)).map((c) => ({ title: c.name, description: c.description })),
  }));
}

/** The message extension's action commands, from the verb catalog: each opens a dialog from a message's … menu. */
export function messageActionsFromCatalog(): { id: string; type: 'action'; title: string; description: string; context: ['message']; fetchTask: true }[] {
  return MESSAGE_ACTIONS.map((a) => ({ id: a.id, type: 'action', title: a.title, description: a.description, context: ['message'], fetchTask: true }));
}

/** The filled manifest as an object. */
export function renderManifest(env: Settings, templateFile = MANIFEST_TEMPLATE): { manifest: ManifestShape & Record<string, unknown>; values: Record<string, string> } {
  const values = placeholderValues(env);
  const text = fillPlaceholders(readFileSync(templateFile, 'utf8'), values);
  return { manifest: JSON.parse(text) as ManifestShape & Record<string, unknown>, values };
}

/** Rewrites the template's command menus and message actions from the catalog (npm run manifest:menus); the Agents Toolkit packages the template as is. */
export function writeMenusIntoTemplate(templateFile = MANIFEST_TEMPLATE): boolean {
  const raw = readFileSync(templateFile, 'utf8');
  const manifest = JSON.parse(raw) as { bots?: { commandLists?: unknown }[]; composeExtensions?: { commands?: unknown }[] };
  for (const bot of manifest.bots ?? []) bot.commandLists = commandListsFromCatalog();
  for (const extension of manifest.composeExtensions ?? []) extension.commands = messageActionsFromCatalog();
  const next = `${JSON.stringify(manifest, null, 2)}\n`;
  if (next === raw) return false;
  writeFileSync(templateFile, next);
  return true;
}

/** A zip with manifest.json and the two icons at its root (what Teams admin centre and the Developer Portal accept). */
export async function zipPackage(manifest: object, dir = MANIFEST_DIR): Promise<Buffer> {
  const zip = new JSZip();
  const date = new Date('2024-01-01T00:00:00Z'); // fixed, so the same input gives the same bytes
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date });
  const icons = (manifest as ManifestShape).icons ?? {};
  for (const name of [icons.color, icons.outline]) {
    if (name) zip.file(name, readFileSync(join(dir, name)), { date });
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}
