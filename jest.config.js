// One jest run for every kind of test: unit (*.spec.ts), integration (*.int.spec.ts),
// contract suites (*.contract.spec.ts) and end-to-end (*.e2e.spec.ts).
// NestJS 12 ships ESM only; @swc/jest transforms it (ts-jest cannot, see STACK.md).
const { compilerOptions } = require('./tsconfig.json');

const swcConfig = {
  swcrc: false,
  sourceMaps: 'inline',
  module: { type: 'commonjs' },
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
  },
};

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.(t|j|mj)sx?$': ['@swc/jest', swcConfig] },
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|uuid|kdbush|geokdbush|flatbush|flatqueue|tinyqueue|rbush|quickselect|file-type|strtok3|token-types|@tokenizer|uint8array-extras)/)',
  ],
  moduleNameMapper,
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  testTimeout: 30000,
  maxWorkers: 2,
};
