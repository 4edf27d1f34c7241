// The floor every product figure is divided by, measured in the same run on the same machine and Azurite:
//   - a bare teams-ai echo bot on the same stack (restify, the Bot Framework adapter, teams-ai's Application):
//     a message turn answered with a line, and an Action.Execute turn answered with a one-line card;
//   - one flag-shaped storage operation: read a state row, then one transaction writing the state with its
//     ETag and a 500-byte event; and one point read.
// The floor stays up while the product is measured: each product sample is followed by a floor sample, so both
// see the same machine (a busy neighbour slows both, and the ratio holds).
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
import { submitTransaction } from '../src/storage/wire';
import { startChannel } from '../test/support/channel';
import { TeamsClient, teamsUser } from '../test/support/teams';

/** Takes one sample and says how long it took, in milliseconds. */
export type Sampler = () => Promise<number>;

export interface Floor {
  /** The echo bot: a message turn (answered with a line), an Action.Execute turn (a one-line card). */
  echoMessage: Sampler;
  echoInvoke: Sampler;
  /** One flag-shaped storage operation, C=1, its transaction sent by the SDK. */
  storageOp: Sampler;
  /**
   * The same with the transaction sent as the bot sends its own (src/storage/wire.ts): reported beside the
   * figures, never part of a floor, so the floor stays the SDK's and the bot's quicker transactions show in its ratios.
   */
  storageOpOwnTransaction: Sampler;
  /** One point read (what `status` needs at least), C=1. */
  storageRead: Sampler;
  /** 16 flag-shaped operations at once, each on its own partition: the milliseconds they took together. */
  storageOpsC16: Sampler;
  /** 16 echo Action.Execute turns at once (16 people): the milliseconds they took together. */
  echoInvokesC16: Sampler;
  stop(): Promise<void>;
}

const EVENT = 'x'.repeat(500);

/** One flag-shaped operation on partition `pk`: read the state row, then write it back (ETag) with one event. */
async function flagShaped(table: TableClient, pk: string, n: number, submit = (actions: TransactionAction[]) => table.submitTransaction(actions)): Promise<unknown> {
  const state = await table.getEntity<Record<string, unknown>>(pk, 'state');
  const actions: TransactionAction[] = [
    ['update', { partitionKey: pk, rowKey: 'state', version: n, json: EVENT }, 'Replace', { etag: state.etag }],
    ['create', { partitionKey: pk, rowKey: `e|${String(n).padStart(10, '0')}`, json: EVENT }],
  ];
  return submit(actions);
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

/** The echo bot and the storage operation, up and warmed, storage through `proxyPort` like the product's. */
export async function startFloor(proxyPort: number): Promise<Floor> {
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
  const teams = new TeamsClient({ botEndpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`, serviceUrl: channel.serviceUrl });
  const user = teamsUser('bench echo');
  const crowd = Array.from({ length: 16 }, (_, k) => teamsUser(`bench echo ${k}`));

  const table = TableClient.fromConnectionString(azuriteConnectionString(proxyPort), 'benchfloor', { allowInsecureConnection: true });
  await table.createTable().catch(() => undefined);
  for (let k = 0; k < 16; k += 1) await table.upsertEntity({ partitionKey: `p${k}`, rowKey: 'state', version: 0, json: EVENT }, 'Replace');
  let n = 0;

  const floor: Floor = {
    echoMessage: () => timed(() => teams.say(user, 'hello')),
    echoInvoke: () => timed(() => teams.execute(user, teams.personalConversation(user), { verb: 'echo', data: {} })),
    storageOp: () => timed(() => flagShaped(table, 'p0', ++n)),
    storageOpOwnTransaction: () => timed(() => flagShaped(table, 'p0', ++n, (actions) => submitTransaction(table, actions))),
    storageRead: () => timed(() => table.getEntity('p0', 'state')),
    storageOpsC16: () => timed(() => Promise.all(Array.from({ length: 16 }, (_, k) => flagShaped(table, `p${k}`, ++n)))),
    echoInvokesC16: () => timed(() => Promise.all(crowd.map((u) => teams.execute(u, teams.personalConversation(u), { verb: 'echo', data: {} })))),
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await channel.stop();
    },
  };
  for (let i = 0; i < 5; i += 1) for (const warm of [floor.echoMessage, floor.echoInvoke, floor.storageOp, floor.storageOpOwnTransaction, floor.storageRead]) await warm();
  return floor;
}
