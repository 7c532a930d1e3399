/**
 * The lint configuration: `whydenied.config.json`, or the `whydenied` key of package.json, found from the
 * working folder upward (`--config FILE` names one). Checked against schema/lint-config.schema.json; a bad
 * configuration is one message naming the file, the line and the place. Globs are relative to the folder
 * of the configuration file.
 */
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseDocumentText, readBounded, systemProblem } from '../input/document-file.js';
import { inputProblem, type InputProblem, type InputProblemId, type InputProblemMessages } from '../input/input-problems.js';
import { wildcardMatch } from '../policy/wildcard.js';
import type { RuleId } from './rules/index.js';
import { locator } from './source.js';
import type { Suppression } from './suppress.js';

export type ConfiguredSeverity = 'off' | 'warning' | 'error';

export interface ConfigSuppression {
  readonly files: readonly string[];
  readonly rule: RuleId;
  readonly statement?: string;
  readonly reason: string;
}

export interface LintConfig {
  /** The configuration file ('' when none was found). */
  readonly file: string;
  /** Globs are relative to this folder. */
  readonly root: string;
  readonly rules: Readonly<Partial<Record<RuleId, ConfiguredSeverity>>>;
  readonly ignore: readonly string[];
  readonly ownAccounts: ReadonlySet<string>;
  /** Severity of the AWS documentation's example accounts. */
  readonly exampleAccounts: ConfiguredSeverity;
  readonly suppress: readonly ConfigSuppression[];
}

export const CONFIG_FILE = 'whydenied.config.json';

/** No configuration: every rule at its own severity. */
export function defaultConfig(root: string = process.cwd()): LintConfig {
  return { file: '', root, rules: {}, ignore: [], ownAccounts: new Set(), exampleAccounts: 'error', suppress: [] };
}

type Loaded = { readonly ok: true; readonly config: LintConfig } | { readonly ok: false; readonly problem: InputProblem };

/** The configuration as written (schema/lint-config.schema.json). */
export interface RawConfig {
  rules?: Partial<Record<RuleId, ConfiguredSeverity>>;
  ignore?: string[];
  accounts?: { own?: string[]; examples?: ConfiguredSeverity };
  suppress?: { files: string | string[]; rule: RuleId; statement?: string; reason: string }[];
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** The configuration in force: `--config FILE`, else the nearest one from `cwd` upward, else none. */
export async function loadConfig(explicit: string | undefined, cwd: string = process.cwd()): Promise<Loaded> {
  if (explicit !== undefined) return readConfig(resolve(cwd, explicit), explicit, explicit.endsWith('package.json'));
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const own = join(dir, CONFIG_FILE);
    if (await exists(own)) return readConfig(own, relative(cwd, own) || CONFIG_FILE, false);
    const pkg = join(dir, 'package.json');
    if ((await exists(pkg)) && (await readBounded(pkg).catch(() => Buffer.alloc(0))).includes('"whydenied"')) {
      const loaded = await readConfig(pkg, relative(cwd, pkg) || 'package.json', true);
      if (!loaded.ok || loaded.config.file !== '') return loaded;
    }
    if (dirname(dir) === dir) return { ok: true, config: defaultConfig(cwd) };
  }
}

async function readConfig(path: string, shown: string, inPackage: boolean): Promise<Loaded> {
  let text: string;
  try {
    text = (await readBounded(path)).toString('utf8');
  } catch (e) {
    return { ok: false, problem: systemProblem(shown, (e as NodeJS.ErrnoException).code, 'configuration') };
  }
  const parsed = await parseDocumentText(text, path.endsWith('.json') ? path : `${path}.json`);
  if (!parsed.ok) return { ok: false, problem: { ...parsed.problem, file: shown } };
  let value = parsed.value;
  const base = inPackage ? '/whydenied' : '';
  if (inPackage) {
    value = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)['whydenied'] : undefined;
    if (value === undefined) return { ok: true, config: defaultConfig(dirname(path)) };
  }
  const problem = await schemaProblem(value);
  if (problem) {
    const place = (await locator(text, undefined))(base + problem.pointer);
    return { ok: false, problem: inputProblem(shown, problem.messageId, { ...problem.data, pointer: problem.pointer, inPackage }, place) };
  }
  return { ok: true, config: configFrom(value as RawConfig, dirname(path), shown) };
}

/** A configuration from its (schema-checked) value: globs relative to `root`. */
export function configFrom(raw: RawConfig, root: string, file = ''): LintConfig {
  return {
    file,
    root,
    rules: raw.rules ?? {},
    ignore: raw.ignore ?? [],
    ownAccounts: new Set(raw.accounts?.own ?? []),
    exampleAccounts: raw.accounts?.examples ?? 'error',
    suppress: (raw.suppress ?? []).map((s) => ({ ...s, files: typeof s.files === 'string' ? [s.files] : s.files })),
  };
}

type ConfigProblemId = Extract<InputProblemId, `config${string}`>;

/** What a configuration message says beyond its place (`ConfigPlace`). */
type SchemaProblem = { [K in ConfigProblemId]: { readonly pointer: string; readonly messageId: K; readonly data: Omit<InputProblemMessages[K], 'pointer' | 'inPackage'> } }[ConfigProblemId];

