/** Every check, in the order their findings are shown: adding a check is one line here. */
import type { CheckLocation, FixIntent } from '../check.js';
import type { DataOf, MessageId, Severity } from '../rule.js';
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

export const CHECKS = [
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
] as const;

export type AnyCheck = (typeof CHECKS)[number];
export type CheckId = AnyCheck['meta']['id'];
/** Each check's `meta.messages`, by check id. */
export type CheckMessages = { [C in AnyCheck as C['meta']['id']]: C['meta']['messages'] };

/** A finding as explain() returns it: the check, its severity, one of its message ids with data, where, the fix intent. */
export type Finding = {
  [Id in CheckId]: {
    [K in MessageId<CheckMessages[Id]>]: {
      readonly check: Id;
      readonly severity: Severity;
      readonly messageId: K;
      /** Typed by the message's template. */
      readonly data: DataOf<CheckMessages[Id][K]>;
      readonly location: CheckLocation;
      readonly fix?: FixIntent;
    };
  }[MessageId<CheckMessages[Id]>];
}[CheckId];
