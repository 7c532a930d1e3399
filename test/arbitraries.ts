/**
 * fast-check arbitraries for random *valid* scenarios over a small universe: a few principals in two
 * accounts, six real actions, the matching resources, and random statements built from patterns that hit
 * and miss those requests. Used by test/differential.test.ts (engine vs reference model).
 */
import fc from 'fast-check';
import type { ContextValue, NamedPolicy, OrganizationLevel, Scenario } from '../src/scenario/types.js';

export const ACCOUNT_A = '111122223333';
export const ACCOUNT_B = '444455556666';
const ACCOUNTS = [ACCOUNT_A, ACCOUNT_B] as const;

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------
// The universe.

const user = (account: string, path = ''): string => `arn:aws:iam::${account}:user/${path}alice`;
const roleArn = (account: string): string => `arn:aws:iam::${account}:role/AgentRole`;
const session = (account: string): string => `arn:aws:sts::${account}:assumed-role/AgentRole/chat-session`;
const federated = (account: string): string => `arn:aws:sts::${account}:federated-user/fred`;
const root = (account: string): string => `arn:aws:iam::${account}:root`;
const SERVICE = 'connect.amazonaws.com';
/** The same role name with a path: its session ARN is the same as AgentRole's, aws:PrincipalArn tells them apart. */
const ROLE_WITH_PATH = `arn:aws:iam::${ACCOUNT_A}:role/team/AgentRole`;
const SERVICE_LINKED_ROLE = `arn:aws:iam::${ACCOUNT_A}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect`;
/** Web identity callers: a Cognito identity pool and GitHub's OIDC provider. */
const COGNITO = 'cognito-identity.amazonaws.com';
const GITHUB_OIDC = `arn:aws:iam::${ACCOUNT_A}:oidc-provider/token.actions.githubusercontent.com`;
/** A principal of another partition: never allowed on the universe's `arn:aws:` resources. */
const CHINA_USER = `arn:aws-cn:iam::${ACCOUNT_A}:user/alice`;

type PrincipalKind = 'user' | 'role' | 'session' | 'federated' | 'root' | 'service' | 'anonymous' | 'service-linked' | 'provider';

interface Principal {
  readonly kind: PrincipalKind;
  readonly arn: string;
  /** Set in the context when the session ARN does not show the role's path. */
  readonly principalArn?: string;
}

const principalArb: fc.Arbitrary<Principal> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ACCOUNTS).map((a): Principal => ({ kind: 'session', arn: session(a) })) },
  { weight: 3, arbitrary: fc.constantFrom(...ACCOUNTS).map((a): Principal => ({ kind: 'user', arn: user(a) })) },
  { weight: 1, arbitrary: fc.constant<Principal>({ kind: 'user', arn: user(ACCOUNT_A, 'eng/') }) },
  { weight: 1, arbitrary: fc.constantFrom(...ACCOUNTS).map((a): Principal => ({ kind: 'role', arn: roleArn(a) })) },
  { weight: 2, arbitrary: fc.constantFrom(...ACCOUNTS).map((a): Principal => ({ kind: 'federated', arn: federated(a) })) },
  { weight: 2, arbitrary: fc.constantFrom(...ACCOUNTS).map((a): Principal => ({ kind: 'root', arn: root(a) })) },
  { weight: 1, arbitrary: fc.constant<Principal>({ kind: 'service', arn: SERVICE }) },
  { weight: 1, arbitrary: fc.constant<Principal>({ kind: 'anonymous', arn: 'anonymous' }) },
  { weight: 2, arbitrary: fc.constantFrom(COGNITO, GITHUB_OIDC).map((arn): Principal => ({ kind: 'provider', arn })) },
  { weight: 1, arbitrary: fc.constant<Principal>({ kind: 'user', arn: CHINA_USER }) },
  { weight: 1, arbitrary: fc.constant<Principal>({ kind: 'service-linked', arn: SERVICE_LINKED_ROLE }) },
  {
    weight: 1,
    arbitrary: fc.constant<Principal>({ kind: 'session', arn: session(ACCOUNT_A), principalArn: ROLE_WITH_PATH }),
  },
  {
    weight: 1,
    arbitrary: fc.constant<Principal>({
      kind: 'service-linked',
      arn: `arn:aws:sts::${ACCOUNT_A}:assumed-role/AWSServiceRoleForAmazonConnect/connect-session`,
      principalArn: SERVICE_LINKED_ROLE,
    }),
  },
);

