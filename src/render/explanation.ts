/** Human output of `whydenied explain`: the verdict, the evaluation path, the findings, the fix. */
import type { ExplainedFinding, Explanation } from '../explain/explain.js';
import { POLICY_TYPE_ORDER, type PolicyType, type StatementTrace } from '../engine/types.js';
import type { Difference } from '../proof/diff.js';
import type { Fix, FixReason } from '../remedy/fix.js';
import type { Verification } from '../remedy/verify.js';
import { applyCommands } from './apply.js';
import { policyChange } from './diff.js';
import { findingMessage } from './findings.js';
import { lintMessage } from './lint-text.js';
import { problemJson, type ProblemJson } from './problems.js';
import { undecidedFields, undecidedLine } from './proof.js';
import { renderFix, type IacFormat } from './iac.js';
import { POLICY_TYPE_TITLES } from './simulation.js';
import type { Style } from './style.js';
import { traceDetail, traceJson } from './trace-detail.js';
import { own } from '../own.js';
import { visible } from './visible.js';


export const SHORT_NAMES: Record<PolicyType, string> = {
  identity: 'identity policy',
  resource: 'resource policy',
  'permissions-boundary': 'permissions boundary',
  session: 'session policy',
  scp: 'SCP',
  rcp: 'RCP',
  'vpc-endpoint': 'VPC endpoint policy',
};

const FACTS: Record<string, string> = {
  principal: 'caller',
  role: 'role',
  action: 'action',
  resource: 'resource',
  policyType: 'policy type AWS named',
  explicit: 'explicit deny',
  policyArn: 'denying policy',
  resourceName: 'resource as printed (not an ARN: the ARN is unknown)',
  authorizationId: 'authorization id',
  authorizationLink: 'details in the console',
  matchedStatements: 'statements that matched (decoded message)',
  encodedAuthorizationMessage: 'encoded authorization message',
  rejoined: 'rejoined from a line wrap (a guess, not AWS text)',
};

const CANNOT: Record<string, string> = {
  whichStatement: 'which statement decided (AWS never says): give the policies with --scenario or --policy',
  otherTypes: 'whether other policy types deny too: AWS names only one',
  policyType: 'which policy type denied: this message names none (Amazon Connect often omits it)',
  principal: 'who called: the message names no caller',
  action: 'which action: the message names none',
  resource: 'which resource: the message does not show its ARN (give it with --resource ARN)',
};

/** A part of the resource's ARN the input does not give (`resourcePart:RoleNameWithPath`), in words. */
function cannotText(item: string): string {
  const placeholder = /^resourcePart:([A-Za-z0-9]+)$/.exec(item);
  if (!placeholder) return own(CANNOT, item) ?? item;
  const words = placeholder[1]!.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return `the resource's ${words}: the input does not show it (give the resource ARN with --resource ARN)`;
}

/** What each likely cause (`Explanation.messageOnly.likelyCauses`) means. */
export const LIKELY_CAUSES: Readonly<Record<string, string>> = {
  instanceArnInsteadOfFlow:
    'the identity policy names the instance ARN (arn:aws:connect:REGION:ACCOUNT:instance/ID) but StartChatContact is authorized on the contact-flow ARN (.../instance/ID/contact-flow/FLOW_ID)',
  actionMissing: 'no identity policy statement allows the action at all (or it is misspelled)',
  sourceIpWithEndpoint: 'a condition on aws:SourceIp, while the call comes through a VPC endpoint (where aws:SourceIp is absent)',
  resourceMismatch: "the statements allowing the action name other resources than the requested one",
  conditionFails: 'a condition of the allowing statement fails (tags, source network, time)',
  scpDeny: 'a service control policy denies the action, or some organization level does not allow it',
  boundary: 'the role\'s permissions boundary does not allow the action',
  sessionPolicy: 'a session policy scopes the session down (Amazon Cognito identity-pool credentials always have one)',
  identityDeny: 'a Deny statement in one of the identity policies applies (often a guardrail such as a Region or tag restriction)',
  boundaryDeny: 'a Deny statement in the permissions boundary applies',
  vpcEndpointPolicy: 'the VPC endpoint policy does not allow the action for this principal or resource',
  resourcePolicy: 'the resource-based policy does not allow the caller (or denies it)',
  rcpDeny: 'a resource control policy denies the action, or some organization level does not allow it',
  trustPolicy: "the trust policy of the role being assumed does not name the caller (fix it in that role's trust policy, not in the caller's policies)",
  anonymousCaller: 'the request is unsigned (anonymous): there is no identity policy; only the resource policy can allow it (or sign the request with credentials)',
  permissionSetMissing: 'the permission set behind this AWSReservedSSO_* role does not allow the action (change the permission set in IAM Identity Center; edits to the role itself are overwritten)',
  serviceLinkedRole: 'the service-linked role cannot be edited: its policies are managed by AWS; look at the resource policy, a key policy, or the service configuration',
};

