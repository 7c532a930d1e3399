/**
 * Paths -> the policies in them. Files and folders (walked recursively for .json, .yaml, .yml and
 * .template files); JSON and YAML, where YAML keeps CloudFormation's intrinsic tags (`!Sub`, `!Ref`,
 * `!GetAtt`, `!Join`...) in their `Fn::` form; lines and columns of any JSON pointer from the `yaml`
 * package's node ranges. Each way a file can be wrong is one message naming the file and the place.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Document } from 'yaml';
import type { PolicyType } from '../engine/types.js';
import { asDocument, parseDocumentText, readTextFile, systemProblem, tooDeep, tooDeepProblem } from '../input/document-file.js';
import { inputProblem, type InputProblem } from '../input/input-problems.js';
import { argumentPath, fromBytes, joinBytes, pathName, toBytes, type FilePath } from '../input/file-name.js';
import { at, pointerSegments } from '../policy/problems.js';
import { cloudFormationPolicies, isCloudFormation } from './cloudformation.js';
import { isTerraformPlan, terraformPolicies } from './terraform.js';
import { guessPolicyType, typeOf, type LintPolicyType } from './policy-type.js';
import { cloudFormationSuppressions, yamlSuppressions, type Suppression } from './suppress.js';
import type { SourceFormat, SourcePolicy } from './types.js';
import { own, setOwn } from '../own.js';
import { slotsShaped } from '../scenario/from-policies.js';

export interface Range {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** The pointer's own node (not the closest parent): a fix may replace exactly this range. */
  readonly exact: boolean;
}

export interface SourceFile {
  readonly file: string;
  readonly format: SourceFormat;
  readonly text: string;
  readonly policies: readonly SourcePolicy[];
  /** The suppressions written in the file (./suppress.ts). */
  readonly suppressions: readonly Suppression[];
  /** Where a JSON pointer of the file is (the closest existing parent when it is not there). */
  locate(pointer: string): Range | undefined;
}

export type LoadResult = { readonly ok: true; readonly source: SourceFile } | { readonly ok: false; readonly problem: InputProblem } | { readonly ok: 'skip'; readonly file: string };

const EXTENSIONS = new Set(['.json', '.yaml', '.yml', '.template', '.tf']);
/** Folders never worth walking. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.terraform', '.hg', '.svn']);

export interface Target {
  /** The bytes when the name is not valid UTF-8 (see input/file-name.ts). */
  readonly path: FilePath;
  /** Named on the command line (a file that is not a policy is then a problem, not skipped). */
  readonly explicit: boolean;
}

/** The files to lint: named files as they are, folders walked (sorted, so output is stable; listed as bytes). */
export async function collectTargets(paths: readonly FilePath[]): Promise<{ targets: Target[]; problems: InputProblem[] }> {
  const targets: Target[] = [];
  const problems: InputProblem[] = [];
  const walk = async (dir: Buffer): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (e) {
      problems.push(systemProblem(pathName(dir), (e as NodeJS.ErrnoException).code, 'path'));
      return;
    }
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    for (const entry of entries) {
      const path = joinBytes(dir, entry.name);
      // one character per byte: enough to compare with ASCII names and extensions
      const name = entry.name.toString('latin1');
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(name) && !name.startsWith('.')) await walk(path);
      } else if (entry.isFile() && EXTENSIONS.has(extname(name).toLowerCase())) targets.push({ path: fromBytes(path), explicit: false });
    }
  };
  for (const given of paths) {
    if (given === '-') {
      targets.push({ path: given, explicit: true });
      continue;
    }
    const path = typeof given === 'string' ? argumentPath(given) : given;
    const file = pathName(path);
    let info;
    try {
      info = await stat(path);
    } catch (e) {
      problems.push(systemProblem(file, (e as NodeJS.ErrnoException).code, 'path'));
      continue;
    }
    if (info.isDirectory()) {
      const before = targets.length;
      await walk(toBytes(path));
      if (targets.length === before && !problems.some((p) => p.file.startsWith(file))) problems.push(inputProblem(file, 'noLintableFiles', { extensions: [...EXTENSIONS] }));
    } else targets.push({ path, explicit: true });
  }
  return { targets, problems };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function looksLikeJson(text: string, file: string): boolean {
  if (/\.ya?ml$/i.test(file)) return false;
  if (/\.json$/i.test(file)) return true;
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

/** A CloudFormation short-form tag as its long form: `!Sub x` -> `{ "Fn::Sub": x }`, `!Ref x` -> `{ "Ref": x }`. */
function tagged(tag: string, value: unknown): unknown {
  const name = tag.slice(1);
  if (name === 'Ref' || name === 'Condition') return { [name]: value };
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

const isLocalTag = (tag: string | undefined): tag is string => tag !== undefined && tag.startsWith('!') && !tag.startsWith('!!');

/**
 * The yaml package, loaded when a file is read or located: `explain` lints its fixes in memory, and
 * evaluating yaml's modules is a tenth of its start-up.
 */
type Yaml = typeof import('yaml');

/** The YAML document as a value, with local tags in their CloudFormation long form. */
function yamlValue(doc: Document, { isAlias, isMap, isScalar, isSeq }: Yaml): unknown {
  const seen = new Set<unknown>();
  const convert = (node: unknown): unknown => {
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (seen.has(target)) return null; // a recursive alias
      seen.add(target);
      const v = convert(target);
      seen.delete(target);
      return v;
    }
    let value: unknown;
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        setOwn(out, key, convert(pair.value));
      }
      value = out;
    } else if (isSeq(node)) value = node.items.map(convert);
    else if (isScalar(node)) value = node.value;
    else value = null;
    const tag = (node as { tag?: string } | null)?.tag;
    return isLocalTag(tag) ? tagged(tag, value) : value;
  };
  return convert(doc.contents);
}

