/** Numeric operators: NumericEquals, NumericLessThan(Equals), NumericGreaterThan(Equals). */
import type { ValueKind } from '../../policy/problems.js';
import type { OperatorFamily } from './types.js';
import { own } from '../../own.js';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  return NUMBER.test(t) ? Number(t) : undefined;
}

const compare: Record<string, (request: number, policy: number) => boolean> = {
  Equals: (r, p) => r === p,
  LessThan: (r, p) => r < p,
  LessThanEquals: (r, p) => r <= p,
  GreaterThan: (r, p) => r > p,
  GreaterThanEquals: (r, p) => r >= p,
};

/**
 * A family whose values are ordered numbers (Numeric: the number; Date: milliseconds since the epoch).
 * The operator's name is the prefix and a comparison, e.g. `DateLessThan`.
 */
export function orderedFamily(prefix: string, parse: (text: string) => number | undefined, expected: ValueKind): OperatorFamily {
  return {
    compile(operator, policyValue) {
      const policy = parse(policyValue);
      if (policy === undefined) return { ok: false, expected };
      const test = own(compare, operator.slice(prefix.length))!;
      return {
        ok: true,
        match: (value) => {
          const request = parse(value);
          return request !== undefined && test(request, policy);
        },
      };
    },
  };
}

export const numericFamily = orderedFamily('Numeric', parseNumber, 'number');
