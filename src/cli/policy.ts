/** `whydenied policy ACTION|RECIPE ...`: a least-privilege identity policy, self-checked, in the format asked. */
import { parseArgs } from 'node:util';
import { parseArn } from '../policy/arn.js';
import { buildPolicy, type PolicyRequest } from '../remedy/policy-builder.js';
import { renderPolicy, type IacFormat } from '../render/iac.js';
import { renderNotes } from '../render/policy-notes.js';
import { argumentMessage, EXIT, usageError, type Io } from './io.js';
import { setOwn } from '../own.js';

const FORMATS: readonly IacFormat[] = ['json', 'cloudformation', 'terraform', 'cdk'];

export const POLICY_HELP = `Usage:
  whydenied policy connect:StartChatContact --instance ARN --flow FLOW_ID
  whydenied policy connect:StartChatContact --region us-east-1 --account 111122223333 --instance-id ID --flow '*'
  whydenied policy chat-backend --instance ARN --flow ID [--with describe-instance,contact-attributes,stop-contact,describe-flow]
  whydenied policy ACTION ... [--id Placeholder=VALUE ...]   IDs of other services' ARN templates (e.g. --id BucketName=reports)
  whydenied policy --self       the read-only policy whydenied itself needs for --live, collect and doctor

Conditions (one of):
  --source-vpce vpce-0a1b2c3d   only through this VPC endpoint (aws:SourceVpce)
  --source-vpc vpc-0a1b         only through endpoints in this VPC (aws:SourceVpc)
  --source-ip 203.0.113.0/24    only from these addresses (aws:SourceIp; absent on VPC endpoint traffic)

Output:
  --format json|cloudformation|terraform|cdk   (default json: pipe it into aws iam put-role-policy --policy-document file:///dev/stdin)
  --name NAME            the policy's name in CloudFormation, Terraform and CDK
  --parameterize         CloudFormation/Terraform/CDK refer to the stack's Region and account instead of literals
  --json                 print { document, checks, notes } instead
stdout holds only the policy; the reasons for each choice and the self-check go to stderr.

Exit codes: 0 written, 1 bad input or usage (or a failed self-check, which prints no policy)
`;

export async function policyCommand(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        instance: { type: 'string' },
        'instance-id': { type: 'string' },
        flow: { type: 'string' },
        region: { type: 'string' },
        account: { type: 'string' },
        partition: { type: 'string' },
        id: { type: 'string', multiple: true },
        with: { type: 'string' },
        'source-vpce': { type: 'string' },
        'source-vpc': { type: 'string' },
        'source-ip': { type: 'string' },
        format: { type: 'string' },
        name: { type: 'string' },
        parameterize: { type: 'boolean' },
        json: { type: 'boolean' },
        self: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return usageError(io, argumentMessage(e), 'run `whydenied policy --help` for the options');
  }
  const { values: v, positionals } = parsed;
  if (v.help) {
    io.out(POLICY_HELP);
    return EXIT.ok;
  }
  if (v.self) {
    // The read-only policy whydenied itself needs for --live, collect and doctor.
    const format = (v.format ?? 'json') as IacFormat;
    if (!FORMATS.includes(format)) return usageError(io, `unknown format \`${v.format}\``, `use one of ${FORMATS.join(', ')}`);
    const { SELF_POLICY } = await import('../aws/self-policy.js');
    io.out(renderPolicy(SELF_POLICY as never, format, { name: v.name ?? 'WhydeniedReadOnly' }));
    return EXIT.ok;
  }
  if (positionals.length === 0) return usageError(io, 'policy needs at least one action or recipe', 'e.g. `whydenied policy connect:StartChatContact --instance ARN --flow ID`');
  const format = (v.format ?? 'json') as IacFormat;
  if (!FORMATS.includes(format)) return usageError(io, `unknown format \`${v.format}\``, `use one of ${FORMATS.join(', ')}`);

  const ids: Record<string, string> = {};
  let partition = v.partition;
  let region = v.region;
  let account = v.account;
  if (v.instance !== undefined) {
    const arn = parseArn(v.instance);
    const instance = arn && /^instance\/([^/]+)$/.exec(arn.resource);
    if (!arn || arn.service !== 'connect' || !instance) return usageError(io, `\`${v.instance}\` is not an Amazon Connect instance ARN`, 'e.g. arn:aws:connect:us-east-1:111122223333:instance/9f8e7d6c-1a2b-4c3d-8e9f-0a1b2c3d4e5f; or give --instance-id with --region and --account');
    ids['InstanceId'] = instance[1]!;
    partition ??= arn.partition;
    region ??= arn.region;
    account ??= arn.account;
  }
  if (v['instance-id'] !== undefined) ids['InstanceId'] = v['instance-id'];
  if (v.flow !== undefined) ids['ContactFlowId'] = v.flow;
  for (const pair of v.id ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return usageError(io, `\`--id ${pair}\` is not Placeholder=VALUE`, 'e.g. --id BucketName=reports');
    setOwn(ids, pair.slice(0, eq), pair.slice(eq + 1));
  }
  const request: PolicyRequest = {
    targets: positionals,
    ...(v.with !== undefined && { with: v.with.split(',').map((s) => s.trim()).filter(Boolean) }),
    ...(partition !== undefined && { partition }),
    ...(region !== undefined && { region }),
    ...(account !== undefined && { account }),
    ids,
    ...(v['source-vpce'] !== undefined && { sourceVpce: v['source-vpce'] }),
    ...(v['source-vpc'] !== undefined && { sourceVpc: v['source-vpc'] }),
    ...(v['source-ip'] !== undefined && { sourceIp: v['source-ip'] }),
  };
  const result = buildPolicy(request);
  if (!result.ok) return usageError(io, result.message, result.hint);
  if (result.checks.some((c) => !c.ok)) {
    io.err(renderNotes(result.notes, result.checks));
    io.err('whydenied: internal error: the generated policy failed its own self-check, so it was not printed\n');
    return EXIT.badInput;
  }
  if (v.json) {
    io.out(`${JSON.stringify({ document: result.document, checks: result.checks, notes: result.notes }, null, 2)}\n`);
    return EXIT.ok;
  }
  const name = v.name ?? positionals.map((t) => t.slice(t.indexOf(':') + 1)).join('-').replace(/[^A-Za-z0-9+=,.@_-]/g, '').slice(0, 120);
  const parameterize = v.parameterize ? { ...(region !== undefined && { region }), ...(account !== undefined && { account }), partition: true } : undefined;
  try {
    io.out(renderPolicy(result.document as never, format, { name, ...(parameterize && { parameterize }) }));
  } catch (e) {
    return usageError(io, (e as Error).message);
  }
  io.err(renderNotes(result.notes, result.checks));
  return EXIT.ok;
}