/** Line starts, for offset -> line and column. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function position(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

export async function locator(text: string, parsed: Document | undefined): Promise<(pointer: string) => Range | undefined> {
  const { isAlias, isMap, isScalar, isSeq, parseDocument } = await import('yaml');
  let doc = parsed;
  let starts: number[] | undefined;
  return (pointer) => {
    doc ??= parseDocument(text, { prettyErrors: false });
    if (doc.errors.length > 0) return undefined;
    starts ??= lineStarts(text);
    const segments = pointerSegments(pointer);
    let node: unknown = doc.contents;
    let exact = true;
    for (const seg of segments) {
      while (isAlias(node)) node = node.resolve(doc);
      const tag = (node as { tag?: string } | null)?.tag;
      // `!If [...]` is `{ "Fn::If": [...] }` in pointers: its segment names the tagged node itself.
      if (isLocalTag(tag) && (seg === `Fn::${tag.slice(1)}` || seg === tag.slice(1))) continue;
      let next: unknown;
      if (isMap(node)) next = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === seg)?.value;
      else if (isSeq(node) && /^\d+$/.test(seg)) next = node.items[Number(seg)];
      if (next === undefined || next === null) {
        exact = false;
        break;
      }
      node = next;
    }
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (!range) return undefined;
    const start = position(starts, range[0]);
    const end = position(starts, range[1]);
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column, exact };
  };
}

const SCENARIO_ONE = slotsShaped('one');
const SCENARIO_MANY = slotsShaped('many');
const SCENARIO_LEVELS = slotsShaped('levels');

function isScenario(value: unknown): value is Record<string, unknown> {
  return isObject(value) && [...SCENARIO_ONE, ...SCENARIO_MANY, ...SCENARIO_LEVELS].some(([f]) => own(value, f) !== undefined) && value['Statement'] === undefined;
}

/** The policies of a scenario, each with the scenario's type; one scope: they all decide one request. */
function scenarioPolicies(scenario: Record<string, unknown>): SourcePolicy[] {
  const out: SourcePolicy[] = [];
  const one = (raw: unknown, type: PolicyType, pointer: string, label: string) => {
    if (!isObject(raw) || raw['document'] === undefined) return;
    const name = typeof raw['name'] === 'string' ? raw['name'] : typeof raw['arn'] === 'string' ? raw['arn'] : label;
    out.push({ type, name, resource: label, document: raw['document'], pointer: at(pointer, 'document'), embedded: typeof raw['document'] === 'string', scope: ['scenario'] });
  };
  for (const [field, type] of SCENARIO_ONE) one(own(scenario, field), type, `/${field}`, field);
  for (const [field, type] of SCENARIO_MANY) {
    const list = own(scenario, field);
    if (Array.isArray(list)) list.forEach((p, i) => one(p, type, `/${field}/${i}`, `${field}[${i}]`));
  }
  for (const [field, type] of SCENARIO_LEVELS) {
    const levels = own(scenario, field);
    if (!Array.isArray(levels)) continue;
    levels.forEach((level, i) => {
      if (!isObject(level) || !Array.isArray(level['policies'])) return;
      const target = typeof level['target'] === 'string' ? level['target'] : `level ${i}`;
      level['policies'].forEach((p, j) => one(p, type, `/${field}/${i}/policies/${j}`, `${field}[${i}] ${target}`));
    });
  }
  return out;
}

/**
 * A policy document file, or the output of `aws iam get-policy-version` / `get-role-policy`; its type is
 * `--policy-type`, else what the document's shape tells (./policy-type.ts).
 */
