/** The words of every finding: one template per check and message id (the compiler checks there is one for each). */
import type { FindingData } from '../diagnosis/check.js';
import type { CheckId, CheckMessages } from '../diagnosis/checks/index.js';
import type { Templates } from '../diagnosis/rule.js';
import type { PolicyType } from '../engine/types.js';
import { problemHint, problemMessage } from './problems.js';
import { POLICY_TYPE_NAMES } from './simulation.js';
import { own } from '../own.js';
import { visible } from './visible.js';

const q = (v: unknown) => `\`${visible(String(v))}\``;
const qs = (v: unknown) => (Array.isArray(v) ? v.map(q).join(', ') : q(v));
const typeName = (t: unknown) => POLICY_TYPE_NAMES[t as PolicyType] ?? (t === 'role-trust' ? 'the role trust policy' : String(t));

const MESSAGES: { readonly [Id in CheckId]: Templates<CheckMessages[Id]> } = {
  'action-not-allowed': {
    noAllowAtAll: (d) => `${cap(mustAllow(d))} ${mustAllow(d).includes(' policies') ? 'have' : 'has'} no Allow statement at all: nothing allows ${q(d['action'])}.`,
    notAmongRead: (d) => `No Allow statement among the ${mustAllow(d).replace(/^the /, '')} that could be read covers ${q(d['action'])}; some could not be read, so whether they allow it is unknown: the decision depends on what could not be read.`,
    actionNotCovered: (d) =>
      `No Allow statement in ${mustAllow(d)} covers ${q(d['action'])}` +
      (Array.isArray(d['excludedBy']) && d['excludedBy'].length > 0 ? ` (NotAction in ${qs(d['excludedBy'])} excludes it)` : '') +
      (d['policyType'] === 'permissions-boundary' ? '; a boundary grants nothing but must allow every action the role uses.' : '.'),
  },
  'resource-not-matched': {
    wrongResourceType: (d) =>
      `${q(d['action'])} is authorized on the ${orList(d['neededTypes'])} resource (${qs(d['neededTemplates'])}), but this statement names ${qs(d['wrongTypes'])}, ` +
      `an ARN of the ${qs(d['wrongTypeNames'])} resource type, which never matches ${q(d['resource'])}.`,
    patternsMiss: (d) => `The statement allows ${q(d['action'])}, but none of its Resource patterns ${qs(d['patterns'])} matches ${q(d['resource'])}.` + nearMissText(d['nearMiss']),
    excludedByNotResource: (d) => `The statement allows ${q(d['action'])}, but its NotResource ${qs(d['patterns'])} excludes ${q(d['resource'])}.`,
  },
  'condition-not-met': {
    sourceIpThroughEndpoint: (d) =>
      `The condition ${q(d['operator'])} on ${q(d['key'])} ${qs(d['policyValues'])} fails because the call came through a VPC endpoint, where AWS does not set aws:SourceIp. ` +
      `Use ${d['sourceVpce'] ? `aws:SourceVpce (${q(d['sourceVpce'])})` : 'aws:SourceVpce'} or aws:SourceVpc instead.`,
    endpointKeyWithoutEndpoint: (d) =>
      `The condition ${q(d['operator'])} on ${q(d['key'])} ${qs(d['policyValues'])} fails because the call did not come through a VPC endpoint (it came from ${q(d['sourceIp'])}), so ${q(d['key'])} is absent.`,
    keyAbsent: (d) => `The condition ${q(d['operator'])} on ${q(d['key'])} ${qs(d['policyValues'])} fails: the request has no ${q(d['key'])}.`,
    valueMismatch: (d) => `The condition ${q(d['operator'])} on ${q(d['key'])} ${qs(d['policyValues'])} fails: the request has ${qs(d['requestValues'])}.` + valueMissText(d['nearMiss']),
  },
  'explicit-deny': {
    denyAction: (d) =>
      `This Deny applies: its Action ${q(d['matchedBy'])} covers ${q(d['action'])}` + conditionsText(d) + policyArnText(d),
    denyNotAction: (d) => `This Deny applies: its NotAction ${qs(d['notAction'])} does not exclude ${q(d['action'])}` + conditionsText(d) + policyArnText(d),
    namedByMessage: (d) =>
      `AWS says ${typeName(d['policyType'])}${d['policyArn'] ? ` (${q(d['policyArn'])}${d['policyName'] ? `, ${d['policyName']}` : ''})` : ''} explicitly ${typeName(d['policyType']).includes(' policies') ? 'deny' : 'denies'} ${q(d['action'])}, and no policy given holds that Deny.` +
      (d['policyType'] === 'scp' ? ' AWS also reports an SCP level with no Allow for the action as an explicit deny.' : ''),
    unnamedDeny: (d) =>
      `AWS says an explicit deny decided ${q(d['action'])} but names no policy type${d['policiesGiven'] ? ', and no Deny statement in the policies given applies' : ''}: ` +
      'no Allow can override it. Look for a Deny statement in the service control policies, the identity policies, the permissions boundary, the session policies and the VPC endpoint policy.',
  },
  'malformed-arn': {
    'request.notAnArn': (d) => `The requested resource ${q(d['resource'])} is not an ARN${expected(d)}.`,
    'request.wrongService': (d) => `The requested resource ${q(d['resource'])} belongs to another service than ${q(d['action'])}${expected(d)}.`,
    'request.emptyRegion': (d) => `The requested resource ${q(d['resource'])} has an empty Region${expected(d)}.`,
    'request.emptyAccount': (d) => `The requested resource ${q(d['resource'])} has an empty account${expected(d)}.`,
    'request.badAccount': (d) => `The account in ${q(d['resource'])} is not a 12-digit account ID${expected(d)}.`,
    'request.missingInstance': (d) => `The requested resource ${q(d['resource'])} lacks the ${q('instance/INSTANCE_ID/')} part${expected(d)}.`,
    'request.noTemplateFits': (d) => `The requested resource ${q(d['resource'])} fits no resource type of ${q(d['action'])}${expected(d)}.`,
    'request.notUuid': (d) => `In ${q(d['resource'])} the ${String(d['placeholder'])} ${q(d['part'])} is not a UUID: Amazon Connect IDs look like \`9f8e7d6c-1a2b-4c3d-8e9f-0a1b2c3d4e5f\`.`,
    policy: (d) => `In a policy: ${visible(problemMessage(d.problem))} (at ${q(d['pointer'])}).`,
    'policy.notAnArn': (d) => `The policy resource ${q(d['resource'])} is not an ARN${expected(d)}.`,
    'policy.wrongService': (d) => `The policy resource ${q(d['resource'])} belongs to another service than ${q(d['action'])}${expected(d)}.`,
    'policy.emptyRegion': (d) => `The policy resource ${q(d['resource'])} has an empty Region${expected(d)}.`,
    'policy.emptyAccount': (d) => `The policy resource ${q(d['resource'])} has an empty account${expected(d)}.`,
    'policy.badAccount': (d) => `The account in the policy resource ${q(d['resource'])} is not a 12-digit account ID${expected(d)}.`,
    'policy.missingInstance': (d) => `The policy resource ${q(d['resource'])} lacks the ${q('instance/INSTANCE_ID/')} part${expected(d)}.`,
    'policy.notUuid': (d) => `In the policy resource ${q(d['resource'])} the ${String(d['placeholder'])} ${q(d['part'])} is not a UUID.`,
  },
  'id-passed-as-arn': {
    nestedArn: (d) =>
      `The caller passed a full ARN (${q(d['passed'])}) where ${d['parameter'] ? `the ${q(d['parameter'])} parameter expects an ID` : 'an ID was expected'}: ` +
      `the resource became ${q(d['resource'])}. Pass ${q(d['id'])} instead. This is a bug in the calling code, not in IAM.`,
  },
  'key-policy-not-allowing': {
    notGiven: (d) =>
      `${q(d['action'])} on a KMS key is allowed only if the key policy allows it, and no key policy was given: whydenied decided as if it allowed nothing. ` +
      'Read it (`aws kms get-key-policy --key-id KEY --policy-name default`) and add it as the scenario\'s `resourcePolicy`.',
    notAllowing: (d) =>
      `The key policy has no Allow for ${q(d['action'])} by ${q(d['principal'])} or its account: for a KMS key, IAM policies grant nothing unless the key policy allows it (the default key policy's account statement does).`,
    identityAllowNotEnough: (d) =>
      `The identity policy allows ${q(d['action'])}, but the key policy neither allows ${q(d['principal'])} nor enables IAM policies for its account: without that, IAM policies that allow have no effect on a KMS key.`,
    mustAllowToo: (d) =>
      `${q(d['resource'])} is a KMS key: besides the caller's IAM policy, its key policy must allow ${q(d['action'])} (naming the caller or its account), or a grant must.`,
  },
  'trust-policy-not-allowing': {
    notGiven: (d) =>
      `${q(d['action'])} on a role is allowed only if the role's trust policy allows it, and no trust policy was given: whydenied decided as if it allowed nothing. ` +
      'Read it (`aws iam get-role --role-name ROLE`, AssumeRolePolicyDocument) and add it as the scenario\'s `resourcePolicy`.',
    notAllowing: (d) =>
      `The trust policy of ${q(d['resource'])} has no Allow for ${q(d['action'])} by ${q(d['principal'])} (or its account), with conditions the request meets: a role trust policy must allow the caller explicitly.`,
    identityAllowNotEnough: (d) =>
      `The caller's identity policy allows ${q(d['action'])}, but the trust policy of ${q(d['resource'])} does not trust ${q(d['principal'])} or its account: both are needed.`,
    mustAllowToo: (d) =>
      `${q(d['resource'])} is a role: besides the caller's IAM policy, the role's trust policy must allow ${q(d['action'])} for ${q(d['principal'])} (or its account).`,
  },
  'aws-owned-resource': {
    awsManagedPolicy: (d) =>
      `${q(d['resource'])} is an AWS managed policy: AWS owns it and refuses ${q(d['action'])} whatever your policies say. Create a customer managed policy (a copy) and change that instead.`,
    ssoReservedRole: (d) =>
      `${q(d['resource'])} is a role IAM Identity Center manages for a permission set: AWS refuses ${q(d['action'])} on it ("this role is only modifiable by AWS"). Change the permission set in IAM Identity Center (management or delegated administrator account), not the role.`,
    serviceLinkedRole: (d) =>
      `${q(d['resource'])} is a service-linked role: its service defines its permissions and trust policy, so AWS refuses ${q(d['action'])} on it. Change the service's configuration, or delete the role with iam:DeleteServiceLinkedRole.`,
    awsManagedKeyAlias: (d) =>
      `${q(d['resource'])} is under \`alias/aws/\`, reserved for AWS managed keys: AWS refuses ${q(d['action'])} on it. Use a customer managed key with an alias of your own.`,
    longTermCredentials: (d) =>
      `${q(d['action'])} must be called with an IAM user's long-term credentials; ${q(d['principal'])} uses temporary credentials, so AWS refuses it whatever the policies say.`,
  },
  'partition-mismatch': {
    partitions: (d) =>
      `The principal is in partition ${q(d['principalPartition'])} and the resource in ${q(d['resourcePartition'])}: access never crosses partitions, no policy can allow it. Use a principal of the resource's partition.`,
  },
  'cross-account': {
    noResourcePolicies: (d) =>
      `The principal is in account ${q(d['principalAccount'])} and the resource in ${q(d['resourceAccount'])}; ${q(d['service'])} has no resource-based policies, so no policy edit can allow this. ` +
      `Assume a role in account ${q(d['resourceAccount'])} that allows ${q(d['action'])}, and call from there.`,
    resourcePolicyNeeded: (d) =>
      `The principal is in account ${q(d['principalAccount'])} and the resource in ${q(d['resourceAccount'])}: cross-account calls need an Allow in the caller's identity policy and in the resource's policy.`,
  },
  'session-policy-scope-down': {
    cognito: (d) =>
      `${q(d['principal'])} is an Amazon Cognito identity-pool session. Cognito adds a scope-down session policy (for unauthenticated identities AmazonCognitoUnAuthedIdentitiesSessionPolicy), which allows no ${d['connect'] ? 'connect:* ' : ''}action like ${q(d['action'])}, whatever the role allows. ` +
      `Call ${q(d['action'])} from a backend (for example a Lambda function behind API Gateway) instead of from the browser.`,
    sessionPolicy: (d) => `The role allows ${q(d['action'])}, but the session policy passed when the role was assumed does not: a session gets only what both allow.`,
  },
  'not-a-policy-decision': {
    participantService: (d) =>
      `${q(d['action'])} is an Amazon Connect Participant Service call: its 403s are not IAM policy decisions. Check that the chat has not ended, that the participant token is not reused, and that the client uses the instance's Region. Security profiles do not govern API calls either.`,
    connectStar: () =>
      `"connect:* on resource: *" is not an ordinary policy decision: Amazon Connect returns it for malformed identifiers and for Cognito session credentials even when broad policies are attached. Check the instance and flow IDs (UUIDs, not ARNs), the Region, and the credentials the caller uses.`,
    outsideIam: (d) =>
      ({
        's3-block-public-access': 'The message names S3 Block Public Access: a bucket or account setting, not a policy statement, refused the request. Check `aws s3api get-public-access-block --bucket BUCKET` and `aws s3control get-public-access-block --account-id ACCOUNT`; no IAM policy edit changes it.',
        's3-encryption-type': 'The message names a blocked S3 encryption type: the bucket refuses that server-side encryption type (a bucket setting, not a policy statement). Use an encryption type the bucket allows (`aws s3api get-bucket-encryption --bucket BUCKET`).',
        'declarative-policy': 'The message comes from an AWS Organizations declarative policy (its custom message is shown as AWS returned it): the organization enforces this configuration; no IAM policy edit changes it. Ask the organization administrators.',
      })[String(d['setting'])] ?? `A setting outside IAM policies refused the request (${String(d['setting'])}).`,
    bareMessage: (d) => `${q(d['message'])} carries no principal or action: it is not an IAM policy decision (for Amazon Connect chat: an ended chat, a reused participant token, or a Region mismatch).`,
  },
  'region-or-account-mismatch': {
    region: (d) => `${q(d['pattern'])} names Region ${q(d['policyRegion'])}, but the request is in ${q(d['requestRegion'])}.`,
    account: (d) => `${q(d['pattern'])} names account ${q(d['policyAccount'])}, but the resource is in ${q(d['requestAccount'])}.`,
    both: (d) => `${q(d['pattern'])} names Region ${q(d['policyRegion'])} and account ${q(d['policyAccount'])}, but the request is in ${q(d['requestRegion'])}, account ${q(d['requestAccount'])}.`,
  },
  'misspelled-action': {
    misspelled: (d) => `${visible(problemMessage(d.problem))} (${visible(String(problemHint(d.problem)))}) at ${q(d['pointer'])}: that statement was meant to allow ${q(d['action'])}.`,
  },
  'allowed-by-given-policies': {
    allowed: (d) =>
      `The policies given allow this request, so the denial comes from a policy they do not include` +
      (d['namedType'] ? ` (AWS named ${typeName(d['namedType'])})` : '') +
      (Array.isArray(d['missing']) && d['missing'].length > 0 ? `: not given: ${qs(d['missing'])}.` : '.'),
  },
};

