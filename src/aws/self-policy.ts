/**
 * The exact IAM policy whydenied itself needs for `collect`, `explain --live` and `doctor connect`: only
 * Get/List/Describe calls (kms:GetKeyPolicy, kms:ListGrants among them) and sts:GetCallerIdentity, nothing that writes. SELF_CALLS lists every call the
 * collector makes (test/live-self-policy.test.ts checks, with the engine, that SELF_POLICY allows each of
 * them and denies every write action of these services). KMS reads also need the key's policy to let IAM
 * policies allow (the default key policy's account statement does): a key policy naming only some roles
 * keeps whydenied from reading it, and collect lists it as unreadable.
 */
import type { PolicyDocument } from '../policy/document.js';

export interface SelfCall {
  /** The IAM action, e.g. `iam:GetRole`. */
  readonly action: string;
  /** An ARN of the resource type the action is authorized on (`*` for actions without one). */
  readonly example: string;
  /** Why whydenied calls it. */
  readonly why: string;
}

const ROLE = 'arn:aws:iam::111122223333:role/service-role/ChatStarter';
const USER = 'arn:aws:iam::111122223333:user/engineers/alice';
const GROUP = 'arn:aws:iam::111122223333:group/chat-devs';
const POLICY = 'arn:aws:iam::111122223333:policy/chat/StartChat';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const INSTANCE = 'arn:aws:connect:us-east-1:111122223333:instance/9f8e7d6c-1a2b-4c3d-8e9f-0a1b2c3d4e5f';

export const SELF_CALLS: readonly SelfCall[] = [
  { action: 'sts:GetCallerIdentity', example: '*', why: 'which credentials are in use (account, caller ARN)' },
  { action: 'iam:GetRole', example: ROLE, why: "the role's path, tags, permissions boundary and trust policy (for sts:AssumeRole*)" },
  { action: 'iam:ListAttachedRolePolicies', example: ROLE, why: "the role's managed policies" },
  { action: 'iam:ListRolePolicies', example: ROLE, why: "the role's inline policy names" },
  { action: 'iam:GetRolePolicy', example: ROLE, why: "the role's inline policies" },
  { action: 'iam:GetUser', example: USER, why: "the user's path, tags and permissions boundary" },
  { action: 'iam:ListAttachedUserPolicies', example: USER, why: "the user's managed policies" },
  { action: 'iam:ListUserPolicies', example: USER, why: "the user's inline policy names" },
  { action: 'iam:GetUserPolicy', example: USER, why: "the user's inline policies" },
  { action: 'iam:ListGroupsForUser', example: USER, why: "the user's groups" },
  { action: 'iam:ListAccessKeys', example: USER, why: 'doctor: the age of the calling user’s access keys (ids are never printed whole)' },
  { action: 'iam:ListAttachedGroupPolicies', example: GROUP, why: "the groups' managed policies" },
  { action: 'iam:ListGroupPolicies', example: GROUP, why: "the groups' inline policy names" },
  { action: 'iam:GetGroupPolicy', example: GROUP, why: "the groups' inline policies" },
  { action: 'iam:GetPolicy', example: POLICY, why: "a managed policy's default version" },
  { action: 'iam:GetPolicyVersion', example: POLICY, why: "a managed policy's document" },
  { action: 'iam:GetPolicyVersion', example: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', why: 'AWS managed policies too' },
  { action: 'organizations:DescribeOrganization', example: '*', why: 'whether the account is in an organization' },
  { action: 'organizations:ListParents', example: 'arn:aws:organizations::111122223333:account/o-a1b2c3d4e5/111122223333', why: "the account's path from the root" },
  { action: 'organizations:ListParents', example: 'arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-a1b2-chat0001', why: "each OU's parent" },
  { action: 'organizations:ListPoliciesForTarget', example: 'arn:aws:organizations::111122223333:root/o-a1b2c3d4e5/r-a1b2', why: 'the SCPs and RCPs of each level' },
  { action: 'organizations:DescribePolicy', example: 'arn:aws:organizations::111122223333:policy/o-a1b2c3d4e5/service_control_policy/p-denyconnect', why: 'the content of each SCP and RCP' },
  { action: 'organizations:DescribePolicy', example: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess', why: 'AWS managed SCPs too' },
  { action: 'kms:GetKeyPolicy', example: KEY, why: "a KMS key's key policy (it must allow the caller explicitly)" },
  { action: 'kms:ListGrants', example: KEY, why: "a KMS key's grants" },
  { action: 'connect:DescribeInstance', example: INSTANCE, why: 'the instance exists in that account and Region' },
  { action: 'connect:DescribeContactFlow', example: `${INSTANCE}/contact-flow/5e6f7a8b-2c3d-4e5f-9a0b-1c2d3e4f5a6b`, why: 'the flow exists, its type and state' },
  { action: 'connect:ListInstanceAttributes', example: INSTANCE, why: 'whether flow logs are on' },
  { action: 'connect:DescribeInstanceAttribute', example: INSTANCE, why: 'whether flow logs are on (when the list is not allowed)' },
];

const actions = (service: string) => [...new Set(SELF_CALLS.filter((c) => c.action.startsWith(`${service}:`)).map((c) => c.action))];

/** The minimal identity policy for whydenied's live commands (partition `aws`; use `aws-cn` / `aws-us-gov` there). */
export const SELF_POLICY: Readonly<PolicyDocument> = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'WhydeniedWhoAmI', Effect: 'Allow', Action: actions('sts'), Resource: '*' },
    {
      Sid: 'WhydeniedReadIam',
      Effect: 'Allow',
      Action: actions('iam'),
      Resource: ['arn:aws:iam::*:role/*', 'arn:aws:iam::*:user/*', 'arn:aws:iam::*:group/*', 'arn:aws:iam::*:policy/*'],
    },
    { Sid: 'WhydeniedReadOrganizations', Effect: 'Allow', Action: actions('organizations'), Resource: '*' },
    { Sid: 'WhydeniedReadConnect', Effect: 'Allow', Action: actions('connect'), Resource: 'arn:aws:connect:*:*:instance/*' },
    { Sid: 'WhydeniedReadKms', Effect: 'Allow', Action: actions('kms'), Resource: 'arn:aws:kms:*:*:key/*' },
  ],
};
