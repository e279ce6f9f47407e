import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'src/lib/bindings.ts'] },
  js.configs.recommended,
  ...ts.configs.strict,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    rules: {
      // User text is rendered as text only.
      'svelte/no-at-html-tags': 'error',
      // Dates are local dates: `toISOString()` is UTC (yesterday in Japan before 09:00).
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='toISOString']",
          message: 'Use localToday() or formatDate() from lib/format: toISOString() is UTC.',
        },
      ],
    },
  },
  {
    // The test shows the UTC date next to the local one on purpose.
    files: ['src/lib/format.test.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
