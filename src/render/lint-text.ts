/** The words of `whydenied lint`: one message per rule and message id, the help of each rule, the human report. */
import type { Templates } from '../diagnosis/rule.js';
import { invalidPolicy } from '../lint/rules/invalid-policy.js';
import { arnRegionOrAccountPlaceholder } from '../lint/rules/arn-region-or-account-placeholder.js';
import type { RuleMessages } from '../lint/rules/index.js';
import type { ActionCheck, LintData, LintFinding, LintReport, RuleId } from '../lint/types.js';
import type { Style } from './style.js';
import { own } from '../own.js';
import { visible } from './visible.js';
import { problemHint, problemMessage } from './problems.js';
import type { ProblemRef } from '../policy/problems.js';

const q = (v: unknown) => `\`${visible(String(v))}\``;
const qs = (v: unknown) => (Array.isArray(v) ? v.map(q).join(', ') : q(v));
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;


const VALUE_KIND = {
  ip: 'an IP address or CIDR range (e.g. `203.0.113.0/24`)',
  date: 'a date (ISO 8601, e.g. `2026-11-26T00:00:00Z`, or epoch seconds)',
  number: 'a number',
  bool: '`true` or `false`',
  base64: 'base64 text',
  boolKey: '`true` or `false` (the key is a boolean)',
} as const;

const HOLDER_WORDS = { key: 'KMS key', bucket: 'bucket', queue: 'queue', topic: 'topic', function: 'Lambda function', trust: 'trust' } as const;

const FIELD_WORDS: Readonly<Record<string, string>> = { region: 'Region', account: 'account', resource: 'resource part' };

function placeholderMessage(messageId: string, d: LintData): string {
  const [field = 'resource', kind = 'word'] = messageId.split('.');
  const what =
    kind === 'exampleAccount'
      ? `the example account ${q(d['placeholder'])} from the AWS documentation`
      : kind === 'cfnPseudo'
        ? `${q(d['placeholder'])}, which CloudFormation only replaces inside \`!Sub\` / \`Fn::Sub\``
        : `the placeholder ${q(d['placeholder'])}`;
  return `The ${own(FIELD_WORDS, field) ?? field} of ${q(d['value'])} is ${what}: the ARN matches no real resource.`;
}

/** A grammar problem (src/policy/parse.ts): the problem's words (./problems.ts), and its hint. */
const grammarMessage = (d: LintData) => {
  const problem = d['problem'] as ProblemRef;
  const hint = problemHint(problem);
  return `${cap(problemMessage(problem))}${hint ? ` (${hint})` : ''}.`;
};

const same = <M extends object>(messages: M, template: (id: string) => (d: LintData) => string) => Object.fromEntries(Object.keys(messages).map((id) => [id, template(id)])) as { readonly [K in keyof M]: (d: LintData) => string };

