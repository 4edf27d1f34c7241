// Starting on tables an earlier start made: one read, not a create per table; a version with another table
// makes them all again. Requests counted by the bench's loopback proxy in front of the tests' Azurite.
import { TableClient } from '@azure/data-tables';
import { countingProxy } from '../../bench/roundTrips';
import type { CountingProxy } from '../../bench/roundTrips';
import { createTableStorage } from '../../src/storage';
import { azuriteConnectionString } from '../../src/storage/azurite';
import { testConnectionString, uniqueTablePrefix } from '../support/storage';

let proxy: CountingProxy;

beforeAll(async () => {
  proxy = await countingProxy(Number(/TableEndpoint=http:\/\/127\.0\.0\.1:(\d+)\//.exec(testConnectionString())![1]));
});
afterAll(() => proxy.close());

async function start(prefix: string): Promise<{ requests: string[]; tables: string[] }> {
  proxy.reset();
  const storage = await createTableStorage({ connectionString: azuriteConnectionString(proxy.port), tablePrefix: prefix });
  return { requests: proxy.requests(), tables: Object.values(storage.tableNames) };
}

describe('starting on storage', () => {
  it('creates every table the first time, then only reads what was made', async () => {
    const prefix = uniqueTablePrefix('mk');
    const first = await start(prefix);
    expect(first.requests.filter((r) => r.startsWith('POST /devstoreaccount1/Tables')).length).toBe(first.tables.length);
    const again = await start(prefix);
    expect(again.requests).toEqual([`GET /devstoreaccount1/${prefix}meta(PartitionKey='meta',RowKey='tables')`, `GET /devstoreaccount1/${prefix}meta(PartitionKey='meta',RowKey='layout')`]);
  });

  it('makes the tables again when a version with other tables starts', async () => {
    const prefix = uniqueTablePrefix('mk');
    const first = await start(prefix);
    const client = (name: string) => TableClient.fromConnectionString(testConnectionString(), name, { allowInsecureConnection: true });
    // An earlier version knew one table fewer: the one it lacked is missing.
    const lacking = first.tables.find((name) => name.endsWith('reach'))!;
    await client(lacking).deleteTable();
    await client(`${prefix}meta`).upsertEntity({ partitionKey: 'meta', rowKey: 'tables', names: first.tables.filter((n) => n !== lacking).sort().join(',') }, 'Replace');
    const again = await start(prefix);
    expect(again.requests.filter((r) => r.startsWith('POST /devstoreaccount1/Tables')).length).toBe(first.tables.length);
    await expect(client(lacking).upsertEntity({ partitionKey: 'p', rowKey: 'r' })).resolves.toBeDefined();
  });
});
