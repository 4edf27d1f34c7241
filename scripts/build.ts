// npm run build: the production artefact. Type-checks (tsc, no output), then bundles the bot into one file,
// dist/partner-fit.js, which App Service starts (`node dist/partner-fit.js`, infra/azure.bicep).
//
// Why a bundle: a cold start is mostly Node finding, reading and compiling some 1,800 module files; one file
// cuts that (README "Performance"). Left outside the bundle, loaded from node_modules when needed:
// - the telemetry distro and OpenTelemetry, required only when Application Insights is configured, and
//   @azure/core-tracing, which the distro patches as it loads (bundled, the Azure SDK's spans would be lost);
// - adaptivecards-templating, loaded after the bot is healthy (src/teams/cards/render.ts);
// - azurite, which runs in its own process (azuriteChild.cjs, copied next to the bundle);
// - dtrace-provider, restify's optional native module.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

/**
 * How node runs the bundle (npm run serve, the Bicep's start command, the kill trials). restify's body reader
 * still calls `new Buffer()`: Node stays quiet about that inside node_modules, but warns once in a bundle.
 */
export const SERVE_ARGS = ['--disable-warning=DEP0005', 'dist/partner-fit.js'];

const EXTERNAL = ['@azure/monitor-opentelemetry', '@opentelemetry/*', '@azure/core-tracing', 'adaptivecards-templating', 'azurite', 'dtrace-provider'];

/** The bundle alone (the kill trials and the bench build with this; `npm run build` type-checks first). */
export function bundle(): void {
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST, { recursive: true });
  const result = buildSync({
    entryPoints: [path.join(ROOT, 'src/index.ts')],
    outfile: path.join(DIST, 'partner-fit.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    // Whitespace and syntax only: function names stay readable in stack traces and logs.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  if (result.errors.length > 0) throw new Error('the bundle could not be built');
  copyFileSync(path.join(ROOT, 'src/storage/azuriteChild.cjs'), path.join(DIST, 'azuriteChild.cjs'));
}

if (require.main === module) {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noEmit'], { cwd: ROOT, stdio: 'inherit' });
  bundle();
}