export const FIX_REASONS: Record<FixReason, string> = {
  fixResource: 'name the requested ARN in the statement that already allows the action (patterns of a resource type the action is never authorized on are dropped)',
  addStatement: 'add a statement for exactly this action and resource, keeping the conditions of the closest statement',
  useSourceVpce: 'allow the call through the VPC endpoint by aws:SourceVpce instead of aws:SourceIp',
  attachPolicy: 'attach a policy that allows exactly this action on this resource',
  boundary: 'the permissions boundary must allow the action too (its owner must change it)',
  sessionPolicy: 'the session policy passed to AssumeRole must allow the action too (change the code or service that assumes the role)',
  scpException: 'an exception for this role in the SCP statement (the organization\'s administrators must apply it)',
  callFromBackend: 'call the action from a backend whose role has this policy, not from the browser with Cognito credentials',
  assumeRoleInResourceAccount: "create (or use) a role in the resource's account with this policy, and have the caller assume it (its trust policy must name the caller)",
  ifIdentityIsTheCause: 'if the identity policy is the cause, attach this policy (not verified: the policies were not given)',
  permissionSet: 'add this to the permission set in IAM Identity Center (not verified: the policies were not given)',
  keyPolicyAllow: "add a statement to the KMS key's key policy that allows exactly this action to the caller (IAM policies alone grant nothing on a KMS key)",
  trustPolicyAllow: "add a statement to the role's trust policy that allows exactly this action to the caller",
  keyPolicyAllowUnseen: 'add this statement to the key policy (it was not given: keep its other statements)',
  trustPolicyAllowUnseen: "add this statement to the role's trust policy (it was not given: keep its other statements)",
};

function verdict(e: Explanation, style: Style): string {
  const r = e.request;
  const what = r ? visible(`${r.action ?? 'an unknown action'} on ${r.resource ?? (e.messageOnly ? 'an unknown resource' : '*')} by ${r.principal ?? 'an unknown caller'}`) : 'the request';
  const cause = e.findings.find((f) => f.severity === 'error');
  const head =
    e.decision === 'allow'
      ? `${style.yellow(style.bold('ALLOWED BY THE GIVEN POLICIES'))}  ${what}`
      : `${style.red(style.bold(e.decision === 'unknown' ? 'DENIED' : e.decision === 'explicit-deny' ? 'DENIED (explicit deny)' : 'DENIED (no allow)'))}  ${what}`;
  return cause ? `${head}\n  ${style.bold(cause.check)}: ${visible(findingMessage(cause))}` : head;
}

function path(e: Explanation, style: Style): string[] {
  const lines = [style.bold('Evaluation path')];
  for (const type of POLICY_TYPE_ORDER) {
    const statements = e.statements.filter((s) => s.policyType === type);
    if (statements.length === 0) continue;
    const denies = e.deniedBy.includes(type);
    lines.push(`  ${POLICY_TYPE_TITLES[type]}: ${denies ? style.red('denies') : style.green('allows')}`);
    const shown = statements.filter((s) => denies || (s.matched && s.effect === 'Deny'));
    // A long policy: the deciding and the matching statements, and how many others did not match.
    const brief = shown.length > PATH_STATEMENTS ? shown.filter((s) => s.matched || isDeciding(s, e)) : shown;
    for (const s of brief) lines.push(statementLine(s, e, style));
    if (brief.length < shown.length) lines.push(style.dim(`    · ${shown.length - brief.length} other statements do not match the request (--json lists them)`));
  }
  return lines;
}

