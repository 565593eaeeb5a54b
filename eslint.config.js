// Lint: TypeScript's recommended rules plus the import boundaries of ../shared/DESIGN.md:
// core imports nothing of ours; engine imports only core; connectors import only core and their own folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const outside = (...areas) => areas.map((a) => ({ group: [`**/${a}/**`, `**/${a}`], message: `this layer must not import ${a}` }));

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'src/http/dashboard/static/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      'no-control-regex': 'off',
      // TypeScript checks names; this rule only knows browser globals.
      'no-undef': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: outside('engine', 'connectors', 'store', 'pipeline', 'http', 'policy', 'config', 'alerts', 'observability', 'cli') }] },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: outside('connectors', 'store', 'pipeline', 'http', 'policy', 'config', 'alerts', 'cli') }] },
  },
  {
    files: ['connectors/m365/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: outside('engine', 'store', 'pipeline', 'http', 'policy', 'config', 'google', 'alerts', 'cli') }] },
  },
  {
    files: ['connectors/google/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: outside('engine', 'store', 'pipeline', 'http', 'policy', 'config', 'm365', 'alerts', 'cli') }] },
  },
);
