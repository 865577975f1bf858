// ESLint flat config: TypeScript rules for everything, React hooks rules for the renderer,
// and the house rule that imports flow downwards only (docs/architecture.md):
//   shared/   imports nothing from electron/, renderer/, Electron or Node built-ins
//   renderer/ imports nothing from electron/, Electron or Node built-ins
// Formatting is Prettier's job (eslint-config-prettier turns off the rules it owns).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Node built-ins by their bare names (matched exactly, so `./events` stays allowed); `node:*`
// is caught by a pattern
const NODE_BUILTIN_NAMES = [
  'fs',
  'fs/promises',
  'path',
  'os',
  'child_process',
  'crypto',
  'net',
  'http',
  'https',
  'url',
  'util',
  'stream',
  'events',
  'worker_threads'
];
const NODE_BUILTINS = { group: ['node:*'], names: NODE_BUILTIN_NAMES };

/** A no-restricted-imports rule naming what a layer may not reach, and why. */
function importsOnlyDownwards(layer, forbidden) {
  const message = (why) => `${layer} must not import this: ${why} (docs/architecture.md, rules of the house).`;
  return [
    'error',
    {
      paths: forbidden.flatMap(({ names = [], why }) => names.map((name) => ({ name, message: message(why) }))),
      patterns: forbidden.map(({ group, why }) => ({ group, message: message(why) }))
    }
  ];
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'build/', 'release/', 'renderer/dist/', 'test-results/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` marks a parameter or binding that is deliberately unused (tsc's noUnused* agree)
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }
      ]
    }
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    // the Vite config runs in Node at build time, not in the page
    ignores: ['renderer/vite.config.ts'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': importsOnlyDownwards('renderer/', [
        {
          group: ['**/electron/**', 'electron/*'],
          names: ['electron'],
          why: 'the renderer talks to the main process only through the api client'
        },
        { ...NODE_BUILTINS, why: 'the renderer runs in a browser page without Node' }
      ])
    }
  },
  {
    files: ['shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': importsOnlyDownwards('shared/', [
        { group: ['**/electron/**', 'electron/*'], names: ['electron'], why: 'shared is the bottom layer, pure and used by both sides' },
        { group: ['**/renderer/**'], why: 'shared is the bottom layer, pure and used by both sides' },
        { ...NODE_BUILTINS, why: 'shared runs in the renderer too, so it uses no Node built-in' }
      ])
    }
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': importsOnlyDownwards('electron/', [
        { group: ['**/renderer/**'], why: 'the main process serves the renderer bundle, it does not import its code' }
      ])
    }
  },
  prettier
);
