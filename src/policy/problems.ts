/** Problems found in input: errors (AWS would reject it; no decision) and warnings (accepted, but suspicious). */
import { memoize } from './memo.js';
import { own } from '../own.js';

export type Severity = 'error' | 'warning';

/** Every problem code: the grammar's, the catalog's (./catalog-checks.ts) and the scenario's. */
export const PROBLEM_CODES = [
  // the policy grammar (./parse.ts) and the condition values (src/engine/conditions/)
  'invalid-json',
  'invalid-policy',
  'invalid-version',
  'missing-statement',
  'missing-action',
  'missing-resource',
  'invalid-statement',
  'unknown-field',
  'conflicting-fields',
  'empty-list',
  'invalid-type',
  'missing-effect',
  'invalid-effect',
  'invalid-principal',
  'missing-principal',
  'principal-not-allowed',
  'allow-not-principal',
  'invalid-condition',
  'invalid-condition-key',
  'unknown-operator',
  'invalid-condition-value',
  'variables-need-version',
  'rcp-allow',
  // the Service Authorization Reference (./catalog-checks.ts)
  'invalid-action',
  'unknown-service',
  'unknown-action',
  'invalid-resource',
  'malformed-arn',
  'unknown-condition-key',
  'condition-key-not-for-action',
  // the scenario and the explain input
  'invalid-scenario',
  'invalid-request',
  'invalid-context',
  'invalid-input',
  'missing-resource-policy',
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface Problem {
  readonly severity: Severity;
  /** Stable id, e.g. `unknown-field`, `unknown-action`. */
  readonly code: ProblemCode;
  /** JSON pointer into the scenario (or the policy file). */
  readonly pointer: string;
  /** Lowercase, user input in backticks. */
  readonly message: string;
  /** A "did you mean" or other hint, when there is one. */
  readonly hint?: string;
  /** The value a "did you mean" proposes (`connect:StartChatContact`), as data. */
  readonly suggestion?: string;
  /** The value at the pointer that the problem is about, when a check needs it as data. */
  readonly value?: string;
  /** What a hint in words proposes instead (actions `service:Action`, or a service prefix), as data. */
  readonly proposes?: readonly string[];
}

/** A hint in words, or a "did you mean" by its value (the words are then made here, once). */
export type Hint = string | { readonly text?: string; readonly suggestion?: string; readonly value?: string; readonly proposes?: readonly string[] } | undefined;

function hintFields(hint: Hint): Pick<Problem, 'hint' | 'suggestion' | 'value' | 'proposes'> {
  if (hint === undefined) return {};
  if (typeof hint === 'string') return { hint };
  return {
    ...(hint.text !== undefined && { hint: hint.text }),
    ...(hint.suggestion !== undefined && { hint: `did you mean \`${hint.suggestion}\`?`, suggestion: hint.suggestion }),
    ...(hint.value !== undefined && { value: hint.value }),
    ...(hint.proposes !== undefined && { proposes: hint.proposes }),
  };
}

/** Collects problems for one input; `at` builds child pointers. */
export class Problems {
  readonly list: Problem[] = [];
  /** How many of the problems are errors (so far): "any error since then?" without rescanning the list. */
  errorCount = 0;

  error(code: ProblemCode, pointer: string, message: string, hint?: Hint): void {
    this.list.push({ severity: 'error', code, pointer, message, ...hintFields(hint) });
    this.errorCount++;
  }

  warning(code: ProblemCode, pointer: string, message: string, hint?: Hint): void {
    this.list.push({ severity: 'warning', code, pointer, message, ...hintFields(hint) });
  }

  /** A problem found elsewhere (a remembered check), as it is. */
  add(problem: Problem): void {
    this.list.push(problem);
    if (problem.severity === 'error') this.errorCount++;
  }

  get hasErrors(): boolean {
    return this.errorCount > 0;
  }
}

/** Append a JSON pointer segment (RFC 6901 escaping). */
export function at(pointer: string, segment: string | number): string {
  return pointer + (typeof segment === 'number' ? indexSegment(segment) : slashSegment(segment));
}

/**
 * Segments (field names, condition keys such as `aws:PrincipalTag/team`, small indexes) repeat: each is
 * escaped and prefixed with its `/` once, so that a pointer costs one concatenation.
 */
const slashSegment = memoize((segment) => `/${segment.includes('~') || segment.includes('/') ? segment.replace(/~/g, '~0').replace(/\//g, '~1') : segment}`);
const INDEXES = Array.from({ length: 64 }, (_, i) => `/${i}`);
const indexSegment = (i: number): string => (Number.isInteger(i) && i >= 0 && i < INDEXES.length ? INDEXES[i]! : `/${i}`);

/** The segments of a JSON pointer (RFC 6901 unescaping); `''` is the whole document. */
export function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value a JSON pointer names in a JSON value; undefined when it names nothing. */
export function valueAt(document: unknown, pointer: string | readonly string[]): unknown {
  let v = document;
  for (const seg of typeof pointer === 'string' ? pointerSegments(pointer) : pointer) {
    if (Array.isArray(v) && /^\d+$/.test(seg)) v = v[Number(seg)];
    else if (typeof v === 'object' && v !== null && !Array.isArray(v)) v = own(v as Record<string, unknown>, seg);
    else return undefined;
  }
  return v;
}

/**
 * Damerau-Levenshtein distance (optimal string alignment), for "did you mean"; stops at `limit` (returned
 * when the distance is at least that): a file with thousands of unknown names asks thousands of times.
 */
function distance(a: string, b: string, limit: number): number {
  let before = new Uint32Array(b.length + 1);
  let previous = Uint32Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      current[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= limit) return limit;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[b.length]!, limit);
}

/** The closest candidate (case-insensitive), when it is close enough to be a plausible typo. */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(input.length / 3)) + 1;
  for (const c of candidates) {
    if (Math.abs(c.length - input.length) >= bestDistance) continue;
    const dist = distance(lower, c.toLowerCase(), bestDistance);
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  return best;
}

/** The closest candidate as a "did you mean" hint (`prefix` goes before it: the service of an action). */
export function suggestion(input: string, candidates: Iterable<string>, prefix = ''): { suggestion: string } | undefined {
  const c = closest(input, candidates);
  return c === undefined ? undefined : { suggestion: `${prefix}${c}` };
}

export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const c = closest(input, candidates);
  return c === undefined ? undefined : `did you mean \`${c}\`?`;
}