const flow = (account: string, id = 'flow-1'): string => `arn:aws:connect:us-east-1:${account}:instance/inst-1/contact-flow/${id}`;
const instance = (account: string): string => `arn:aws:connect:us-east-1:${account}:instance/inst-1`;
const queue = (account: string): string => `arn:aws:sqs:us-east-1:${account}:queue1`;
const key = (account: string): string => `arn:aws:kms:eu-west-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OBJECTS = ['arn:aws:s3:::bucket/key', 'arn:aws:s3:::bucket/alice', 'arn:aws:s3:::bucket/agents'] as const;
const deployRole = (account: string): string => `arn:aws:iam::${account}:role/DeployRole`;

const ACTIONS = [
  'connect:StartChatContact',
  'connect:DescribeInstance',
  's3:GetObject',
  's3:PutObject',
  'sqs:SendMessage',
  'kms:Decrypt',
  'kms:Encrypt',
  'sts:AssumeRole',
  'sts:AssumeRoleWithWebIdentity',
  'sts:TagSession',
  'sts:GetCallerIdentity',
  'iam:DeleteRole',
] as const;
type Action = (typeof ACTIONS)[number];

/** The resources an action is authorized on, in either account. */
function resourcesFor(action: Action, account: string): string[] {
  switch (action) {
    case 'connect:StartChatContact':
      return [flow(account), flow(account, 'agents')];
    case 'connect:DescribeInstance':
      return [instance(account)];
    case 's3:GetObject':
    case 's3:PutObject':
      return [...OBJECTS];
    case 'sqs:SendMessage':
      return [queue(account)];
    case 'kms:Decrypt':
    case 'kms:Encrypt':
      return [key(account)];
    case 'sts:AssumeRole':
    case 'sts:AssumeRoleWithWebIdentity':
    case 'sts:TagSession':
      return [deployRole(account), roleArn(account)];
    case 'sts:GetCallerIdentity':
      return ['*'];
    case 'iam:DeleteRole':
      return [deployRole(account), SERVICE_LINKED_ROLE];
  }
}

// ---------------------------------------------------------------------------------------------------------
// The request context: keys a condition may test, each present or absent at random.

const contextArb = (resource: string | undefined): fc.Arbitrary<Record<string, ContextValue>> =>
  fc
    .record(
      {
        'aws:SourceIp': fc.constantFrom('10.1.2.3', '192.0.2.10', '203.0.113.5'),
        'aws:SourceVpce': fc.constantFrom('vpce-1a2b3c4d', 'vpce-9f8e7d6c'),
        'aws:PrincipalTag/team': fc.constantFrom('agents', 'Agents', 'admins'),
        'aws:SecureTransport': fc.constantFrom<ContextValue>(true, false, 'true'),
        'aws:MultiFactorAuthAge': fc.constantFrom<ContextValue>(100, 3600, 7200, '120'),
        'aws:TagKeys': fc.subarray(['team', 'env', 'Owner']),
        'aws:ResourceAccount': fc.constantFrom(...ACCOUNTS),
        'aws:CurrentTime': fc.constantFrom('2026-01-01T00:00:00Z', '2026-03-15T12:30:00Z'),
        'kms:EncryptionContext:tenant': fc.constantFrom('red', 'blue'),
        'kms:ViaService': fc.constantFrom('s3.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com'),
        'token.actions.githubusercontent.com:sub': fc.constantFrom('repo:octo/app:ref:refs/heads/main', 'repo:evil/app:ref:refs/heads/main'),
      },
      { requiredKeys: [] },
    )
    .map((context) => {
      const out: Record<string, ContextValue> = { ...context };
      // S3 object ARNs carry no account: the context says whose bucket it is (sometimes left unknown).
      // Other ARNs carry their account, which the context must not contradict.
      if (!resource?.startsWith('arn:aws:s3:::')) delete out['aws:ResourceAccount'];
      return out;
    });

// ---------------------------------------------------------------------------------------------------------
// Statements.

const actionPatternArb = fc.constantFrom(
  '*',
  'connect:*',
  'connect:StartChatContact',
  'CONNECT:startchatcontact',
  'connect:Describe*',
  'connect:*Chat*',
  's3:*',
  's3:Get*',
  's3:?utObject',
  's3:*Object',
  'sqs:SendMessage',
  'sqs:*',
  'kms:Decrypt',
  'kms:D?crypt',
  'kms:*',
  'iam:PassRole',
  'iam:DeleteRole',
  'sts:AssumeRole',
  'sts:AssumeRole*',
  'sts:*',
);
const actionsArb = fc.oneof(actionPatternArb, fc.uniqueArray(actionPatternArb, { minLength: 1, maxLength: 3 }));

const resourcePatternArb = fc.constantFrom(
  '*',
  flow(ACCOUNT_A),
  flow(ACCOUNT_B),
  `arn:aws:connect:us-east-1:${ACCOUNT_A}:instance/inst-1`,
  `arn:aws:connect:us-east-1:${ACCOUNT_A}:instance/inst-1/*`,
  `arn:aws:connect:*:*:instance/*`,
  `arn:aws:connect:us-east-1:${ACCOUNT_B}:instance/inst-1/contact-flow/*`,
  'arn:aws:connect:us-east-1:*:instance/inst-1/contact-flow/${aws:PrincipalTag/team}',
  "arn:aws:connect:*:*:instance/inst-1/contact-flow/${aws:PrincipalTag/team, 'agents'}",
  'arn:aws:s3:::bucket/*',
  'arn:aws:s3:::bucket/k?y',
  'arn:aws:s3:::bucket/${aws:username}',
  'arn:aws:s3:::BUCKET/*',
  'arn:aws:s3:::*',
  `arn:aws:sqs:*:${ACCOUNT_A}:queue?`,
  'arn:aws:sqs:us-east-1:*:*',
  `arn:aws:kms:*:${ACCOUNT_B}:key/*`,
  'arn:aws:kms:*',
  `arn:aws:iam::${ACCOUNT_A}:role/Deploy*`,
  'arn:aws:iam::*:role/*',
  'arn:*',
);
const resourcesArb = fc.oneof(resourcePatternArb, fc.uniqueArray(resourcePatternArb, { minLength: 1, maxLength: 3 }));

/** A condition operator and the kind of keys it may be used with. */
type KeyKind = 'string' | 'ip' | 'bool' | 'number' | 'date' | 'arn' | 'multi';

