/**
 * Patterns as finite automata, and the classes of strings they induce. A pattern is a sequence of tokens,
 * each one character from a set (or any character but a set), once or any number of times: enough for IAM
 * wildcards (`*`, `?`), ARN parts (`*` stops at `:`), case-folded literals and the shapes the engine derives
 * context keys from. Never a RegExp: every pattern becomes a lazily determinised automaton.
 *
 * classesOf() runs the product of several automata breadth-first over a finite alphabet (every character
 * the patterns name, plus one character standing for all others) and returns one shortest string for each
 * distinct combination of accepting components: two strings with the same combination are matched by
 * exactly the same patterns, so deciding one representative decides its whole class.
 */

/** One token: a character in `chars` (or not in it, when `negated`), once or, with `repeat`, any number of times. */
import type { ClassBound } from './undecided.js';

export interface Token {
  readonly chars: ReadonlySet<string>;
  readonly negated: boolean;
  readonly repeat: boolean;
}

export type Pattern = readonly Token[];

const NONE: ReadonlySet<string> = new Set();
const COLON: ReadonlySet<string> = new Set([':']);

export const anyRun: Token = { chars: NONE, negated: true, repeat: true };
export const anyOne: Token = { chars: NONE, negated: true, repeat: false };
export const literal = (c: string): Token => ({ chars: new Set([c]), negated: false, repeat: false });
export const oneOf = (chars: Iterable<string>, repeat = false): Token => ({ chars: new Set(chars), negated: false, repeat });
export const noneOf = (chars: Iterable<string>, repeat = false): Token => ({ chars: new Set(chars), negated: true, repeat });

export function literalTokens(text: string): Token[] {
  return Array.from(text, literal);
}

/** IAM wildcard text (`*` any run, `?` any one character); `inPart` keeps both inside one ARN part (no `:`). */
export function wildcardTokens(text: string, inPart = false): Token[] {
  return Array.from(text, (c) => (c === '*' ? (inPart ? { chars: COLON, negated: true, repeat: true } : anyRun) : c === '?' ? (inPart ? { chars: COLON, negated: true, repeat: false } : anyOne) : literal(c)));
}

function tokenMatches(t: Token, c: string): boolean {
  return t.chars.has(c) !== t.negated;
}

/** Any number of any characters (`*`). */
const isAnyRun = (t: Token): boolean => t.repeat && t.negated && t.chars.size === 0;

/** A deterministic automaton over alphabet indexes; state -1 is dead. */
export interface Automaton {
  readonly start: number;
  /** Work done so far building states on demand (token positions visited), for classesOf()'s budget. */
  readonly work?: number;
  step(state: number, symbol: number): number;
  accepts(state: number): boolean;
  /**
   * The symbols that the step from `state` may tell apart: every other symbol steps alike (to where the
   * alphabet's last symbol, which no pattern names, steps). Absent: any symbol may differ.
   */
  distinct?(state: number): readonly number[];
  /**
   * Every string read from `state` on is accepted alike (the state is dead, or accepts whatever follows):
   * nothing read from here changes this automaton's answer. Absent: may change.
   */
  settled?(state: number): boolean;
}

const symbolIndexes = new WeakMap<readonly string[], ReadonlyMap<string, number>>();
function indexOf(alphabet: readonly string[]): ReadonlyMap<string, number> {
  let index = symbolIndexes.get(alphabet);
  if (!index) symbolIndexes.set(alphabet, (index = new Map(alphabet.map((c, i) => [c, i]))));
  return index;
}

/** A pattern determinised on demand: a state is the set of token positions reached. */
class PatternAutomaton implements Automaton {
  private readonly sets: number[][] = [];
  private readonly ids = new Map<string, number>();
  private readonly table: Int32Array[] = [];
  private readonly named: (readonly number[])[] = [];
  /** The first position from which every token is a run of any characters (the pattern's length when none). */
  private readonly anyFrom: number;
  readonly start: number;
  work = 0;

  constructor(
    private readonly tokens: Pattern,
    private readonly alphabet: readonly string[],
  ) {
    let from = tokens.length;
    while (from > 0 && isAnyRun(tokens[from - 1]!)) from--;
    this.anyFrom = from;
    this.start = this.intern(this.closure([0]));
  }