/** Up to this many statements of a policy type are listed in the evaluation path one by one. */
const PATH_STATEMENTS = 8;

function isDeciding(s: StatementTrace, e: Explanation): boolean {
  // The engine names the statements that decided an explicit deny or an allow; for an implicit deny, the
  // statements the diagnosis blames (the closest Allows).
  return e.determining.length > 0
    ? e.determining.some((d) => d.policyType === s.policyType && d.policy === s.policy && d.statement === s.statement && d.target === s.target)
    : e.findings.some((f) => f.severity === 'error' && f.policy === s.policy && f.statement === s.statement);
}

function statementLine(s: StatementTrace, e: Explanation, style: Style): string {
  const deciding = isDeciding(s, e);
  const mark = s.matched ? (s.effect === 'Deny' ? style.red('✗') : style.green('✓')) : style.dim('·');
  const name = visible(`${s.target !== undefined ? `${s.target} / ` : ''}${s.policy} › ${s.statement} (${s.effect})`);
  return `    ${mark} ${deciding ? style.bold(`${name}  ◀ decides`) : name}\n        ${style.dim(visible(traceDetail(s)))}`;
}

function requestWords(d: Difference): string {
  const context = Object.entries(d.context);
  return `${visible(d.action)} on ${visible(d.resource)}${context.length > 0 ? ` (${context.map(([k, v]) => visible(`${k}=${String(v)}`)).join(', ')})` : ''}${d.similar > 0 ? ` and ${d.similar} similar` : ''}`;
}

function proofWords(v: Verification): string {
  if (v.proof === 'proven') return 'proven: no other request by this principal becomes allowed (whydenied diff)';
  if (v.proof === 'refuted') return `NOT proven: it also allows ${v.grants.slice(0, 3).map(requestWords).join('; ')}${v.grants.length > 3 ? '; …' : ''}`;
  return `not proven: ${v.undecided.map(undecidedLine).join('; ') || 'some cases could not be decided'}`;
}

/** `explain` shows how to apply each fix (the AWS CLI commands); `out`: the file `--out` wrote the first fix to. */
export interface ApplyOptions {
  readonly out?: string;
}

/** The file the apply commands read fix `index`'s document from: `--out`'s for the first, else a name to save it as. */
function fixFile(fix: Fix, index: number, out: string | undefined): string {
  return index === 0 && out !== undefined ? out : `${fix.holder.name}.json`;
}

