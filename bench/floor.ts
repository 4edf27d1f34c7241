// The floor every product figure is divided by, measured in the same run on the same machine and Azurite:
//   - a bare teams-ai echo bot on the same stack (restify, the Bot Framework adapter, teams-ai's Application):
//     a message turn answered with a line, and an Action.Execute turn answered with a one-line card;
//   - one flag-shaped storage operation: read a state row, then one transaction writing the state with its
//     ETag and a 500-byte event; and one point read.
import type { TransactionAction } from '@azure/data-tables';
import { TableClient } from '@azure/data-tables';
import { Application } from '@microsoft/teams-ai';
import type { TurnState } from '@microsoft/teams-ai';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config';
import { silentLogger } from '../src/log';
import { createServer } from '../src/server';
import { azuriteConnectionString } from '../src/storage/azurite';
import { createAdapter } from '../src/teams/adapter';
import { startChannel } from '../test/support/channel';
import { TeamsClient, teamsUser } from '../test/support/teams';
import type { Latency } from './stats';
import { latencies, round } from './stats';

export interface EchoFloor {
  message: Latency;
  invoke: Latency;
}

export async function echoFloor(runs: number): Promise<EchoFloor> {
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent' });
  const adapter = createAdapter(config, silentLogger);
  const app = new Application<TurnState>({ adapter, botAppId: '', removeRecipientMention: true, startTypingTimer: false });
  app.message(/.*/, async (context) => {
    await context.sendActivity(`echo: ${context.activity.text}`);
  });
  app.adaptiveCards.actionExecute('echo', async () => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'echo' }] }) as never);
  const server = createServer({ messages: (req, res) => adapter.process(req as never, res as never, (context) => app.run(context).then(() => undefined)), health: async () => ({ ok: true, detail: {} }) }, silentLogger);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const channel = await startChannel();
  try {
    const teams = new TeamsClient({ botEndpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`, serviceUrl: channel.serviceUrl });
    const user = teamsUser('bench echo');
    const time = async (op: () => Promise<unknown>) => {
      const t: number[] = [];
      for (let i = 0; i < runs + 5; i += 1) {
        const t0 = performance.now();
        await op();
        if (i >= 5) t.push(performance.now() - t0);
      }
      return latencies(t);
    };
    return {
      message: await time(() => teams.say(user, 'hello')),
      invoke: await time(() => teams.execute(user, teams.personalConversation(user), { verb: 'echo', data: {} })),
    };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await channel.stop();
  }
}

export interface StorageFloor {
  c1: Latency;
  /** One point read (what `status` needs at least), C=1. */
  read: Latency;
  /** Operations per second with 16 at once, each on its own partition. */
  opsPerSecondC16: number;
}

const EVENT = 'x'.repeat(500);

/** One flag-shaped operation on partition `pk`: read the state row, then write it back (ETag) with one event. */
async function flagShaped(table: TableClient, pk: string, n: number): Promise<void> {
  const state = await table.getEntity<Record<string, unknown>>(pk, 'state');
  const actions: TransactionAction[] = [
    ['update', { partitionKey: pk, rowKey: 'state', version: n, json: EVENT }, 'Replace', { etag: state.etag }],
    ['create', { partitionKey: pk, rowKey: `e|${String(n).padStart(10, '0')}`, json: EVENT }],
  ];
  await table.submitTransaction(actions);
}

export async function storageFloor(proxyPort: number, runs: number): Promise<StorageFloor> {
  const table = TableClient.fromConnectionString(azuriteConnectionString(proxyPort), 'benchfloor', { allowInsecureConnection: true });
  await table.createTable().catch(() => undefined);
  for (let k = 0; k < 16; k += 1) await table.upsertEntity({ partitionKey: `p${k}`, rowKey: 'state', version: 0, json: EVENT }, 'Replace');
  let n = 0;
  const t: number[] = [];
  for (let i = 0; i < runs + 5; i += 1) {
    const t0 = performance.now();
    await flagShaped(table, 'p0', ++n);
    if (i >= 5) t.push(performance.now() - t0);
  }
  const reads: number[] = [];
  for (let i = 0; i < runs + 5; i += 1) {
    const t0 = performance.now();
    await table.getEntity('p0', 'state');
    if (i >= 5) reads.push(performance.now() - t0);
  }
  const rounds = 20;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r += 1) await Promise.all(Array.from({ length: 16 }, (_, k) => flagShaped(table, `p${k}`, ++n)));
  return { c1: latencies(t), read: latencies(reads), opsPerSecondC16: round((rounds * 16) / ((performance.now() - t0) / 1000)) };
}
