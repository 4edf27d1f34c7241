/* global module */
/**
 * npm run test:render: every card drawn in headless Chromium (Debian package `chromium`) by the official
 * Adaptive Cards renderer. Separate from `npm test` (whose roots and *.test.ts match never reach these
 * *.render.ts files): it needs a browser, which CI installs with apt-get before running this.
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/render'],
  testMatch: ['**/*.render.ts'],
  maxWorkers: 1,
  testTimeout: 60000,
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};
