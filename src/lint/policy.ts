/**
 * One found policy -> parsed with the engine's grammar (src/policy/parse.ts) and checked against the
 * catalog (src/policy/catalog-checks.ts), once, for every rule to read. Problems about values only known
 * at deployment (CloudFormation unknowns) are dropped: nothing can be said about them yet.
 */
import { checkPolicyAgainstCatalog } from '../policy/catalog-checks.js';
import { decodeDocument, parsePolicy, parseStatement, type ParsedPolicy, type ParsedStatement } from '../policy/parse.js';
import { at, pointerSegments, Problems, valueAt, type Problem } from '../policy/problems.js';
import type { LintPolicy, SourcePolicy } from './types.js';
import { hasUnknown } from './unknown.js';

/** Problems the catalog checks report (the rest are grammar). */
export const CATALOG_CODES: ReadonlySet<string> = new Set(['invalid-action', 'unknown-service', 'unknown-action', 'invalid-resource', 'malformed-arn', 'unknown-condition-key', 'condition-key-not-for-action']);


/** Whether a problem is about a value that holds an unknown (or sits inside one, or under such a key). */
function aboutUnknown(document: unknown, pointer: string): boolean {
  const segs = pointerSegments(pointer);
  if (segs.some(hasUnknown)) return true;
  for (let n = segs.length; n >= 0; n--) {
    const v = valueAt(document, segs.slice(0, n));
    if (v === undefined) continue;
    if (typeof v === 'string') return hasUnknown(v);
    return n === segs.length && Array.isArray(v) && v.some((x) => typeof x === 'string' && hasUnknown(x));
  }
  return false;
}

/** Problems about one Action/NotAction/Resource/NotResource value. */
const VALUE_CODES: ReadonlySet<string> = new Set(['invalid-action', 'unknown-service', 'unknown-action', 'invalid-resource', 'malformed-arn']);

/**
 * The catalog checks point at the field for a one-element list (`"Action": ["x"]`); rules read values and
 * match pointers item by item (see itemPointer), so point at the item: the list form then gives exactly the
 * findings of the string form.
 */
function itemProblem(document: unknown, p: Problem): Problem {
  if (!VALUE_CODES.has(p.code)) return p;
  const v = valueAt(document, p.pointer);
  return Array.isArray(v) && v.length === 1 ? { ...p, pointer: at(p.pointer, 0) } : p;
}

/**
 * The statements of a document with grammar errors that parse on their own: AWS rejects the whole policy,
 * but every other rule still checks them, so one broken statement does not hide the findings of the rest.
 */
function wellFormedPart(document: unknown, source: SourcePolicy): ParsedPolicy | undefined {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return undefined;
  const doc = document as Record<string, unknown>;
  const raw = doc['Statement'];
  if (raw === undefined) return undefined;
  const list = Array.isArray(raw) ? raw : [raw];
  const statements = list.flatMap((s, i) => parseStatement(s, i, Array.isArray(raw) ? at('/Statement', i) : '/Statement', source.type, new Problems()) ?? []);
  const version = doc['Version'] === '2012-10-17' || doc['Version'] === '2008-10-17' ? doc['Version'] : undefined;
  return { type: source.type, label: source.name, version, pointer: '', statements };
}

export function lintPolicyOf(source: SourcePolicy): LintPolicy {
  const problems = new Problems();
  const document = decodeDocument(source.document, '', problems);
  const complete = problems.hasErrors ? undefined : parsePolicy(document, source.type, source.name, '', problems);
  const parsed = complete ?? (problems.hasErrors ? wellFormedPart(document, source) : undefined);
  if (parsed) checkPolicyAgainstCatalog(parsed, problems);
  const kept: Problem[] = problems.list.filter((p) => !aboutUnknown(document, p.pointer)).map((p) => itemProblem(document, p));
  return { ...source, document, parsed, partial: parsed !== undefined && complete === undefined, problems: kept, valueAt: (pointer) => valueAt(document, pointer) };
}

/** The statement a document pointer is in: its Sid, else its index. */
export function statementLabel(policy: LintPolicy, pointer: string): string | undefined {
  const statements = policy.parsed?.statements ?? [];
  const found = statements.find((s) => pointer === s.pointer || pointer.startsWith(`${s.pointer}/`));
  if (found) return found.sid ?? String(found.index);
  const m = /^\/Statement(?:\/(\d+))?(?:\/|$)/.exec(pointer);
  if (!m) return undefined;
  return m[1] ?? '0';
}

/** The pointer of item `i` of a statement field that may be a string or a list. */
export function itemPointer(policy: LintPolicy, statement: ParsedStatement, field: string, i: number): string {
  const p = at(statement.pointer, field);
  return Array.isArray(policy.valueAt(p)) ? at(p, i) : p;
}