  /**
   * The positions reached from `positions` (ascending, maybe repeated) without reading: each repeat token
   * may be skipped. The chain from a position is contiguous and ascending, so one pass keeps the result
   * sorted and unique (it is the state's identity).
   */
  private closure(positions: readonly number[]): number[] {
    const out: number[] = [];
    let last = -1;
    for (let p of positions) {
      if (p <= last) continue; // inside the chain already added
      for (;;) {
        out.push(p);
        last = p;
        if (p < this.tokens.length && this.tokens[p]!.repeat) p++;
        else break;
      }
    }
    return out;
  }

  private intern(set: number[]): number {
    if (set.length === 0) return -1;
    const key = set.join(',');
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.ids.set(key, id);
      this.table.push(new Int32Array(this.alphabet.length).fill(-2));
    }
    return id;
  }

  step(state: number, symbol: number): number {
    if (state < 0) return -1;
    const row = this.table[state]!;
    const known = row[symbol]!;
    if (known !== -2) return known;
    const c = this.alphabet[symbol]!;
    const next: number[] = [];
    // a state of a long pattern can hold thousands of positions (`*a?a?...`): counted, so that the
    // product search stops at its budget instead of taking minutes and gigabytes
    this.work += this.sets[state]!.length + 1;
    for (const p of this.sets[state]!) {
      const t = this.tokens[p];
      if (t && tokenMatches(t, c)) next.push(t.repeat ? p : p + 1);
    }
    const id = next.length === 0 ? -1 : this.intern(this.closure(next));
    this.table[state]![symbol] = id;
    return id;
  }

  /** The set is sorted: the end of the pattern, when reached, is its last position. */
  accepts(state: number): boolean {
    return state >= 0 && this.sets[state]!.at(-1) === this.tokens.length;
  }

  /** Dead, or at a run of any characters that ends the pattern (the set is sorted: its last position before the end). */
  settled(state: number): boolean {
    if (state < 0) return true;
    const set = this.sets[state]!;
    return set.length >= 2 && set[set.length - 2]! >= this.anyFrom;
  }

  /** The characters the tokens at the state's positions name: a token treats every other character alike. */
  distinct(state: number): readonly number[] {
    let named = this.named[state];
    if (!named) {
      const index = indexOf(this.alphabet);
      const out = new Set<number>();
      this.work += this.sets[state]!.length;
      for (const p of this.sets[state]!) {
        const t = this.tokens[p];
        if (t) for (const c of t.chars) if (index.has(c)) out.add(index.get(c)!);
      }
      this.named[state] = named = [...out];
    }
    return named;
  }
}

/** A finite set of strings (a trie): accepts exactly them. */
export class TrieAutomaton implements Automaton {
  readonly start = 0;
  private readonly children: Map<number, number>[] = [new Map()];
  private readonly ends: boolean[] = [false];

  constructor(
    words: Iterable<string>,
    private readonly alphabet: readonly string[],
  ) {
    const index = new Map(alphabet.map((c, i) => [c, i]));
    for (const w of words) {
      let node = 0;
      for (const c of w) {
        const s = index.get(c);
        if (s === undefined) throw new Error(`trie character ${c} missing from the alphabet`);
        let next = this.children[node]!.get(s);
        if (next === undefined) {
          next = this.children.length;
          this.children.push(new Map());
          this.ends.push(false);
          this.children[node]!.set(s, next);
        }
        node = next;
      }
      this.ends[node] = true;
    }
  }

  step(state: number, symbol: number): number {
    return state < 0 ? -1 : (this.children[state]!.get(symbol) ?? -1);
  }

  accepts(state: number): boolean {
    return state >= 0 && this.ends[state]!;
  }
}

/** Characters tried, in order, for the one that stands for every character the patterns do not name. */
const OTHER_CANDIDATES = 'xyzqjkwvuabcdefghilmnoprst0123456789-_.XYZQ~!#%&=@';

