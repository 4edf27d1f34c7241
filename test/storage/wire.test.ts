// Point reads and transactions built here (src/storage/wire.ts) instead of by the SDK: each request must be the one
// the SDK sends, byte for byte (so Azure Storage reads it as it reads the SDK's), and its answer read the same way.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TransactionAction } from '@azure/data-tables';
import { TableClient } from '@azure/data-tables';
import { getRow, submitTransaction } from '../../src/storage/wire';
import { testConnectionString, uniqueTablePrefix } from '../support/storage';

interface Captured {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A stand-in for the service that records each request and answers an empty batch. */
async function recorder(): Promise<{ port: number; requests: Captured[]; close(): Promise<void> }> {
  const requests: Captured[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', headers: req.headers, body });
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json;odata=minimalmetadata;streaming=true;charset=utf-8' });
        res.end(JSON.stringify({ 'odata.etag': 'W/"1"', PartitionKey: 'p', RowKey: 'r', Timestamp: '2026-12-02T16:00:00Z', n: 1 }));
        return;
      }
      res.writeHead(202, { 'content-type': 'multipart/mixed; boundary=batchresponse_1' });
      res.end('--batchresponse_1\r\n--batchresponse_1--\r\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** What differs between any two requests: the boundaries' ids, the request id, the date and the signature over it. */
function comparable(c: Captured): Captured {
  const ids = new Map<string, string>();
  const body = c.body.replace(/(batch|changeset)_[0-9a-f-]{36}/g, (m) => {
    if (!ids.has(m)) ids.set(m, `${m.split('_')[0]}_${ids.size}`);
    return ids.get(m)!;
  });
  const { 'x-ms-client-request-id': _id, 'x-ms-date': _date, authorization: _auth, ...headers } = c.headers;
  return { url: c.url, headers: { ...headers, 'content-type': String(headers['content-type']).replace(/batch_[0-9a-f-]{36}/, 'batch_0') }, body };
}

const CONNECTIONS: [string, (port: number) => string][] = [
  ['an account key', (port) => `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${KEY};TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`],
  ['a SAS token', (port) => `TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;SharedAccessSignature=sv=2019-02-02&ss=t&srt=sco&sp=rwdlacu&se=2030-01-01T00:00:00Z&sig=abc%3D`],
];

const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const PK = "p|Contoso's / #1 %";

/** Every kind of action the stores send, keys with characters URLs and OData quote, and each kind of value a row holds. */
const ACTIONS: TransactionAction[] = [
  ['create', { partitionKey: PK, rowKey: 'e|0001', kind: 'event', version: 1, ratio: 0.5, big: 2 ** 40, ok: true, text: 'Naïve "quotes" \\ and\nlines' }],
  ['update', { partitionKey: PK, rowKey: 'latest', version: 2 }, 'Replace', { etag: `W/"datetime'2026-12-02T16%3A00%3A00.1234567Z'"` }],
  ['upsert', { partitionKey: PK, rowKey: 'c|0001|state', status: 'closed' }, 'Replace'],
  ['upsert', { partitionKey: PK, rowKey: 'merged', note: 'x' }, 'Merge'],
  ['update', { partitionKey: PK, rowKey: 'any', note: 'y' }, 'Merge'],
  ['delete', { partitionKey: PK, rowKey: "o|it's gone" }],
];

describe('a point read built here', () => {
  it.each(CONNECTIONS)('sends the request the SDK sends, with %s, and reads its answer alike', async (_label, connection) => {
    const service = await recorder();
    try {
      const table = TableClient.fromConnectionString(connection(service.port), 'partners', { allowInsecureConnection: true });
      const sdk = await table.getEntity(PK, "o|it's");
      expect(await getRow(table, PK, "o|it's")).toEqual(sdk);
      expect(sdk.n).toBe(1);
      const [a, b] = service.requests.map(comparable);
      expect(b).toEqual(a);
    } finally {
      await service.close();
    }
  });

  it('reads every kind of value as the SDK does, and a missing row as nothing (on Azurite)', async () => {
    const table = TableClient.fromConnectionString(testConnectionString(), `${uniqueTablePrefix('get')}rows`, { allowInsecureConnection: true });
    await table.createTable();
    const row = { partitionKey: 'p|contoso', rowKey: 'latest', text: 'Naïve "quotes"', n: 7, ratio: 0.25, ok: false, big: BigInt('9007199254740993'), when: new Date('2026-12-02T16:00:00.000Z') };
    await table.createEntity(row);
    expect(await getRow(table, 'p|contoso', 'latest')).toEqual(await table.getEntity('p|contoso', 'latest'));
    expect(await getRow(table, 'p|contoso', 'nothing')).toBeUndefined();
  });
});

describe('a transaction built here', () => {
  it.each(CONNECTIONS)('sends the request the SDK sends, with %s', async (_label, connection) => {
    const service = await recorder();
    try {
      const table = TableClient.fromConnectionString(connection(service.port), 'partners', { allowInsecureConnection: true });
      await table.submitTransaction(ACTIONS);
      await submitTransaction(table, ACTIONS);
      const [sdk, ours] = service.requests.map(comparable);
      expect(ours).toEqual(sdk);
      // Not two empty requests that happen to be alike: every row is in it.
      expect(ours!.body.match(/^(POST|PUT|PATCH|DELETE) /gm)).toHaveLength(ACTIONS.length);
    } finally {
      await service.close();
    }
  });

  describe('on Azurite', () => {
    // Keys as the stores make them (keyOf leaves no quote, slash or hash in them: Azurite mishandles those).
    const ROWS = 'p|contoso';
    let table: TableClient;
    beforeAll(async () => {
      table = TableClient.fromConnectionString(testConnectionString(), `${uniqueTablePrefix('txn')}rows`, { allowInsecureConnection: true });
      await table.createTable();
    });

    it('writes every row, and answers with the ETag of each in order', async () => {
      const response = await submitTransaction(table, [
        ['create', { partitionKey: ROWS, rowKey: 'a', n: 1 }],
        ['upsert', { partitionKey: ROWS, rowKey: 'b', n: 2 }, 'Replace'],
      ]);
      const [a, b] = [await table.getEntity(ROWS, 'a'), await table.getEntity(ROWS, 'b')];
      expect(response.subResponses.map((r) => [r.status, r.etag])).toEqual([
        [204, a.etag],
        [204, b.etag],
      ]);
      expect([a.n, b.n]).toEqual([1, 2]);
    });

    it('writes nothing when one row is refused, and says which status refused it (412, 409)', async () => {
      await submitTransaction(table, [['create', { partitionKey: ROWS, rowKey: 'guard', n: 1 }]]);
      const guard = await table.getEntity(ROWS, 'guard');
      await submitTransaction(table, [['update', { partitionKey: ROWS, rowKey: 'guard', n: 2 }, 'Replace', { etag: guard.etag }]]);
      const stale: TransactionAction[] = [
        ['update', { partitionKey: ROWS, rowKey: 'guard', n: 3 }, 'Replace', { etag: guard.etag }],
        ['create', { partitionKey: ROWS, rowKey: 'never', n: 1 }],
      ];
      await expect(submitTransaction(table, stale)).rejects.toMatchObject({ statusCode: 412 });
      await expect(submitTransaction(table, [['create', { partitionKey: ROWS, rowKey: 'guard', n: 9 }]])).rejects.toMatchObject({ statusCode: 409 });
      expect((await table.getEntity(ROWS, 'guard')).n).toBe(2);
      await expect(table.getEntity(ROWS, 'never')).rejects.toMatchObject({ statusCode: 404 });
    });

    it('refuses a value a row cannot hold before sending anything', async () => {
      await expect(submitTransaction(table, [['create', { partitionKey: ROWS, rowKey: 'odd', list: ['a'] }]])).rejects.toThrow(/"list"/);
      await expect(table.getEntity(ROWS, 'odd')).rejects.toMatchObject({ statusCode: 404 });
    });
  });
});
