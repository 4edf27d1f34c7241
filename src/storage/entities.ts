// Small helpers every table adapter shares: safe keys, time keys, chunked JSON, size checks, reads and guarded writes.
import { createHash } from 'node:crypto';
import type { TableClient, TableEntity, TableEntityResult } from '@azure/data-tables';
import { guard, hasStatus, movedOn, StorageLimitError, toStorageError } from './errors';
import { getRow } from './wire';

export type Row = TableEntity<Record<string, unknown>>;
/** A row as read: its keys (empty when a `select` left them out) and its ETag. */
export type StoredRow = Record<string, unknown> & { partitionKey: string; rowKey: string; etag: string };

export function stored(row: TableEntityResult<Record<string, unknown>>): StoredRow {
  return { ...row, partitionKey: row.partitionKey ?? '', rowKey: row.rowKey ?? '', etag: row.etag };
}

// ---------------------------------------------------------------- keys

const KEPT = /^[A-Za-z0-9_.-]$/;
const MAX_KEY_CHARS = 400;

/**
 * An id as a PartitionKey/RowKey fragment. Keys may not hold `/ \ # ?` or control characters, and Teams ids hold
 * `:` `@` `;` and more: everything but `[A-Za-z0-9_.-]` becomes `~XX` (UTF-8 bytes in hex), so slugs read as
 * themselves and the mapping is one-to-one. Very long ids become `~h` + a SHA-256 (the raw id is always kept
 * as a property, so keys never need decoding).
 */
