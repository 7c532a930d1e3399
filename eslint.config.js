import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import noMemberLookup from './eslint/no-member-lookup.js';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='RegExp']", message: 'never build a RegExp at run time: policy text must be matched in linear time (see src/policy/wildcard.ts)' },
      ],
    },
  },
  { files: ['src/**/*.ts'], ignores: ['src/cli/**', 'src/scenario/load.ts'], rules: { 'no-console': 'error' } },
  // Lookups keyed by input never find Object.prototype's members (eslint/no-member-lookup.js).
  {
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { whydenied: { rules: { 'no-member-lookup': noMemberLookup } } },
    rules: { 'whydenied/no-member-lookup': 'error' },
  },
);
