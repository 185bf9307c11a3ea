import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', 'node_modules/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', fetch: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', structuredClone: 'readonly', setImmediate: 'readonly', queueMicrotask: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  // Type-aware rules for TypeScript: a promise nobody awaits or handles, or one passed where a plain
  // callback is expected, loses its errors (an unhandled rejection, or a failure reported as success).
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        // The packages' sources belong to their build projects; tests, bench, scripts and examples to the root one.
        project: ['./packages/*/tsconfig.build.json', './tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] }],
      }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      // As only-throw-error: values typed any/unknown (a callback API's err) pass; literals and non-errors do not.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
    },
  },
  // SDK tests go through the public entry point ('adls-gen1'), as users do; only the unit tests under
  // packages/sdk/test/unit/ reach internal modules (pure functions the package does not export).
  {
    files: ['packages/sdk/test/**/*.ts'],
    ignores: ['packages/sdk/test/unit/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{
        regex: '(^|/)src/',
        message: "import from 'adls-gen1' (the public entry point); a test of an internal unit belongs in packages/sdk/test/unit/",
      }] }],
    },
  },
);
