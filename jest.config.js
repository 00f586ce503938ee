/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  testTimeout: 60000,
  // The examples import the package by name, as users do.
  moduleNameMapper: {
    '^cdk-connect-phone-config$': '<rootDir>/lib/index.ts',
    '^cdk-connect-phone-config/testing$': '<rootDir>/lib/testing/index.ts',
  },
};
