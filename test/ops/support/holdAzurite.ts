// A process that starts the embedded Azurite over a folder, writes one row, says so on stdout, and waits to be
// killed: the stand-in for a bot that dies without stopping its storage.
import { TableClient } from '@azure/data-tables';
import { startAzurite } from '../../../src/storage/azurite';

async function main(): Promise<void> {
  const [location, rowKey] = process.argv.slice(2);
  const azurite = await startAzurite({ location: location! });
  const table = TableClient.fromConnectionString(azurite.connectionString, 'held', { allowInsecureConnection: true });
  await table.createTable();
  await table.createEntity({ partitionKey: 'p', rowKey: rowKey!, written: true });
  console.log(JSON.stringify({ azuritePid: azurite.pid, port: azurite.port }));
  setInterval(() => undefined, 60_000);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
