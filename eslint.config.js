import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import noMemberLookup from './eslint/no-member-lookup.js';

/**
 * The layers of src/: what each folder (or top-level file) may import. Imports go one way, catalog <- policy
 * <- request <- scenario <- engine <- diagnosis <- remedy <- explain; input feeds request; lint, scan,
 * live and doctor use the core (explain/, doctor/ are features on it; live/ reads the account); only cli, the SDK plugin (src/aws/sdk-plugin.ts) and the library facade
 * (src/index.ts) import render/. Type-only imports are not checked (they are erased at build).
 * `npm run lint` also fails on an import cycle (scripts/import-cycles.mjs).
 */
const CORE = ['catalog', 'policy', 'request', 'scenario', 'engine', 'diagnosis', 'remedy'];
const LAYERS = {
  catalog: [],
  // policy/parse.ts reads condition operators with the engine's operator table (a known exception).
  policy: ['catalog', 'engine'],
  request: ['catalog', 'policy'],
  // scenario/compile.ts compiles the policies with engine/compile.ts (a known exception: it belongs in engine/).
  scenario: ['catalog', 'policy', 'request', 'engine'],
  engine: ['catalog', 'policy', 'request', 'scenario'],
  input: ['catalog', 'policy', 'request'],
  diagnosis: ['catalog', 'policy', 'request', 'scenario', 'engine', 'input'],
  remedy: ['catalog', 'policy', 'request', 'scenario', 'engine', 'diagnosis', 'input'],
  // explain/live.ts reads the account with live/ (loaded only by the CLI and MCP, never by the main entry).
  // explain/lint-fix.ts runs lint's rules on every fix before it is offered.
  explain: [...CORE, 'input', 'live', 'lint'],
  simulate: [...CORE],
  lint: [...CORE, 'input'],
  scan: [...CORE, 'input', 'explain'],
  doctor: [...CORE, 'input', 'explain', 'live', 'aws'],
  live: [...CORE, 'input', 'aws'],
  aws: [...CORE, 'input', 'explain', 'scan'],
  render: [...CORE, 'input', 'explain', 'simulate', 'lint', 'scan', 'doctor', 'live', 'aws'],
};
const ALL = [...new Set([...Object.keys(LAYERS), 'cli', 'index'])];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Relative imports of a folder (`../render/x.js`) or a top-level file (`../explain.js`). */
const importsOf = (name) => `^(\\.\\./)+${escape(name)}(/|\\.js$)`;
const layerRules = Object.entries(LAYERS).map(([layer, allowed]) => {
  const forbidden = ALL.filter((f) => f !== layer && !allowed.includes(f));
  return {
    files: [`src/${layer}/**/*.ts`, `src/${layer}.ts`],
    // The SDK plugin and the `whydenied/live` entry point are facades over the features.
    ignores: layer === 'aws' ? ['src/aws/sdk-plugin.ts'] : layer === 'live' ? ['src/live/index.ts'] : [],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: forbidden.map((f) => ({ regex: importsOf(f), allowTypeImports: true, message: `${layer}/ must not import ${f}/: imports go one way (see the layers in eslint.config.js)` })) },
      ],
    },
  };
});

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
  ...layerRules,
  // The SDK plugin is an edge: it may import the words (render/) besides what aws/ may.
  {
    files: ['src/aws/sdk-plugin.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex: importsOf('cli'), message: 'the SDK plugin must not import cli/' }] }] },
  },
);
