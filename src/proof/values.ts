/**
 * The values of one condition key, cut into classes: every policy value of every condition on the key
 * decides each class as a whole, so one example per class stands for every value AWS could send.
 * Strings, ARNs, Bool and Binary values are regular languages (./automaton.ts); numbers and dates are
 * cut at each policy constant; IP addresses at each range's first address and the one after its last,
 * separately for IPv4 and IPv6.
 */
import { parseRange } from '../engine/conditions/ip.js';
import { parseDate } from '../engine/conditions/date.js';
import { parseNumber } from '../engine/conditions/numeric.js';
import type { ParsedCondition } from '../policy/parse.js';
import { parseArn } from '../policy/arn.js';
import { alphabetOf, classesOf, ClassLimitError, literal, oneOf, patternAutomaton, wildcardTokens, type Pattern, type Token } from './automaton.js';
import type { UndecidedReason } from './undecided.js';

/** The characters whose lowercase is `c` (for StringEqualsIgnoreCase and Bool). */
let folds: Map<string, string[]> | undefined;
function caseVariants(c: string): string[] {
  if (!folds) {
    folds = new Map();
    for (let code = 0; code < 0x10000; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const ch = String.fromCharCode(code);
      const lower = ch.toLowerCase();
      if (lower.length !== 1) continue;
      let list = folds.get(lower);
      if (!list) folds.set(lower, (list = [lower]));
      if (ch !== lower) list.push(ch);
    }
  }
  return folds.get(c.toLowerCase()) ?? [c];
}

function foldedTokens(text: string): Token[] {
  return Array.from(text, (c) => oneOf(caseVariants(c)));
}

/** ArnLike / ArnEquals: each of the first four parts matched on its own, the resource part with `*` across `:`. */
export function arnTokens(value: string): Token[] {
  const arn = parseArn(value);
  if (!arn) return wildcardTokens(value);
  const out: Token[] = [...Array.from('arn:', literal)];
  for (const part of [arn.partition, arn.service, arn.region, arn.account]) out.push(...wildcardTokens(part, true), literal(':'));
  return [...out, ...wildcardTokens(arn.resource)];
}

export type ValueFamily = 'regular' | 'number' | 'date' | 'ip';

/** A condition value as the proof sees it: the family, and the pattern (regular families) or the constant. */
function familyOf(condition: ParsedCondition): ValueFamily | undefined {
  const name = condition.operator.info.positive;
  if (name.startsWith('String') || name.startsWith('Arn') || name === 'Bool' || name === 'BinaryEquals') return 'regular';
  if (name.startsWith('Numeric')) return 'number';
  if (name.startsWith('Date')) return 'date';
  if (name === 'IpAddress') return 'ip';
  return undefined; // Null: only presence matters
}

function tokensOf(operator: string, value: string): Pattern {
  if (operator === 'StringLike') return wildcardTokens(value);
  if (operator === 'StringEqualsIgnoreCase' || operator === 'Bool') return foldedTokens(value);
  if (operator.startsWith('Arn')) return arnTokens(value);
  return Array.from(value, literal); // StringEquals, BinaryEquals
}

export interface KeyValues {
  /** One example value per class. */
  readonly examples: readonly string[];
  /** Why the classes may miss some values (the proof is then not exact for this key). */
  readonly undecided?: UndecidedReason;
}

function ordered(constants: readonly number[], format: (n: number) => string, parse: (t: string) => number | undefined, none: string): string[] {
  const sorted = [...new Set(constants)].sort((a, b) => a - b);
  const out = [none];
  const add = (n: number) => {
    if (!Number.isFinite(n)) return;
    const text = format(n);
    if (parse(text) !== undefined) out.push(text);
  };
  if (sorted.length === 0) return [none, format(1)];
  add(sorted[0]! - Math.max(1, Math.abs(sorted[0]!)));
  sorted.forEach((c, i) => {
    add(c);
    const next = sorted[i + 1];
    if (next !== undefined) add((c + next) / 2);
  });
  add(sorted[sorted.length - 1]! + Math.max(1, Math.abs(sorted[sorted.length - 1]!)));
  return out;
}