function fixBlock(fix: Fix, index: number, format: IacFormat, apply: ApplyOptions | undefined, style: Style): string[] {
  const out = apply?.out;
  const status = fix.verified ? style.green('verified') : style.yellow('not verified');
  const lines = [style.bold(`${fix.kind === 'fix' ? 'Fix' : 'Suggestion'} (${status}): ${own(FIX_REASONS, fix.reason) ?? fix.reason}`)];
  lines.push(`  ${fix.change === 'replace' ? `new version of the ${SHORT_NAMES[fix.policyType]} ${visible(fix.target)}` : `new policy to attach to ${visible(fix.target)}`}`);
  if (fix.verification) {
    const v = fix.verification;
    lines.push(
      `  re-evaluated: ${v.allows ? 'the request is now allowed' : 'still denied (another cause remains)'}; ${v.probes} nearby requests decided as before${v.overGrants.length > 0 ? `, except ${v.overGrants.length}: ${v.overGrants.slice(0, 3).join(', ')}${v.overGrants.length > 3 ? ', …' : ''}` : ''}`,
    );
    lines.push(`  proof: ${proofWords(v)}`);
  }
  for (const f of fix.lint ?? []) {
    lines.push(`  ${style.yellow('lint')}: ${f.severity} ${f.rule}${f.statement !== undefined ? visible(` › ${f.statement}`) : ''}: ${visible(lintMessage(f))} (so not offered as verified)`);
  }
  if (fix.before && format === 'json') {
    lines.push('', policyChange(JSON.stringify(fix.before, null, 2), JSON.stringify(fix.document, null, 2)).split('\n').map((l) => `  ${l.startsWith('+') ? style.green(l) : l.startsWith('-') ? style.red(l) : l}`).join('\n'));
  } else {
    lines.push('', indent(renderFix(fix.document, format, fix.holder)));
  }
  const file = fixFile(fix, index, out);
  const commands = format === 'json' && apply ? applyCommands(fix, file) : [];
  if (commands.length > 0) {
    const saved = index === 0 ? (out !== undefined ? `written to ${visible(out)}` : `save the whole document first: --out ${visible(file)}`) : `save the whole document first (--json has it) as ${visible(file)}`;
    lines.push('', `  apply it (${saved}):`, ...commands.map((c) => `    ${visible(c)}`));
    if (fix.holder.kind === 'managed-policy') lines.push(style.dim('    (a managed policy keeps at most 5 versions: with 5, delete one first with aws iam delete-policy-version)'));
  }
  if (fix.alternative) {
    const alt = fix.alternative;
    lines.push('', `  broader alternative (${alt.verified ? 'verified' : 'not verified'}): ${visible(alt.resource)}`);
    if (alt.adds) lines.push(`    beyond the fix it also allows: ${alt.adds.length === 0 ? 'nothing' : alt.adds.map(requestWords).join('; ')}`);
  }
  return lines;
}

function indent(text: string): string {
  return text.trimEnd().split('\n').map((l) => `  ${l}`).join('\n');
}

export function renderExplanation(e: Explanation, format: IacFormat, style: Style, apply?: ApplyOptions): string {
  const lines = [verdict(e, style), ''];
  if (e.rejoined && e.rejoined.length > 0) {
    lines.splice(1, 0, style.yellow(`  note: rejoined a line break inside ${e.rejoined.map((r) => `\`${r}\``).join(', ')} (a wrap in the pasted text); causes that rest on it are not treated as proven`));
  }
  if (e.unread && e.unread.length > 0) {
    lines.push(style.yellow(style.bold('The decision depends on what could not be read')));
    for (const u of e.unread) lines.push(style.yellow(`  - ${visible(u.what)} (${visible(u.call === 'none' ? 'no API returns it' : u.call)}: ${visible(u.reason)})`));
    lines.push(style.yellow('  It is unknown, not empty: grant those calls (whydenied policy --self) or give the policies as files. No fix below is verified.'), '');
  }
  for (const l of e.denyOnlyLevels ?? []) {
    const held = l.policies.length === 0 ? 'no policy is attached' : `${l.policies.map((p) => visible(p)).join(', ')} ${l.policies.length === 1 ? 'holds' : 'hold'} only Deny statements`;
    lines.push(
      style.yellow(`warning: at the SCP level \`${visible(l.level)}\` ${held}: nothing is allowed at that level, so every request is implicitly denied there.`),
      style.yellow('  AWS attaches FullAWSAccess to every root, OU and account unless someone removed it: if it is attached there, give it in the same level (--scp-level FullAWSAccess.json,guardrail.json).'),
      '',
    );
  }
  if (e.statements.length > 0) lines.push(...path(e, style), '');
  if (e.messageOnly) {
    const m = e.messageOnly;
    lines.push(style.bold('What the message proves'));
    for (const p of m.proves) lines.push(`  ${own(FACTS, p.fact) ?? p.fact}: ${visible(p.value)}`);
    lines.push(style.bold('What it cannot prove'));
    for (const c of m.cannotProve) lines.push(`  - ${cannotText(c)}`);
    if (m.likelyCauses.length > 0) {
      lines.push(style.bold('Most likely causes, in order'));
      m.likelyCauses.forEach((c, i) => lines.push(`  ${i + 1}. ${own(LIKELY_CAUSES, c) ?? c}`));
    }
    if (m.commands.length > 0) {
      lines.push(style.bold('Fetch the policies (read-only), then run again with --policy / --scenario'));
      for (const c of m.commands) lines.push(`  ${c}`);
      if (m.commands.some((c) => c.startsWith('aws sts decode-authorization-message'))) lines.push('  then: whydenied explain MESSAGE --decoded decoded.json   (the decoded message names the matched statements and the whole request context)');
      if (m.commands.some((c) => c.startsWith('aws iam-toolbox get-request-authorization-details'))) lines.push('  (GetRequestAuthorizationDetails returns the denying statement; it needs iam:GetRequestAuthorizationDetails)');
      if (m.commands.some((c) => c.startsWith('aws organizations describe-policy'))) lines.push('  (run describe-policy from the management account or a delegated administrator account)');
    }
    lines.push('');
  }
  const shown = e.findings.slice(0, 12);
  if (shown.length > 0) {
    lines.push(style.bold('Findings'));
    for (const f of shown) {
      const where = f.policy ? visible(` ${f.policy}${f.statement ? ` › ${f.statement}` : ''}`) : '';
      const sev = f.severity === 'error' ? style.red(f.severity) : f.severity === 'warning' ? style.yellow(f.severity) : f.severity;
      lines.push(`  ${sev} ${f.check}${where}`, `    ${visible(findingMessage(f))}`);
    }
    if (e.findings.length > shown.length) lines.push(`  ... and ${e.findings.length - shown.length} more (--json shows all)`);
    lines.push('');
  }
  e.fixes.forEach((fix, i) => lines.push(...fixBlock(fix, i, format, apply, style), ''));
  if (!e.determined) lines.push(style.yellow('Could not determine the cause from what was given (exit code 3).'), '');
  return lines.join('\n').trimEnd() + '\n';
}

