/** Every lint rule, in the order their findings are listed for one place. */
import type { LintRule, RuleMeta } from '../types.js';
import { actionNotAllowedMeta } from './action-not-allowed.js';
import { allowNotAction } from './allow-not-action.js';
import { allowNotResource } from './allow-not-resource.js';
import { arnRegionOrAccountPlaceholder } from './arn-region-or-account-placeholder.js';
import { conditionKeyNotForAction } from './condition-key-not-for-action.js';
import { conditionSetOperator } from './condition-set-operator.js';
import { denyEverything } from './deny-everything.js';
import { invalidConditionValue } from './invalid-condition-value.js';
import { invalidPolicy } from './invalid-policy.js';
import { malformedArn } from './malformed-arn.js';
import { resourceTypeMismatch } from './resource-type-mismatch.js';
import { sourceIpWithVpcEndpoint } from './source-ip-with-vpc-endpoint.js';
import { unknownAction } from './unknown-action.js';
import { unknownConditionKey } from './unknown-condition-key.js';
import { wildcardAction } from './wildcard-action.js';
import { wildcardResource } from './wildcard-resource.js';

export const RULES: readonly LintRule[] = [
  invalidPolicy,
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
];

/** Every rule's meta, `--action`'s included (for SARIF and the docs). */
export const RULE_METAS: readonly RuleMeta[] = [...RULES.map((r) => r.meta), actionNotAllowedMeta];