/** The alphabet: every character the patterns name, and one more standing for all the others. */
export function alphabetOf(patterns: readonly Pattern[], extra: Iterable<string> = []): string[] {
  const chars = new Set<string>(extra);
  for (const p of patterns) for (const t of p) for (const c of t.chars) chars.add(c);
  let other: string | undefined;
  for (const c of OTHER_CANDIDATES) {
    if (!chars.has(c)) {
      other = c;
      break;
    }
  }
  for (let code = 0x100; other === undefined; code++) if (!chars.has(String.fromCharCode(code))) other = String.fromCharCode(code);
  return [...chars, other];
}

export function patternAutomaton(pattern: Pattern, alphabet: readonly string[]): Automaton {
  return new PatternAutomaton(pattern, alphabet);
}

export interface StringClass {
  /** A string of the class (the preferred one when given, else a shortest one). */
  readonly example: string;
  /** For each automaton, whether it accepts the class. */
  readonly accepted: readonly boolean[];
}

/** A limit reached (its kind and bound as data: src/render/proof.ts words them). */
export class ClassLimitError extends Error {
  constructor(readonly bound: ClassBound) {
    super(`class limit: ${bound.kind} ${bound.max}`);
  }
}

/** A product state as a short string (one UTF-16 unit per component; two when a component is that large). */
function stateKey(states: Int32Array): string {
  let key = '';
  let wide = false;
  for (let i = 0; i < states.length; i++) {
    const v = states[i]! + 1;
    if (v > 0xffff) wide = true;
    key += String.fromCharCode(v & 0xffff);
  }
  if (!wide) return key;
  // Twice as long: never equal to a narrow key of the same product.
  for (let i = 0; i < states.length; i++) key += String.fromCharCode((states[i]! + 1) >>> 16);
  return key;
}

/**
 * Every combination of accepting automata that some string reaches, each with an example. `preferred`
 * strings become the examples of their classes when they can (readable witnesses); `prefix` is read first
 * (classes of strings that start with it). Throws ClassLimitError beyond `maxStates` product states,
 * `maxSteps` product steps or `maxWork` token positions the automata visit building their states: hostile
 * patterns (20,000 characters, thousands of `?` after a `*`, thousands of distinct characters) stop there.
 */
