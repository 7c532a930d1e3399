import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
);