function plainPolicy(value: unknown, file: string, given: LintPolicyType | undefined): SourcePolicy | undefined {
  if (!isObject(value)) return undefined;
  // basename: the platform's separators only (a name shown with `\xNN` bytes holds backslashes)
  const name = file === '-' ? '<stdin>' : basename(file);
  const typed = (document: unknown) => typeOf(given ?? (typeof document === 'string' ? 'identity' : guessPolicyType(document)));
  if (value['Statement'] !== undefined) return { ...typed(value), name, document: value, pointer: '', embedded: false, scope: ['file'] };
  const version = value['PolicyVersion'];
  if (isObject(version) && version['Document'] !== undefined) {
    return { ...typeOf(given ?? 'identity'), name, document: version['Document'], pointer: '/PolicyVersion/Document', embedded: typeof version['Document'] === 'string', scope: ['file'] };
  }
  if (value['PolicyDocument'] !== undefined && typeof value['PolicyName'] === 'string') {
    return { ...typeOf(given ?? 'identity'), name: value['PolicyName'], document: value['PolicyDocument'], pointer: '/PolicyDocument', embedded: typeof value['PolicyDocument'] === 'string', scope: ['file'] };
  }
  return undefined;
}

/** A Terraform configuration file: its parser is loaded only now (a .tf file is being linted). */
async function terraformSource(file: string, text: string, explicit: boolean): Promise<LoadResult> {
  const { terraformLocator, terraformSourcePolicies } = await import('./terraform-source.js');
  const read = await terraformSourcePolicies(file, text);
  if (!read.ok) return { ok: false, problem: read.problem };
  if (read.policies.length === 0) {
    return explicit ? { ok: false, problem: inputProblem(file, 'noPolicies', { format: 'terraform' }) } : { ok: 'skip', file };
  }
  return { ok: true, source: { file, format: 'terraform', text, policies: read.policies, suppressions: yamlSuppressions(file, text), locate: terraformLocator(text) } };
}

/** Read, parse and recognize one file. */
export async function loadSource(target: Target, policyType?: LintPolicyType): Promise<LoadResult> {
  const read = await readTextFile(target.path);
  if (!read.ok) return { ok: false, problem: asDocument(read.problem) };
  return sourceFromText(read.file, read.text, target.explicit, policyType);
}

/** Parse and recognize one file's text (also for documents handed over in memory: the MCP `lint` tool). */
export async function sourceFromText(file: string, text: string, explicit: boolean, policyType?: LintPolicyType): Promise<LoadResult> {
  if (/\.tf$/i.test(file)) return terraformSource(file, text, explicit);
  let value: unknown;
  let doc: Document | undefined;
  if (looksLikeJson(text, file)) {
    const parsed = await parseDocumentText(text, file.endsWith('.json') ? file : `${file}.json`);
    if (!parsed.ok) return { ok: false, problem: { ...parsed.problem, file } };
    value = parsed.value;
  } else {
    if (text.trim() === '') return { ok: false, problem: inputProblem(file, 'empty', {}) };
    try {
      const yaml = await import('yaml');
      doc = yaml.parseDocument(text, { prettyErrors: false, uniqueKeys: true });
      const error = doc.errors[0];
      if (error) {
        const reason = (error.message.split('\n')[0] ?? 'syntax error').replace(/ at line \d+, column \d+:?$/, '');
        return { ok: false, problem: inputProblem(file, 'invalidYaml', { reason }, position(lineStarts(text), error.pos[0])) };
      }
      value = yamlValue(doc, yaml);
    } catch (e) {
      if (e instanceof RangeError) return { ok: false, problem: tooDeepProblem(file) };
      throw e;
    }
    if (tooDeep(value)) return { ok: false, problem: tooDeepProblem(file) };
  }
  const locate = await locator(text, doc);
  const source = (format: SourceFormat, policies: SourcePolicy[]): LoadResult => {
    const suppressions = [...(doc ? yamlSuppressions(file, text) : []), ...(format === 'cloudformation' ? cloudFormationSuppressions(file, value as Record<string, unknown>, locate) : [])];
    return { ok: true, source: { file, format, text, policies, suppressions, locate } };
  };

  if (isTerraformPlan(value)) {
    const policies = terraformPolicies(value);
    if (policies.length > 0) return source('terraform-plan', policies);
    return explicit ? { ok: false, problem: inputProblem(file, 'noPolicies', { format: 'terraform-plan' }) } : { ok: 'skip', file };
  }
  if (isCloudFormation(value)) {
    const policies = cloudFormationPolicies(value);
    if (policies.length > 0) return source('cloudformation', policies);
    return explicit ? { ok: false, problem: inputProblem(file, 'noPolicies', { format: 'cloudformation' }) } : { ok: 'skip', file };
  }
  if (isScenario(value)) {
    const policies = scenarioPolicies(value);
    if (policies.length > 0) return source('scenario', policies);
    return explicit ? { ok: false, problem: inputProblem(file, 'noPolicies', { format: 'scenario' }) } : { ok: 'skip', file };
  }
  const policy = plainPolicy(value, file, policyType);
  if (policy) return source('policy', [policy]);
  if (!explicit) return { ok: 'skip', file };
  return { ok: false, problem: inputProblem(file, 'notPolicyFile', {}, isObject(value) ? undefined : { line: 1, column: 1 }) };
}