export function classesOf(
  automata: readonly Automaton[],
  alphabet: readonly string[],
  options: { preferred?: readonly string[]; prefix?: string; maxStates?: number; maxSteps?: number; maxWork?: number } = {},
): StringClass[] {
  const index = indexOf(alphabet);
  const otherSymbol = alphabet.length - 1;
  const n = automata.length;
  const signature = (states: Int32Array, at = 0) => {
    let s = '';
    for (let i = 0; i < n; i++) s += automata[i]!.accepts(states[at + i]!) ? '1' : '0';
    return s;
  };
  /** Nothing read from here on changes any automaton's answer. */
  const settled = (states: Int32Array, at = 0) => {
    for (let i = 0; i < n; i++) {
      const s = states[at + i]!;
      if (s >= 0 && !(automata[i]!.settled?.(s) ?? false)) return false;
    }
    return true;
  };
  const maxStates = options.maxStates ?? 200_000;
  // product steps are table lookups; the automata's own work (building states) costs far more per unit
  const maxSteps = options.maxSteps ?? 20_000_000;
  const maxWork = options.maxWork ?? 2_000_000;
  const checkWork = () => {
    let work = 0;
    for (let i = 0; i < n; i++) work += automata[i]!.work ?? 0;
    if (work > maxWork) throw new ClassLimitError({ kind: 'work', max: maxWork });
  };
  const prefix = options.prefix ?? '';
  const start = new Int32Array(n);
  for (let i = 0; i < n; i++) start[i] = automata[i]!.start;
  for (const c of prefix) {
    const symbol = index.get(c) ?? otherSymbol;
    for (let i = 0; i < n; i++) start[i] = automata[i]!.step(start[i]!, symbol);
  }
  checkWork();
  const found = new Map<string, string | number>();
  // The preferred strings are read one after the other, each from where it parts from the one before (they
  // are often one ARN and its longer forms): `trail` keeps the states after each character of the last.
  let trail = new Int32Array(16 * n);
  trail.set(start);
  let last: string[] = [];
  const tried = new Set<string>();
  for (const p of options.preferred ?? []) {
    if (!p.startsWith(prefix) || tried.has(p)) continue;
    tried.add(p);
    const chars = Array.from(p.slice(prefix.length));
    let at = 0;
    while (at < chars.length && at < last.length && chars[at] === last[at]) at++;
    // Stop where every automaton's answer is settled: the rest of the string cannot change the signature.
    let end = at;
    while (end < chars.length && !settled(trail, end * n)) {
      if ((end + 1) * n + n > trail.length) {
        const grown = new Int32Array(trail.length * 2);
        grown.set(trail);
        trail = grown;
      }
      const symbol = index.get(chars[end]!) ?? otherSymbol;
      for (let i = 0; i < n; i++) trail[(end + 1) * n + i] = automata[i]!.step(trail[end * n + i]!, symbol);
      end++;
      if ((end & 63) === 0) checkWork();
    }
    checkWork();
    last = chars.slice(0, end);
    const sig = signature(trail, end * n);
    if (!found.has(sig)) found.set(sig, p);
  }
  // Breadth-first; each state keeps its parent and symbol, not its text (a chain of 20,000 states would
  // otherwise hold 200 million characters): examples are spelled at the end. States are kept n by n in one array.
  let states = new Int32Array(Math.max(64, n) * n);
  states.set(start);
  const parents: number[] = [-1];
  const symbols: number[] = [-1];
  const seen = new Set<string>([stateKey(start)]);
  const next = new Int32Array(n);
  let steps = 0;
  // Symbols some live component tells apart (marked with the state's number); the others all step alike,
  // so only the first of them is tried (the one breadth-first order would have kept).
  const marks = new Int32Array(alphabet.length).fill(-1);
  const symbolsTried: number[] = [];
  for (let head = 0; head < parents.length; head++) {
    const at = head * n;
    const sig = signature(states, at);
    if (!found.has(sig)) found.set(sig, head);
    // Settled: every state reached from here has this signature, and a state reached only through such
    // states has it too; so no class is missed, and the others are reached in the same order as before.
    if (settled(states, at)) continue;
    checkWork();
    let everySymbol = false;
    symbolsTried.length = 0;
    for (let i = 0; i < n && !everySymbol; i++) {
      const s = states[at + i]!;
      if (s < 0) continue;
      const named = automata[i]!.distinct?.(s);
      if (named === undefined) everySymbol = true;
      else {
        for (const symbol of named) {
          if (marks[symbol] === head) continue;
          marks[symbol] = head;
          symbolsTried.push(symbol);
        }
      }
    }
    if (everySymbol) {
      symbolsTried.length = 0;
      for (let symbol = 0; symbol < alphabet.length; symbol++) symbolsTried.push(symbol);
    } else {
      let other = 0;
      while (other < alphabet.length && marks[other] === head) other++;
      if (other < alphabet.length) symbolsTried.push(other);
      symbolsTried.sort((a, b) => a - b);
    }
    for (const symbol of symbolsTried) {
      steps += n;
      if (steps > maxSteps) throw new ClassLimitError({ kind: 'steps', max: maxSteps });
      for (let i = 0; i < n; i++) next[i] = automata[i]!.step(states[at + i]!, symbol);
      const key = stateKey(next);
      if (seen.has(key)) continue;
      if (seen.size >= maxStates) throw new ClassLimitError({ kind: 'states', max: maxStates });
      seen.add(key);
      const to = parents.length * n;
      if (to + n > states.length) {
        const grown = new Int32Array(states.length * 2);
        grown.set(states);
        states = grown;
      }
      states.set(next, to);
      parents.push(head);
      symbols.push(symbol);
    }
  }
  const spell = (at: number): string => {
    const text: string[] = [];
    for (let q = at; q > 0; q = parents[q]!) text.push(alphabet[symbols[q]!]!);
    return prefix + text.reverse().join('');
  };
  return [...found].map(([sig, example]) => ({ example: typeof example === 'string' ? example : spell(example), accepted: Array.from(sig, (c) => c === '1') }));
}
