/** Storage and HTTP suites share one Azurite started in globalSetup; few workers keep 2 cores calm. */

// restify's SPDY dependency reads process.binding('http_parser') as it loads, and Node warns (DEP0111). The bot
// drops exactly that warning (src/restifyQuiet.ts), but jest's module sandbox loads restify where that cannot reach,
// so every test worker printed it. The workers start without that one warning; test/ops/warnings.test.ts, which
// checks the bot's own start, takes the flag off again.
const QUIET = '--disable-warning=DEP0111';
if (!(process.env.NODE_OPTIONS ?? '').includes(QUIET)) process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${QUIET}`.trim();

module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The reliability suite runs on its own (npm run test:reliability, jest.reliability.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/reliability/'],
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  maxWorkers: 2,
  testTimeout: 30000,
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};