const KEYS: Record<KeyKind, readonly string[]> = {
  string: [
    'aws:SourceVpce', 'aws:PrincipalTag/team', 'aws:PrincipalAccount', 'aws:ResourceAccount', 'aws:PrincipalType', 'aws:username',
    'AWS:PRINCIPALTYPE', 'aws:RequestedRegion', 'connect:InstanceId', 'kms:CallerAccount', 'kms:ViaService',
    'token.actions.githubusercontent.com:sub',
  ],
  ip: ['aws:SourceIp'],
  bool: ['aws:SecureTransport', 'aws:PrincipalIsAWSService', 'aws:ViaAWSService'],
  number: ['aws:MultiFactorAuthAge'],
  date: ['aws:CurrentTime'],
  arn: ['aws:PrincipalArn'],
  multi: ['aws:TagKeys'],
};

const OPERATORS: Record<KeyKind, readonly string[]> = {
  string: [
    'StringEquals',
    'StringNotEquals',
    'StringLike',
    'StringNotLike',
    'StringEqualsIgnoreCase',
    'StringNotEqualsIgnoreCase',
    'StringEqualsIfExists',
    'StringNotLikeIfExists',
    'StringLikeIfExists',
  ],
  ip: ['IpAddress', 'NotIpAddress', 'IpAddressIfExists'],
  bool: ['Bool', 'BoolIfExists'],
  number: [
    'NumericLessThan',
    'NumericLessThanEquals',
    'NumericGreaterThan',
    'NumericGreaterThanEquals',
    'NumericEquals',
    'NumericNotEquals',
    'NumericLessThanIfExists',
  ],
  date: ['DateLessThan', 'DateGreaterThan', 'DateEquals', 'DateNotEquals', 'DateLessThanEquals', 'DateGreaterThanEqualsIfExists'],
  arn: ['ArnLike', 'ArnNotLike', 'ArnEquals', 'ArnNotEquals', 'ArnLikeIfExists'],
  multi: [
    'ForAllValues:StringEquals',
    'ForAnyValue:StringEquals',
    'ForAllValues:StringLike',
    'ForAnyValue:StringLike',
    'ForAllValues:StringNotEquals',
    'ForAnyValue:StringNotEquals',
  ],
};

