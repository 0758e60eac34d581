import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

const frameworkAndDrivers = [
  '@nestjs/*',
  'kafkajs',
  '@eventstore/*',
  'mongoose',
  'mongodb',
  'better-sqlite3',
  'fastify',
  '@fastify/*',
  'class-validator',
  'class-transformer',
  'pino',
  'argon2',
];

export default [
  { ignores: ['dist/**', 'node_modules/**', 'tmp/**', 'data/**', '.nx/**', 'coverage/**', 'tools/fixtures/**/*.v1-spec.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Layers
            { sourceTag: 'type:kernel', onlyDependOnLibsWithTags: ['type:kernel'], bannedExternalImports: frameworkAndDrivers },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:kernel', 'type:domain'], bannedExternalImports: frameworkAndDrivers },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:kernel'], bannedExternalImports: ['kafkajs', '@eventstore/*', 'mongoose', 'mongodb', 'better-sqlite3'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts'] },
            { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:kernel', 'type:platform'] },
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:kernel', 'type:domain', 'type:contracts', 'type:platform'], bannedExternalImports: ['kafkajs', '@eventstore/*', 'mongoose', 'mongodb', 'better-sqlite3'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:kernel', 'type:domain', 'type:contracts', 'type:platform', 'type:adapter', 'type:service', 'type:composition'] },
            // apps/distributed: the distributed composition shared by the four service programs.
            { sourceTag: 'type:composition', onlyDependOnLibsWithTags: ['type:kernel', 'type:domain', 'type:contracts', 'type:platform', 'type:adapter', 'type:service'] },
            { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:kernel', 'type:domain', 'type:contracts', 'type:platform', 'type:adapter', 'type:service', 'type:test'] },
            // Services never import another's internals: only the contracts are shared.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:identity', onlyDependOnLibsWithTags: ['scope:shared', 'scope:identity'] },
            { sourceTag: 'scope:catalog', onlyDependOnLibsWithTags: ['scope:shared', 'scope:catalog'] },
            { sourceTag: 'scope:ledger', onlyDependOnLibsWithTags: ['scope:shared', 'scope:ledger'] },
            { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:shared', 'scope:gateway'] },
            { sourceTag: 'scope:composition', onlyDependOnLibsWithTags: ['scope:shared', 'scope:identity', 'scope:catalog', 'scope:ledger', 'scope:gateway', 'scope:composition'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'libs/testing/**/*.ts', 'bench/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
