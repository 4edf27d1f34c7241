// Who changed the directory or the partner records last: one row, read once per click. Each instance keeps
// people and partners in memory and drops them when a version moved, so a change made on any instance (a
// command, an import) is seen by the next click everywhere, while a click reads none of them from storage.
import type { TableClient } from '@azure/data-tables';
import type { Row } from './entities';
import { readModifyWrite, readRow } from './entities';

export interface Versions {
  directory: number;
  partners: number;
}

const PARTITION = 'meta';
const ROW = 'changes';

export class TableChangeMarker {
  constructor(private readonly table: TableClient) {}

  async read(): Promise<Versions> {
    const row = await readRow(this.table, PARTITION, ROW);
    return { directory: Number(row?.directory ?? 0), partners: Number(row?.partners ?? 0) };
  }

  /** Moves one version on (ETag-guarded: concurrent bumps retry) and returns the versions after it. */
  async bump(kind: keyof Versions): Promise<Versions> {
    let after: Versions = { directory: 0, partners: 0 };
    await readModifyWrite(this.table, PARTITION, ROW, 'the change marker', (current) => {
      after = { directory: Number(current?.directory ?? 0), partners: Number(current?.partners ?? 0) };
      after[kind] += 1;
      const row: Row = { partitionKey: PARTITION, rowKey: ROW, ...after };
      return row;
    });
    return after;
  }
}

/**
 * The caches one instance keeps and the versions they were read at. `refresh()` costs one point read; a store
 * that writes calls `changed(kind)` so its own instance moves on without reloading.
 */
export class Freshness {
  private seen: Versions | undefined;
  private reading: Promise<void> | undefined;
  private nextRead: Promise<void> | undefined;
  private readonly listeners: { [K in keyof Versions]: (() => void)[] } = { directory: [], partners: [] };

  constructor(private readonly marker: TableChangeMarker) {}

  onStale(kind: keyof Versions, drop: () => void): void {
    this.listeners[kind].push(drop);
  }

  /**
   * Reads the marker; drops whatever another instance (or a crash before our own bump) made stale. Calls made while
   * a read is under way share the one read that starts when it ends: it began after they were made, so it sees
   * every change made before them, and sixteen clicks at once cost two reads, not sixteen.
   */
  refresh(): Promise<void> {
    if (!this.reading) {
      this.reading = this.read().finally(() => (this.reading = undefined));
      return this.reading;
    }
    this.nextRead ??= this.reading
      .catch(() => undefined)
      .then(() => {
        this.nextRead = undefined;
        return this.refresh();
      });
    return this.nextRead;
  }

  private async read(): Promise<void> {
    const now = await this.marker.read();
    for (const kind of ['directory', 'partners'] as const) {
      if (this.seen === undefined || now[kind] !== this.seen[kind]) for (const drop of this.listeners[kind]) drop();
    }
    this.seen = now;
  }

  /** After a write: tell the other instances, and keep our cache (it was updated in place). */
  async changed(kind: keyof Versions): Promise<void> {
    const after = await this.marker.bump(kind);
    const seen = this.seen ?? after;
    // If someone else also moved a version since our last read, our cache is stale on that account: drop it.
    for (const k of ['directory', 'partners'] as const) {
      const expected = k === kind ? seen[k] + 1 : seen[k];
      if (after[k] !== expected) for (const drop of this.listeners[k]) drop();
    }
    this.seen = after;
  }
}