const MESSAGES: { readonly [Id in RuleId]: Templates<RuleMessages[Id]> } = {
  'invalid-policy': same(invalidPolicy.meta.messages, () => grammarMessage),
  'arn-region-or-account-placeholder': same(arnRegionOrAccountPlaceholder.meta.messages, (id) => (d) => placeholderMessage(id, d)),
  'unknown-action': {
    notAnAction: (d) => `${q(d['action'])} is not an action: actions are written \`service:Action\`, e.g. \`connect:StartChatContact\`.`,
    unknownService: (d) => `${q(d['service'])} is not an AWS service prefix, so ${q(d['action'])} matches nothing${d['suggestion'] ? ` (did you mean ${q(d['suggestion'])}?)` : ''}.`,
    unknownAction: (d) => `${q(d['action'])} is not an action of ${q(d['service'])}, so it matches nothing${d['suggestion'] ? ` (did you mean ${q(d['suggestion'])}?)` : ''}.`,
    matchesNothing: (d) => `${q(d['action'])} matches no action of ${q(d['service'])}.`,
  },
  'unknown-condition-key': {
    unknownKey: (d) => `${q(d['key'])} is not a condition key AWS defines, so no request carries it and ${q(d['operator'])} never sees it${d['suggestion'] ? ` (did you mean ${q(d['suggestion'])}?)` : ''}.`,
  },
  'condition-key-not-for-action': {
    notCarried: (d) => `No request for ${qs(d['actions'])} carries ${q(d['key'])}, so this ${q(d['operator'])} condition never sees it.`,
  },
  'invalid-condition-value': same(VALUE_KIND, (id) => (d) => `${q(d['value'])} is not ${VALUE_KIND[id as keyof typeof VALUE_KIND]}, so ${q(d['operator'])} on ${q(d['key'])} never matches it.`),
  'resource-type-mismatch': {
    wrongType: (d) =>
      `${q(d['action'])} is authorized on the ${qs(d['neededTypes'])} resource (${qs(d['neededTemplates'])}), but the statement names ${qs(d['resources'])}, ` +
      `${list(d['namedTypes']).length === 1 ? 'an ARN of the' : 'ARNs of the'} ${qs(d['namedTypes'])} resource type, so it never ${d['effect'] === 'Deny' ? 'denies' : 'allows'} ${q(d['action'])}. Use ${q(d['suggestion'])}.`,
    noType: (d) =>
      `${q(d['action'])} is authorized on the ${qs(d['neededTypes'])} resource (${qs(d['neededTemplates'])}), and none of ${qs(d['resources'])} can name one, so the statement never applies to it. Use ${q(d['suggestion'])}.`,
    onlyStar: (d) => `${q(d['action'])} does not support resource-level permissions: it is only ${d['effect'] === 'Deny' ? 'denied' : 'allowed'} by a statement whose Resource is ${q('*')}, never by ${qs(d['resources'])}.`,
  },
  'malformed-arn': {
    notAnArn: (d) => `${q(d['value'])} is not an ARN (nor ${q('*')}), so it matches no resource.`,
    incomplete: (d) => `${q(d['value'])} has fewer than the six fields of an ARN (\`arn:partition:service:region:account:resource\`), so it matches nothing.`,
    badAccount: (d) => `The account of ${q(d['value'])} is ${q(d['part'])}, not a 12-digit account ID.`,
    badPartition: (d) => `${q(d['part'])} in ${q(d['value'])} is not an AWS partition (\`aws\`, \`aws-cn\`, \`aws-us-gov\`...).`,
    emptyService: (d) => `${q(d['value'])} has no service.`,
    badRegion: (d) => `${q(d['part'])} in ${q(d['value'])} is not a Region (Regions look like \`us-east-1\`).`,
    nestedArn: (d) => `${q(d['value'])} holds a whole ARN (${q(d['part'])}) where an ID goes.`,
    emptyRegion: (d) => `${q(d['value'])} has an empty Region, but every ${q(d['service'])} ARN has one.`,
    emptyAccount: (d) => `${q(d['value'])} has an empty account, but every ${q(d['service'])} ARN has one.`,
    missingInstance: (d) => `${q(d['value'])} lacks the \`instance/INSTANCE_ID/\` part every Amazon Connect ARN of an instance's resources has.`,
    notUuid: (d) => `In ${q(d['value'])} the ${d['placeholder']} ${q(d['part'])} is not a UUID: Amazon Connect IDs look like \`9f8e7d6c-1a2b-4c3d-8e9f-0a1b2c3d4e5f\`.`,
  },
  'wildcard-resource': {
    narrower: (d) => `${q('Resource: "*"')} grants ${qs(d['actions'])} on every resource of ${its(d)} type in every account and Region; ${suggestions(d)}.` + others(d),
    template: (d) => `${q('Resource: "*"')} grants ${qs(d['actions'])} on every resource of ${its(d)} type in every account and Region; ${suggestions(d)} (fill in what the file does not say).` + others(d),
  },
  'condition-set-operator': {
    forAllValuesAllow: (d) => `${q(d['operator'])} on the single-valued key ${q(d['key'])} in an Allow: ForAllValues is true when the key is absent, so this condition allows requests without ${q(d['key'])}; drop the qualifier.`,
    setOnSingleValued: (d) => `${q(d['operator'])} on the single-valued key ${q(d['key'])}: AWS warns that set operators on single-valued keys can make a policy overly permissive; drop the qualifier.`,
    multivaluedWithoutSet: (d) => `${q(d['key'])} is multivalued, but ${q(d['operator'])} has no ForAllValues: or ForAnyValue: qualifier; say which the policy means.`,
  },
  'wildcard-action': {
    everything: () => `${q('"Action": "*"')} allows every action of every service, including those AWS adds later.`,
    service: (d) => `${q(d['action'])} allows every action of ${q(d['service'])}, including those AWS adds later; list the actions the code calls.`,
  },
  'allow-not-action': {
    allowNotAction: (d) => `Allow with NotAction ${qs(d['notAction'])} allows every other action of every service, including those AWS adds later; list the allowed actions instead.`,
  },
  'allow-not-resource': {
    allowNotResource: (d) => `Allow with NotResource ${qs(d['notResource'])} allows ${qs(d['actions'])} on every other resource in every account; list the allowed resources instead.`,
  },
  'source-ip-with-vpc-endpoint': {
    allowNeedsSourceIp: (d) =>
      `This Allow requires ${q(d['key'])} (${q(d['operator'])} ${qs(d['ranges'])}), but ${mention(d)}: requests through a VPC endpoint carry no aws:SourceIp, so they are never allowed. Use aws:VpcSourceIp, aws:SourceVpce or aws:SourceVpc for them.`,
    denyWithoutSourceIp: (d) =>
      `This Deny applies when ${q(d['key'])} is not in ${qs(d['ranges'])}, but ${mention(d)}: requests through a VPC endpoint carry no aws:SourceIp, so they are always denied. Use aws:VpcSourceIp, aws:SourceVpce or aws:SourceVpc for them.`,
  },
  'deny-everything': {
    allowDead: (d) => `This Deny has no condition and covers everything statement ${q(d['allow'])}${d['samePolicy'] ? '' : ` of ${q(d['allowPolicy'])}`} allows (${qs(d['actions'])}) on the resources it names: that Allow can never work.`,
    actionsDead: (d) => `This Deny has no condition and covers ${qs(d['actions'])}, which statement ${q(d['allow'])}${d['samePolicy'] ? '' : ` of ${q(d['allowPolicy'])}`} allows on the resources it names: that part of the Allow can never work.`,
  },
  'action-not-allowed': {
    statementsMiss: (d) => `No identity policy in this file allows ${q(d['action'])} on ${qs(d['resources'])}: statement ${q(d['statement'])} covers the action but not the resource or its conditions.`,
    denied: (d) => `No identity policy in this file allows ${q(d['action'])} on ${qs(d['resources'])}: statement ${q(d['statement'])} denies it.`,
    noStatement: (d) => `No identity policy in this file allows ${q(d['action'])} (checked on ${qs(d['resources'])}): no statement covers it.`,
    onlyWithConditions: (d) => `${q(d['action'])} on ${qs(d['resources'])} is allowed only when the conditions of statement ${q(d['statement'])} hold; the request was checked without them (give them with --context K=V).`,
    conditionsNotMet: (d) => `${q(d['action'])} on ${qs(d['resources'])} is not allowed with the --context given: the conditions of statement ${q(d['statement'])} do not hold for it.`,
  },
  'policy-type-grammar': {
    trustResource: (d) => `A role's trust policy applies to the role it is attached to: it cannot have ${q(d.field)}; remove it.`,
    trustNotPrincipal: () => `A role's trust policy does not support ${q('NotPrincipal')}: name the principals in ${q('Principal')}.`,
    trustWildcardPrincipal: () => `${q('"Principal": "*"')} is not supported in a role's trust policy: name the accounts, roles, services or identity providers that may assume the role.`,
    trustAction: (d) => `${q(d.action)} is not an STS action: a role's trust policy may only allow ${q('sts:AssumeRole')}, ${q('sts:AssumeRoleWithSAML')}, ${q('sts:AssumeRoleWithWebIdentity')}, ${q('sts:TagSession')}, ${q('sts:SetSourceIdentity')} or ${q('sts:SetContext')} (the role's permissions go in its identity policies).`,
    unsupportedAction: (d) => `${q(d.action)} is not a ${q(d.service)} action, so a ${HOLDER_WORDS[d.holder as keyof typeof HOLDER_WORDS] ?? 'resource'} policy cannot allow or deny it: it only governs the ${q(d.service)} resource it is attached to.`,
    rcpPrincipal: (d) => (d.field === 'NotPrincipal' ? `Resource control policies do not support ${q('NotPrincipal')}.` : `Resource control policies only support ${q('"Principal": "*"')}: select principals with conditions (aws:PrincipalArn, aws:PrincipalOrgID...).`),
    rcpNotAction: () => `Resource control policies do not support ${q('NotAction')}: list the actions in ${q('Action')}.`,
  },
  'invalid-suppression': {
    noReason: (d) => `This suppression of ${qs(d.rules)} gives no reason: say why, e.g. \`# whydenied-disable ${list(d.rules).join(', ')} -- REASON\` or \`reason: REASON\`.`,
    unknownRule: (d) => `${q(d.rule)} is not a rule, so this suppression suppresses nothing${d.suggestion ? ` (did you mean ${q(d.suggestion)}?)` : ''}.`,
    malformed: (d) => `This suppression cannot be read: ${d.detail}.`,
    unused: (d) => `This suppression of ${qs(d.rules)} suppresses nothing here: remove it.`,
  },
};

