/**
 * IAM wildcard matching: `*` matches any run of characters (including none, across `:` and `/`), `?` exactly
 * one. Never a RegExp built from policy text: a pattern is split once into literal segments between stars
 * and matched greedily left to right (leftmost match of each segment is always safe for `*`-separated
 * segments): one pass of indexOf per segment, or of Shift-And for a segment with `?` (|text| x |segment|/32
 * word operations), never backtracking.
 */

export interface Wildcard {
  /** True when the pattern contains a `*` or `?` wildcard. */
  readonly hasWildcard: boolean;
  matches(text: string): boolean;
}

/** A piece of a pattern: literal text, or one of the two wildcards. */
export type PatternPart = string | typeof ANY_RUN | typeof ANY_ONE;
export const ANY_RUN: unique symbol = Symbol('*');
export const ANY_ONE: unique symbol = Symbol('?');

interface Masks {
  readonly dense: Map<number, Uint32Array>;
  readonly sparse: Map<number, Uint32Array>;
  /** The `?` positions: what a character not in the segment may take. */
  readonly other: Uint32Array;
}

/** Literal text in which some positions (the `?` wildcards) match any one character. */
class Segment {
  constructor(
    readonly text: string,
    /** Positions that match any character; null when there are none (the fast, common case). */
    readonly anyOne: Uint8Array | null,
  ) {}

  get length(): number {
    return this.text.length;
  }

  /** Does the segment match `text` starting at `at`? */
  at(text: string, at: number): boolean {
    const n = this.text.length;
    if (at < 0 || at + n > text.length) return false;
    if (this.anyOne === null) return text.startsWith(this.text, at);
    for (let i = 0; i < n; i++) {
      if (this.anyOne[i] === 0 && this.text.charCodeAt(i) !== text.charCodeAt(at + i)) return false;
    }
    return true;
  }

  /** Leftmost position in [from, end - length] where the segment matches; -1 when none. */
  find(text: string, from: number, end: number): number {
    if (this.anyOne === null) {
      const i = text.indexOf(this.text, from);
      return i >= 0 && i + this.text.length <= end ? i : -1;
    }
    return this.shiftAnd(text, from, end);
  }

  /**
   * Shift-And's masks: per character of the segment, the bits of the positions it may take (its own and
   * every `?`). Dense (one word per 32 positions) for the characters that fill at least a quarter of the
   * words, of which there are at most 4 x 32 (so at most 4 x |segment| bits); sparse for the others, as the
   * words where they stand (`[word, bits, word, bits, ...]`, to add to the `?` bits). Memory stays linear
   * in the segment (dense masks for every character would take 280 MB for 60,000 distinct characters).
   * Built on first use.
   */
  private masks: Masks | undefined;

  private buildMasks(): Masks {
    const n = this.text.length;
    const words = (n + 31) >>> 5;
    const other = new Uint32Array(words);
    const lists = new Map<number, number[]>();
    for (let j = 0; j < n; j++) {
      const word = j >>> 5;
      const bit = 1 << (j & 31);
      if (this.anyOne![j]) {
        other[word]! |= bit;
        continue;
      }
      const c = this.text.charCodeAt(j);
      let list = lists.get(c);
      if (!list) lists.set(c, (list = []));
      if (list.length > 0 && list[list.length - 2] === word) list[list.length - 1]! |= bit;
      else list.push(word, bit);
    }
    const dense = new Map<number, Uint32Array>();
    const sparse = new Map<number, Uint32Array>();
    for (const [c, list] of lists) {
      if (list.length / 2 >= words / 4) {
        const mask = Uint32Array.from(other);
        for (let k = 0; k < list.length; k += 2) mask[list[k]!]! |= list[k + 1]!;
        dense.set(c, mask);
      } else sparse.set(c, Uint32Array.from(list, (v) => v >>> 0));
    }
    return { dense, sparse, other };
  }

  /**
   * With `?` positions, trying every start costs |text| x |segment|. Shift-And keeps, in one bit per
   * segment position, which prefixes of the segment end at the current character: one pass over the text,
   * at most 2 x |segment| / 32 word operations per character, and only over the words that can hold a
   * set bit (the prefixes matched so far), which is few unless the text keeps nearly matching.
   */
  private shiftAnd(text: string, from: number, end: number): number {
    const n = this.text.length;
    if (n === 0) return from <= end ? from : -1;
    const words = (n + 31) >>> 5;
    const { dense, sparse, other } = (this.masks ??= this.buildMasks());
    const lastBit = 1 << ((n - 1) & 31);
    if (words === 1) {
      // the common case (a segment of up to 32 characters): one number, nothing allocated
      const any = other[0]!;
      let bits = 0;
      for (let i = from; i < end; i++) {
        const mask = dense.get(text.charCodeAt(i));
        bits = ((bits << 1) | 1) & (mask ? mask[0]! : any);
        if (bits & lastBit) return i - n + 1;
      }
      return -1;
    }
    const state = new Uint32Array(words);
    const shifted = new Uint32Array(words);
    const lastWord = (n - 1) >>> 5;
    /** Words at and past `top` are zero. */
    let top = 0;
    for (let i = from; i < end; i++) {
      const limit = top < words ? top + 1 : words;
      const c = text.charCodeAt(i);
      const full = dense.get(c);
      const mask = full ?? other;
      let carry = 1; // a match may start here
      for (let w = 0; w < limit; w++) {
        const v = state[w]!;
        const s = (v << 1) | carry;
        carry = v >>> 31;
        shifted[w] = s;
        state[w] = s & mask[w]!;
      }
      const at = full ? undefined : sparse.get(c);
      if (at) {
        for (let k = 0; k < at.length; k += 2) {
          const w = at[k]!;
          if (w < limit) state[w]! |= shifted[w]! & at[k + 1]!;
        }
      }
      if (state[lastWord]! & lastBit) return i - n + 1;
      top = limit;
      while (top > 0 && state[top - 1] === 0) top--;
    }
    return -1;
  }
}

