/**
 * IAM wildcard matching: `*` matches any run of characters (including none, across `:` and `/`), `?` exactly
 * one. Never a RegExp built from policy text: a pattern is split once into literal segments between stars
 * and matched greedily left to right (leftmost match of each segment is always safe for `*`-separated
 * segments). That costs at most |pattern| x |text| character comparisons, with no backtracking blow-up,
 * and is usually one pass of indexOf.
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
    for (let i = from; i + this.text.length <= end; i++) if (this.at(text, i)) return i;
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
      mask ??= Array.from(text, () => 0);
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
