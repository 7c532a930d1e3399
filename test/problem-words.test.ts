/**
 * The words of every input problem, once: one sample per message id (the compiler requires one for each)
 * and the sentence a user reads for it, plus each kind of hint. Everything else asserts codes, message ids
 * and data (test/cases/*.json); this is where the wording is pinned (lowercase, user input in backticks).
 */
import { describe, expect, it } from 'vitest';
import type { ProblemMessageId, ProblemMessages, ProblemNote } from '../src/policy/problems.js';
import { problemHint, problemJson, problemMessage } from '../src/render/problems.js';

const WORDS: { readonly [K in ProblemMessageId]: readonly [ProblemMessages[K], string] } = {
  notJson: [{}, "the policy document is a string but not JSON (nor URL-encoded JSON)"],
  notStringList: [{"field":"Action"}, "`Action` must be a string or an array of strings"],
  emptyList: [{"field":"Resource"}, "`Resource` is an empty list"],
  principalShape: [{"field":"Principal"}, "`Principal` must be `\"*\"` or an object such as `{\"AWS\": \"arn:aws:iam::111122223333:root\"}`"],
  unknownPrincipalType: [{"type":"AWSS"}, "unknown principal type `AWSS`"],
  conditionShape: [{}, "`Condition` must be an object of operators, e.g. `{\"StringEquals\": {\"aws:PrincipalTag/team\": \"chat\"}}`"],
  unknownQualifier: [{"qualifier":"ForEach"}, "unknown qualifier `ForEach`"],
  unknownOperator: [{"operator":"StringEqual"}, "unknown condition operator `StringEqual`"],
  nullQualified: [{}, "`Null` takes no qualifier and no IfExists suffix"],
  operatorShape: [{"operator":"StringEquals"}, "`StringEquals` must map condition keys to values"],
  conditionValueType: [{"key":"aws:PrincipalTag/team"}, "the values of `aws:PrincipalTag/team` must be strings, numbers or booleans"],
  notConditionKey: [{"key":"team"}, "`team` is not a condition key (keys look like `aws:SourceIp` or `connect:InstanceId`)"],
  statementShape: [{}, "a statement must be an object"],
  unknownField: [{"object":"statement","field":"Conditions"}, "unknown statement field `Conditions`"],
  missingEffect: [{}, "the statement has no `Effect`"],
  invalidEffect: [{"effect":"Permit"}, "`Effect` must be `Allow` or `Deny`, not `Permit`"],
  notString: [{"field":"Sid"}, "`Sid` must be a string"],
  conflictingFields: [{"field":"Action","other":"NotAction"}, "a statement cannot have both `Action` and `NotAction`"],
  missingField: [{"field":"Resource","other":"NotResource"}, "the statement has no `Resource` or `NotResource`"],
  missingPrincipal: [{}, "a resource-based policy statement needs `Principal` or `NotPrincipal`"],
  principalNotAllowed: [{"field":"Principal","policyType":"identity"}, "`Principal` is not allowed in an identity-based policy: it names the caller only in resource-based and VPC endpoint policies"],
  allowNotPrincipal: [{}, "`NotPrincipal` with `Allow` is not supported by AWS (use it only with `Deny`); it would allow everyone not listed, anonymous callers included"],
  rcpAllow: [{}, "a custom resource control policy may only contain `Deny` statements (RCPFullAWSAccess already allows everything)"],
  variablesNeedVersion: [{"variable":"${aws:username}"}, "`${aws:username}` uses a policy variable, but without `\"Version\": \"2012-10-17\"` AWS reads it as literal text"],
  policyShape: [{}, "a policy document must be a JSON object with `Version` and `Statement`"],
  invalidVersion: [{"version":"2012-10-18"}, "`Version` must be `2012-10-17` (or the old `2008-10-17`), not `2012-10-18`"],
  missingStatement: [{}, "the policy has no `Statement`"],
  nullValue: [{"value":"yes"}, "`Null` takes `true` or `false`, not `yes`"],
  unreadableValue: [{"value":"10.0.0.300","expected":"ip","operator":"IpAddress"}, "`10.0.0.300` is not an IP address or CIDR range, so `IpAddress` never matches it"],
  notAnAction: [{"action":"connect"}, "`connect` is not an action: write `service:Action`, e.g. `connect:StartChatContact`"],
  notOneAction: [{"action":"connect:*"}, "`connect:*` is not one action: write `service:Action`, e.g. `connect:StartChatContact`"],
  unknownService: [{"service":"conect","pattern":"conect:StartChatContact"}, "`conect` is not an AWS service prefix, so `conect:StartChatContact` matches nothing"],
  unknownAction: [{"action":"connect:StartChatContat","service":"connect","matchesNothing":true}, "`connect:StartChatContat` is not an action of `connect`, so it matches nothing"],
  wildcardMatchesNothing: [{"pattern":"connect:Zzz*","service":"connect"}, "`connect:Zzz*` matches no action of `connect`"],
  notKmsOperation: [{"operation":"Decrpyt"}, "`Decrpyt` is not a KMS operation"],
  notArn: [{"resource":"my-bucket"}, "`my-bucket` is not an ARN or `*`"],
  incompleteArn: [{"resource":"arn:aws:s3"}, "`arn:aws:s3` is not a complete ARN (arn:partition:service:region:account:resource), so it matches nothing"],
  badAccount: [{"resource":"arn:aws:sqs:us-east-1:1234:q","account":"1234"}, "the account in `arn:aws:sqs:us-east-1:1234:q` is `1234`, not a 12-digit account ID"],
  unknownConditionKey: [{"key":"aws:SourceIpp"}, "`aws:SourceIpp` is not a condition key AWS defines, so it is never in a request"],
  keyNotForAction: [{"key":"s3:prefix","actions":["s3:GetObject","s3:PutObject"]}, "no request for `s3:GetObject`, `s3:PutObject` carries `s3:prefix`, so this condition never sees it"],
  scenarioShape: [{}, "a scenario must be an object with a `request` and its policies"],
  missingRequest: [{}, "the scenario has no `request`"],
  notObject: [{"field":"request"}, "`request` must be an object"],
  notNonEmptyString: [{"field":"request.action"}, "`request.action` must be a non-empty string"],
  contextShape: [{}, "`request.context` must be an object of context keys"],
  contextValue: [{"key":"aws:SourceIp"}, "the value of `aws:SourceIp` must be a string, number, boolean or an array of them"],
  encryptionContextShape: [{}, "an encryption context must be an object of strings"],
  grantsShape: [{}, "`kmsGrants` must be an array of grants `{ \"grantee\": ARN, \"operations\": [\"Decrypt\"] }`"],
  grantShape: [{}, "a grant must be an object `{ \"grantee\": ARN, \"operations\": [\"Decrypt\"] }`"],
  granteeShape: [{}, "`grantee` must be a principal ARN or a service principal"],
  operationsShape: [{}, "`operations` must be a non-empty array of KMS operations, e.g. `[\"Decrypt\"]`"],
  constraintsShape: [{}, "`constraints` must be an object `{ \"encryptionContextSubset\": {...} }`"],
  organizationShape: [{}, "`organization` must be an object `{ \"managementAccount\": \"111122223333\" }`"],
  managementAccount: [{}, "`managementAccount` must be a 12-digit account ID"],
  policyEntryShape: [{"field":"permissionsBoundary"}, "`permissionsBoundary` must be an object `{ \"name\": \"...\", \"document\": {...} }`"],
  missingDocument: [{}, "the policy has no `document`"],
  policyList: [{"field":"identityPolicies"}, "`identityPolicies` must be an array of policies"],
  levelList: [{"field":"serviceControlPolicies"}, "`serviceControlPolicies` must be an array of levels `{ \"target\": \"r-root\", \"policies\": [...] }`, root first"],
  levelShape: [{}, "a level must be an object `{ \"target\": \"...\", \"policies\": [...] }`"],
  notArray: [{"field":"policies"}, "`policies` must be an array"],
  badPrincipal: [{"principal":"bob","reason":"not-a-principal"}, "`bob` is not a principal: expected an IAM user, role or root ARN, an STS assumed-role or federated-user ARN, a service principal such as `connect.amazonaws.com`, or `anonymous`"],
  missingResourcePolicy: [{"policy":"key-policy"}, "no `resourcePolicy` given: the KMS key's key policy must allow this request explicitly, so whydenied decides as if it allowed nothing"],
  unknownRequest: [{"missing":["principal","${RoleNameWithPath}"]}, "cannot tell which request to evaluate: the input does not show principal, the resource's RoleNameWithPath"],
  unknownResource: [{"missing":["${InstanceId}"]}, "cannot tell which resource was requested (the input does not show the resource's InstanceId): give it with --resource ARN"],
  recipeHasNoPart: [{"recipe":"chat-backend","part":"nope"}, "recipe `chat-backend` has no part `nope`"],
  notActionNorRecipe: [{"target":"chatbackend"}, "`chatbackend` is neither an action (`service:Action`) nor a recipe"],
  notAwsAction: [{"action":"connect:StartChatContat"}, "`connect:StartChatContat` is not an AWS action"],
  withNeedsRecipe: [{}, "--with adds parts of a recipe: name a recipe such as `chat-backend`"],
  resourceNotArn: [{"resource":"my-bucket"}, "`my-bucket` is not an ARN"],
  resourceOfOtherService: [{"resource":"arn:aws:s3:::b","service":"s3","services":["connect","sqs"]}, "`arn:aws:s3:::b` is a resource of `s3`, not of `connect`, `sqs`"],
  noArnFormatFits: [{"resource":"arn:aws:connect:us-east-1:111122223333:nothing/x","service":"connect"}, "`arn:aws:connect:us-east-1:111122223333:nothing/x` fits none of the ARN formats of `connect` (Service Authorization Reference)"],
  resourcesDisagree: [{"placeholder":"Region","first":"us-east-1","second":"eu-west-1"}, "the resources disagree on Region: `us-east-1` and `eu-west-1`"],
  notVpceId: [{"value":"bad"}, "`bad` is not a VPC endpoint ID (vpce-0a1b2c3d...)"],
  notVpcId: [{"value":"bad"}, "`bad` is not a VPC ID (vpc-0a1b...)"],
  oneSourceCondition: [{}, "give one of --source-vpce, --source-vpc, --source-ip"],
  notAccountId: [{"account":"12"}, "`12` is not a 12-digit account ID"],
  notSingleAction: [{"action":"connect:*"}, "`connect:*` is not one action"],
};

