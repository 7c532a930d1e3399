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

/** A deterministic automaton over alphabet indexes; state -1 is dead. */
export interface Automaton {
  readonly start: number;
  step(state: number, symbol: number): number;
  accepts(state: number): boolean;
  /**
   * The symbols that the step from `state` may tell apart: every other symbol steps alike (to where the
   * alphabet's last symbol, which no pattern names, steps). Absent: any symbol may differ.
   */
  distinct?(state: number): readonly number[];
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
  readonly start: number;

  constructor(
    private readonly tokens: Pattern,
    private readonly alphabet: readonly string[],
  ) {
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
    for (const p of this.sets[state]!) {
      const t = this.tokens[p];
      if (t && tokenMatches(t, c)) next.push(t.repeat ? p : p + 1);
    }
    const id = next.length === 0 ? -1 : this.intern(this.closure(next));
    this.table[state]![symbol] = id;
    return id;
  }

  accepts(state: number): boolean {
    return state >= 0 && this.sets[state]!.includes(this.tokens.length);
  }

  /** The characters the tokens at the state's positions name: a token treats every other character alike. */
  distinct(state: number): readonly number[] {
    let named = this.named[state];
    if (!named) {
      const index = indexOf(this.alphabet);
      const out = new Set<number>();
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

export class ClassLimitError extends Error {}

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
 * (classes of strings that start with it). Throws ClassLimitError beyond `maxStates` product states.
 */
export function classesOf(automata: readonly Automaton[], alphabet: readonly string[], options: { preferred?: readonly string[]; prefix?: string; maxStates?: number } = {}): StringClass[] {
  const index = new Map(alphabet.map((c, i) => [c, i]));
  const otherSymbol = alphabet.length - 1;
  const symbolOf = (c: string) => index.get(c) ?? otherSymbol;
  const n = automata.length;
  const signature = (states: Int32Array) => {
    let s = '';
    for (let i = 0; i < n; i++) s += automata[i]!.accepts(states[i]!) ? '1' : '0';
    return s;
  };
  const run = (from: Int32Array, text: string): Int32Array => {
    const states = Int32Array.from(from);
    for (const c of text) {
      const symbol = symbolOf(c);
      for (let i = 0; i < n; i++) states[i] = automata[i]!.step(states[i]!, symbol);
    }
    return states;
  };
  const start = run(Int32Array.from(automata.map((a) => a.start)), options.prefix ?? '');
  const prefix = options.prefix ?? '';
  const found = new Map<string, string>();
  for (const p of options.preferred ?? []) {
    if (!p.startsWith(prefix)) continue;
    const sig = signature(run(start, p.slice(prefix.length)));
    if (!found.has(sig)) found.set(sig, p);
  }
  const maxStates = options.maxStates ?? 200_000;
  const seen = new Set<string>();
  const queue: { states: Int32Array; text: string }[] = [{ states: start, text: prefix }];
  seen.add(stateKey(start));
  const next = new Int32Array(n);
  // Symbols some live component tells apart (marked with the state's number); the others all step alike,
  // so only the first of them is tried (the one breadth-first order would have kept).
  const marks = new Int32Array(alphabet.length).fill(-1);
  for (let head = 0; head < queue.length; head++) {
    const { states, text } = queue[head]!;
    const sig = signature(states);
    if (!found.has(sig)) found.set(sig, text);
    if (states.every((s) => s < 0)) continue; // nothing more can change
    let everySymbol = false;
    for (let i = 0; i < n && !everySymbol; i++) {
      if (states[i]! < 0) continue;
      const named = automata[i]!.distinct?.(states[i]!);
      if (named === undefined) everySymbol = true;
      else for (const symbol of named) marks[symbol] = head;
    }
    let otherTried = false;
    for (let symbol = 0; symbol < alphabet.length; symbol++) {
      if (!everySymbol && marks[symbol] !== head) {
        if (otherTried) continue;
        otherTried = true;
      }
      for (let i = 0; i < n; i++) next[i] = automata[i]!.step(states[i]!, symbol);
      const key = stateKey(next);
      if (seen.has(key)) continue;
      if (seen.size >= maxStates) throw new ClassLimitError(`more than ${maxStates} automaton states`);
      seen.add(key);
      queue.push({ states: Int32Array.from(next), text: text + alphabet[symbol]! });
    }
  }
  return [...found].map(([sig, example]) => ({ example, accepted: Array.from(sig, (c) => c === '1') }));
}
