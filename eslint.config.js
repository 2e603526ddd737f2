// One lint stack for the whole repo: typescript-eslint strict, Lit, web components,
// accessibility, and the layering rule from STYLE.md (ui never reaches the store).
import { defineConfig, globalIgnores } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import litA11y from 'eslint-plugin-lit-a11y';
import globals from 'globals';

export default defineConfig([
  globalIgnores(['node_modules', 'dist', 'dist-proxy', 'test-output', 'bench/corpus', 'bench/out']),
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only', message: 'No focused tests.' },
        { object: 'it', property: 'skip', message: 'No skipped tests.' },
        { object: 'describe', property: 'only', message: 'No focused tests.' },
        { object: 'describe', property: 'skip', message: 'No skipped tests.' },
        { object: 'test', property: 'only', message: 'No focused tests.' },
        { object: 'test', property: 'skip', message: 'No skipped tests.' },
      ],
    },
  },
  {
    files: ['src/ui/**/*.ts', 'src/app/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/ui/**/*.ts', 'src/app/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
  {
    files: ['src/ui/**/*.ts', 'src/app/**/*.ts'],
    plugins: { 'lit-a11y': litA11y },
    rules: { ...litA11y.configs.recommended.rules },
  },
  {
    // STYLE.md layering: ui renders and dispatches; it never touches Dexie, the store or sync.
    files: ['src/ui/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['dexie', 'dexie/*'], message: 'ui/ never imports Dexie; go through state/.' },
            { group: ['**/store/**', '**/store'], message: 'ui/ never imports store/; go through state/.' },
            { group: ['**/sync/**', '**/sync'], message: 'ui/ never imports sync/; go through state/.' },
          ],
        },
      ],
    },
  },
  {
    // Pure domain modules: no DOM-bound services, no storage, no network.
    files: [
      'src/mail/**/*.ts',
      'src/archive/**/*.ts',
      'src/search/query/**/*.ts',
      'src/filters/**/*.ts',
      'src/spam/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['dexie', '**/store/**', '**/state/**', '**/ui/**', '**/sync/**'], message: 'Pure modules import no layers above them.' },
          ],
        },
      ],
    },
  },
]);
