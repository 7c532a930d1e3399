/** `whydenied policy ACTION|RECIPE ...`: a least-privilege identity policy, self-checked, in the format asked. */
import { parseArn } from '../policy/arn.js';
import { buildPolicy, type PolicyRequest } from '../remedy/policy-builder.js';
import { renderPolicy } from '../render/iac.js';
import { problemHint, problemMessage } from '../render/problems.js';
import { renderNotes } from '../render/policy-notes.js';
import { undecidedFields } from '../render/proof.js';
import type { CommandInput } from './command.js';
import type { policy } from './commands/policy.js';
import { EXIT, usageError, type Io } from './io.js';

export async function run({ values: v, args: positionals }: CommandInput<typeof policy.options>, io: Io): Promise<number> {
  if (v.self) {
    // The read-only policy whydenied itself needs for --live, collect and doctor.
    const { SELF_POLICY } = await import('../aws/self-policy.js');
    io.out(renderPolicy(SELF_POLICY, v.format, { name: v.name ?? 'WhydeniedReadOnly' }));
    return EXIT.ok;
  }
  if (positionals.length === 0) return usageError(io, 'policy needs at least one action or recipe', 'e.g. `whydenied policy connect:StartChatContact --instance ARN --flow ID`');

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
  const request: PolicyRequest = {
    targets: positionals,
    ...(v.with !== undefined && { with: v.with.split(',').map((s) => s.trim()).filter(Boolean) }),
    ...(partition !== undefined && { partition }),
    ...(region !== undefined && { region }),
    ...(account !== undefined && { account }),
    ids: { ...ids, ...v.id },
    ...(v['source-vpce'] !== undefined && { sourceVpce: v['source-vpce'] }),
    ...(v['source-vpc'] !== undefined && { sourceVpc: v['source-vpc'] }),
    ...(v['source-ip'] !== undefined && { sourceIp: v['source-ip'] }),
  };
  const result = buildPolicy(request);
  if (!result.ok) return usageError(io, problemMessage(result.problem), problemHint(result.problem));
  if (result.checks.some((c) => !c.ok) || result.proof.proof === 'refuted') {
    io.err(renderNotes(result.notes, result.checks, result.proof));
    io.err('whydenied: internal error: the generated policy failed its own self-check, so it was not printed\n');
    return EXIT.badInput;
  }
  if (v.json) {
    io.out(`${JSON.stringify({ document: result.document, checks: result.checks, proof: { ...result.proof, ...undecidedFields(result.proof.undecided) }, notes: result.notes }, null, 2)}\n`);
    return EXIT.ok;
  }
  const name = v.name ?? positionals.map((t) => t.slice(t.indexOf(':') + 1)).join('-').replace(/[^A-Za-z0-9+=,.@_-]/g, '').slice(0, 120);
  const parameterize = v.parameterize ? { ...(region !== undefined && { region }), ...(account !== undefined && { account }), partition: true } : undefined;
  try {
    io.out(renderPolicy(result.document, v.format, { name, ...(parameterize && { parameterize }) }));
  } catch (e) {
    return usageError(io, (e as Error).message);
  }
  io.err(renderNotes(result.notes, result.checks, result.proof));
  return EXIT.ok;
}