const NOTES: readonly (readonly [ProblemNote, string])[] = [
  [{ id: 'participant-service' }, 'Amazon Connect Participant Service calls are authorized by the participant token, not by IAM; the IAM actions are under `connect` (e.g. `connect:StartChatContact`)'],
  [
    { id: 'other-service', action: 'connectparticipant:CreateParticipantConnection', name: 'CreateParticipantConnection', service: 'connect' },
    'did you mean `connectparticipant:CreateParticipantConnection`? (`CreateParticipantConnection` is an action of `connectparticipant`, not of `connect`)',
  ],
  [{ id: 'prefix-of', actions: ['s3:GetObject', 's3:GetObjectAcl'], more: true }, 'a prefix of `s3:GetObject`, `s3:GetObjectAcl`, …: write the full name, or add `*`'],
  [{ id: 'write-action' }, 'write service:Action, e.g. connect:StartChatContact'],
];

describe('the words of each problem message', () => {
  for (const [id, [data, words]] of Object.entries(WORDS)) {
    it(id, () => expect(problemMessage({ messageId: id as ProblemMessageId, data } as Parameters<typeof problemMessage>[0])).toBe(words));
  }
});

describe('the words of each hint', () => {
  for (const [note, words] of NOTES) it(note.id, () => expect(problemHint({ note })).toBe(words));
  it('a "did you mean" by its suggestion', () => expect(problemHint({ suggestion: 'Condition' })).toBe('did you mean `Condition`?'));
  it('a note wins over the suggestion (the note says more)', () => expect(problemHint({ note: NOTES[0]![0], suggestion: 'connect' })).toBe(NOTES[0]![1]));
  it('no hint', () => expect(problemHint({})).toBeUndefined());
});

it('--json carries the code, message id and data, and the words beside them', () => {
  const json = problemJson({ severity: 'error', code: 'unknown-field', pointer: '/Statement/0/Conditions', messageId: 'unknownField', data: { object: 'statement', field: 'Conditions' }, suggestion: 'Condition' });
  expect(json).toEqual({
    severity: 'error',
    code: 'unknown-field',
    pointer: '/Statement/0/Conditions',
    messageId: 'unknownField',
    data: { object: 'statement', field: 'Conditions' },
    suggestion: 'Condition',
    message: 'unknown statement field `Conditions`',
    hint: 'did you mean `Condition`?',
  });
});
