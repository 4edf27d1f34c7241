// The change marker on real Azurite: what one instance changed (the directory, partner records) is seen by the next
// click on every other instance, and clicks at the same moment share one read of it.
import { TableClient } from '@azure/data-tables';
import { Freshness, TableChangeMarker } from '../../src/storage/changes.table';
import { testConnectionString, uniqueTablePrefix } from '../support/storage';

/** A marker whose reads can be held after they read (a read under way while another instance writes). */
class HeldMarker extends TableChangeMarker {
  reads = 0;
  hold: Promise<void> | undefined;
  override async read(): ReturnType<TableChangeMarker['read']> {
    this.reads += 1;
    const versions = await super.read();
    await this.hold;
    return versions;
  }
}

let table: TableClient;

beforeAll(async () => {
  table = TableClient.fromConnectionString(testConnectionString(), `${uniqueTablePrefix('chg')}meta`, { allowInsecureConnection: true });
  await table.createTable();
});

function instance(): { marker: HeldMarker; freshness: Freshness; drops: () => number } {
  const marker = new HeldMarker(table);
  const freshness = new Freshness(marker);
  let drops = 0;
  freshness.onStale('partners', () => (drops += 1));
  return { marker, freshness, drops: () => drops };
}

test('a click that starts while an earlier read is under way still sees a change made before it started', async () => {
  const b = instance();
  await b.freshness.refresh();
  const droppedBefore = b.drops();

  let release!: () => void;
  b.marker.hold = new Promise((resolve) => (release = resolve));
  const earlier = b.freshness.refresh(); // reads the marker now, before the change below
  await new Promise((resolve) => setImmediate(resolve));
  await new TableChangeMarker(table).bump('partners'); // another instance adds a partner
  const later = b.freshness.refresh(); // a click after the change
  b.marker.hold = undefined;
  release();
  await Promise.all([earlier, later]);

  expect(b.drops() - droppedBefore).toBe(1);
  expect(b.marker.reads).toBe(3);
});

test('sixteen clicks at once read the marker at most twice', async () => {
  const b = instance();
  await b.freshness.refresh();
  const before = b.marker.reads;
  await Promise.all(Array.from({ length: 16 }, () => b.freshness.refresh()));
  expect(b.marker.reads - before).toBeLessThanOrEqual(2);
});