const VALUES: Record<KeyKind, readonly string[]> = {
  string: [
    'vpce-1a2b3c4d',
    'vpce-*',
    'agents',
    'AGENTS',
    'a?ents',
    ACCOUNT_A,
    ACCOUNT_B,
    '4444*',
    'AssumedRole',
    'User',
    'Account',
    'FederatedUser',
    'alice',
    'us-east-1',
    'us-*',
    'inst-1',
    'inst-*',
    '${aws:username}',
    '${aws:PrincipalTag/team}',
    "${aws:PrincipalTag/team, 'agents'}",
    '${aws:PrincipalAccount}',
    '*',
    's3.*.amazonaws.com',
    'repo:octo/*',
  ],
  ip: ['10.0.0.0/8', '192.0.2.0/24', '203.0.113.5/32', '203.0.113.5', '0.0.0.0/0'],
  bool: ['true', 'false'],
  number: ['100', '3600', '0', '7200'],
  // ISO 8601 and epoch seconds (1767225600 is 2026-01-01T00:00:00Z).
  date: ['2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', '1767225600', '2027-01-01'],
  arn: [
    roleArn(ACCOUNT_A),
    ROLE_WITH_PATH,
    `arn:aws:iam::*:role/Agent*`,
    `arn:aws:iam::${ACCOUNT_B}:*`,
    'arn:aws:iam::*:user/*',
    `arn:aws:sts::*:federated-user/*`,
    'arn:aws:iam::${aws:PrincipalAccount}:*',
    // Six fields: how AWS compares an ARN pattern with fewer fields is not documented.
    'arn:aws:*:*:*:*',
  ],
  multi: ['team', 'env', 'owner', 'Owner', 'te*'],
};

const keyKindArb = fc.constantFrom<KeyKind>('string', 'string', 'ip', 'bool', 'number', 'date', 'arn', 'multi');

const valuesArb = (kind: KeyKind): fc.Arbitrary<unknown> =>
  fc.oneof(fc.constantFrom(...VALUES[kind]), fc.uniqueArray(fc.constantFrom(...VALUES[kind]), { minLength: 1, maxLength: 3 }));

const conditionEntryArb: fc.Arbitrary<[string, string, unknown]> = keyKindArb.chain((kind) => {
  const operatorArb = fc.tuple(fc.constantFrom(...OPERATORS[kind]), fc.constantFrom(...KEYS[kind]), valuesArb(kind));
  // Null on single-valued keys only: whether an empty list counts as present is not documented.
  if (kind === 'multi') return operatorArb;
  const nullArb = fc.tuple(fc.constant('Null'), fc.constantFrom(...KEYS[kind]), fc.constantFrom<unknown>('true', 'false'));
  return fc.oneof({ weight: 6, arbitrary: operatorArb }, { weight: 1, arbitrary: nullArb });
});

