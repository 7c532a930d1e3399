/**
 * Requests AWS refuses whatever the policies say: changes to things AWS owns or a service manages, calls
 * across partitions, GetSessionToken with temporary credentials (docs/evaluation.md, "Service rules"). Works
 * from the request alone, so a bare AccessDenied message is enough.
 */
import { awsOwnedResource, partitionMismatch, permissionFreeCall } from '../../engine/service-rules.js';
import type { Check } from '../check.js';

const OWNED_MESSAGES = {
  'aws-managed-policy': 'awsManagedPolicy',
  'sso-reserved-role': 'ssoReservedRole',
  'service-linked-role': 'serviceLinkedRole',
  'aws-managed-key-alias': 'awsManagedKeyAlias',
} as const;

export const awsOwned: Check = {
  id: 'aws-owned-resource',
  title: 'AWS owns what the request changes',
  docs: 'docs/checks/aws-owned-resource.md',
  run(ctx) {
    const r = ctx.request;
    if (!r) return [];
    const owned = awsOwnedResource(r);
    if (owned) {
      const kind = owned.data['kind'] as keyof typeof OWNED_MESSAGES;
      return [{ check: 'aws-owned-resource', severity: 'error', messageId: OWNED_MESSAGES[kind], data: { ...owned.data } }];
    }
    const free = permissionFreeCall(r);
    if (free?.outcome === 'refuses') return [{ check: 'aws-owned-resource', severity: 'error', messageId: 'longTermCredentials', data: { ...free.data } }];
    return [];
  },
};

export const partitionMismatchCheck: Check = {
  id: 'partition-mismatch',
  title: 'The principal and the resource are in different partitions',
  docs: 'docs/checks/partition-mismatch.md',
  run(ctx) {
    const r = ctx.request;
    const found = r && partitionMismatch(r);
    return found ? [{ check: 'partition-mismatch', severity: 'error', messageId: 'partitions', data: { ...found.data } }] : [];
  },
};
