/**
 * The words of input problems (src/policy/problems.ts): one template per message id, exhaustive (a missing
 * or unknown id does not compile). Lowercase, user input in backticks; the caller makes the text visible
 * (src/render/visible.ts) where it prints it.
 */
import type { PolicyType } from '../engine/types.js';
import { closest, type PrincipalFault, type Problem, type ProblemMessageId, type ProblemMessages, type ProblemNote, type ValueKind } from '../policy/problems.js';

const c = (v: string) => `\`${v}\``;
const GRANT = '`{ "grantee": ARN, "operations": ["Decrypt"] }`';

const POLICY_TYPE_WORDS: Readonly<Record<PolicyType, string>> = {
  identity: 'an identity-based policy',
  resource: 'a resource-based policy',
  'permissions-boundary': 'a permissions boundary',
  session: 'a session policy',
  scp: 'a service control policy',
  rcp: 'a resource control policy',
  'vpc-endpoint': 'a VPC endpoint policy',
};

const VALUE_KINDS: Readonly<Record<ValueKind, string>> = {
  ip: 'an IP address or CIDR range',
  date: 'a date (ISO 8601, e.g. 2026-11-26T00:00:00Z, or epoch seconds)',
  number: 'a number',
  bool: '`true` or `false`',
  base64: 'base64',
};

const PRINCIPAL_FAULTS: Readonly<Record<PrincipalFault, string>> = {
  'not-a-principal': 'is not a principal: expected an IAM user, role or root ARN, an STS assumed-role or federated-user ARN, a service principal such as `connect.amazonaws.com`, or `anonymous`',
  'no-account': 'has no 12-digit account ID',
  'not-a-principal-arn':
    'is not a principal ARN: expected `iam::ACCOUNT:user/NAME`, `iam::ACCOUNT:role/NAME`, `iam::ACCOUNT:root`, `sts::ACCOUNT:assumed-role/ROLE/SESSION`, `sts::ACCOUNT:federated-user/NAME` or `iam::ACCOUNT:oidc-provider/HOST`',
};

type Templates = { readonly [K in ProblemMessageId]: (data: ProblemMessages[K]) => string };

