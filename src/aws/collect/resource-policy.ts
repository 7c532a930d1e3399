/**
 * The resource policies that must allow explicitly (docs/evaluation.md, "The grant"): a KMS key's key policy
 * and grants (kms:GetKeyPolicy, kms:ListGrants), a role's trust policy (iam:GetRole). Read-only.
 */
import { GetKeyPolicyCommand, ListGrantsCommand } from '@aws-sdk/client-kms';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import type { Arn } from '../../policy/arn.js';
import type { KmsGrant, NamedPolicy } from '../../scenario/types.js';
import { decodePolicyDocument } from './iam.js';
import type { Reader } from './reader.js';

export interface KeyRead {
  readonly keyPolicy?: NamedPolicy;
  readonly grants?: readonly KmsGrant[];
}

/** The key policy (`default`, the only name KMS uses) and every grant of the key. */
export async function readKey(reader: Reader, key: Arn, keyArn: string): Promise<KeyRead> {
  const kms = reader.clients.kms(key.region);
  const [policy, grants] = await Promise.all([
    reader.read(`the key policy of ${keyArn}`, ['resource'], () =>
      reader.call('kms:GetKeyPolicy', () => kms.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }))),
    ),
    reader.read(`the grants of ${keyArn}`, ['resource'], () =>
      reader.pages(async (marker) => {
        const out = await reader.call('kms:ListGrants', () => kms.send(new ListGrantsCommand({ KeyId: keyArn, ...(marker !== undefined && { Marker: marker }) })));
        return { items: out.Grants, next: out.Truncated ? out.NextMarker : undefined };
      }),
    ),
  ]);
  return {
    ...(policy?.Policy !== undefined && { keyPolicy: { name: 'key policy', arn: keyArn, document: decodePolicyDocument(policy.Policy) } }),
    ...(grants && {
      grants: grants.flatMap((g): KmsGrant[] =>
        g.GranteePrincipal === undefined || !g.Operations?.length
          ? []
          : [
              {
                name: g.Name || g.GrantId || 'grant',
                grantee: g.GranteePrincipal,
                operations: g.Operations,
                ...(g.Constraints && {
                  constraints: {
                    ...(g.Constraints.EncryptionContextSubset && { encryptionContextSubset: g.Constraints.EncryptionContextSubset }),
                    ...(g.Constraints.EncryptionContextEquals && { encryptionContextEquals: g.Constraints.EncryptionContextEquals }),
                  },
                }),
              },
            ],
      ),
    }),
  };
}

/** A role's trust policy (AssumeRolePolicyDocument of iam:GetRole). */
export async function readTrustPolicy(reader: Reader, role: Arn, roleArn: string): Promise<NamedPolicy | undefined> {
  const name = role.resource.slice(role.resource.lastIndexOf('/') + 1);
  const out = await reader.read(`the trust policy of role ${name}`, ['resource'], () => reader.call('iam:GetRole', () => reader.clients.iam.send(new GetRoleCommand({ RoleName: name }))));
  const document = out?.Role?.AssumeRolePolicyDocument;
  return document === undefined ? undefined : { name: 'trust policy', arn: roleArn, document: decodePolicyDocument(document) };
}
