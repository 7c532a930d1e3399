/** Every check, in the order their findings are shown. */
import type { Check } from '../check.js';
import { actionNotAllowed } from './action-not-allowed.js';
import { allowedByGivenPolicies } from './allowed-by-given-policies.js';
import { conditionNotMet } from './condition-not-met.js';
import { crossAccount } from './cross-account.js';
import { explicitDeny } from './explicit-deny.js';
import { idPassedAsArn } from './id-passed-as-arn.js';
import { malformedArn } from './malformed-arn.js';
import { misspelledAction } from './misspelled-action.js';
import { notAPolicyDecision } from './not-a-policy-decision.js';
import { regionOrAccountMismatch } from './region-or-account-mismatch.js';
import { resourceNotMatched } from './resource-not-matched.js';
import { sessionPolicyScopeDown } from './session-policy-scope-down.js';

export const CHECKS: readonly Check[] = [
  notAPolicyDecision,
  idPassedAsArn,
  malformedArn,
  explicitDeny,
  crossAccount,
  sessionPolicyScopeDown,
  regionOrAccountMismatch,
  resourceNotMatched,
  conditionNotMet,
  misspelledAction,
  actionNotAllowed,
  allowedByGivenPolicies,
];
