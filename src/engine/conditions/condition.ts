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

/**
 * One class for every compiled condition: the engine's condition loop then reads one shape. (An object
 * literal per family, spread from a shared base, gave V8 hundreds of shapes for these objects: the loop's
 * property loads went megamorphic, and on random scenarios missed the stub cache several times a call.)
 */
class Condition implements ConditionCore {
  readonly lookupKey: string;
  constructor(
    readonly operator: ParsedOperator,
    readonly key: string,
    readonly values: readonly string[],
    readonly warnings: readonly ValueWarning[],
    /** Null: the values lowercased (`true` / `false`); else unused. */
    private readonly wantAbsent: readonly string[] | undefined,
    /** One matcher per policy value (`never` for a value that cannot match). */
    private readonly matchers: readonly ValueMatcher[],
    /** The result when the key is absent or empty. */
    private readonly whenAbsent: boolean,
    /** Every request value must satisfy the operator (ForAllValues, or a negated operator without a qualifier). */
    private readonly all: boolean,
    private readonly negated: boolean,
  ) {
    this.lookupKey = key.toLowerCase();
  }

  test(context: ReadonlyMap<string, readonly string[]>, lookup: VariableLookup): boolean {
    const present = context.get(this.lookupKey);
    const absent = present === undefined || present.length === 0;
    if (this.wantAbsent) return this.wantAbsent.some((v) => (v === 'true' ? absent : v === 'false' && !absent));
    if (absent) return this.whenAbsent;
    if (present.length === 1) return this.one(present[0]!, lookup);
    if (this.all) {
      for (const v of present) if (!this.one(v, lookup)) return false;
      return true;
    }
    for (const v of present) if (this.one(v, lookup)) return true;
    return false;
  }

  /** Does one request value satisfy the operator? (A negated operator: it matches no policy value.) */
  private one(value: string, lookup: VariableLookup): boolean {
    const matchers = this.matchers;
    let hit = false;
    for (let i = 0; i < matchers.length; i++) {
      if (matchers[i]!(value, lookup)) {
        hit = true;
        break;
      }
    }
    return this.negated ? !hit : hit;
  }
}

function conditionCore(operator: ParsedOperator, key: string, values: readonly string[], variables: boolean): ConditionCore {
  const warnings: ValueWarning[] = [];
  const { info, qualifier, ifExists } = operator;
  // The values copied: the parsed ones may be the input's own array, and this object is shared.
  const copy = values.slice();

  if (info.family === 'null') {
    const wantAbsent = values.map((v) => v.toLowerCase());
    for (const v of wantAbsent) {
      if (v !== 'true' && v !== 'false') warnings.push({ messageId: 'nullValue', data: { value: v } });
    }
    return new Condition(operator, key, copy, warnings, wantAbsent, [], false, false, false);
  }

  const family = info.family;
  const matchers: ValueMatcher[] = values.map((v) => {
    const compiled = family.compile(info.positive, v, info.variables && variables);
    if (compiled.ok) return compiled.match;
    warnings.push({ messageId: 'unreadableValue', data: { value: v, expected: compiled.expected, operator: operator.text } });
    return never;
  });
  const negated = info.negated;
  const whenAbsent = ifExists || qualifier === 'ForAllValues' || (qualifier === undefined && negated);
  const all = qualifier === 'ForAllValues' || (qualifier === undefined && negated);
  return new Condition(operator, key, copy, warnings, undefined, matchers, whenAbsent, all, negated);
}
