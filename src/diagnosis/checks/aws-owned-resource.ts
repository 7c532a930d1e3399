/**
 * Requests AWS refuses whatever the policies say: changes to things AWS owns or a service manages, calls
 * across partitions, GetSessionToken with temporary credentials (docs/evaluation.md, "Service rules"). Works
 * from the request alone, so a bare AccessDenied message is enough.
 */
import { awsOwnedResource, partitionMismatch, permissionFreeCall } from '../../engine/service-rules.js';
import { defineCheck } from '../check.js';
import { message } from '../rule.js';

const OWNED_MESSAGES = {
  'aws-managed-policy': 'awsManagedPolicy',
  'sso-reserved-role': 'ssoReservedRole',
  'service-linked-role': 'serviceLinkedRole',
  'aws-managed-key-alias': 'awsManagedKeyAlias',
} as const;

/** What AWS owns: the kind of thing (`aws-managed-policy`...), the resource and the action refused on it. */
type Owned = { kind: string; resource: string; action: string };

export const awsOwned = defineCheck({
  meta: {
    id: 'aws-owned-resource',
    title: 'AWS owns what the request changes',
    docs: 'docs/checks/aws-owned-resource.md',
    severity: 'error',
    messages: {
      awsManagedPolicy: message(
        (d: Owned, w) =>
          `${w.q(d.resource)} is an AWS managed policy: AWS owns it and refuses ${w.q(d.action)} whatever your policies say. Create a customer managed policy (a copy) and change that instead.`,
      ),
      ssoReservedRole: message(
        (d: Owned, w) =>
          `${w.q(d.resource)} is a role IAM Identity Center manages for a permission set: AWS refuses ${w.q(d.action)} on it ("this role is only modifiable by AWS"). Change the permission set in IAM Identity Center (management or delegated administrator account), not the role.`,
      ),
      serviceLinkedRole: message(
        (d: Owned, w) =>
          `${w.q(d.resource)} is a service-linked role: its service defines its permissions and trust policy, so AWS refuses ${w.q(d.action)} on it. Change the service's configuration, or delete the role with iam:DeleteServiceLinkedRole.`,
      ),
      awsManagedKeyAlias: message(
        (d: Owned, w) => `${w.q(d.resource)} is under \`alias/aws/\`, reserved for AWS managed keys: AWS refuses ${w.q(d.action)} on it. Use a customer managed key with an alias of your own.`,
      ),
      longTermCredentials: message(
        (d: { action: string; principal: string }, w) =>
          `${w.q(d.action)} must be called with an IAM user's long-term credentials; ${w.q(d.principal)} uses temporary credentials, so AWS refuses it whatever the policies say.`,
      ),
    },
  },
  run(ctx) {
    const r = ctx.request;
    if (!r) return [];
    const owned = awsOwnedResource(r);
    if (owned) {
      const kind = owned.data['kind'] as keyof typeof OWNED_MESSAGES;
      return [{ messageId: OWNED_MESSAGES[kind], data: { kind, resource: r.resource, action: r.action } }];
    }
    const free = permissionFreeCall(r);
    if (free?.outcome === 'refuses') return [{ messageId: 'longTermCredentials', data: { action: r.action, principal: r.principal.text } }];
    return [];
  },
});

export const partitionMismatchCheck = defineCheck({
  meta: {
    id: 'partition-mismatch',
    title: 'The principal and the resource are in different partitions',
    docs: 'docs/checks/partition-mismatch.md',
    severity: 'error',
    messages: {
      partitions: message(
        (d: { principalPartition: string; resourcePartition: string; principal: string; resource: string }, w) =>
          `The principal is in partition ${w.q(d.principalPartition)} and the resource in ${w.q(d.resourcePartition)}: access never crosses partitions, no policy can allow it. Use a principal of the resource's partition.`,
      ),
    },
  },
  run(ctx) {
    const found = ctx.request && partitionMismatch(ctx.request);
    if (!found) return [];
    const { principalPartition = '', resourcePartition = '', principal = '', resource = '' } = found.data;
    return [{ messageId: 'partitions', data: { principalPartition, resourcePartition, principal, resource } }];
  },
});
