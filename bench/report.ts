// The end-to-end section of `npm run bench`: the floor, the product at two sizes, `partners` with 1,000 partners,
// ping dispatch against Teams' limits, start-up and memory; each figure next to its target (issue: a click costs
// the same in a 50-person team and a 100,000-person company). Ratios are measured in one run; counts do not drift.
import os from 'node:os';
import { measureDispatch } from './dispatch';
import type { DispatchFigures } from './dispatch';
import { measurePartnersList, measureSize } from './e2e';
import type { OperationFigures, SizeFigures } from './e2e';
import { startFloor } from './floor';
import type { CountingProxy } from './roundTrips';
import { measureMemory, measureStartup } from './startup';
import type { MemoryFigures, StartupFigures } from './startup';
import { round } from './stats';

export interface Target {
  value: number | boolean;
  target: string;
  met: boolean;
}

export interface EndToEnd {
  machine: { cpus: number; model: string; memoryGiB: number; os: string; node: string };
  sizes: SizeFigures[];
  partnersList: OperationFigures & { partners: number };
  dispatch: { tenant: DispatchFigures; oneConversation: DispatchFigures };
  startup: StartupFigures;
  memory: MemoryFigures;
  targets: Record<string, Target>;
}

export interface EndToEndOptions {
  /** The large size (default 100,000 people and 10,000 partners); the small one is 50 and 10. */
  people: number;
  partners: number;
  runs: number;
}

const at = (max: number) => (v: number) => v <= max;
const atLeast = (min: number) => (v: number) => v >= min;

function target(value: number | boolean, text: string, ok: (v: number) => boolean): Target {
  return { value, target: text, met: typeof value === 'boolean' ? value : ok(value) };
}

export async function endToEnd(proxy: CountingProxy, azuritePort: number, o: EndToEndOptions): Promise<EndToEnd> {
  const floor = await startFloor(proxy.port);
  const [small, large] = await (async () => {
    try {
      return [await measureSize(proxy, floor, 50, 10, o.runs), await measureSize(proxy, floor, o.people, o.partners, o.runs)];
    } finally {
      await floor.stop();
    }
  })();
  const partnersList = { partners: 1_000, ...(await measurePartnersList(proxy, 1_000, 10)) };
  const dispatch = await measureDispatch(azuritePort);
  const startup = await measureStartup(azuritePort);
  const memory = await measureMemory(azuritePort, large.world.tablePrefix, large.world.org, o.partners);

  const t: Record<string, Target> = {};
  for (const size of [small, large]) {
    const ops = size.operations;
    const tag = `${size.people} people`;
    t[`flag submit p50 ÷ floor (${tag})`] = target(round(ops.flagSubmit!.p50Ms / ops.flagSubmit!.floor!.p50Ms), '≤ 1.5', at(1.5));
    t[`card action p99 ÷ floor (${tag})`] = target(round(ops.cardAction!.p99Ms / ops.cardAction!.floor!.p99Ms), '≤ 2', at(2));
    t[`status p50 ÷ floor (${tag})`] = target(round(ops.status!.p50Ms / ops.status!.floor!.p50Ms), '≤ 1.5', at(1.5));
    t[`flags/s at C=16 ÷ storage ops/s at C=16 (${tag})`] = target(round(size.flagsPerSecondC16 / size.storageOpsPerSecondC16), '≥ 0.4', atLeast(0.4));
    t[`round trips before the answer: flag submit (${tag})`] = target(ops.flagSubmit!.beforeAnswer, '≤ 3', at(3));
    t[`round trips before the answer: card action (${tag})`] = target(ops.cardAction!.beforeAnswer, '≤ 3', at(3));
    t[`round trips before the answer: status (${tag})`] = target(ops.status!.beforeAnswer, '≤ 2', at(2));
    t[`round trips before the answer: flag command (${tag})`] = target(ops.flagCommand!.beforeAnswer, '≤ 2', at(2));
    for (const name of ['flagSubmit', 'cardAction'] as const) {
      const op = ops[name]!;
      t[`storage requests to deliver one ping: ${name} (${tag})`] = target(round(op.delivery / Math.max(1, op.pings)), '≤ 3', at(3));
      // The commit's index entries follow it, whatever the size of the organisation: one transaction each for the
      // pending pings and the due timers (shared by commits under way at once), and what waits on whom, one row
      // for each of the (at most two) people a step moves the case between: at most 4, and only what changed.
      t[`index requests after the commit: ${name} (${tag})`] = target(op.indexRows, '≤ 4', at(4));
    }
  }
  // Each size against its own floor samples: the sizes are measured minutes apart, and the machine may have changed.
  const relative = (op: OperationFigures) => op.p50Ms / (op.floor?.p50Ms ?? 1);
  for (const name of Object.keys(small.operations)) {
    const a = small.operations[name]!;
    const b = large.operations[name]!;
    t[`${name} p50 ÷ its floor, large ÷ small`] = target(round(relative(b) / relative(a)), '≤ 1.15', at(1.15));
    t[`${name} round trips, large = small`] = target(a.beforeAnswer === b.beforeAnswer && a.delivery === b.delivery, 'identical', () => true);
  }
  t['flags/s at C=16 ÷ storage ops/s, large ÷ small'] = target(round(large.flagsPerSecondC16 / large.storageOpsPerSecondC16 / (small.flagsPerSecondC16 / small.storageOpsPerSecondC16)), '≥ 0.85', atLeast(0.85));
  t['dispatch to many people ÷ tenant limit'] = target(dispatch.tenant.rateOfLimit, '≥ 0.9', atLeast(0.9));
  t['dispatch to one person ÷ conversation limit'] = target(dispatch.oneConversation.rateOfLimit, '≥ 0.9', atLeast(0.9));
  t['429s provoked'] = target(dispatch.tenant.throttled + dispatch.oneConversation.throttled, '0', at(0));
  t[`RSS MB, ${memory.people} people / ${memory.partners} partners`] = target(memory.rssMbAfterClicks, '≤ 300', at(300));
  t['compiled cold start ms (storage up)'] = target(startup.compiledColdStartMs, '≤ 1500', at(1500));

  const cpus = os.cpus();
  return {
    machine: { cpus: cpus.length, model: cpus[0]?.model ?? 'unknown', memoryGiB: round(os.totalmem() / 2 ** 30), os: `${os.type()} ${os.release()}`, node: process.version },
    sizes: [small, large].map(({ world: _world, ...figures }) => figures),
    partnersList,
    dispatch,
    startup,
    memory,
    targets: t,
  };
}

/** The targets as a table for the terminal. */
export function targetTable(targets: Record<string, Target>): string {
  const width = Math.max(...Object.keys(targets).map((k) => k.length));
  return Object.entries(targets)
    .map(([name, x]) => `${x.met ? 'ok  ' : 'MISS'}  ${name.padEnd(width)}  ${String(x.value).padStart(8)}  (${x.target})`)
    .join('\n');
}
