/** Problems found in input: errors (AWS would reject it; no decision) and warnings (accepted, but suspicious). */
import { memoize } from './memo.js';
import { own } from '../own.js';

export type Severity = 'error' | 'warning';

export interface Problem {
  readonly severity: Severity;
  /** Stable id, e.g. `unknown-field`, `unknown-action`. */
  readonly code: string;
  /** JSON pointer into the scenario (or the policy file). */
  readonly pointer: string;
  /** Lowercase, user input in backticks. */
  readonly message: string;
  /** A "did you mean" or other hint, when there is one. */
  readonly hint?: string;
}

/** Collects problems for one input; `at` builds child pointers. */
export class Problems {
  readonly list: Problem[] = [];
  /** How many of the problems are errors (so far): "any error since then?" without rescanning the list. */
  errorCount = 0;

  error(code: string, pointer: string, message: string, hint?: string): void {
    this.list.push({ severity: 'error', code, pointer, message, ...(hint !== undefined && { hint }) });
    this.errorCount++;
  }

  warning(code: string, pointer: string, message: string, hint?: string): void {
    this.list.push({ severity: 'warning', code, pointer, message, ...(hint !== undefined && { hint }) });
  }

  get hasErrors(): boolean {
    return this.errorCount > 0;
  }
}

/** Append a JSON pointer segment (RFC 6901 escaping). */
export function at(pointer: string, segment: string | number): string {
  return `${pointer}/${typeof segment === 'number' ? segment : escapeSegment(segment)}`;
}

/** Segments (field names, condition keys such as `aws:PrincipalTag/team`) repeat: escaped once each. */
const escapeSegment = memoize((segment) => (segment.includes('~') || segment.includes('/') ? segment.replace(/~/g, '~0').replace(/\//g, '~1') : segment));

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

export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const c = closest(input, candidates);
  return c === undefined ? undefined : `did you mean \`${c}\`?`;
}
