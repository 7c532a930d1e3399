/** Every lint rule, in the order their findings are listed for one place: adding a rule is one line here. */
import { actionNotAllowedMeta } from './action-not-allowed.js';
import { allowNotAction } from './allow-not-action.js';
import { allowNotResource } from './allow-not-resource.js';
import { arnRegionOrAccountPlaceholder } from './arn-region-or-account-placeholder.js';
import { conditionKeyNotForAction } from './condition-key-not-for-action.js';
import { conditionSetOperator } from './condition-set-operator.js';
import { denyEverything } from './deny-everything.js';
import { invalidConditionValue } from './invalid-condition-value.js';
import { invalidPolicy } from './invalid-policy.js';
import { invalidSuppressionMeta } from './invalid-suppression.js';
import { malformedArn } from './malformed-arn.js';
import { policyTypeGrammar } from './policy-type-grammar.js';
import { resourceTypeMismatch } from './resource-type-mismatch.js';
import { sourceIpWithVpcEndpoint } from './source-ip-with-vpc-endpoint.js';
import { unknownAction } from './unknown-action.js';
import { unknownConditionKey } from './unknown-condition-key.js';
import { wildcardAction } from './wildcard-action.js';
import { wildcardResource } from './wildcard-resource.js';

export const RULES = [
  invalidPolicy,
  policyTypeGrammar,
  unknownAction,
  unknownConditionKey,
  conditionKeyNotForAction,
  conditionSetOperator,
  invalidConditionValue,
  resourceTypeMismatch,
  malformedArn,
  arnRegionOrAccountPlaceholder,
  wildcardResource,
  wildcardAction,
  allowNotAction,
  allowNotResource,
  sourceIpWithVpcEndpoint,
  denyEverything,
] as const;

/** Every rule's meta, `--action`'s and the suppressions' included (for SARIF and the docs). */
export const RULE_METAS = [...RULES.map((r) => r.meta), actionNotAllowedMeta, invalidSuppressionMeta] as const;

type AnyMeta = (typeof RULES)[number]['meta'] | typeof actionNotAllowedMeta | typeof invalidSuppressionMeta;
export type RuleId = AnyMeta['id'];
/** Each rule's `meta.messages`, by rule id. */
export type RuleMessages = { [Meta in AnyMeta as Meta['id']]: Meta['messages'] };
