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

export const awsOwned = defineCheck({
  meta: {
    id: 'aws-owned-resource',
    title: 'AWS owns what the request changes',
    docs: 'docs/checks/aws-owned-resource.md',
    severity: 'error',
    messages: { awsManagedPolicy: message(), ssoReservedRole: message(), serviceLinkedRole: message(), awsManagedKeyAlias: message(), longTermCredentials: message() },
  },
  run(ctx) {
    const r = ctx.request;
    if (!r) return [];
    const owned = awsOwnedResource(r);
    if (owned) return [{ messageId: OWNED_MESSAGES[owned.data['kind'] as keyof typeof OWNED_MESSAGES], data: { ...owned.data } }];
    const free = permissionFreeCall(r);
    if (free?.outcome === 'refuses') return [{ messageId: 'longTermCredentials', data: { ...free.data } }];
    return [];
  },
});

export const partitionMismatchCheck = defineCheck({
  meta: {
    id: 'partition-mismatch',
    title: 'The principal and the resource are in different partitions',
    docs: 'docs/checks/partition-mismatch.md',
    severity: 'error',
    messages: { partitions: message() },
  },
  run(ctx) {
    const found = ctx.request && partitionMismatch(ctx.request);
    return found ? [{ messageId: 'partitions', data: { ...found.data } }] : [];
  },
});
