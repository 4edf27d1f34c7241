// What can be checked of the Azure side without Azure or the Bicep CLI: the files parse, names line up between
// azure.bicep, botRegistration/azurebot.bicep, azure.parameters.json, the toolkit's env file, m365agents.yml and
// the manifest, and every setting the app reads is set by infra or documented as optional.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../src/config';
import { SERVE_ARGS } from '../../scripts/build';
import { bracketProblems, childBlock, declarations, outputs, params, topLevelEntries } from './bicep';

const ROOT = join(__dirname, '..', '..');
const read = (rel: string) => readFileSync(join(ROOT, rel), 'utf8');
const AZURE = 'infra/azure.bicep';
const BOT = 'infra/botRegistration/azurebot.bicep';
const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const placeholders = (text: string) => [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string))];

const azure = read(AZURE);
const bot = read(BOT);
const decl = (text: string, symbol: string) => {
  const d = declarations(text).find((x) => x.symbol === symbol);
  if (!d) throw new Error(`no declaration ${symbol}`);
  return d;
};
const appSettings = () => topLevelEntries(childBlock(decl(azure, 'webAppSettings').body, 'properties'));

/** KEY=value lines of a dotenv file (comments and blanks skipped). */
function dotenv(rel: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of read(rel).split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) entries.set(m[1] as string, m[2] as string);
  }
  return entries;
}

interface Step {
  uses: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}
interface AgentsProject {
  version: string;
  environmentFolderPath: string;
  provision: Step[];
  deploy: Step[];
  publish?: Step[];
}
const project = () => parseYaml(read('m365agents.yml')) as AgentsProject;