const TEMPLATES: Templates = {
  notJson: () => 'the policy document is a string but not JSON (nor URL-encoded JSON)',
  notStringList: (d) => `${c(d.field)} must be a string or an array of strings`,
  emptyList: (d) => `${c(d.field)} is an empty list`,
  principalShape: (d) => `${c(d.field)} must be \`"*"\` or an object such as \`{"AWS": "arn:aws:iam::111122223333:root"}\``,
  unknownPrincipalType: (d) => `unknown principal type ${c(d.type)}`,
  conditionShape: () => '`Condition` must be an object of operators, e.g. `{"StringEquals": {"aws:PrincipalTag/team": "chat"}}`',
  unknownQualifier: (d) => `unknown qualifier ${c(d.qualifier)}`,
  unknownOperator: (d) => `unknown condition operator ${c(d.operator)}`,
  nullQualified: () => '`Null` takes no qualifier and no IfExists suffix',
  operatorShape: (d) => `${c(d.operator)} must map condition keys to values`,
  conditionValueType: (d) => `the values of ${c(d.key)} must be strings, numbers or booleans`,
  notConditionKey: (d) => `${c(d.key)} is not a condition key (keys look like \`aws:SourceIp\` or \`connect:InstanceId\`)`,
  statementShape: () => 'a statement must be an object',
  unknownField: (d) => `unknown ${d.object} field ${c(d.field)}`,
  missingEffect: () => 'the statement has no `Effect`',
  invalidEffect: (d) => `\`Effect\` must be \`Allow\` or \`Deny\`, not ${c(d.effect)}`,
  notString: (d) => `${c(d.field)} must be a string`,
  conflictingFields: (d) => `a statement cannot have both ${c(d.field)} and ${c(d.other)}`,
  missingField: (d) => `the statement has no ${c(d.field)} or ${c(d.other)}`,
  missingPrincipal: () => 'a resource-based policy statement needs `Principal` or `NotPrincipal`',
  principalNotAllowed: (d) => `${c(d.field)} is not allowed in ${POLICY_TYPE_WORDS[d.policyType]}: it names the caller only in resource-based and VPC endpoint policies`,
  allowNotPrincipal: () => '`NotPrincipal` with `Allow` is not supported by AWS (use it only with `Deny`); it would allow everyone not listed, anonymous callers included',
  rcpAllow: () => 'a custom resource control policy may only contain `Deny` statements (RCPFullAWSAccess already allows everything)',
  variablesNeedVersion: (d) => `${c(d.variable)} uses a policy variable, but without \`"Version": "2012-10-17"\` AWS reads it as literal text`,
  policyShape: () => 'a policy document must be a JSON object with `Version` and `Statement`',
  invalidVersion: (d) => `\`Version\` must be \`2012-10-17\` (or the old \`2008-10-17\`), not ${c(d.version)}`,
  missingStatement: () => 'the policy has no `Statement`',
  nullValue: (d) => `\`Null\` takes \`true\` or \`false\`, not ${c(d.value)}`,
  unreadableValue: (d) => `${c(d.value)} is not ${VALUE_KINDS[d.expected]}, so ${c(d.operator)} never matches it`,
  notAnAction: (d) => `${c(d.action)} is not an action: write \`service:Action\`, e.g. \`connect:StartChatContact\``,
  notOneAction: (d) => `${c(d.action)} is not one action: write \`service:Action\`, e.g. \`connect:StartChatContact\``,
  unknownService: (d) => `${c(d.service)} is not an AWS service prefix${d.pattern !== undefined ? `, so ${c(d.pattern)} matches nothing` : ''}`,
  unknownAction: (d) => `${c(d.action)} is not an action of ${c(d.service)}${d.matchesNothing ? ', so it matches nothing' : ''}`,
  wildcardMatchesNothing: (d) => `${c(d.pattern)} matches no action of ${c(d.service)}`,
  notKmsOperation: (d) => `${c(d.operation)} is not a KMS operation`,
  notArn: (d) => `${c(d.resource)} is not an ARN or \`*\``,
  incompleteArn: (d) => `${c(d.resource)} is not a complete ARN (arn:partition:service:region:account:resource), so it matches nothing`,
  badAccount: (d) => `the account in ${c(d.resource)} is ${c(d.account)}, not a 12-digit account ID`,
  unknownConditionKey: (d) => `${c(d.key)} is not a condition key AWS defines, so it is never in a request`,
  keyNotForAction: (d) => `no request for ${d.actions.map(c).join(', ')} carries ${c(d.key)}, so this condition never sees it`,
  scenarioShape: () => 'a scenario must be an object with a `request` and its policies',
  missingRequest: () => 'the scenario has no `request`',
  notObject: (d) => `${c(d.field)} must be an object`,
  notNonEmptyString: (d) => `${c(d.field)} must be a non-empty string`,
  contextShape: () => '`request.context` must be an object of context keys',
  contextValue: (d) => `the value of ${c(d.key)} must be a string, number, boolean or an array of them`,
  encryptionContextShape: () => 'an encryption context must be an object of strings',
  grantsShape: () => `\`kmsGrants\` must be an array of grants ${GRANT}`,
  grantShape: () => `a grant must be an object ${GRANT}`,
  granteeShape: () => '`grantee` must be a principal ARN or a service principal',
  operationsShape: () => '`operations` must be a non-empty array of KMS operations, e.g. `["Decrypt"]`',
  constraintsShape: () => '`constraints` must be an object `{ "encryptionContextSubset": {...} }`',
  organizationShape: () => '`organization` must be an object `{ "managementAccount": "111122223333" }`',
  managementAccount: () => '`managementAccount` must be a 12-digit account ID',
  policyEntryShape: (d) => `${c(d.field)} must be an object \`{ "name": "...", "document": {...} }\``,
  missingDocument: () => 'the policy has no `document`',
  policyList: (d) => `${c(d.field)} must be an array of policies`,
  levelList: (d) => `${c(d.field)} must be an array of levels \`{ "target": "r-root", "policies": [...] }\`, root first`,
  levelShape: () => 'a level must be an object `{ "target": "...", "policies": [...] }`',
  notArray: (d) => `${c(d.field)} must be an array`,
  badPrincipal: (d) => `${c(d.principal)} ${PRINCIPAL_FAULTS[d.reason]}`,
  missingResourcePolicy: (d) =>
    `no \`resourcePolicy\` given: ${d.policy === 'key-policy' ? "the KMS key's key policy" : "the role's trust policy"} must allow this request explicitly, so whydenied decides as if it allowed nothing`,
  unknownRequest: (d) => `cannot tell which request to evaluate: ${d.missing.length > 0 ? `the input does not show ${missingWords(d.missing)}` : 'give an AccessDenied or a scenario with a request'}`,
  unknownResource: (d) => `cannot tell which resource was requested (the input does not show ${missingWords(d.missing)}): give it with --resource ARN`,
  recipeHasNoPart: (d) => `recipe ${c(d.recipe)} has no part ${c(d.part)}`,
  notActionNorRecipe: (d) => `${c(d.target)} is neither an action (\`service:Action\`) nor a recipe`,
  notAwsAction: (d) => `${c(d.action)} is not an AWS action`,
  withNeedsRecipe: () => '--with adds parts of a recipe: name a recipe such as `chat-backend`',
  resourceNotArn: (d) => `${c(d.resource)} is not an ARN`,
  resourceOfOtherService: (d) => `${c(d.resource)} is a resource of ${c(d.service)}, not of ${d.services.map(c).join(', ')}`,
  noArnFormatFits: (d) => `${c(d.resource)} fits none of the ARN formats of ${c(d.service)} (Service Authorization Reference)`,
  resourcesDisagree: (d) => `the resources disagree on ${d.placeholder}: ${c(d.first)} and ${c(d.second)}`,
  notVpceId: (d) => `${c(d.value)} is not a VPC endpoint ID (vpce-0a1b2c3d...)`,
  notVpcId: (d) => `${c(d.value)} is not a VPC ID (vpc-0a1b...)`,
  oneSourceCondition: () => 'give one of --source-vpce, --source-vpc, --source-ip',
  notAccountId: (d) => `${c(d.account)} is not a 12-digit account ID`,
  notSingleAction: (d) => `${c(d.action)} is not one action`,
};

