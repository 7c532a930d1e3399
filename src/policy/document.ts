/**
 * The policy document as whydenied writes it (fixes, `whydenied policy`, the IaC formats): one home for
 * its type. Documents read from input are checked by ./parse.ts first.
 */

export type ConditionScalar = string | number | boolean;
export type ConditionValue = ConditionScalar | ConditionScalar[];

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  /** Resource-based policies only (a key policy, a trust policy). */
  Principal?: '*' | Record<string, string | string[]>;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  /** operator -> condition key -> value(s). */
  Condition?: Record<string, Record<string, ConditionValue>>;
}

export interface PolicyDocument {
  Version: string;
  Statement: PolicyStatement[];
}

