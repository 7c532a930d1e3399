/**
 * Resource patterns against ARN templates, without building regular expressions: can a policy pattern
 * (`arn:aws:connect:*:*:instance/abc/*`) name an ARN of a resource type (`arn:${Partition}:connect:
 * ${Region}:${Account}:instance/${InstanceId}/contact-flow/${ContactFlowId}`)? The answer is a witness, a
 * concrete ARN both accept, found by a breadth-first search of the product of the two patterns (linear in
 * the product of their lengths). Also: does one pattern cover everything another names (for Deny
 * statements that make an Allow useless)?
 */
import { tokenize } from '../catalog/arn-templates.js';
import { parseTemplate } from '../policy/variables.js';
import { splitUnknown } from './unknown.js';

/**
 * One position of a pattern: a literal character, `*` (any run), `?` (any one character), or an ARN
 * segment (a non-empty run without `/` or `:`: a CloudFormation unknown, a policy variable; a template
 * placeholder may hold `/`). `last`: the template's last placeholder, which takes the rest (object keys, versions).
 */
export type Token =
  | { readonly c: string }
  | { readonly any: true }
  | { readonly one: true }
  | { readonly seg: true; readonly name?: string; readonly template?: boolean; readonly last?: boolean; readonly mayBeEmpty?: boolean };

const isSep = (c: string) => c === '/' || c === ':';

function textTokens(text: string, out: Token[]): void {
  for (const part of splitUnknown(text)) {
    if (typeof part !== 'string') out.push({ seg: true, name: `unknown:${part.unknown}` });
    else for (const c of part) out.push(c === '*' ? { any: true } : c === '?' ? { one: true } : { c });
  }
}

/** A policy's Resource pattern; `variables`: the policy is Version 2012-10-17 (then `${aws:x}` is a segment). */
export function patternTokens(pattern: string, variables = true): Token[] {
  const out: Token[] = [];
  for (const part of parseTemplate(pattern, variables).parts) {
    if (part.kind === 'text') textTokens(part.text, out);
    else if (part.kind === 'literal') out.push({ c: part.text });
    else out.push({ seg: true, name: `variable:${part.variable.lookup}` });
  }
  return out;
}

/** A Service Authorization Reference ARN template. */
export function templateTokens(template: string): Token[] {
  const tokens = tokenize(template);
  const out: Token[] = [];
  tokens.forEach((t, i) => {
    if ('literal' in t) {
      for (const c of t.literal) out.push(c === '*' ? { any: true } : { c });
    } else out.push({ seg: true, template: true, last: i === tokens.length - 1, mayBeEmpty: t.placeholder === 'Region' || t.placeholder === 'Account' });
  });
  return out;
}

/** What one side accepts as the next character: exactly one, anything, or anything but a separator. */
type Accept = { readonly kind: 'fixed'; readonly c: string } | { readonly kind: 'any' } | { readonly kind: 'noSep' } | { readonly kind: 'noColon' };

interface Move {
  readonly accept: Accept;
  readonly next: number;
  readonly inSeg: boolean;
  /** The side could take more characters here (a `*`, a segment). */
  readonly stretch: boolean;
}

/** The moves of one side on one character from token `i`. */
function charMoves(tokens: readonly Token[], i: number): Move[] {
  const t = tokens[i];
  if (t === undefined) return [];
  if ('c' in t) return [{ accept: { kind: 'fixed', c: t.c }, next: i + 1, inSeg: false, stretch: false }];
  if ('one' in t) return [{ accept: { kind: 'any' }, next: i + 1, inSeg: false, stretch: false }];
  if ('any' in t) return [{ accept: { kind: 'any' }, next: i, inSeg: false, stretch: true }];
  // A template's placeholder may hold `/` (log group names, paths), never `:`; an unknown or a variable is one segment.
  const accept: Accept = t.last ? { kind: 'any' } : t.template ? { kind: 'noColon' } : { kind: 'noSep' };
  return [{ accept, next: i, inSeg: true, stretch: true }];
}

/** The moves of one side that take no character: leave a `*`, close a segment. */
function emptyMoves(tokens: readonly Token[], i: number, inSeg: boolean): number[] {
  const t = tokens[i];
  if (t === undefined) return [];
  if ('any' in t) return [i + 1];
  if ('seg' in t && (inSeg || t.mayBeEmpty)) return [i + 1];
  return [];
}