/** `principal, ${RoleNameWithPath}` -> `principal, the resource's RoleNameWithPath`: no raw placeholder in a message. */
function missingWords(missing: readonly string[]): string {
  return missing.map((m) => (m.startsWith('${') && m.endsWith('}') ? `the resource's ${m.slice(2, -1)}` : m)).join(', ');
}

function noteText(n: ProblemNote): string {
  switch (n.id) {
    case 'participant-service':
      return 'Amazon Connect Participant Service calls are authorized by the participant token, not by IAM; the IAM actions are under `connect` (e.g. `connect:StartChatContact`)';
    case 'other-service':
      return `did you mean ${c(n.action)}? (${c(n.name)} is an action of ${c(n.action.slice(0, n.action.indexOf(':')))}, not of ${c(n.service)})`;
    case 'prefix-of':
      return `a prefix of ${n.actions.map(c).join(', ')}${n.more ? ', …' : ''}: write the full name, or add \`*\``;
    case 'write-action':
      return 'write service:Action, e.g. connect:StartChatContact';
  }
}

/** A problem's sentence (without its hint). */
export function problemMessage(p: Pick<Problem, 'messageId' | 'data'>): string {
  return (TEMPLATES[p.messageId] as (data: unknown) => string)(p.data);
}

/** A problem's hint: its note, else its "did you mean". */
export function problemHint(p: Pick<Problem, 'note' | 'suggestion'>): string | undefined {
  if (p.note) return noteText(p.note);
  return p.suggestion !== undefined ? didYouMeanWords(p.suggestion) : undefined;
}

const didYouMeanWords = (suggestion: string) => `did you mean ${c(suggestion)}?`;

/** The closest candidate as a "did you mean" hint in words (for the edges' own arguments: options, commands, tools). */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const near = closest(input, candidates);
  return near === undefined ? undefined : didYouMeanWords(near);
}

/** A problem as `--json` prints it: its code, message id and data, and beside them its words (`message`, `hint`). */
export type ProblemJson = Problem & { readonly message: string; readonly hint?: string };

export function problemJson(p: Problem): ProblemJson {
  const hint = problemHint(p);
  return { ...p, message: problemMessage(p), ...(hint !== undefined && { hint }) };
}
