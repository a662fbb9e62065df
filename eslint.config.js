// Layering is enforced here: shared/ imports nothing from the app or the platform, the engine never
// imports electron, and the renderer reaches the engine only through shared/ (the contract).
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'http', 'url', 'stream', 'zlib', 'util', 'events'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'dist-node/**', 'release/**', 'bench/.data/**', 'test-results/**', '**/.tmp/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/electron/**', '**/renderer/**', 'electron', 'react', 'react-dom', 'better-sqlite3', ...nodeBuiltins], message: 'shared/ imports nothing from the app, Node or the DOM.' },
        ],
      }],
    },
  },
  {
    files: ['electron/engine/**/*.ts', 'electron/cli/**/*.ts', 'electron/serve/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'The engine, CLI and browser mode never import electron.' },
          { group: ['**/renderer/**'], message: 'The engine does not import the renderer.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/electron/**', 'electron', 'better-sqlite3', ...nodeBuiltins], message: 'The renderer talks to the engine only through the contract in shared/.' },
        ],
      }],
    },
  },
);
