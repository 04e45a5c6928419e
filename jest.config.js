// One jest run for every kind of test, in two projects:
// - unit: plain *.spec.ts, no service needed (`npm run test:unit`);
// - integration: *.int.spec.ts, contract suites (*.contract.spec.ts) and end-to-end
//   (*.e2e.spec.ts), with the real servers test/global-setup.js provisions.
// swc compiles TypeScript (decorator metadata for Nest); type-checking is `tsc --noEmit`.
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

const moduleNameMapper = {
  ...Object.fromEntries(Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`])),
  // The web app's alias (apps/web/svelte.config.js) for its unit specs.
  '^\\$vocabulary$': '<rootDir>/libs/domain/src/shared/vocabulary.ts',
  '^\\$lib/(.*)$': '<rootDir>/apps/web/src/lib/$1',
};

const ESM_ONLY = [
  '@nestjs',
  'uuid',
  'kdbush',
  'geokdbush',
  'flatbush',
  'flatqueue',
  'tinyqueue',
  'rbush',
  'quickselect',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
];

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  transform: { '^.+\\.(t|j|mj)sx?$': ['@swc/jest', swcConfig] },
  // NestJS 12 and a few geo packages ship ESM only. Jest's own require(esm) (Node >= 24.9)
  // still needs vm.SourceTextModule, i.e. --experimental-vm-modules; compiling them with
  // swc like our own code keeps the run on stable Node features.
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper,
};

module.exports = {
  testTimeout: 30000,
  maxWorkers: 2,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.(int|contract|e2e)\\.spec\\.ts$'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['**/*.int.spec.ts', '**/*.contract.spec.ts', '**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.js',
      globalTeardown: '<rootDir>/test/global-teardown.js',
    },
  ],
};
