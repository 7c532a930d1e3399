/**
 * KMS key policies and role trust policies must allow explicitly ("IAM role trust policies and KMS key
 * policies are exceptions to this logic, because they must explicitly allow access for principals", IAM
 * User Guide, "Policy evaluation logic"): an identity policy alone grants nothing there.
 */
import { explicitResourcePolicy, type ExplicitResourcePolicy } from '../../engine/service-rules.js';
import { defineCheck, type CheckLocation, type DiagnosisContext, type FixIntent } from '../check.js';
import { message, type Report } from '../rule.js';

type Data = { action: string; resource: string; principal: string };

/** The words of a policy that must allow explicitly: the KMS key policy, or the role's trust policy. */
const keyMessages = {
  notGiven: message(
    (d: Data, w) =>
      `${w.q(d.action)} on a KMS key is allowed only if the key policy allows it, and no key policy was given: whydenied decided as if it allowed nothing. ` +
      "Read it (`aws kms get-key-policy --key-id KEY --policy-name default`) and add it as the scenario's `resourcePolicy`.",
  ),
  notAllowing: message(
    (d: Data, w) =>
      `The key policy has no Allow for ${w.q(d.action)} by ${w.q(d.principal)} or its account: for a KMS key, IAM policies grant nothing unless the key policy allows it (the default key policy's account statement does).`,
  ),
  identityAllowNotEnough: message(
    (d: Data, w) =>
      `The identity policy allows ${w.q(d.action)}, but the key policy neither allows ${w.q(d.principal)} nor enables IAM policies for its account: without that, IAM policies that allow have no effect on a KMS key.`,
  ),
  mustAllowToo: message(
    (d: Data, w) => `${w.q(d.resource)} is a KMS key: besides the caller's IAM policy, its key policy must allow ${w.q(d.action)} (naming the caller or its account), or a grant must.`,
  ),
};
const trustMessages: typeof keyMessages = {
  notGiven: message(
    (d: Data, w) =>
      `${w.q(d.action)} on a role is allowed only if the role's trust policy allows it, and no trust policy was given: whydenied decided as if it allowed nothing. ` +
      "Read it (`aws iam get-role --role-name ROLE`, AssumeRolePolicyDocument) and add it as the scenario's `resourcePolicy`.",
  ),
  notAllowing: message(
    (d: Data, w) =>
      `The trust policy of ${w.q(d.resource)} has no Allow for ${w.q(d.action)} by ${w.q(d.principal)} (or its account), with conditions the request meets: a role trust policy must allow the caller explicitly.`,
  ),
  identityAllowNotEnough: message(
    (d: Data, w) =>
      `The caller's identity policy allows ${w.q(d.action)}, but the trust policy of ${w.q(d.resource)} does not trust ${w.q(d.principal)} or its account: both are needed.`,
  ),
  mustAllowToo: message(
    (d: Data, w) => `${w.q(d.resource)} is a role: besides the caller's IAM policy, the role's trust policy must allow ${w.q(d.action)} for ${w.q(d.principal)} (or its account).`,
  ),
};
type PolicyMessages = typeof keyMessages;

function run(policy: ExplicitResourcePolicy, ctx: DiagnosisContext): Report<PolicyMessages, CheckLocation | undefined, FixIntent>[] {
  const r = ctx.request;
  if (!r || explicitResourcePolicy(r) !== policy) return [];
  const data = { action: r.action, resource: r.resource, principal: r.principal.principalArn ?? r.principal.text };
  if (!ctx.result) {
    // Only a message: the policy AWS names may be the identity side, but this one must allow too.
    return [{ messageId: 'mustAllowToo', severity: 'warning', data }];
  }
  const rule = ctx.result.awsRules.find((a) => a.rule === (policy === 'key-policy' ? 'key-policy-required' : 'trust-policy-required'));
  if (!rule) return [];
  // Callers with no identity policies (services, web identity) have only the resource side.
  const hasIdentitySide = r.principal.hasIdentityPolicies || r.principal.kind === 'root';
  const identityAllows = hasIdentitySide && !ctx.result.deniedBy.includes('identity');
  const messageId = rule.data['policyGiven'] === 'true' ? (identityAllows ? 'identityAllowNotEnough' : 'notAllowing') : 'notGiven';
  return [{ messageId, severity: messageId === 'notGiven' ? 'warning' : 'error', data, location: { policyType: 'resource' }, fix: { kind: 'allow-in-resource-policy', policy } }];
}

export const keyPolicyNotAllowing = defineCheck({
  meta: { id: 'key-policy-not-allowing', title: 'The KMS key policy does not allow the caller', docs: 'docs/checks/key-policy-not-allowing.md', severity: 'error', messages: keyMessages },
  run: (ctx) => run('key-policy', ctx),
});

export const trustPolicyNotAllowing = defineCheck({
  meta: { id: 'trust-policy-not-allowing', title: "The role's trust policy does not allow the caller", docs: 'docs/checks/trust-policy-not-allowing.md', severity: 'error', messages: trustMessages },
  run: (ctx) => run('trust-policy', ctx),
});
