// Each suite gets tables of its own in the shared Azurite, so suites never see each other's rows.
import { randomBytes } from 'node:crypto';

export function testConnectionString(): string {
  const cs = process.env.TEST_STORAGE_CONNECTION_STRING;
  if (!cs) throw new Error('TEST_STORAGE_CONNECTION_STRING is not set: run the tests through jest (globalSetup starts Azurite).');
  return cs;
}

/** A table-name prefix unique to this suite (letters and digits only, as Table Storage requires). */
export function uniqueTablePrefix(label = 't'): string {
  return `${label.replace(/[^A-Za-z0-9]/g, '')}${randomBytes(4).toString('hex')}`.replace(/^[^A-Za-z]/, 't');
}
