// A few rules that catch real mistakes, not a style guide (Prettier formats):
// - TypeScript's recommended rules, with `any` forbidden;
// - the rules of hooks, and hooks' dependencies complete;
// - the layers' arrows: src/domain imports nothing outside itself (no DOM, no Node, no I/O),
//   and only the app imports React.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const outsideDomain = ['**/io/**', '**/server/**', '**/app/**', '**/cli/**', '**/api/**', 'node:*', 'react', 'react-dom', 'maplibre-gl', 'pg', 'fastify'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.parkatlas-data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: outsideDomain, message: 'src/domain is pure TypeScript: it imports nothing outside itself (no DOM, Node, I/O or adapters).' }] },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'fetch'],
    },
  },
  {
    files: ['src/io/**/*.ts', 'src/server/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/app/**', 'react', 'react-dom'], message: 'only the web app (src/app) imports React or app code.' }] }],
    },
  },
);
