// Index writes that arrive together go together, on real Azurite: sixteen commits' outbox index entries cost a request
// or two, one alone costs one, and a write that fails in a shared transaction fails no one else's.
import { TableClient } from '@azure/data-tables';
import type { CountingProxy } from '../../bench/roundTrips';
import { countingProxy } from '../../bench/roundTrips';
import { azuriteConnectionString } from '../../src/storage/azurite';
import { CoalescingWriter } from '../../src/storage/coalescing';
import { testConnectionString, uniqueTablePrefix } from '../support/storage';

let proxy: CountingProxy;
let table: TableClient;
let writer: CoalescingWriter;

beforeAll(async () => {
  proxy = await countingProxy(Number(/TableEndpoint=http:\/\/127\.0\.0\.1:(\d+)\//.exec(testConnectionString())![1]));
  table = TableClient.fromConnectionString(azuriteConnectionString(proxy.port), `${uniqueTablePrefix('co')}idx`, { allowInsecureConnection: true });
  await table.createTable();
  writer = new CoalescingWriter(table);
});
afterAll(() => proxy.close());

const row = (rowKey: string) => ({ partitionKey: 'pending', rowKey, note: rowKey });

async function rowKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const e of table.listEntities()) keys.push(String(e.rowKey));
  return keys.sort();
}

test('one write alone is one request', async () => {
  proxy.reset();
  await writer.write([{ put: row('alone') }]);
  expect(proxy.count()).toBe(1);
  expect(await rowKeys()).toContain('alone');
});

test('sixteen writes at once are all stored, in two requests', async () => {
  proxy.reset();
  await Promise.all(Array.from({ length: 16 }, (_, i) => writer.write([{ put: row(`at-once-${String(i).padStart(2, '0')}`) }])));
  expect(proxy.count()).toBe(2);
  expect((await rowKeys()).filter((k) => k.startsWith('at-once-'))).toHaveLength(16);
});

test('a delete of a row already gone does not fail the writes that shared its transaction', async () => {
  await writer.write([{ put: row('keep-me-company') }]);
  const first = writer.write([{ put: row('first') }]);
  const shared = [writer.write([{ put: row('second') }]), writer.write([{ remove: { partitionKey: 'pending', rowKey: 'never-written' } }]), writer.write([{ put: row('third') }, { remove: { partitionKey: 'pending', rowKey: 'keep-me-company' } }])];
  await expect(Promise.all([first, ...shared])).resolves.toBeDefined();
  const keys = await rowKeys();
  expect(keys).toEqual(expect.arrayContaining(['first', 'second', 'third']));
  expect(keys).not.toContain('keep-me-company');
});

test('writes across partitions or repeating a row are refused before anything is written', async () => {
  await expect(writer.write([{ put: row('a') }, { put: { ...row('b'), partitionKey: 'other' } }])).rejects.toThrow(/one partition/);
  await expect(writer.write([{ put: row('twice') }, { remove: { partitionKey: 'pending', rowKey: 'twice' } }])).rejects.toThrow(/each row once/);
  expect(await rowKeys()).not.toEqual(expect.arrayContaining(['a', 'twice']));
});
