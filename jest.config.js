/** Jest runs TypeScript through SWC; Nest 12 ships ES modules only, so its
 * packages (and Fastify's ESM-only helpers) are transformed to CommonJS too. */
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/lib', '<rootDir>/test', '<rootDir>/sample'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/dist-sample/', '/test/benchmark/'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest'] },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|light-my-request|cookie|file-type|strtok3|token-types|@tokenizer|uint8array-extras|@borewit)/)'],
  moduleNameMapper: {
    '^nestjs-downloadview$': '<rootDir>/lib/index.ts',
    '^nestjs-downloadview/testing$': '<rootDir>/lib/testing/index.ts',
  },
  // Starts a throwaway PostgreSQL for test/typeorm when none is configured
  // and the binaries are there (.ci/start-postgres.sh); see the file.
  globalSetup: '<rootDir>/test/support/postgres.global-setup.ts',
  globalTeardown: '<rootDir>/test/support/postgres.global-teardown.ts',
  testTimeout: 30000,
};
