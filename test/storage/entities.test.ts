// The shared helpers: safe keys, time keys, chunking within Table limits, size checks, error mapping.
import { RestError } from '@azure/data-tables';
import { DomainError } from '../../src/domain';
import { StorageLimitError, StorageRequestError, StorageUnavailableError } from '../../src/storage';
import { CHUNK_CHARS, assertFits, chunkProps, keyOf, readChunks, timeKey, timeKeyUpTo } from '../../src/storage/entities';
import { toStorageError } from '../../src/storage/errors';

describe('keyOf()', () => {
  it('keeps slugs and encodes what keys may not hold', () => {
    expect(keyOf('contoso-ltd_2.0')).toBe('contoso-ltd_2.0');
    const teams = keyOf('19:abc@thread.tacv2;messageid=1/2?3#4\\5\u0001');
    expect([...teams].every((ch) => /[A-Za-z0-9_.~-]/.test(ch))).toBe(true);
    expect(teams).toBe('19~3Aabc~40thread.tacv2~3Bmessageid~3D1~2F2~3F3~234~5C5~01');
  });

  it('is one-to-one, also for the escape character itself and non-ASCII', () => {
    const ids = ['a~3A', 'a:', 'a~', 'ü', 'u\u0308', '😀', 'a b', 'a+b'];
    expect(new Set(ids.map(keyOf)).size).toBe(ids.length);
  });

  it('hashes very long ids to a bounded key', () => {
    const long = '29:' + 'x'.repeat(2000);
    expect(keyOf(long)).toMatch(/^~h[0-9a-f]{64}$/);
    expect(keyOf(long)).not.toBe(keyOf(long + 'y'));
    expect(() => keyOf('')).toThrow();
  });
});

describe('timeKey()', () => {
  it('writes every instant one way, so keys sort by time', () => {
    expect(timeKey('2025-03-03T10:00:00Z')).toBe('2025-03-03T10:00:00.000Z');
    expect(timeKey('2025-03-03T11:00:00+01:00')).toBe('2025-03-03T10:00:00.000Z');
    expect(`${timeKey('2025-03-03T10:00:00Z')}|p|x` < timeKeyUpTo('2025-03-03T10:00:00.000Z')).toBe(true);
    expect(`${timeKey('2025-03-03T10:00:00.001Z')}|p|x` < timeKeyUpTo('2025-03-03T10:00:00.000Z')).toBe(false);
    expect(() => timeKey('soon')).toThrow(/ISO instant/);
  });
});

describe('chunkProps()', () => {
  it('splits into parts of at most 30,000 characters and reads them back', () => {
    const text = 'abc'.repeat(25_001);
    const props = chunkProps('json', text);
    expect(props.jsonParts).toBe(3);
    expect(String(props.json0).length).toBe(CHUNK_CHARS);
    expect(readChunks(props, 'json')).toBe(text);
    expect(readChunks(chunkProps('json', ''), 'json')).toBe('');
  });

  it('never cuts a surrogate pair in two', () => {
    const text = 'a' + '😀'.repeat(20);
    const props = chunkProps('t', text, 4);
    for (let i = 0; i < Number(props.tParts); i += 1) {
      const part = String(props[`t${i}`]);
      expect(encodeURIComponent(part)).toBeTruthy(); // throws URIError on a lone surrogate
    }
    expect(readChunks(props, 't')).toBe(text);
  });
});

describe('assertFits()', () => {
  it('refuses entities over 1 MiB and strings over 64 KiB', () => {
    const row = { partitionKey: 'p', rowKey: 'r', ...chunkProps('json', 'x'.repeat(600_000)) };
    expect(() => assertFits(row, 'Big')).toThrow(StorageLimitError);
    expect(() => assertFits({ partitionKey: 'p', rowKey: 'r', s: 'x'.repeat(40_000) }, 'Wide')).toThrow(/64 KiB/);
    expect(assertFits({ partitionKey: 'p', rowKey: 'r', ...chunkProps('json', 'x'.repeat(400_000)) }, 'Fine')).toBeLessThan(1024 * 1024);
  });
});

describe('toStorageError()', () => {
  it('classifies by HTTP status, not by error code', () => {
    expect(toStorageError(new RestError('refused', { code: 'ECONNREFUSED' }), 'x')).toBeInstanceOf(StorageUnavailableError);
    expect(toStorageError(new RestError('busy', { statusCode: 503 }), 'x')).toBeInstanceOf(StorageUnavailableError);
    expect(toStorageError(new RestError('slow down', { statusCode: 429 }), 'x')).toBeInstanceOf(StorageUnavailableError);
    expect(toStorageError(new RestError('bad', { statusCode: 400, code: 'UpdateConditionNotSatisfied' }), 'x')).toBeInstanceOf(StorageRequestError);
    const domain = new DomainError('CASE.MOVED_ON', 'moved');
    expect(toStorageError(domain, 'x')).toBe(domain);
  });
});