/** The first way the value breaks the schema, with the pointer of the place. */
async function schemaProblem(value: unknown): Promise<SchemaProblem | undefined> {
  // ajv is loaded only when there is a configuration: lint's cold start does not pay for it.
  const { Ajv } = await import('ajv');
  const schema = createRequire(import.meta.url)('../../schema/lint-config.schema.json') as Record<string, unknown>;
  const validate = new Ajv({ allErrors: true, strict: false, verbose: true }).compile(schema);
  if (validate(value)) return undefined;
  const errors = validate.errors ?? [];
  // The most precise error: an unknown name first, else the deepest place (oneOf repeats its branches' errors).
  const best = errors.find((e) => e.keyword === 'additionalProperties' || e.keyword === 'propertyNames') ?? [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
  if (!best) return { pointer: '', messageId: 'configSchema', data: {} };
  const params = best.params as Record<string, unknown>;
  switch (best.keyword) {
    case 'additionalProperties':
      return { pointer: `${best.instancePath}/${String(params['additionalProperty'])}`, messageId: 'configUnknownSetting', data: { known: allowed(best.parentSchema) } };
    case 'propertyNames':
      return { pointer: `${best.instancePath}/${String(params['propertyName'])}`, messageId: 'configNotRule', data: {} };
    case 'enum':
      return { pointer: best.instancePath, messageId: 'configNotOneOf', data: { allowed: (params['allowedValues'] as unknown[]).map(String) } };
    case 'pattern':
      return { pointer: best.instancePath, messageId: best.instancePath.includes('/accounts/') ? 'configNotAccountId' : 'configBlank', data: {} };
    case 'required':
      return { pointer: best.instancePath, messageId: 'configMissing', data: { property: String(params['missingProperty']) } };
    default:
      return { pointer: best.instancePath, messageId: 'configSchema', data: best.message === undefined ? {} : { detail: best.message } };
  }
}

/** The settings the schema's object knows. */
function allowed(schema: unknown): string[] {
  return Object.keys((schema as { properties?: object } | undefined)?.properties ?? {}).filter((k) => k !== '$schema');
}

/** `{a,b}` alternatives expanded: `{dev,test}/*.yaml` -> `dev/*.yaml`, `test/*.yaml`. */
function expandBraces(glob: string): string[] {
  const open = glob.indexOf('{');
  const close = open < 0 ? -1 : glob.indexOf('}', open);
  if (open < 0 || close < 0) return [glob];
  return glob
    .slice(open + 1, close)
    .split(',')
    .flatMap((alt) => expandBraces(glob.slice(0, open) + alt + glob.slice(close + 1)));
}

/** Whether path segments match glob segments: `**` any number of folders, `*` and `?` within one name. */
function segmentsMatch(glob: readonly string[], path: readonly string[]): boolean {
  if (glob.length === 0) return path.length === 0;
  const [first, ...rest] = glob;
  if (first === '**') {
    for (let skip = 0; skip <= path.length; skip++) if (segmentsMatch(rest, path.slice(skip))) return true;
    return false;
  }
  // Within one name `*` cannot cross a `/`: IAM's linear wildcard matcher does the rest.
  return path.length > 0 && wildcardMatch(first!, path[0]!) && segmentsMatch(rest, path.slice(1));
}

/**
 * Whether a path (relative, with `/`) matches a glob as .gitignore reads it: `*`, `?`, `**`, `{a,b}`; a
 * slash at the start or in the middle anchors the pattern to the configuration's folder, else it matches
 * a name at any depth; a match covers everything under it (`legacy/`).
 */
export function globMatches(glob: string, path: string): boolean {
  return expandBraces(glob.replace(/\\/g, '/').replace(/^\.\//, '')).some((g) => {
    const anchored = g.startsWith('/') || g.slice(0, -1).includes('/');
    const segments = g.split('/').filter((s) => s !== '');
    const pattern = [...(anchored ? [] : ['**']), ...segments, '**'];
    return segmentsMatch(pattern, path.split('/'));
  });
}

/** The path relative to the configuration's folder, with `/` (undefined outside it). */
export function configRelative(config: LintConfig, file: string): string | undefined {
  const rel = relative(config.root, resolve(file));
  if (rel.startsWith('..') || resolve(rel) === rel) return undefined;
  return rel.split(sep).join('/');
}

export function matchesAny(globs: readonly string[], config: LintConfig, file: string): boolean {
  const rel = configRelative(config, file);
  return rel !== undefined && globs.some((g) => globMatches(g, rel));
}

/** The configuration's suppressions that name this file. */
export function configSuppressions(config: LintConfig, file: string): Suppression[] {
  return config.suppress.flatMap((s, i) =>
    matchesAny(s.files, config, file)
      ? [{ rules: [s.rule], reason: s.reason, kind: 'external' as const, place: { file: config.file, pointer: `/suppress/${i}`, policy: config.file }, ...(s.statement !== undefined && { statement: s.statement }) }]
      : [],
  );
}
