/** What an operator family provides: a matcher for one policy value against one request value. */
import type { ValueKind } from '../../policy/problems.js';
import type { VariableLookup } from '../../policy/variables.js';

/** Does this request value match this policy value? Lookup resolves policy variables. */
export type ValueMatcher = (requestValue: string, lookup: VariableLookup) => boolean;

/** A compiled policy value, or what the family expected instead: it never matches (reported as a warning). */
export type CompiledValue = { readonly ok: true; readonly match: ValueMatcher } | { readonly ok: false; readonly expected: ValueKind };

export interface OperatorFamily {
  /** Compile one policy value for a positive operator of this family (e.g. `StringLike`). */
  compile(operator: string, policyValue: string, variables: boolean): CompiledValue;
}

export const never: ValueMatcher = () => false;