function suggestions(d: LintData): string {
  const actions = list(d['actions']);
  const arns = list(d['suggestions']);
  const types = list(d['types']);
  if (new Set(arns).size === 1) return `${actions.length === 1 ? 'it is' : 'they are'} authorized on ${q(arns[0])}`;
  return actions.map((a, i) => `${q(a)} is authorized on the ${types[i]} resource ${q(arns[i])}`).join('; ');
}
function its(d: LintData): string {
  return list(d['actions']).length === 1 ? 'its' : 'their';
}
function others(d: LintData): string {
  const n = Number(d['others'] ?? 0);
  return n > 0 ? ` (${plural(n, 'other action')} of the statement only ${n === 1 ? 'supports' : 'support'} ${q('*')} or ${n === 1 ? 'is a wildcard' : 'are wildcards'}: keep ${q('*')} for ${n === 1 ? 'it' : 'them'} in a statement of their own.)` : '';
}
function mention(d: LintData): string {
  const m = String(d['mention']);
  if (m === 'endpointPolicy') return 'this is a VPC endpoint policy';
  if (m === 'endpointPolicyBeside') return 'the scenario has a VPC endpoint policy';
  if (m.includes(':')) return `the policy also uses ${q(m)}`;
  return `the policy also names the VPC endpoint or VPC ${q(m)}`;
}

