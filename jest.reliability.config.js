/** npm run test:reliability (README "Reliability"): races, kills, storage outages, fuzzing, auth, permissions, hostile text. */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/reliability'],
  testPathIgnorePatterns: [],
  testTimeout: 120000,
};
