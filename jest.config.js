/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  testTimeout: 30000,
  // Integration tests start servers and Azurite; two cores only.
  maxWorkers: 2,
  // Ends the run with one line when the browser tests (card rendering, Playground) were skipped.
  reporters: ['default', '<rootDir>/test/helpers/skipped-browser-reporter.js'],
};
