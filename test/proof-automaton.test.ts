/**
 * classesOf() (src/proof/automaton.ts) against the obvious construction: the product of the automata
 * searched breadth-first over every symbol, with no shortcut (symbols no automaton names, states whose
 * answers are settled, preferred strings read from a shared prefix). Both must return the same classes
 * with the same examples in the same order (the proof's witnesses depend on them), and every example
 * must be matched by exactly the patterns its class says (checked with the engine's own wildcard matcher).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alphabetOf, classesOf, patternAutomaton, wildcardTokens, type Automaton, type StringClass } from '../src/proof/automaton.js';
import { wildcardMatch } from '../src/policy/wildcard.js';

function obviousClasses(automata: readonly Automaton[], alphabet: readonly string[], preferred: readonly string[], prefix: string): StringClass[] {
  const symbolOf = (c: string) => (alphabet.includes(c) ? alphabet.indexOf(c) : alphabet.length - 1);
  const read = (from: readonly number[], text: string) => Array.from(text).reduce((states, c) => states.map((s, i) => automata[i]!.step(s, symbolOf(c))), from);
  const signature = (states: readonly number[]) => states.map((s, i) => (automata[i]!.accepts(s) ? '1' : '0')).join('');
  const start = read(
    automata.map((a) => a.start),
    prefix,
  );
  const found = new Map<string, string>();
  for (const p of preferred) {
    if (!p.startsWith(prefix)) continue;
    const sig = signature(read(start, p.slice(prefix.length)));
    if (!found.has(sig)) found.set(sig, p);
  }
  const queue: { states: readonly number[]; text: string }[] = [{ states: start, text: prefix }];
  const seen = new Set([start.join()]);
  for (let head = 0; head < queue.length; head++) {
    const { states, text } = queue[head]!;
    const sig = signature(states);
    if (!found.has(sig)) found.set(sig, text);
    for (let symbol = 0; symbol < alphabet.length; symbol++) {
      const next = states.map((s, i) => automata[i]!.step(s, symbol));
      if (seen.has(next.join())) continue;
      seen.add(next.join());
      queue.push({ states: next, text: text + alphabet[symbol]! });
    }
  }
  return [...found].map(([sig, example]) => ({ example, accepted: Array.from(sig, (c) => c === '1') }));
}

const text = (chars: string, maxLength: number) => fc.array(fc.constantFrom(...chars), { maxLength }).map((cs) => cs.join(''));

describe('classesOf: the same classes as the obvious product construction', () => {
  it('for random wildcard patterns, preferred strings and prefixes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ text: text('ab:*?', 7), inPart: fc.boolean() }), { minLength: 1, maxLength: 4 }),
        fc.array(text('abc:', 6), { maxLength: 4 }),
        text('ab:', 2),
        (patterns, preferred, prefix) => {
          const tokens = patterns.map((p) => wildcardTokens(p.text, p.inPart));
          const alphabet = alphabetOf(tokens);
          const fast = classesOf(
            tokens.map((t) => patternAutomaton(t, alphabet)),
            alphabet,
            { preferred, prefix },
          );
          const obvious = obviousClasses(
            tokens.map((t) => patternAutomaton(t, alphabet)),
            alphabet,
            preferred,
            prefix,
          );
          expect(fast).toEqual(obvious);
          for (const c of fast) {
            // `*` and `?` inside one ARN part match no `:`; the engine's matcher spans the whole string.
            patterns.forEach((p, i) => {
              if (!p.inPart || !c.example.includes(':')) expect(c.accepted[i]).toBe(wildcardMatch(p.text, c.example));
            });
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