const conditionArb: fc.Arbitrary<Json | undefined> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  {
    weight: 2,
    arbitrary: fc.array(conditionEntryArb, { minLength: 1, maxLength: 3 }).map((entries) => {
      const condition: Record<string, Json> = {};
      for (const [operator, key, values] of entries) {
        const block = condition[operator] ?? {};
        // The same key under one operator twice is not valid JSON policy text: keep the first.
        if (!Object.keys(block).some((k) => k.toLowerCase() === key.toLowerCase())) block[key] = values;
        condition[operator] = block;
      }
      return condition;
    }),
  },
);

const principalValueArb = fc.constantFrom(
  ACCOUNT_A,
  ACCOUNT_B,
  root(ACCOUNT_A),
  root(ACCOUNT_B),
  user(ACCOUNT_A),
  user(ACCOUNT_B),
  roleArn(ACCOUNT_A),
  roleArn(ACCOUNT_B),
  ROLE_WITH_PATH,
  session(ACCOUNT_A),
  session(ACCOUNT_B),
  federated(ACCOUNT_A),
  federated(ACCOUNT_B),
);

/** Every identity of one caller: what a NotPrincipal must list to spare it (account, role and session). */
const identitySetArb = fc.constantFrom(...ACCOUNTS).chain((a) =>
  fc.constantFrom([a, roleArn(a), session(a)], [root(a), roleArn(a), session(a)], [a, user(a)], [root(a), federated(a)], [a, roleArn(a)]),
);

const principalElementArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: identitySetArb.map((values) => ({ AWS: values })) },
  { weight: 2, arbitrary: fc.constant('*') },
  { weight: 1, arbitrary: fc.constant({ AWS: '*' }) },
  { weight: 4, arbitrary: principalValueArb.map((value) => ({ AWS: value })) },
  { weight: 3, arbitrary: fc.uniqueArray(principalValueArb, { minLength: 1, maxLength: 4 }).map((values) => ({ AWS: values })) },
  { weight: 1, arbitrary: fc.constant({ Service: SERVICE }) },
  { weight: 1, arbitrary: principalValueArb.map((value) => ({ AWS: value, Service: SERVICE })) },
  { weight: 1, arbitrary: fc.constantFrom(COGNITO, GITHUB_OIDC).map((value) => ({ Federated: value })) },
);

interface StatementOptions {
  /** `principal`: Principal or NotPrincipal required (resource and VPC endpoint policies). */
  readonly principal: boolean;
  readonly effect?: 'Allow' | 'Deny';
}

const statementArb = (options: StatementOptions): fc.Arbitrary<Json> =>
  fc
    .record({
      sid: fc.option(fc.constantFrom('One', 'Two'), { nil: undefined }),
      effect: options.effect ? fc.constant(options.effect) : fc.constantFrom('Allow', 'Allow', 'Deny'),
      action: actionsArb,
      actionElement: fc.constantFrom('Action', 'Action', 'Action', 'NotAction'),
      resource: resourcesArb,
      resourceElement: fc.constantFrom('Resource', 'Resource', 'Resource', 'NotResource'),
      principalElement: fc.constantFrom('Principal', 'Principal', 'Principal', 'Principal', 'NotPrincipal'),
      principal: principalElementArb,
      condition: conditionArb,
    })
    .map((s) => {
      const statement: Json = {};
      if (s.sid !== undefined) statement.Sid = s.sid;
      statement.Effect = s.effect;
      if (options.principal) {
        // NotPrincipal lists named principals; `*` there would exclude everyone.
        const everyone = s.principal === '*' || (s.principal as Json).AWS === '*';
        statement[everyone ? 'Principal' : s.principalElement] = s.principal;
      }
      statement[s.actionElement] = s.action;
      statement[s.resourceElement] = s.resource;
      if (s.condition !== undefined) statement.Condition = s.condition;
      return statement;
    });

const versionArb = fc.constantFrom<string | undefined>('2012-10-17', '2012-10-17', '2012-10-17', '2012-10-17', '2008-10-17', undefined);

