// Lint: typescript-eslint's type-aware rules (floating promises, unsafe `any`) over every
// TypeScript file; formatting belongs to prettier (eslint-config-prettier turns clashing rules off).
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // apps/web: its build, SvelteKit's generated files and the generated api types; `.svelte`
    // files are type-checked by svelte-check (npm run typecheck:web), not linted yet.
    ignores: [
      'node_modules/',
      'dist/',
      '.tmp/',
      'coverage/',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      'apps/web/build/',
      'apps/web/.svelte-kit/',
      'apps/web/src/lib/server/api/openapi.d.ts',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    rules: {
      // Adapters implement async ports; many are synchronous underneath (in-memory stores,
      // SQLite), and an `async` method is the plain way to honour the port's signature.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  prettier,
  {
    // After eslint-config-prettier, which turns it off: prettier wraps code at 140 columns
    // but never splits a string or a comment.
    rules: { 'max-len': ['error', { code: 140, ignoreUrls: true, ignoreRegExpLiterals: true }] },
  },
);