/** The finding in words. */
export function lintMessage(f: Pick<LintFinding, 'rule' | 'messageId' | 'data'>): string {
  // Findings come from the rules, whose message ids the compiler ties to their meta; MESSAGES has each one.
  const template = own(MESSAGES[f.rule] as Readonly<Record<string, (d: LintData) => string>>, f.messageId);
  return template ? template(f.data) : `${f.rule}: ${f.messageId}`;
}

/** A replacement in words. */
function replacement(v: string | readonly string[], pointer: string | undefined): string {
  // In a CloudFormation template, values known at deployment go in a `!Sub`.
  const cfn = pointer?.startsWith('/Resources/') === true;
  const one = (x: string) => (cfn && /\$\{(?!aws:)[^}]+\}/.test(x) ? `\`!Sub '${x}'\`` : q(x));
  return typeof v === 'string' ? `replace with ${one(v)}` : `replace with ${v.map(one).join(', ')} (one statement each, or a list)`;
}

/** The suggested fix in words, when there is one (proven to allow nothing beyond what the statement meant). */
export function fixMessage(f: Pick<LintFinding, 'fix'> & { readonly location?: Pick<LintFinding['location'], 'pointer'> }): string | undefined {
  return f.fix ? replacement(f.fix.value, f.location?.pointer) : undefined;
}