export function keyOf(id: string): string {
  if (id.length === 0) throw new TypeError('An empty id cannot be a table key.');
  let out = '';
  for (const ch of id) {
    if (KEPT.test(ch)) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `~${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out.length <= MAX_KEY_CHARS ? out : `~h${createHash('sha256').update(id, 'utf8').digest('hex')}`;
}

/** An ISO instant in one fixed format, so keys sort by time and compare with `now`. */
export function timeKey(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new TypeError(`Not an ISO instant: ${JSON.stringify(iso)}`);
  return new Date(ms).toISOString();
}

/** Upper bound (exclusive) for keys `<timeKey>|…` at or before `now`: `|` sorts just below `}`. */
export function timeKeyUpTo(now: string): string {
  return `${timeKey(now)}}`;
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// ---------------------------------------------------------------- chunked strings

/** A string property holds 64 KiB of UTF-16, i.e. 32,768 chars; stay clear of it. */
export const CHUNK_CHARS = 30_000;
/** Table Storage allows 252 properties of our own per entity. */
const MAX_PROPERTIES = 252;

/** Splits `text` into `<name>0`, `<name>1`, … (≤ CHUNK_CHARS each, never inside a surrogate pair) plus `<name>Parts`. */
export function chunkProps(name: string, text: string, size = CHUNK_CHARS): Record<string, string | number> {
  const props: Record<string, string | number> = {};
  let parts = 0;
  for (let start = 0; start < text.length || parts === 0; parts += 1) {
    let end = Math.min(start + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && end - 1 > start && last >= 0xd800 && last <= 0xdbff) end -= 1;
    props[`${name}${parts}`] = text.slice(start, end);
    start = end;
  }
  props[`${name}Parts`] = parts;
  return props;
}

export function readChunks(row: Record<string, unknown>, name: string): string {
  const parts = row[`${name}Parts`];
  if (typeof parts !== 'number') throw new Error(`Row ${String(row.rowKey)} has no ${name} chunks`);
  let text = '';
  for (let i = 0; i < parts; i += 1) {
    const part = row[`${name}${i}`];
    if (typeof part !== 'string') throw new Error(`Row ${String(row.rowKey)} misses chunk ${name}${i}`);
    text += part;
  }
  return text;
}

export function jsonProps(name: string, value: unknown): Record<string, string | number> {
  return chunkProps(name, JSON.stringify(value));
}

export function readJson<T>(row: Record<string, unknown>, name: string): T {
  return JSON.parse(readChunks(row, name)) as T;
}

/** A value as one JSON property (no chunking): for small items such as one evidence item. */
export function singleJsonProp(name: string, value: unknown, what: string): Record<string, string> {
  const text = JSON.stringify(value);
  if (text.length > CHUNK_CHARS) throw new StorageLimitError(`${what} is ${text.length} characters as JSON; a property holds at most ${CHUNK_CHARS}.`);
  return { [name]: text };
}

/** JSON with sorted keys, to tell whether a stored value changed. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

// ---------------------------------------------------------------- limits

export const MAX_ENTITY_BYTES = 1024 * 1024;
export const MAX_TRANSACTION_OPERATIONS = 100;
/** A transaction's request body may hold 4 MiB. */
export const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;

/** Size as Table Storage counts it (strings in UTF-16, 8 bytes of overhead per property). */
export function entityBytes(row: Row): number {
  let size = 4 + (row.partitionKey.length + row.rowKey.length) * 2;
  for (const [name, value] of Object.entries(row)) {
    if (name === 'partitionKey' || name === 'rowKey' || value === undefined) continue;
    size += 8 + name.length * 2;
    if (typeof value === 'string') size += 4 + value.length * 2;
    else if (typeof value === 'boolean') size += 1;
    else size += 8;
  }
  return size;
}

/** Throws StorageLimitError when a row would be refused: too big, too many properties, or an oversized string. */
export function assertFits(row: Row, what: string): number {
  const names = Object.keys(row).filter((k) => k !== 'partitionKey' && k !== 'rowKey');
  if (names.length > MAX_PROPERTIES) throw new StorageLimitError(`${what} needs ${names.length} properties; an entity holds ${MAX_PROPERTIES}.`);
  for (const name of names) {
    const value = row[name];
    if (typeof value === 'string' && value.length > 32 * 1024) throw new StorageLimitError(`${what}: property ${name} exceeds 64 KiB.`);
  }
  const bytes = entityBytes(row);
  if (bytes > MAX_ENTITY_BYTES) throw new StorageLimitError(`${what} is ${bytes} bytes; an entity holds at most 1 MiB.`);
  return bytes;
}

// ---------------------------------------------------------------- reads and guarded writes

const META = new Set(['etag', 'timestamp', 'odata.metadata']);

/** The row's own properties (no etag/timestamp), ready to be written back. */
export function plain(row: Record<string, unknown>): Row {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (!META.has(k)) out[k] = v;
  return out as Row;
}

/** A row by its keys (all of it: the SDK's `select` on a point read never reached the service), or undefined. */
export async function readRow(client: TableClient, partitionKey: string, rowKey: string): Promise<StoredRow | undefined> {
  try {
    // getRow answers a missing row (404) with undefined itself.
    const row = await getRow(client, partitionKey, rowKey);
    return row && stored(row);
  } catch (err) {
    throw toStorageError(err, `reading ${client.tableName}`);
  }
}

export async function listRows(client: TableClient, filter: string, select?: string[]): Promise<StoredRow[]> {
  return guard(`querying ${client.tableName}`, async () => {
    const rows: StoredRow[] = [];
    const queryOptions = select ? { filter, select } : { filter };
    for await (const row of client.listEntities<Record<string, unknown>>({ queryOptions })) rows.push(stored(row));
    return rows;
  });
}

/** Creates a row; true when created, false when it already existed (409). */
export async function createIfAbsent(client: TableClient, row: Row): Promise<boolean> {
  try {
    await client.createEntity(row);
    return true;
  } catch (err) {
    if (hasStatus(err, 409)) return false;
    throw toStorageError(err, `writing ${client.tableName}`);
  }
}

/** Deletes a row, with the ETag read when given; a row already gone (404) or changed (412) is left alone. */
export async function deleteIfPresent(client: TableClient, partitionKey: string, rowKey: string, etag?: string): Promise<boolean> {
  try {
    await client.deleteEntity(partitionKey, rowKey, etag ? { etag } : {});
    return true;
  } catch (err) {
    if (hasStatus(err, 404, 412)) return false;
    throw toStorageError(err, `deleting from ${client.tableName}`);
  }
}

/**
 * Read, change, write back with the ETag read (or create when absent); on a conflict read again. `change`
 * returns the row to write, or undefined when nothing changes. Resolves to whether it wrote.
 */
export async function readModifyWrite(
  client: TableClient,
  partitionKey: string,
  rowKey: string,
  what: string,
  change: (current: StoredRow | undefined) => Row | undefined,
  attempts = 5,
): Promise<boolean> {
  for (let i = 0; i < attempts; i += 1) {
    const current = await readRow(client, partitionKey, rowKey);
    const next = change(current);
    if (!next) return false;
    const row = { ...plain(next), partitionKey, rowKey };
    assertFits(row, what);
    try {
      if (current) await client.updateEntity(row, 'Replace', { etag: current.etag });
      else await client.createEntity(row);
      return true;
    } catch (err) {
      if (hasStatus(err, 409, 412)) continue;
      throw toStorageError(err, `writing ${what}`);
    }
  }
  throw movedOn(`${what} kept changing while we wrote it: please try again.`);
}