const documentArb = (statement: fc.Arbitrary<Json>, maxStatements = 3): fc.Arbitrary<Json> =>
  fc.tuple(versionArb, fc.array(statement, { minLength: 1, maxLength: maxStatements }), fc.boolean()).map(([version, statements, asArray]) => {
    const doc: Json = {};
    if (version !== undefined) doc.Version = version;
    doc.Statement = statements.length === 1 && !asArray ? statements[0] : statements;
    return doc;
  });

/** A policy that often simply allows everything, so that the other types get to decide. */
const ALLOW_ALL: Json = { Effect: 'Allow', Action: '*', Resource: '*' };
const policyArb = (statement: fc.Arbitrary<Json>, name: string, allowAllWeight = 1, allowAll = ALLOW_ALL): fc.Arbitrary<NamedPolicy> =>
  fc
    .oneof(
      { weight: allowAllWeight, arbitrary: fc.constant<Json>({ Version: '2012-10-17', Statement: [allowAll] }) },
      { weight: 4, arbitrary: documentArb(statement) },
    )
    .chain((document) =>
      // A document may also come as JSON text or URL-encoded JSON text (as the IAM API returns it).
      fc.constantFrom<unknown>(document, document, document, document, JSON.stringify(document), encodeURIComponent(JSON.stringify(document))),
    )
    .map((document) => ({ name, document }));

const identityStatement = statementArb({ principal: false });
const principalStatement = statementArb({ principal: true });

const FULL_ACCESS_RCP: Json = { Effect: 'Allow', Action: '*', Resource: '*', Principal: '*' };
const rcpStatement: fc.Arbitrary<Json> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(FULL_ACCESS_RCP) },
  {
    weight: 4,
    arbitrary: statementArb({ principal: false, effect: 'Deny' }).map((statement) => ({ ...statement, Principal: '*' })),
  },
);

const levelsArb = (statement: fc.Arbitrary<Json>, kind: string, allowAll = ALLOW_ALL): fc.Arbitrary<OrganizationLevel[]> =>
  fc.array(
    fc.tuple(fc.constantFrom('r-root', 'ou-chat', ACCOUNT_A), fc.array(policyArb(statement, `${kind}-policy`, 4, allowAll), { minLength: 0, maxLength: 2 })).map(
      ([target, policies]) => ({ target, policies: policies.map((p, i) => ({ ...p, name: `${p.name}-${i}` })) }),
    ),
    { minLength: 1, maxLength: 3 },
  );

/** KMS grants to one of the universe's principals, sometimes with an encryption context constraint. */
const grantArb = fc.record(
  {
    grantee: fc.oneof(principalValueArb, fc.constant(SERVICE)),
    operations: fc.subarray(['Decrypt', 'Encrypt', 'kms:ReEncryptFrom'], { minLength: 1 }),
    constraints: fc.oneof(
      fc.record({ encryptionContextSubset: fc.constantFrom({ tenant: 'red' }, { tenant: 'blue' }) }),
      fc.record({ encryptionContextEquals: fc.constantFrom({ tenant: 'red' }, { tenant: 'red', app: 'web' }) }),
    ),
  },
  { requiredKeys: ['grantee', 'operations'] },
);

// ---------------------------------------------------------------------------------------------------------
// The scenario.

/** `arb` with the given probability (in percent), else undefined. */
const maybe = <T>(arb: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: 100 - percent, arbitrary: fc.constant(undefined) }, { weight: percent, arbitrary: arb });

const requestArb = fc
  .tuple(principalArb, fc.constantFrom(...ACTIONS), fc.constantFrom(...ACCOUNTS), fc.nat(9))
  .chain(([principal, action, account, pick]) => {
    const candidates = resourcesFor(action, account);
    // Mostly a resource of the action's type; sometimes none, `*`, or another action's resource.
    const resource =
      pick === 0 ? undefined : pick === 1 ? '*' : pick === 2 ? flow(account) : candidates[pick % candidates.length]!;
    return contextArb(resource).map((context) => ({ principal, action, resource, context }));
  });