/** A fix that is not proven, in words: what to complete and why it is not applied as it stands. */
export function suggestionMessage(f: Pick<LintFinding, 'suggestion'> & { readonly location?: Pick<LintFinding['location'], 'pointer'> }): string | undefined {
  const s = f.suggestion;
  if (!s) return undefined;
  const why =
    s.proof === 'refuted'
      ? `not applied automatically: it would also allow ${s.grants.slice(0, 2).map(q).join(' and ')}${s.grants.length > 2 ? ' and more' : ''}`
      : `not applied automatically: it could not be proven to allow nothing more (${s.undecided[0] ?? 'undecided'})`;
  return `${replacement(s.value, f.location?.pointer)}, filling in what the file does not say (${why})`;
}

/** What each rule means, for `--list-rules`, SARIF's rule help and the docs. */
export const RULE_HELP: Readonly<Record<RuleId, string>> = {
  'invalid-policy': 'The document breaks the IAM policy grammar (unknown fields, a missing Effect, Principal in an identity policy, unknown condition operators...): AWS rejects it, or reads it differently than it looks.',
  'unknown-action': 'An Action or NotAction entry names no action of the Service Authorization Reference: a typo, a wrong service prefix, or a wildcard that matches nothing. It grants (or denies) nothing.',
  'unknown-condition-key': 'A condition key that neither the global keys nor the service defines: no request carries it, so the condition never sees a value.',
  'condition-key-not-for-action': "A service condition key that no request for the statement's actions carries: the condition never sees it.",
  'invalid-condition-value': 'A condition value its operator cannot read (not an IP address, not a date, not a number, not true/false, not base64): that value never matches.',
  'resource-type-mismatch': 'The statement names no ARN of a resource type the action is authorized on (for example the instance ARN for connect:StartChatContact, which is authorized on the contact-flow ARN), so the statement never applies to that action.',
  'malformed-arn': 'A Resource is not a well-formed ARN for its service: too few fields, a bad partition, Region or account, an ARN where an ID goes, or an Amazon Connect ID that is not a UUID.',
  'arn-region-or-account-placeholder': 'An ARN still holds a placeholder (REGION, ACCOUNT_ID, INSTANCE_ID, <id>, ${Region} outside !Sub) or an example account from the AWS documentation: it matches no real resource.',
  'wildcard-resource': 'Resource "*" for actions that support resource-level permissions grants them on every resource in every account and Region; the rule gives the narrower ARN the file allows.',
  'condition-set-operator': 'ForAllValues:/ForAnyValue: on a single-valued key (overly permissive), or a multivalued key without one.',
  'wildcard-action': 'Action "*" or "service:*" grants every action, including those AWS adds later.',
  'allow-not-action': 'Allow with NotAction grants every action not listed, in every service, including future ones.',
  'allow-not-resource': 'Allow with NotResource grants the actions on every resource not listed.',
  'source-ip-with-vpc-endpoint': 'The policy requires aws:SourceIp and also speaks of VPC endpoints; requests through a VPC endpoint carry no aws:SourceIp, so they fail the condition.',
  'deny-everything': 'A Deny without conditions covers what an Allow of the same file grants, on every resource the Allow names: that Allow can never work.',
  'action-not-allowed': 'With --action: no identity policy of the file allows the action on the resources it names, as the engine evaluates it.',
  'policy-type-grammar': "What the policy's type does not allow (IAM Access Analyzer's checks per type): Resource, NotPrincipal, `Principal: *` or non-STS actions in a role's trust policy; another service's actions in a key, bucket, queue or topic policy; a Principal other than `*`, NotPrincipal or NotAction in a resource control policy.",
  'invalid-suppression': 'A suppression (a `# whydenied-disable RULE -- REASON` comment, a CloudFormation `Metadata.whydenied.suppress` entry) without a reason, for a rule that does not exist, or that suppresses nothing.',
};

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).replace(/\.$/, '');
}

const FORMAT_NAMES = { policy: 'policy document', scenario: 'scenario', cloudformation: 'CloudFormation template', 'terraform-plan': 'Terraform plan', terraform: 'Terraform configuration' } as const;