function accepts(a: Accept, c: string): boolean {
  if (a.kind === 'fixed') return a.c === c;
  if (a.kind === 'noSep') return !isSep(c);
  if (a.kind === 'noColon') return c !== ':';
  return true;
}

function combine(a: Accept, b: Accept): string | undefined {
  if (a.kind === 'fixed') return accepts(b, a.c) ? a.c : undefined;
  if (b.kind === 'fixed') return accepts(a, b.c) ? b.c : undefined;
  return 'x';
}

interface State {
  readonly i: number;
  readonly si: boolean;
  readonly j: number;
  readonly sj: boolean;
  readonly prev?: State;
  readonly char?: string;
  readonly stretch?: boolean;
}

/**
 * A concrete string that both token lists accept, or undefined when none exists. Runs that both sides
 * could stretch (a `*` over a placeholder) read `example`, so witnesses look like real ARNs.
 */
export function witness(a: readonly Token[], b: readonly Token[]): string | undefined {
  const key = (i: number, si: boolean, j: number, sj: boolean) => ((i * 2 + (si ? 1 : 0)) * (b.length + 1) + j) * 2 + (sj ? 1 : 0);
  const seen = new Set<number>([key(0, false, 0, false)]);
  const queue: State[] = [{ i: 0, si: false, j: 0, sj: false }];
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q]!;
    if (s.i === a.length && s.j === b.length) return spell(s);
    const push = (n: State) => {
      const k = key(n.i, n.si, n.j, n.sj);
      if (seen.has(k)) return;
      seen.add(k);
      queue.push(n);
    };
    for (const i of emptyMoves(a, s.i, s.si)) push({ i, si: false, j: s.j, sj: s.sj, prev: s });
    for (const j of emptyMoves(b, s.j, s.sj)) push({ i: s.i, si: s.si, j, sj: false, prev: s });
    for (const ma of charMoves(a, s.i)) {
      for (const mb of charMoves(b, s.j)) {
        const c = combine(ma.accept, mb.accept);
        if (c !== undefined) push({ i: ma.next, si: ma.inSeg, j: mb.next, sj: mb.inSeg, prev: s, char: c, stretch: ma.stretch && mb.stretch });
      }
    }
  }
  return undefined;
}

function spell(end: State): string {
  const chars: { char: string; stretch: boolean }[] = [];
  for (let s: State | undefined = end; s; s = s.prev) {
    if (s.char !== undefined) chars.push({ char: s.char, stretch: s.stretch === true });
  }
  chars.reverse();
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch.stretch && ch.char === 'x') {
      out += 'example';
      while (chars[i + 1]?.stretch && chars[i + 1]?.char === 'x') i++;
    } else out += ch.char;
  }
  return out;
}

/** Can the pattern name an ARN of the template's resource type? */
export function patternFitsTemplate(pattern: string, template: string, variables = true): boolean {
  return witness(patternTokens(pattern, variables), templateTokens(template)) !== undefined;
}

/**
 * Does `outer` match everything `inner` matches? Sound but not complete: a `yes` is certain, a `no` may
 * be a pattern pair too subtle for this check. Both are policy patterns (Resource or lowercased Action).
 */
export function covers(outer: readonly Token[], inner: readonly Token[]): boolean {
  const n = outer.length;
  const m = inner.length;
  // row[j]: outer[0..i) matches everything inner[0..j) matches. Two rows, not n x m: two 20,000-character
  // patterns would otherwise need 400 million cells.
  let row = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);
  row[0] = 1;
  for (let i = 0; i < n; i++) {
    const o = outer[i]!;
    next.fill(0);
    let any = false;
    for (let j = 0; j <= m; j++) {
      if (!row[j]) continue;
      any = true;
      const t = inner[j];
      if ('any' in o) {
        next.fill(1, j); // `*` absorbs whatever follows
        break;
      }
      if (t === undefined) continue;
      if ('c' in o) {
        if ('c' in t && t.c === o.c) next[j + 1] = 1;
      } else if ('one' in o) {
        if ('c' in t || 'one' in t) next[j + 1] = 1;
      } else if ('seg' in t && t.name !== undefined && t.name === o.name) {
        // the same unknown value or policy variable on both sides
        next[j + 1] = 1;
      }
    }
    if (!any) return false;
    [row, next] = [next, row];
  }
  return row[m] === 1;
}
