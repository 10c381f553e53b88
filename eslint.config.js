// ESLint flat config: `npm run lint` runs `eslint .` then `prettier --check .`.
// Syntax-only typescript-eslint rules (no type information), so linting the whole tree stays fast.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig({ ignores: ['node_modules/', 'data/', 'out/', 'coverage/'] }, js.configs.recommended, tseslint.configs.recommended, {
  languageOptions: {
    ecmaVersion: 2023,
    sourceType: 'module',
    globals: globals.node,
  },
  linterOptions: {
    reportUnusedDisableDirectives: 'error',
  },
  rules: {
    eqeqeq: ['error', 'always'],
    // Unused names are errors; a leading underscore marks one kept on purpose (a callback's unused argument).
    '@typescript-eslint/no-unused-vars': [
      'error',
      { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
    ],
    // The tree's style: `import type { … }` when every name is a type, `import { a, type B }` when mixed.
    // Node strips types but keeps `import { type X }` as a real (empty) import: a names-only-types import is `import type`.
    '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
    '@typescript-eslint/no-import-type-side-effects': 'error',
  },
});