/** The policies that must allow: for SCPs, the organization level that lacks the Allow. */
function mustAllow(d: FindingData): string {
  const levels = d['levels'];
  return d['policyType'] === 'scp' && Array.isArray(levels) && levels.length > 0 ? `the service control policies at ${qs(levels)}` : typeName(d['policyType']);
}
const SEGMENT_WORDS: Record<string, string> = {
  case: 'letter case (ARNs are case-sensitive)',
  partition: 'partition',
  service: 'service',
  region: 'Region',
  account: 'account',
  resourceType: 'resource type',
  id: 'resource ID',
  trailingSlash: 'trailing slash',
  wildcard: 'trailing wildcard (`/*` matches what is under the resource, not the resource itself)',
};
const VALUE_MISS_WORDS: Record<string, string> = {
  case: 'only in letter case (use the exact case, or a case-insensitive operator such as StringEqualsIgnoreCase)',
  type: 'only in type or spacing (a number or boolean written as text; use the operator for its type)',
  format: 'only in format (an ARN against an ID, or an address with and without a CIDR suffix)',
};
function valueMissText(v: unknown): string {
  if (!Array.isArray(v) || v.length < 3) return '';
  const [kind, policy, request] = v.map(String);
  return ` The policy value ${q(policy)} differs from ${q(request)} ${own(VALUE_MISS_WORDS, kind!) ?? kind}: replace it.`;
}

