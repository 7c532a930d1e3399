import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileParts, wildcardMatch, wildcardParts, ANY_ONE, ANY_RUN } from '../src/policy/wildcard.js';
import { parseTemplate, resolvePattern } from '../src/policy/variables.js';

/** The oracle: a RegExp built from the pattern (fine in a test, never in the engine). */
function oracle(pattern: string, text: string): boolean {
  const source = Array.from(pattern, (c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&'))).join('');
  // eslint-disable-next-line no-restricted-syntax -- test oracle only
  return new RegExp(`^${source}$`, 's').test(text);
}

const alphabet = fc.constantFrom('a', 'b', ':', '/', '*', '?');
const textAlphabet = fc.constantFrom('a', 'b', ':', '/', '*', '?');

describe('wildcard matching (IAM `*` and `?`)', () => {
  it('agrees with a regular-expression oracle on random patterns and texts', () => {
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 12 }), fc.string({ unit: textAlphabet, maxLength: 14 }), (pattern, text) => {
        expect(wildcardMatch(pattern, text)).toBe(oracle(pattern, text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees with the oracle on `?`-heavy segments longer than one 32-bit word (Shift-And across words)', () => {
    const segment = fc.string({ unit: fc.constantFrom('a', 'b', '?', '?'), minLength: 30, maxLength: 90 });
    fc.assert(
      fc.property(segment, segment, fc.string({ unit: fc.constantFrom('a', 'b'), minLength: 0, maxLength: 200 }), (s1, s2, text) => {
        for (const pattern of [`*${s1}*`, `a*${s1}*${s2}*b`, `*${s1}`]) expect(wildcardMatch(pattern, text)).toBe(oracle(pattern, text));
      }),
      { numRuns: 2_000 },
    );
  });

  it('agrees with the oracle on long `?` segments of many characters, with the text holding a near or exact copy', () => {
    const unit = fc.constantFrom('a', 'b', 'c', 'é', '😀', '?', '?');
    fc.assert(
      fc.property(fc.string({ unit, minLength: 33, maxLength: 140 }), fc.nat(140), fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 40 }), fc.string({ unit: fc.constantFrom('a', 'b'), maxLength: 40 }), (segment, cut, before, after) => {
        const copy = segment.replace(/\?/g, 'c');
        // the copy, and the copy with one character changed (a prefix matched far, then broken)
        for (const middle of [copy, `${copy.slice(0, cut)}z${copy.slice(cut + 1)}`]) {
          const text = `${before}${middle}${after}`;
          for (const pattern of [`*${segment}*`, `${before}*${segment}*`, `*${segment}`]) expect(wildcardMatch(pattern, text)).toBe(oracle(pattern, text));
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('agrees with the oracle when the text is built to match', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant('*'), fc.constant('?'), fc.string({ unit: fc.constantFrom('a', 'b', ':'), minLength: 1, maxLength: 3 })), { maxLength: 6 }), fc.array(fc.string({ unit: fc.constantFrom('a', 'b', ':', '/'), maxLength: 3 }), { minLength: 6, maxLength: 6 }), (pieces, fills) => {
        const pattern = pieces.join('');
        const text = pieces.map((p, i) => (p === '*' ? fills[i]! : p === '?' ? (fills[i]![0] ?? 'x') : p)).join('');
        expect(wildcardMatch(pattern, text)).toBe(true);
        expect(oracle(pattern, text)).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it('matches across ARN segments, as IAM does', () => {
    expect(wildcardMatch('arn:aws:connect:*:111122223333:instance/*', 'arn:aws:connect:us-east-1:111122223333:instance/i-1/contact-flow/f-1')).toBe(true);
    expect(wildcardMatch('arn:aws:connect:us-east-1:111122223333:instance/i-1', 'arn:aws:connect:us-east-1:111122223333:instance/i-1/contact-flow/f-1')).toBe(false);
    expect(wildcardMatch('arn:aws:s3:::bucket/??', 'arn:aws:s3:::bucket/ab')).toBe(true);
    expect(wildcardMatch('arn:aws:s3:::bucket/??', 'arn:aws:s3:::bucket/abc')).toBe(false);
  });

  it('stays fast on patterns that make backtracking matchers explode', () => {
    const pattern = `${'*a'.repeat(30)}b`;
    const text = 'a'.repeat(5_000);
    expect(wildcardMatch(pattern, text)).toBe(false); // a naive backtracking matcher would not return
  });

  it('round-trips: splitting a pattern into parts and joining them gives the pattern back', () => {
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 20 }), (pattern) => {
        const joined = wildcardParts(pattern).map((p) => (p === ANY_RUN ? '*' : p === ANY_ONE ? '?' : p)).join('');
        expect(joined).toBe(pattern);
      }),
    );
  });

  it('treats `*` and `?` from escapes and variable values as literal characters', () => {
    const literalStar = compileParts(['a', '*', 'b']); // a literal `*` part, not the ANY_RUN wildcard
    expect(literalStar.matches('a*b')).toBe(true);
    expect(literalStar.matches('axb')).toBe(false);
    const escaped = resolvePattern(parseTemplate('arn:aws:s3:::b/${*}/*', true), () => undefined)!;
    expect(escaped.matches('arn:aws:s3:::b/*/x')).toBe(true);
    expect(escaped.matches('arn:aws:s3:::b/y/x')).toBe(false);
    const variable = resolvePattern(parseTemplate('arn:aws:s3:::b/${aws:username}/*', true), () => 'a?c')!;
    expect(variable.matches('arn:aws:s3:::b/a?c/key')).toBe(true);
    expect(variable.matches('arn:aws:s3:::b/abc/key')).toBe(false);
  });
});
