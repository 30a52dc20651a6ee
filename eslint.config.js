import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import layering from './build/core-layering.mjs';

/** The layer rules from DESIGN §1: the core never sees Electron, the renderer never sees main/ or Node, shared sees neither. */
const noElectron = { name: 'electron', message: 'Only main/electron/ may import electron.' };
const nodeBuiltins = [
  'fs',
  'path',
  'child_process',
  'os',
  'crypto',
  'http',
  'net',
  'url',
  'stream',
  'zlib',
  'worker_threads',
];
const noNode = nodeBuiltins.flatMap((m) => [
  { name: m, message: 'No Node modules here: go through the API in shared/.' },
  { name: `node:${m}`, message: 'No Node modules here: go through the API in shared/.' },
]);

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-app/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '**/*.trailmark/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['main/**/*.ts'],
    plugins: { trailmark: layering },
    rules: { 'trailmark/core-layering': 'error' },
  },
  {
    files: ['main/core/**', 'main/cli/**', 'main/host/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...noNode, { name: '@duckdb/node-api', message: 'The renderer never touches DuckDB.' }],
          patterns: [
            { group: ['**/main/**', '../main/*', '../../main/*'], message: 'The renderer only uses shared/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...noNode],
          patterns: [
            { group: ['**/main/**', '**/renderer/**'], message: 'shared/ imports neither main/ nor renderer/.' },
            { group: ['react', 'react-dom', '@duckdb/*'], message: 'shared/ is platform-free.' },
          ],
        },
      ],
    },
  },
);
