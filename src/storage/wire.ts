// The two requests every click makes, built here and sent through the table client's own pipeline (its credential,
// retries and deadline): the point read and the entity-group transaction (`$batch`). The SDK's versions spend
// most of a request's processor time on machinery around it: its `submitTransaction` builds a new table client for
// every transaction and runs each row through a whole request pipeline only to capture its text, and `getEntity`
// maps the request and answer through generic operation specs. The bot's process is what a click waits on
// (README "Performance"). Each request is byte for byte the SDK's and each answer reads as the SDK reads it
// (test/storage/wire.test.ts compares them); Cosmos DB endpoints, which need the SDK's own handling, go through it.
import { randomUUID } from 'node:crypto';
import type { TableClient, TableEntityResult, TableTransactionResponse, TransactionAction } from '@azure/data-tables';
import type { HttpClient, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import { RestError, createDefaultHttpClient, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';

const CRLF = '\r\n';
/** The service version the SDK's transactions name (sub-requests carry none). */
const SERVICE_VERSION = '2019-02-02';

let httpClient: HttpClient | undefined;

export async function submitTransaction(table: TableClient, actions: TransactionAction[]): Promise<TableTransactionResponse> {
  const { cosmos, account, sas, insecure } = endpointOf(table);
  if (cosmos) return table.submitTransaction(actions);
  const batch = `batch_${randomUUID()}`;
  const changeset = `changeset_${randomUUID()}`;
  const body = transactionBody(batch, changeset, `${account}/${table.tableName}`, actions);
  const request = createPipelineRequest({
    url: `${account}/$batch${sas}`,
    method: 'POST',
    body,
    allowInsecureConnection: insecure,
    headers: createHttpHeaders({
      accept: 'application/json',
      'x-ms-version': SERVICE_VERSION,
      DataServiceVersion: '3.0;',
      MaxDataServiceVersion: '3.0;NetFx',
      'Content-Type': `multipart/mixed; boundary=${batch}`,
      'Accept-Charset': 'UTF-8',
      Connection: 'Keep-Alive',
    }),
  });
  httpClient ??= createDefaultHttpClient();
  const response = await table.pipeline.sendRequest(httpClient, request);
  return parseResponse(response, request);
}

/** A row by its keys, as the SDK's `getEntity` gives it; undefined if there is none. */
export async function getRow(table: TableClient, partitionKey: string, rowKey: string): Promise<TableEntityResult<Record<string, unknown>> | undefined> {
  const { cosmos, account, sas, insecure } = endpointOf(table);
  if (cosmos) return getEntityOrNothing(table, partitionKey, rowKey);
  const request = createPipelineRequest({
    url: `${account}/${table.tableName}(PartitionKey='${keyInUrl(partitionKey)}',RowKey='${keyInUrl(rowKey)}')${sas}`,
    method: 'GET',
    allowInsecureConnection: insecure,
    headers: createHttpHeaders({ accept: 'application/json;odata=minimalmetadata', 'x-ms-version': SERVICE_VERSION, DataServiceVersion: '3.0' }),
  });
  httpClient ??= createDefaultHttpClient();
  const response = await table.pipeline.sendRequest(httpClient, request);
  if (response.status === 404) return undefined;
  if (response.status < 200 || response.status >= 300) throw refused(response.bodyAsText ?? '', response.status, request, response);
  // The client's deserialization policy has parsed the JSON already.
  const body = ((response as { parsedBody?: unknown }).parsedBody ?? JSON.parse(response.bodyAsText ?? '{}')) as Record<string, unknown>;
  return deserializeEntity(body) as TableEntityResult<Record<string, unknown>>;
}

async function getEntityOrNothing(table: TableClient, partitionKey: string, rowKey: string): Promise<TableEntityResult<Record<string, unknown>> | undefined> {
  try {
    return await table.getEntity<Record<string, unknown>>(partitionKey, rowKey);
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

/** The SDK's names for the properties the service names otherwise. */
const SDK_NAMES = new Map([
  ['PartitionKey', 'partitionKey'],
  ['RowKey', 'rowKey'],
  ['odata.etag', 'etag'],
  ['Timestamp', 'timestamp'],
]);

/** The service's answer as the SDK gives it: its names for the keys, the ETag and the timestamp; typed values typed. */
function deserializeEntity(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.includes('@odata.type')) continue;
    const type = body[`${key}@odata.type`];
    out[SDK_NAMES.get(key) ?? key] = type === undefined ? value : typedValue(value, String(type));
  }
  return out;
}

function typedValue(value: unknown, type: string): unknown {
  switch (type) {
    case 'Edm.DateTime':
      return new Date(String(value));
    case 'Edm.Int64':
      return BigInt(String(value));
    case 'Edm.Binary':
      return new Uint8Array(Buffer.from(String(value), 'base64'));
    case 'Edm.Guid':
      return { value, type: 'Guid' };
    default:
      return value;
  }
}

/** The multipart body: one change set, one part per row, in the order given (sub-responses keep it). */
function transactionBody(batch: string, changeset: string, tableUrl: string, actions: readonly TransactionAction[]): string {
  const head = `--${batch}${CRLF}content-type: multipart/mixed; boundary=${changeset}${CRLF}${CRLF}`;
  const parts = actions.map((action) => [`--${changeset}`, 'content-type: application/http', 'content-transfer-encoding: binary', '', ...subRequest(tableUrl, action)].join(CRLF));
  return `${[head, ...parts].join(CRLF)}${CRLF}--${changeset}--${CRLF}--${batch}--${CRLF}`;
}

function subRequest(tableUrl: string, action: TransactionAction): string[] {
  const entity = action[1];
  const address = `${tableUrl}(PartitionKey='${keyInUrl(entity.partitionKey)}',RowKey='${keyInUrl(entity.rowKey)}')`;
  switch (action[0]) {
    case 'create':
      return [
        `POST ${tableUrl} HTTP/1.1`,
        'Content-Type: application/json;odata=nometadata',
        'Accept: application/json;odata=minimalmetadata',
        'DataServiceVersion: 3.0',
        'Prefer: return-no-content',
        '',
        '',
        serializeEntity(entity),
      ];
    case 'delete':
      return [`DELETE ${address} HTTP/1.1`, 'Accept: application/json;odata=minimalmetadata', 'DataServiceVersion: 3.0', 'If-Match: *', '', ''];
    case 'update':
    case 'upsert': {
      const mode = action[2] ?? 'Merge';
      // An update is conditional (on the ETag given, else on the row existing); an upsert is not.
      const etag = action[0] === 'update' ? ((action[3] as { etag?: string } | undefined)?.etag ?? '*') : undefined;
      return [
        `${mode === 'Merge' ? 'PATCH' : 'PUT'} ${address} HTTP/1.1`,
        'Content-Type: application/json',
        'DataServiceVersion: 3.0',
        'Accept: application/json',
        ...(etag ? [`If-Match: ${etag}`] : []),
        '',
        '',
        serializeEntity(entity),
      ];
    }
  }
}

/** A key in an entity's address: quotes doubled, then URL-encoded. */
function keyInUrl(key: string): string {
  return encodeURIComponent(key.replace(/'/g, "''"));
}

/** The entity as the service reads it: its keys by their service names, typed values annotated. */
function serializeEntity(entity: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(entity)) {
    const key = name === 'partitionKey' ? 'PartitionKey' : name === 'rowKey' ? 'RowKey' : name === 'etag' ? 'odata.etag' : name === 'timestamp' ? 'Timestamp' : name;
    if (value === undefined || value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out[key] = value;
    } else if (typeof value === 'bigint') {
      out[key] = value.toString();
      out[`${key}@odata.type`] = 'Edm.Int64';
    } else if (value instanceof Date) {
      out[key] = value;
      out[`${key}@odata.type`] = 'Edm.DateTime';
    } else {
      // Rows here hold strings, numbers and booleans; anything else is a mistake to catch, not to guess at.
      throw new TypeError(`The property "${name}" of a row has a value a table row cannot hold (${typeof value}).`);
    }
  }
  return JSON.stringify(out);
}

interface Endpoint {
  /** Cosmos DB's Table API: its requests are the SDK's to make. */
  cosmos: boolean;
  /** The account URL without its SAS token or a trailing slash. */
  account: string;
  /** `?<SAS token>`, or '': it goes after the request's path (after `$batch`, never into the sub-requests). */
  sas: string;
  insecure: boolean;
}

/** What a client's URL says, worked out once per client rather than on every request. */
const endpoints = new WeakMap<TableClient, Endpoint>();

function endpointOf(table: TableClient): Endpoint {
  let endpoint = endpoints.get(table);
  if (!endpoint) {
    const [base = table.url, query] = table.url.split('?');
    const host = new URL(table.url).host;
    endpoint = {
      cosmos: host.includes('.table.cosmos.') || host.includes('.table.cosmosdb.'),
      account: base.replace(/\/+$/, ''),
      sas: query ? `?${query}` : '',
      insecure: table.url.startsWith('http:'),
    };
    endpoints.set(table, endpoint);
  }
  return endpoint;
}

/** Each sub-response's status and ETag; a refused transaction throws the service's status, as the SDK does. */
function parseResponse(response: PipelineResponse, request: PipelineRequest): TableTransactionResponse {
  const { status } = response;
  const text = response.bodyAsText ?? '';
  if (status < 200 || status >= 300) throw refused(text, status, request, response);
  const subResponses = text
    .split('--changesetresponse_')
    .slice(1, -1)
    .map((part) => {
      const subStatus = Number(/HTTP\/1.1 ([0-9]*)/.exec(part)?.[1]);
      if (!Number.isInteger(subStatus)) throw new Error(`A transaction's answer had a part without a status:\n${part.slice(0, 300)}`);
      const error = /\{(.*)\}/.exec(part);
      if (error) throw refused(error[0], subStatus, request, response);
      const etag = /ETag: (.*)/.exec(part)?.[1];
      const rowKey = /RowKey='(.*)'/.exec(part)?.[1];
      return { status: subStatus, ...(rowKey !== undefined ? { rowKey } : {}), ...(etag !== undefined ? { etag } : {}) };
    });
  return { status, subResponses, getResponseForEntity: (rowKey: string) => subResponses.find((r) => r.rowKey === rowKey) };
}

function refused(text: string, statusCode: number, request: PipelineRequest, response: PipelineResponse): RestError {
  let parsed: { 'odata.error'?: { code?: string; message?: { value?: string } } } = {};
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    // Not JSON: the status says it all.
  }
  const error = parsed['odata.error'];
  return new RestError(error?.message?.value ?? `The storage service answered ${statusCode}.`, { ...(error?.code ? { code: error.code } : {}), statusCode, request, response });
}
