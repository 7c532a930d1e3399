/**
 * Condition operators: every operator of every family AWS documents, with the `...IfExists` suffix and
 * the `ForAllValues:` / `ForAnyValue:` qualifiers. IAM User Guide, "IAM JSON policy elements: Condition
 * operators" and "Multivalued context keys".
 */
import { arnFamily } from './arn.js';
import { binaryFamily, boolFamily } from './bool.js';
import { dateFamily } from './date.js';
import { ipFamily } from './ip.js';
import { numericFamily } from './numeric.js';
import { stringFamily } from './string.js';
import { memoize } from '../../policy/memo.js';
import type { OperatorFamily } from './types.js';

export interface OperatorInfo {
  readonly family: OperatorFamily | 'null';
  /** The positive operator a negated one inverts (StringNotEquals -> StringEquals); itself otherwise. */
  readonly positive: string;
  readonly negated: boolean;
  /** String and Arn operators resolve policy variables in their values. */
  readonly variables: boolean;
}

const table = new Map<string, OperatorInfo>();
function add(family: OperatorFamily | 'null', variables: boolean, positive: string, negatedName?: string): void {
  table.set(positive, { family, positive, negated: false, variables });
  if (negatedName) table.set(negatedName, { family, positive, negated: true, variables });
}
add(stringFamily, true, 'StringEquals', 'StringNotEquals');
add(stringFamily, true, 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase');
add(stringFamily, true, 'StringLike', 'StringNotLike');
add(numericFamily, false, 'NumericEquals', 'NumericNotEquals');
for (const c of ['LessThan', 'LessThanEquals', 'GreaterThan', 'GreaterThanEquals']) add(numericFamily, false, `Numeric${c}`);
add(dateFamily, false, 'DateEquals', 'DateNotEquals');
for (const c of ['LessThan', 'LessThanEquals', 'GreaterThan', 'GreaterThanEquals']) add(dateFamily, false, `Date${c}`);
add(boolFamily, false, 'Bool');
add(binaryFamily, false, 'BinaryEquals');
add(ipFamily, false, 'IpAddress', 'NotIpAddress');
add(arnFamily, true, 'ArnEquals', 'ArnNotEquals');
add(arnFamily, true, 'ArnLike', 'ArnNotLike');
add('null', false, 'Null');

/** Every base operator name, for "did you mean". */
export const operatorNames: readonly string[] = [...table.keys()];

export type Qualifier = 'ForAllValues' | 'ForAnyValue' | undefined;

export interface ParsedOperator {
  /** As written in the policy. */
  readonly text: string;
  /** The base name, e.g. `StringLike` for `ForAnyValue:StringLikeIfExists`. */
  readonly name: string;
  readonly info: OperatorInfo;
  readonly qualifier: Qualifier;
  readonly ifExists: boolean;
}

/** Why AWS would reject an operator: a problem message id with its data (the words are in src/render/problems.ts). */
export type OperatorFault = { readonly messageId: 'unknownQualifier'; readonly data: { qualifier: string } } | { readonly messageId: 'unknownOperator'; readonly data: { operator: string } } | { readonly messageId: 'nullQualified'; readonly data: Record<never, never> };

type OperatorResult = { ok: true; operator: ParsedOperator } | { ok: false; fault: OperatorFault };

/** Parse an operator such as `ForAnyValue:StringNotLikeIfExists`; why not when AWS would reject it. */
export const parseOperator: (text: string) => OperatorResult = memoize(operatorOf);

function operatorOf(text: string): OperatorResult {
  let rest = text;
  let qualifier: Qualifier;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const q = rest.slice(0, colon);
    if (q !== 'ForAllValues' && q !== 'ForAnyValue') return { ok: false, fault: { messageId: 'unknownQualifier', data: { qualifier: q } } };
    qualifier = q;
    rest = rest.slice(colon + 1);
  }
  const ifExists = rest.endsWith('IfExists') && rest !== 'IfExists';
  const name = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  const info = table.get(name);
  if (!info) return { ok: false, fault: { messageId: 'unknownOperator', data: { operator: text } } };
  if (info.family === 'null' && (ifExists || qualifier)) return { ok: false, fault: { messageId: 'nullQualified', data: {} } };
  return { ok: true, operator: { text, name, info, qualifier, ifExists } };
}
