// Lint: strict TypeScript rules for the whole project; generated and built files are left out.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'grammar/diagrams/**', '**/*.d.ts', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  { files: ['eslint.config.js', 'vitest.config.ts', 'vitest.kafka.config.ts'], ...tseslint.configs.disableTypeChecked },
  // JavaScript extensions (samples, test fixtures) are plain JS loaded at run time, outside the TS project.
  { files: ['samples/**/*.{js,mjs,cjs}', 'test/fixtures/**/*.{js,mjs,cjs}', 'test/**/fixtures/**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked },
);
