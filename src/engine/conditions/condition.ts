/**
 * One condition (operator, key, policy values) compiled for evaluation. IAM User Guide, "Condition
 * operators" (absent keys, ...IfExists, Null) and "Multivalued context keys" (ForAllValues / ForAnyValue).
 */
import type { ParsedCondition } from '../../policy/parse.js';
import { ListMemo } from '../../policy/memo.js';
import type { Problems, ProblemMessages } from '../../policy/problems.js';
import type { VariableLookup } from '../../policy/variables.js';
import type { ParsedOperator } from './operators.js';
import { never, type ValueMatcher } from './types.js';

/**
 * A condition as the engine tests it. The same condition text compiles to the same object wherever it is
 * (its place in the policy is its parsed condition's `pointer`).
 */
export interface CompiledCondition {
  readonly operator: ParsedOperator;
  readonly key: string;
  readonly values: readonly string[];
  /** The lowercased key, as the request context is indexed. */
  readonly lookupKey: string;
  test(context: ReadonlyMap<string, readonly string[]>, lookup: VariableLookup): boolean;
}

/** A policy value that never matches: the problem message and its data. */
type ValueWarning = { readonly messageId: 'nullValue'; readonly data: ProblemMessages['nullValue'] } | { readonly messageId: 'unreadableValue'; readonly data: ProblemMessages['unreadableValue'] };

interface ConditionCore extends CompiledCondition {
  /** Why some policy values never match (each becomes a warning at the condition's place). */
  readonly warnings: readonly ValueWarning[];
}

/** Conditions repeat across statements and policies (a tag check, an IP range): each is compiled once. */
const cores = [new ListMemo<ConditionCore>(), new ListMemo<ConditionCore>()];
const makeCore = [(c: ParsedCondition) => conditionCore(c.operator, c.key, c.values, false), (c: ParsedCondition) => conditionCore(c.operator, c.key, c.values, true)];

export function compileCondition(parsed: ParsedCondition, variables: boolean): CompiledCondition {
  return cores[variables ? 1 : 0]!.get(parsed.operator.text, parsed.key, parsed.values, makeCore[variables ? 1 : 0]!, parsed);
}

/** Warnings for policy values that never match, at each condition's place (`compiled[i]` from `parsed[i]`). */
export function conditionProblems(compiled: readonly CompiledCondition[], parsed: readonly ParsedCondition[], problems: Problems): void {
  for (let i = 0; i < compiled.length; i++) {
    for (const w of (compiled[i] as ConditionCore).warnings) problems.warning('invalid-condition-value', parsed[i]!.pointer, w.messageId, w.data);
  }
}

function conditionCore(operator: ParsedOperator, key: string, values: readonly string[], variables: boolean): ConditionCore {
  const warnings: ValueWarning[] = [];
  const lookupKey = key.toLowerCase();
  const { info, qualifier, ifExists } = operator;
  // The values copied: the parsed ones may be the input's own array, and this object is shared.
  const base = { operator, key, values: values.slice(), lookupKey, warnings };

  if (info.family === 'null') {
    const wantAbsent = values.map((v) => v.toLowerCase());
    for (const v of wantAbsent) {
      if (v !== 'true' && v !== 'false') warnings.push({ messageId: 'nullValue', data: { value: v } });
    }
    return {
      ...base,
      test(context) {
        const present = context.get(lookupKey);
        const absent = present === undefined || present.length === 0;
        return wantAbsent.some((v) => (v === 'true' ? absent : v === 'false' && !absent));
      },
    };
  }

  const family = info.family;
  const matchers: ValueMatcher[] = values.map((v) => {
    const compiled = family.compile(info.positive, v, info.variables && variables);
    if (compiled.ok) return compiled.match;
    warnings.push({ messageId: 'unreadableValue', data: { value: v, expected: compiled.expected, operator: operator.text } });
    return never;
  });
  const negated = info.negated;
  const single = matchers.length === 1 ? matchers[0]! : undefined;
  /** Does one request value satisfy the operator? (A negated operator: it matches no policy value.) */
  const one = (value: string, lookup: VariableLookup): boolean => {
    let hit: boolean;
    if (single) hit = single(value, lookup);
    else {
      hit = false;
      for (const m of matchers) {
        if (m(value, lookup)) {
          hit = true;
          break;
        }
      }
    }
    return negated ? !hit : hit;
  };
  const whenAbsent = ifExists || qualifier === 'ForAllValues' || (qualifier === undefined && negated);
  const all = qualifier === 'ForAllValues' || (qualifier === undefined && negated);

  return {
    ...base,
    test(context, lookup) {
      const present = context.get(lookupKey);
      if (present === undefined || present.length === 0) return whenAbsent;
      if (present.length === 1) return one(present[0]!, lookup);
      if (all) {
        for (const v of present) if (!one(v, lookup)) return false;
        return true;
      }
      for (const v of present) if (one(v, lookup)) return true;
      return false;
    },
  };
}