describe('Bicep files', () => {
  it.each([AZURE, BOT])('%s has balanced brackets outside strings and comments', (file) => {
    expect(bracketProblems(read(file))).toEqual([]);
  });

  it('declare the resource types of the Teams Toolkit bot templates, plus storage and monitoring', () => {
    const types = [...declarations(azure), ...declarations(bot)].filter((d) => d.kind === 'resource').map((d) => d.target.split('@')[0]);
    expect(types.sort()).toEqual(
      [
        'Microsoft.Authorization/roleAssignments',
        'Microsoft.BotService/botServices',
        'Microsoft.BotService/botServices/channels',
        'Microsoft.Insights/components',
        'Microsoft.ManagedIdentity/userAssignedIdentities',
        'Microsoft.OperationalInsights/workspaces',
        'Microsoft.Storage/storageAccounts',
        'Microsoft.Web/serverfarms',
        'Microsoft.Web/sites',
        'Microsoft.Web/sites/config',
      ].sort(),
    );
    for (const d of [...declarations(azure), ...declarations(bot)].filter((x) => x.kind === 'resource')) {
      expect(d.target).toMatch(/@\d{4}-\d{2}-\d{2}(-preview)?$/);
    }
  });

  it('name everything from one resourceBaseName parameter (4-20 characters)', () => {
    const base = params(azure).find((p) => p.name === 'resourceBaseName')!;
    expect(base).toMatchObject({ type: 'string', hasDefault: false });
    expect(base.decorators).toEqual(expect.arrayContaining(['minLength', 'maxLength']));
    expect(azure).toMatch(/@maxLength\(20\)\s*\n@minLength\(4\)[\s\S]*?param resourceBaseName string/);
    const required = params(azure).filter((p) => !p.hasDefault).map((p) => p.name);
    expect(required.sort()).toEqual(['emailLinkSecret', 'jobsSecret', 'resourceBaseName']);
  });

  it('run the web app on Linux, Node 22 LTS, always on, HTTPS only, as the managed identity', () => {
    const site = decl(azure, 'webApp').body;
    expect(site).toMatch(/linuxFxVersion: 'NODE\|22-lts'/);
    expect(site).toMatch(/alwaysOn: true/);
    expect(site).toMatch(/httpsOnly: true/);
    expect(site).toMatch(/type: 'UserAssigned'/);
    expect(site).toMatch(/healthCheckPath: '\/healthz'/);
    expect(decl(azure, 'serverfarm').body).toMatch(/reserved: true/);
  });

  it('keep storage private: StorageV2, TLS 1.2, no public blobs, identity access with Table Data Contributor', () => {
    const storage = decl(azure, 'storage').body;
    expect(storage).toMatch(/kind: 'StorageV2'/);
    expect(storage).toMatch(/minimumTlsVersion: 'TLS1_2'/);
    expect(storage).toMatch(/allowBlobPublicAccess: false/);
    expect(storage).toMatch(/allowSharedKeyAccess: allowStorageSharedKeyAccess/);
    expect(params(azure).find((p) => p.name === 'allowStorageSharedKeyAccess')).toMatchObject({ type: 'bool', hasDefault: true });
    expect(azure).toMatch(/param allowStorageSharedKeyAccess bool = false/);
    const role = decl(azure, 'tableDataContributor').body;
    expect(azure).toMatch(/storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'/);
    expect(role).toMatch(/principalId: identity\.properties\.principalId/);
    expect(role).toMatch(/scope: storage/);
    // No key ever reaches the settings.
    expect(azure).not.toMatch(/listKeys|AccountKey=|primaryKey/);
  });

  it('put Application Insights on a Log Analytics workspace', () => {
    expect(decl(azure, 'appInsights').body).toMatch(/WorkspaceResourceId: logAnalytics\.id/);
  });

  it('register the Azure Bot as the managed identity with the Teams channel and /api/messages', () => {
    const service = decl(bot, 'botService').body;
    expect(service).toMatch(/msaAppType: 'UserAssignedMSI'/);
    expect(service).toMatch(/msaAppId: identityClientId/);
    expect(service).toMatch(/msaAppMSIResourceId: identityResourceId/);
    expect(service).toMatch(/msaAppTenantId: identityTenantId/);
    expect(service).toMatch(/endpoint: 'https:\/\/\$\{botAppDomain\}\/api\/messages'/);
    expect(decl(bot, 'botServiceMsTeamsChannel').body).toMatch(/channelName: 'MsTeamsChannel'/);
  });
});

describe('names line up', () => {
  it('azure.bicep passes azurebot.bicep exactly the parameters it declares, including every required one', () => {
    const module = decl(azure, 'azureBotRegistration');
    expect(module.kind).toBe('module');
    expect(existsSync(join(ROOT, 'infra', module.target))).toBe(true);
    const passed = [...topLevelEntries(childBlock(module.body, 'params')).keys()].sort();
    const declared = params(bot);
    expect(passed.filter((p) => !declared.some((d) => d.name === p))).toEqual([]);
    expect(declared.filter((d) => !d.hasDefault).map((d) => d.name).filter((n) => !passed.includes(n))).toEqual([]);
  });

  it("azure.bicep reads only outputs azurebot.bicep has", () => {
    const used = [...azure.matchAll(/azureBotRegistration\.outputs\.(\w+)/g)].map((m) => m[1]);
    const declared = outputs(bot).map((o) => o.name);
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect(declared).toContain(name);
  });

  it('azure.parameters.json sets only real parameters, every required one, and secrets only from SECRET_ variables', () => {
    const file = JSON.parse(read('infra/azure.parameters.json')) as { parameters: Record<string, { value: unknown }> };
    const declared = params(azure);
    const given = Object.keys(file.parameters);
    expect(given.filter((g) => !declared.some((d) => d.name === g))).toEqual([]);
    expect(declared.filter((d) => !d.hasDefault && !given.includes(d.name)).map((d) => d.name)).toEqual([]);
    for (const p of declared.filter((d) => d.decorators.includes('secure') && given.includes(d.name))) {
      expect(file.parameters[p.name]!.value).toMatch(/^\$\{\{SECRET_[A-Z0-9_]+\}\}$/);
    }
  });

  it('azure.parameters.json uses only variables the env file defines or documents as secrets', () => {
    const envFile = read('infra/env/.env.dev');
    const env = dotenv('infra/env/.env.dev');
    for (const name of placeholders(read('infra/azure.parameters.json'))) {
      if (name.startsWith('SECRET_')) expect(envFile).toContain(`${name}=`);
      else expect({ name, defined: env.has(name) }).toEqual({ name, defined: true });
    }
  });

  it('the outputs the toolkit and the manifest need exist, and the env file lists each one', () => {
    const names = outputs(azure).map((o) => o.name);
    expect(names).toEqual(expect.arrayContaining(['BOT_ID', 'BOT_DOMAIN', 'PUBLIC_BASE_URL', 'BOT_AZURE_APP_SERVICE_RESOURCE_ID', 'STORAGE_ACCOUNT_URL']));
    const env = dotenv('infra/env/.env.dev');
    for (const name of names) expect({ name, listed: env.has(name) }).toEqual({ name, listed: true });
    for (const o of outputs(azure)) expect(o.name).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });

  it('m365agents.yml refers only to variables that provisioning writes or the env file defines', () => {
    const env = dotenv('infra/env/.env.dev');
    const yml = project();
    const written = new Set([
      ...outputs(azure).map((o) => o.name),
      ...[...yml.provision, ...yml.deploy, ...(yml.publish ?? [])].flatMap((s) => Object.values(s.writeToEnvironmentFile ?? {})),
    ]);
    for (const name of placeholders(read('m365agents.yml'))) {
      expect({ name, known: written.has(name) || env.has(name) }).toEqual({ name, known: true });
    }
  });

  it("the manifest's placeholders are all available to the toolkit's zipAppPackage", () => {
    const env = dotenv('infra/env/.env.dev');
    const yml = project();
    const written = new Set([...outputs(azure).map((o) => o.name), ...yml.provision.flatMap((s) => Object.values(s.writeToEnvironmentFile ?? {}))]);
    for (const name of placeholders(read('manifest/manifest.json'))) {
      expect({ name, known: written.has(name) || env.has(name) }).toEqual({ name, known: true });
    }
  });
});

describe('m365agents.yml', () => {
  it('parses as a v1.x Agents Toolkit project with its env folder in infra/', () => {
    const yml = project();
    expect(yml.version).toMatch(/^v1\.\d+$/);
    expect(read('m365agents.yml')).toMatch(new RegExp(`schema=https://aka\\.ms/m365-agents-toolkits/${yml.version.replace('.', '\\.')}/yaml\\.schema\\.json`));
    expect(existsSync(join(ROOT, yml.environmentFolderPath, '.env.dev'))).toBe(true);
    expect(read('infra/env/.gitignore')).toMatch(/^\*\.user$/m);
  });

  it('provisions in order: Teams app, Azure, manifest check, package, update', () => {
    const uses = project().provision.map((s) => s.uses);
    const order = ['teamsApp/create', 'arm/deploy', 'teamsApp/validateManifest', 'teamsApp/zipAppPackage', 'teamsApp/update'];
    const positions = order.map((u) => uses.indexOf(u));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('deploys infra/azure.bicep with its parameters file and points at manifest/', () => {
    const yml = project();
    const arm = yml.provision.find((s) => s.uses === 'arm/deploy')!;
    const templates = arm.with!.templates as { path: string; parameters: string; deploymentName: string }[];
    expect(templates).toHaveLength(1);
    expect(templates[0]!.path).toBe('./infra/azure.bicep');
    expect(templates[0]!.parameters).toBe('./infra/azure.parameters.json');
    expect(templates[0]!.deploymentName).toBeTruthy();
    for (const step of [...yml.provision, ...(yml.publish ?? [])].filter((s) => s.with && 'manifestPath' in s.with)) {
      expect(step.with!.manifestPath).toBe('./manifest/manifest.json');
      expect(existsSync(join(ROOT, step.with!.manifestPath as string))).toBe(true);
    }
    const create = yml.provision.find((s) => s.uses === 'teamsApp/create')!;
    expect(create.writeToEnvironmentFile).toEqual({ teamsAppId: 'TEAMS_APP_ID' });
  });

  it('deploys by npm install, npm run build and a zip deploy to the web app the Bicep outputs', () => {
    const deploy = project().deploy;
    const npm = deploy.filter((s) => s.uses === 'cli/runNpmCommand').map((s) => String(s.with!.args));
    expect(npm[0]).toMatch(/^install\b/);
    expect(npm[1]).toMatch(/^run build\b/);
    const zip = deploy.find((s) => s.uses === 'azureAppService/zipDeploy')!;
    expect(zip.with!.resourceId).toBe('${{BOT_AZURE_APP_SERVICE_RESOURCE_ID}}');
    expect(outputs(azure).find((o) => o.name === 'BOT_AZURE_APP_SERVICE_RESOURCE_ID')!.value).toBe('webApp.id');
    const ignore = String(zip.with!.ignoreFile);
    expect(existsSync(join(ROOT, ignore))).toBe(true);
    const ignored = read(ignore);
    for (const entry of ['node_modules/', 'infra/env/', '.env*', '.data/']) expect(ignored).toContain(entry);
    // The server builds (SCM_DO_BUILD_DURING_DEPLOYMENT), so src/, cards/ and package files must be uploaded.
    for (const kept of ['src', 'cards', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json']) expect(ignored).not.toMatch(new RegExp(`^${kept}/?$`, 'm'));
  });

  it('starts the bundle npm run build makes, the same command as npm run serve', () => {
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string>; dependencies: Record<string, string> };
    const command = /appCommandLine: '([^']+)'/.exec(azure)?.[1];
    expect(command).toBe(pkg.scripts.serve);
    expect(command).toBe(['node', ...SERVE_ARGS].join(' '));
    expect(read('scripts/build.ts')).toContain("outfile: path.join(DIST, 'partner-fit.js')");
    // The server's npm install may leave devDependencies out: what the build runs must be a dependency.
    for (const needed of ['esbuild', 'typescript', 'ts-node']) expect(Object.keys(pkg.dependencies)).toContain(needed);
  });
});

describe('app settings', () => {
  const settingsDoc = JSON.parse(read('infra/settings.json')) as { optional: Record<string, string>; platform: Record<string, string> };
  const appKeys = Object.keys(loadConfig({}).env).sort();

  it('every setting the app reads is set by azure.bicep or documented as optional, not both', () => {
    const set = new Set(appSettings().keys());
    const optional = new Set(Object.keys(settingsDoc.optional));
    expect(appKeys.filter((k) => !set.has(k) && !optional.has(k))).toEqual([]);
    expect(appKeys.filter((k) => set.has(k) && optional.has(k))).toEqual([]);
  });

  it('documents no stale settings, and each optional one says why', () => {
    expect(Object.keys(settingsDoc.optional).filter((k) => !appKeys.includes(k))).toEqual([]);
    for (const [key, why] of Object.entries(settingsDoc.optional)) expect({ key, why: why.length > 10 }).toEqual({ key, why: true });
  });

  it('sets nothing the app does not read, except documented App Service settings', () => {
    const extra = [...appSettings().keys()].filter((k) => !appKeys.includes(k)).sort();
    expect(extra).toEqual(Object.keys(settingsDoc.platform).sort());
    expect(extra).toEqual(['SCM_DO_BUILD_DURING_DEPLOYMENT', 'WEBSITE_NODE_DEFAULT_VERSION']);
  });

  it('wires the bot identity, storage, secrets and telemetry as the app expects', () => {
    const s = appSettings();
    expect(s.get('MicrosoftAppId')).toBe('identity.properties.clientId');
    expect(s.get('MicrosoftAppType')).toBe("'UserAssignedMSI'");
    expect(s.get('MicrosoftAppTenantId')).toBe('identity.properties.tenantId');
    expect(s.get('AZURE_CLIENT_ID')).toBe('identity.properties.clientId');
    expect(s.get('STORAGE_ACCOUNT_URL')).toBe('tableEndpoint');
    expect(azure).toMatch(/var tableEndpoint = 'https:\/\/\$\{storage\.name\}\.table\.\$\{environment\(\)\.suffixes\.storage\}'/);
    expect(s.has('STORAGE_CONNECTION_STRING')).toBe(false);
    expect(s.get('APPLICATIONINSIGHTS_CONNECTION_STRING')).toBe('appInsights.properties.ConnectionString');
    expect(s.get('WEBSITE_NODE_DEFAULT_VERSION')).toBe("'~22'");
    expect(s.get('SCM_DO_BUILD_DURING_DEPLOYMENT')).toBe("'true'");
    const secure = params(azure).filter((p) => p.decorators.includes('secure')).map((p) => p.name);
    expect(secure.sort()).toEqual(['emailLinkSecret', 'jobsSecret']);
    expect(s.get('EMAIL_LINK_SECRET')).toBe('emailLinkSecret');
    expect(s.get('JOBS_SECRET')).toBe('jobsSecret');
  });

  it('the values azure.bicep sets pass the app\'s own config checks', () => {
    // Literal stand-ins for what Azure fills in; a managed-identity bot in a real tenant must load.
    const config = loadConfig({
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: '00000000-0000-0000-0000-0000000000aa',
      STORAGE_ACCOUNT_URL: 'https://partnerfitabc.table.core.windows.net',
      AZURE_CLIENT_ID: '00000000-0000-0000-0000-000000000001',
      TABLE_PREFIX: 'pf',
      PUBLIC_BASE_URL: 'https://partnerfitabc.azurewebsites.net',
      EMAIL_LINK_SECRET: 'x'.repeat(32),
      JOBS_SECRET: 'y'.repeat(32),
      ADMIN_AAD_OBJECT_IDS: '',
      ALLOWED_TENANT_IDS: '00000000-0000-0000-0000-0000000000aa',
      TIME_ZONE: 'UTC',
      APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000000',
    });
    expect(config.localMode).toBe(false);
    expect(config.host).toBe('0.0.0.0');
    // The Bicep defaults of the literal settings are valid values for the app too.
    expect(azure).toMatch(/param tablePrefix string = 'pf'/);
    expect(azure).toMatch(/param timeZone string = 'UTC'/);
  });
});

describe('docs/deploy.md', () => {
  const doc = read('docs/deploy.md');

  it('queries only outputs azure.bicep has', () => {
    const names = outputs(azure).map((o) => o.name);
    const used = [...doc.matchAll(/\bout ([A-Z_]+)\)/g), ...doc.matchAll(/properties\.outputs\.([A-Z_]+)/g)].map((m) => m[1] as string);
    expect(used.length).toBeGreaterThan(3);
    for (const name of used) expect({ name, output: names.includes(name) }).toEqual({ name, output: true });
  });

  it('passes and mentions only parameters azure.bicep declares', () => {
    const declared = params(azure).map((p) => p.name);
    const block = /az deployment group create[\s\S]*?```/.exec(doc)![0];
    const passed = [...block.matchAll(/\b([a-z][A-Za-z]+)="?[$A-Za-z]/g)].map((m) => m[1] as string);
    const other = /Other parameters[\s\S]*?\n\n/.exec(doc)![0];
    const mentioned = [...other.matchAll(/`([a-z][A-Za-z]+)`/g)].map((m) => m[1] as string).filter((w) => w !== 'true' && w !== 'false');
    expect(passed).toEqual(expect.arrayContaining(['resourceBaseName', 'emailLinkSecret', 'jobsSecret']));
    for (const name of [...passed, ...mentioned]) expect({ name, declared: declared.includes(name) }).toEqual({ name, declared: true });
  });

  it('names files that exist and the package the script writes', () => {
    for (const file of ['infra/azure.bicep', 'infra/botRegistration/azurebot.bicep', 'infra/env/.env.dev', 'infra/webappignore', 'infra/settings.json', 'm365agents.yml', 'manifest/manifest.json']) {
      expect(doc).toContain(file);
      expect(existsSync(join(ROOT, file))).toBe(true);
    }
    expect(doc).toContain('appPackage/build/partner-fit.zip');
  });
});
