// Two projects: `unit` (pure code, no infrastructure, *.spec.ts beside the code) and
// `integration` (real PostgreSQL and Kafka, *.int-spec.ts / *.e2e-spec.ts under test/ folders).
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

const shared = {
  rootDir: __dirname,
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: true }] },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  testEnvironment: 'node',
  // apps/console/e2e holds Playwright's browser tests (*.spec.ts too): scripts/test.sh runs them after jest.
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.cache/', '<rootDir>/apps/console/e2e/'],
};

module.exports = {
  // A project-level testTimeout is ignored by jest 29: integration tests against Kafka need the long one.
  testTimeout: 120000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts,bench}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,scripts,test}/**/*.{int,e2e}-spec.ts'],
      setupFiles: ['<rootDir>/libs/testing/src/load-test-env.ts'],
    },
  ],
};
