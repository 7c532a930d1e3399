/** Every check, in the order their findings are shown. */
import type { Check } from '../check.js';
import { actionNotAllowed } from './action-not-allowed.js';
import { allowedByGivenPolicies } from './allowed-by-given-policies.js';
import { awsOwned, partitionMismatchCheck } from './aws-owned-resource.js';
import { conditionNotMet } from './condition-not-met.js';
import { crossAccount } from './cross-account.js';
import { explicitDeny } from './explicit-deny.js';
import { idPassedAsArn } from './id-passed-as-arn.js';
import { malformedArn } from './malformed-arn.js';
import { misspelledAction } from './misspelled-action.js';
import { notAPolicyDecision } from './not-a-policy-decision.js';
import { regionOrAccountMismatch } from './region-or-account-mismatch.js';
import { resourceNotMatched } from './resource-not-matched.js';
import { keyPolicyNotAllowing, trustPolicyNotAllowing } from './resource-policy-required.js';
import { sessionPolicyScopeDown } from './session-policy-scope-down.js';

export const CHECKS: readonly Check[] = [
  notAPolicyDecision,
  partitionMismatchCheck,
  awsOwned,
  idPassedAsArn,
  malformedArn,
  explicitDeny,
  crossAccount,
  keyPolicyNotAllowing,
  trustPolicyNotAllowing,
  sessionPolicyScopeDown,
  regionOrAccountMismatch,
  resourceNotMatched,
  conditionNotMet,
  misspelledAction,
  actionNotAllowed,
  allowedByGivenPolicies,
];