function where(f: LintFinding): string {
  return [f.location.resource !== undefined && f.location.resource !== f.location.policy ? f.location.resource : undefined, f.location.policy, f.location.statement].filter((p) => p !== undefined).join(' › ');
}

function actionLine(c: ActionCheck, style: Style): string[] {
  const mark = c.verdict === 'allowed' ? style.green('✓ allowed') : c.verdict === 'conditional' ? style.yellow('? only if conditions hold') : style.red('✗ not allowed');
  const name = [c.resource !== undefined && c.resource !== c.policy ? c.resource : undefined, c.policy].filter(Boolean).join(' › ');
  const lines = [`  ${mark}  ${visible(`${c.file}: ${name}`)}`];
  for (const r of c.results) {
    const how =
      r.decision === 'allow'
        ? `allowed by ${q(r.statement)}`
        : r.decision === 'explicit-deny'
          ? `denied by ${q(r.statement)}`
          : r.near.length > 0
            ? r.near.map((n) => `${q(n.statement)} misses the ${n.mismatch.join(' and ')}`).join('; ')
            : 'no statement covers the action';
    const from = r.from === 'derived' ? ' (built from the ARNs the policy names)' : '';
    lines.push(`      ${q(r.resource)}${from}: ${how}`);
  }
  return lines;
}

/** The human report, grouped by file. */
export function renderLintText(report: LintReport, style: Style): string {
  const lines: string[] = [];
  for (const file of report.files) {
    const findings = report.findings.filter((f) => f.location.file === file.file);
    lines.push(`${style.bold(visible(file.file))}  ${style.dim(`${FORMAT_NAMES[file.format]}, ${plural(file.policies, 'policy', 'policies')}`)}`);
    if (findings.length === 0) lines.push(`  ${style.green('no findings')}`);
    for (const f of findings) {
      const place = f.location.line !== undefined ? `${f.location.line}:${f.location.column}` : visible(f.location.pointer || '/');
      const severity = f.severity === 'error' ? style.red('error  ') : style.yellow('warning');
      lines.push(`  ${place.padEnd(7)} ${severity}  ${f.rule}  ${style.dim(visible(where(f)))}`);
      lines.push(`          ${lintMessage(f)}`);
      const fix = fixMessage(f);
      if (fix) lines.push(`          ${style.green('fix:')} ${fix}`);
      const suggestion = suggestionMessage(f);
      if (suggestion) lines.push(`          ${style.yellow('suggestion:')} ${suggestion}`);
    }
    lines.push('');
  }
  if (report.actionChecks) {
    lines.push(style.bold(`--action ${report.actionChecks[0]?.action ?? ''}`.trimEnd()));
    if (report.actionChecks.length === 0) lines.push('  no identity policy to check');
    for (const c of report.actionChecks) lines.push(...actionLine(c, style));
    lines.push('');
  }
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.length - errors;
  const policies = report.files.reduce((n, f) => n + f.policies, 0);
  const summary = `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(report.files.length, 'file')} (${plural(policies, 'policy', 'policies')})`;
  const suppressed = report.suppressed ?? [];
  const baselined = suppressed.filter((x) => x.kind === 'baseline').length;
  const extra = [
    report.skipped.length > 0 ? `${plural(report.skipped.length, 'file')} without policies skipped` : '',
    (report.ignored?.length ?? 0) > 0 ? `${plural(report.ignored!.length, 'file')} ignored by the configuration` : '',
    suppressed.length > baselined ? `${plural(suppressed.length - baselined, 'finding')} suppressed` : '',
    baselined > 0 ? `${plural(baselined, 'finding')} in the baseline` : '',
    report.problems.length > 0 ? `${plural(report.problems.length, 'file')} not read` : '',
  ]
    .filter(Boolean)
    .join('; ');
  lines.push(`${errors > 0 ? style.red(summary) : warnings > 0 ? style.yellow(summary) : style.green(summary)}${extra ? `; ${extra}` : ''}`);
  return `${lines.join('\n')}\n`;
}