/** Elementary intervals of an address space cut at range starts and ends; their first addresses. */
function ipExamples(texts: readonly string[]): string[] {
  const spaces = { ipv4: { bits: 32, cuts: new Set<bigint>([0n]) }, ipv6: { bits: 128, cuts: new Set<bigint>([0n]) } };
  // IPv4-mapped IPv6 addresses are read as IPv4: they are not in the IPv6 space.
  const mappedStart = 0xffffn << 32n;
  spaces.ipv6.cuts.add(mappedStart).add(mappedStart + (1n << 32n));
  for (const t of texts) {
    const range = parseRange(t);
    if (!range) continue;
    const [network, prefix] = range;
    const space = spaces[network.kind()];
    const bytes = network.toByteArray();
    let value = 0n;
    for (const b of bytes) value = (value << 8n) | BigInt(b);
    const size = 1n << BigInt(space.bits - prefix);
    const first = (value / size) * size;
    space.cuts.add(first);
    if (first + size < 1n << BigInt(space.bits)) space.cuts.add(first + size);
  }
  const out: string[] = [];
  for (const [kind, space] of Object.entries(spaces)) {
    for (const cut of [...space.cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (kind === 'ipv6' && cut >= mappedStart && cut < mappedStart + (1n << 32n)) continue;
      out.push(kind === 'ipv4' ? ipv4Text(cut) : ipv6Text(cut));
    }
  }
  return ['not-an-ip', ...out];
}

function ipv4Text(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
}

function ipv6Text(n: bigint): string {
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((n >> s) & 0xffffn).toString(16));
  return groups.join(':');
}

const dateText = (ms: number) => {
  const d = new Date(Math.round(ms));
  return Number.isNaN(d.getTime()) || Math.round(ms) !== ms ? String(ms / 1000) : d.toISOString();
};

/**
 * The classes of values of one key under these conditions (all on that key), with `substitute` giving
 * policy variables their values. `preferred` values become examples where they can.
 */
export function keyValues(conditions: readonly ParsedCondition[], substitute: (value: string, condition: ParsedCondition) => string, preferred: readonly string[] = []): KeyValues {
  const families = new Set<ValueFamily>();
  for (const c of conditions) {
    const f = familyOf(c);
    if (f) families.add(f);
  }
  const examples: string[] = [];
  let tooLong: UndecidedReason | undefined;
  const values = (family: ValueFamily) => conditions.filter((c) => familyOf(c) === family).flatMap((c) => c.values.map((v) => ({ c, v: substitute(v, c) })));
  if (families.has('regular')) {
    const patterns = values('regular').map(({ c, v }) => tokensOf(c.operator.info.positive, v));
    const alphabet = alphabetOf(patterns);
    const tried = [...preferred, ...values('regular').map(({ v }) => v.replace(/[*?]/g, 'x')), 'true', 'false', 'other'];
    try {
      examples.push(...classesOf(patterns.map((p) => patternAutomaton(p, alphabet)), alphabet, { preferred: tried }).map((c) => c.example));
    } catch (error) {
      if (!(error instanceof ClassLimitError)) throw error;
      examples.push(...tried);
      tooLong = { messageId: 'valuesTooMany', data: { bound: error.bound } };
    }
  }
  if (families.has('number')) examples.push(...ordered(values('number').flatMap(({ v }) => parseNumber(v) ?? []), String, parseNumber, 'not-a-number'));
  if (families.has('date')) examples.push(...ordered(values('date').flatMap(({ v }) => parseDate(v) ?? []), dateText, parseDate, 'not-a-date'));
  if (families.has('ip')) examples.push(...ipExamples(values('ip').map(({ v }) => v)));
  if (families.size === 0) examples.push(preferred[0] ?? 'x');
  const unique = [...new Set(examples)];
  if (tooLong) return { examples: unique, undecided: tooLong };
  if (families.size > 1) return { examples: unique, undecided: { messageId: 'operatorKinds', data: { kinds: [...families] } } };
  return { examples: unique };
}
