const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

/** One jest run for every tier: *.spec.ts (unit), *.int-spec.ts (adapters), *.e2e-spec.ts (HTTP). */
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools'],
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }],
  },
  moduleNameMapper: {
    ...pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
    '^content-disposition$': '<rootDir>/tools/jest/content-disposition.cjs',
  },
  setupFiles: ['reflect-metadata'],
  // Real servers for *.int-spec.ts: env vars, else testcontainers, else tools/servers (see README "Test servers").
  globalSetup: '<rootDir>/libs/testing/src/lib/servers/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/lib/servers/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/tools/jest-summary-reporter.js'],
};