export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    request: requestArb,
    identityPolicies: maybe(fc.array(policyArb(identityStatement, 'identity'), { minLength: 1, maxLength: 3 }), 80),
    permissionsBoundary: maybe(policyArb(identityStatement, 'boundary', 4), 30),
    sessionPolicies: maybe(fc.array(policyArb(identityStatement, 'session', 4), { minLength: 1, maxLength: 2 }), 40),
    serviceControlPolicies: maybe(levelsArb(identityStatement, 'scp'), 40),
    resourceControlPolicies: maybe(levelsArb(rcpStatement, 'rcp', FULL_ACCESS_RCP), 30),
    resourcePolicy: maybe(policyArb(principalStatement, 'resource').map(withPrincipals), 50),
    vpcEndpointPolicy: maybe(policyArb(principalStatement, 'vpce', 4).map(withPrincipals), 30),
    kmsGrants: maybe(fc.array(grantArb, { minLength: 1, maxLength: 2 }), 30),
    organization: maybe(fc.constantFrom(...ACCOUNTS).map((managementAccount) => ({ managementAccount })), 20),
    lowerCaseKeys: fc.boolean(),
  })
  .map((s) => {
    const kind = s.request.principal.kind;
    const scenario: Record<string, unknown> = {};
    const request: Record<string, unknown> = { principal: s.request.principal.arn, action: s.request.action };
    if (s.request.resource !== undefined) request.resource = s.request.resource;
    const context: Record<string, ContextValue> = {};
    for (const [key, value] of Object.entries(s.request.context)) context[s.lowerCaseKeys ? key.toLowerCase() : key] = value;
    if (s.request.principal.principalArn) context['aws:PrincipalArn'] = s.request.principal.principalArn;
    if (Object.keys(context).length > 0) request.context = context;
    scenario.request = request;
    // Callers with no identity policies of their own: the root user, service principals, web identity, anonymous.
    const hasIdentity = kind !== 'root' && kind !== 'service' && kind !== 'anonymous' && kind !== 'provider';
    if (hasIdentity && s.identityPolicies) scenario.identityPolicies = s.identityPolicies;
    if (hasIdentity && s.permissionsBoundary) scenario.permissionsBoundary = s.permissionsBoundary;
    if ((kind === 'session' || kind === 'role' || kind === 'federated') && s.sessionPolicies) scenario.sessionPolicies = s.sessionPolicies;
    if (s.serviceControlPolicies) scenario.serviceControlPolicies = s.serviceControlPolicies;
    if (s.resourceControlPolicies) scenario.resourceControlPolicies = s.resourceControlPolicies;
    if (s.resourcePolicy) scenario.resourcePolicy = s.resourcePolicy;
    if (s.vpcEndpointPolicy) scenario.vpcEndpointPolicy = s.vpcEndpointPolicy;
    if (s.kmsGrants) scenario.kmsGrants = s.kmsGrants;
    if (s.organization) scenario.organization = s.organization;
    return scenario as unknown as Scenario;
  });

/** Resource-based and VPC endpoint policies: the full-access shortcut needs a Principal too. */
function withPrincipals(policy: NamedPolicy): NamedPolicy {
  const doc = decode(policy.document);
  const statements = Array.isArray(doc.Statement) ? (doc.Statement as Json[]) : [doc.Statement as Json];
  const fixed = statements.map((s) => (s.Principal === undefined && s.NotPrincipal === undefined ? { ...s, Principal: '*' } : s));
  const document = { ...doc, Statement: Array.isArray(doc.Statement) ? fixed : fixed[0] };
  return { ...policy, document: typeof policy.document === 'string' ? JSON.stringify(document) : document };
}

function decode(document: unknown): Json {
  if (typeof document !== 'string') return document as Json;
  return JSON.parse(document.startsWith('{') ? document : decodeURIComponent(document)) as Json;
}