/** ` The closest, P, differs only in its SEGMENT: F where the request has E.` */
function nearMissText(v: unknown): string {
  if (!Array.isArray(v) || v.length < 4) return '';
  const [segment, found, expected, pattern] = v.map(String);
  return ` ${q(pattern)} differs only in its ${own(SEGMENT_WORDS, segment!) ?? segment}: ${q(found)} where the request has ${q(expected)}.`;
}

/** `a`, `b` or `c` */
function orList(v: unknown): string {
  const items = Array.isArray(v) ? v.map(q) : [q(v)];
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}` : (items[0] ?? '');
}
function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
function expected(d: FindingData): string {
  return d['expected'] ? `; expected ${q(d['expected'])}` : '';
}
function conditionsText(d: FindingData): string {
  const c = d['conditions'];
  return Array.isArray(c) && c.length > 0 ? `, and its conditions hold (${c.join('; ')}).` : '.';
}
function policyArnText(d: FindingData): string {
  return d['policyArn'] ? ` AWS named the policy ${q(d['policyArn'])}.` : d['target'] ? ` (attached at ${q(d['target'])})` : '';
}

/** A finding in words. */
export function findingMessage(f: { readonly check: CheckId; readonly messageId: string; readonly data: FindingData }): string {
  // Findings come from the checks, whose message ids the compiler ties to their meta; MESSAGES has each one.
  const template = own(MESSAGES[f.check] as Readonly<Record<string, (d: FindingData) => string>>, f.messageId);
  return template ? template(f.data) : `${f.check}: ${f.messageId}`;
}

/** Every message id each check can report (a repo test checks a case produces each). */
export const MESSAGE_IDS: Readonly<Record<CheckId, readonly string[]>> = Object.fromEntries(Object.entries(MESSAGES).map(([k, v]) => [k, Object.keys(v)])) as Record<CheckId, string[]>;
