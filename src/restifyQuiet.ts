// Imported by src/server.ts just before restify, and undone right after it loads. restify 11 (the latest release)
// requires `spdy` when it loads, and spdy's `http-deceiver` reads `process.binding('http_parser')`, which Node
// deprecates (DEP0111) with a warning at every start. The bot never serves SPDY/HTTP2 through restify, so that code
// is never used: while restify loads, exactly that warning is dropped; every other warning, and DEP0111 from
// anything loaded later, is printed as usual. (README "Running it".)
const emitWarning = process.emitWarning;

function codeOf(args: unknown[]): unknown {
  const [typeOrOptions, code] = args;
  return typeOrOptions && typeof typeOrOptions === 'object' ? (typeOrOptions as { code?: unknown }).code : code;
}

process.emitWarning = function emitUnlessDep0111(this: NodeJS.Process, warning: string | Error, ...args: unknown[]): void {
  if (codeOf(args) === 'DEP0111') return;
  (emitWarning as (w: string | Error, ...a: unknown[]) => void).call(process, warning, ...args);
} as typeof process.emitWarning;

/** Puts Node's own emitWarning back once restify has loaded. */
export function restoreWarnings(): void {
  process.emitWarning = emitWarning;
}
