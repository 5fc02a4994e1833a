import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'reports/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    // An applied migration must never change (issue 19): it holds its own literal SQL and imports nothing that live
    // code uses to build tables, such as a projection's tables() (docs/architecture.md, "Migrations").
    files: ['apps/*/src/migrations/*-tables.ts', 'libs/*/src/**/migrations.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!(@rcrp/database|typeorm)$)',
              message:
                'Migrations are frozen literal SQL: import only @rcrp/database helpers; change a table with a new migration.',
            },
          ],
        },
      ],
    },
  },
);
