/** Numeric operators: NumericEquals, NumericLessThan(Equals), NumericGreaterThan(Equals). */
import type { OperatorFamily } from './types.js';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  return NUMBER.test(t) ? Number(t) : undefined;
}

export const compare: Record<string, (request: number, policy: number) => boolean> = {
  Equals: (r, p) => r === p,
  LessThan: (r, p) => r < p,
  LessThanEquals: (r, p) => r <= p,
  GreaterThan: (r, p) => r > p,
  GreaterThanEquals: (r, p) => r >= p,
};

export const numericFamily: OperatorFamily = {
  compile(operator, policyValue) {
    const policy = parseNumber(policyValue);
    if (policy === undefined) return { ok: false, problem: `\`${policyValue}\` is not a number` };
    const test = compare[operator.slice('Numeric'.length)]!;
    return {
      ok: true,
      match: (value) => {
        const request = parseNumber(value);
        return request !== undefined && test(request, policy);
      },
    };
  },
};