class LiteralPattern implements Wildcard {
  readonly hasWildcard = false;
  constructor(private readonly text: string) {}
  matches(text: string): boolean {
    return text === this.text;
  }
}

class AnyPattern implements Wildcard {
  readonly hasWildcard = true;
  matches(): boolean {
    return true;
  }
}

/** No star: one segment that must cover the whole text. */
class FixedPattern implements Wildcard {
  readonly hasWildcard = true;
  constructor(private readonly segment: Segment) {}
  matches(text: string): boolean {
    return text.length === this.segment.length && this.segment.at(text, 0);
  }
}

class StarPattern implements Wildcard {
  readonly hasWildcard = true;
  private readonly minLength: number;
  constructor(
    private readonly first: Segment,
    private readonly middle: readonly Segment[],
    private readonly last: Segment,
  ) {
    this.minLength = first.length + last.length + middle.reduce((n, s) => n + s.length, 0);
  }

  matches(text: string): boolean {
    if (text.length < this.minLength) return false;
    const end = text.length - this.last.length;
    if (!this.first.at(text, 0) || !this.last.at(text, end)) return false;
    let pos = this.first.length;
    for (const segment of this.middle) {
      const found = segment.find(text, pos, end);
      if (found < 0) return false;
      pos = found + segment.length;
    }
    return true;
  }
}

function toSegment(parts: readonly (string | typeof ANY_ONE)[]): Segment {
  let text = '';
  let mask: number[] | null = null;
  for (const part of parts) {
    if (part === ANY_ONE) {
      mask ??= new Array<number>(text.length).fill(0); // per UTF-16 unit, as the matcher indexes (not per code point)
      mask.push(1);
      text += '?';
    } else {
      if (mask) for (let i = 0; i < part.length; i++) mask.push(0);
      text += part;
    }
  }
  return new Segment(text, mask && Uint8Array.from(mask));
}

/** A pattern of stars only: matches any text. */
export const MATCH_ALL: Wildcard = new AnyPattern();

/** Compile a pattern given as parts (policy variables and `${*}` escapes produce literal `*` and `?`). */
export function compileParts(parts: readonly PatternPart[]): Wildcard {
  const segments: (string | typeof ANY_ONE)[][] = [[]];
  let wild = false;
  for (const part of parts) {
    if (part === ANY_RUN) {
      segments.push([]);
      wild = true;
    } else {
      if (part === ANY_ONE) wild = true;
      if (part !== '') segments[segments.length - 1]!.push(part);
    }
  }
  if (!wild) return new LiteralPattern((segments[0] as string[]).join(''));
  const compiled = segments.map(toSegment);
  if (compiled.length === 1) return new FixedPattern(compiled[0]!);
  if (compiled.every((s) => s.length === 0)) return MATCH_ALL;
  // Empty middle segments (from `**`) match anywhere: drop them.
  const middle = compiled.slice(1, -1).filter((s) => s.length > 0);
  return new StarPattern(compiled[0]!, middle, compiled[compiled.length - 1]!);
}

/** Split policy text into parts: every `*` and `?` is a wildcard. */
export function wildcardParts(pattern: string): PatternPart[] {
  const parts: PatternPart[] = [];
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' || c === '?') {
      if (i > start) parts.push(pattern.slice(start, i));
      parts.push(c === '*' ? ANY_RUN : ANY_ONE);
      start = i + 1;
    }
  }
  if (start < pattern.length) parts.push(pattern.slice(start));
  return parts;
}

/** Compile policy text. For case-insensitive matching (actions) the caller lowercases pattern and text. */
export function compileWildcard(pattern: string): Wildcard {
  return compileParts(wildcardParts(pattern));
}

/** One-off match (tests, rare paths). Hot paths keep the compiled Wildcard. */
export function wildcardMatch(pattern: string, text: string): boolean {
  return compileWildcard(pattern).matches(text);
}