export type FindingJson = ExplainedFinding & { readonly message: string };
/** A fix as `--json` prints it: with the commands that apply its document, and its `--format` rendering. */
export type FixJson = Omit<Fix, 'verification'> & {
  readonly verification?: Omit<Verification, 'errors' | 'undecided'> & { readonly errors: readonly ProblemJson[] } & ReturnType<typeof undecidedFields>;
  readonly apply: readonly string[];
  readonly format?: IacFormat;
  readonly rendered?: string;
};
export type ExplanationJson = Omit<Explanation, 'findings' | 'statements' | 'fixes' | 'warnings'> & {
  readonly findings: readonly FindingJson[];
  readonly warnings: readonly ProblemJson[];
  readonly statements: readonly ReturnType<typeof traceJson>[];
  readonly fixes: readonly FixJson[];
};

/** A finding as `--json` prints it: the data, and its words beside them. */
export function findingJson(f: ExplainedFinding): FindingJson {
  const { check, severity, policyType, policy, statement, messageId, data } = f;
  return {
    check,
    severity,
    ...(policyType !== undefined && { policyType }),
    ...(policy !== undefined && { policy }),
    ...(statement !== undefined && { statement }),
    message: findingMessage(f),
    messageId,
    data,
  } as FindingJson;
}

/** The explanation as `--json` prints it: explain()'s data with the words of each finding. */
export function explanationJson(e: Explanation, format: IacFormat = 'json', apply: ApplyOptions = {}): ExplanationJson {
  const fixes = e.fixes.map((fix, i): FixJson => ({
    ...fix,
    apply: applyCommands(fix, fixFile(fix, i, apply.out)),
    ...(format !== 'json' && { format, rendered: renderFix(fix.document, format, fix.holder) }),
    // In place (the key keeps its position in the fix); absent stays absent (JSON drops undefined).
    verification: fix.verification && { ...fix.verification, ...undecidedFields(fix.verification.undecided), errors: fix.verification.errors.map(problemJson) },
  }));
  return { ...e, findings: e.findings.map(findingJson), statements: e.statements.map(traceJson), fixes, warnings: e.warnings.map(problemJson) };
}
