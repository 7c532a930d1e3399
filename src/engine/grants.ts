/**
 * KMS grants (KMS Developer Guide, "Grants in AWS KMS"): a grant allows its grantee principal the grant's
 * operations on one key, within its encryption-context constraints, "without changing the key policy or IAM
 * policies". A Deny in any policy still wins.
 */
import type { IdentityLevel } from '../request/principal.js';
import type { Request } from '../request/request.js';

export interface CompiledGrant {
  /** The grant's name, else its place in the scenario, e.g. `kmsGrants[0]`. */
  readonly label: string;
  readonly grantee: string;
  /** `kms:decrypt`... (lowercased, with the prefix). */
  readonly operations: ReadonlySet<string>;
  /** Encryption context pairs by lowercased key (request context keys are case-insensitive here). */
  readonly subset?: ReadonlyMap<string, string>;
  readonly equals?: ReadonlyMap<string, string>;
}

const CONTEXT_PREFIX = 'kms:encryptioncontext:';

/** The request's encryption context, from its `kms:EncryptionContext:KEY` context keys. */
function encryptionContext(req: Request): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  for (const [key, values] of req.context) if (key.startsWith(CONTEXT_PREFIX)) out.set(key.slice(CONTEXT_PREFIX.length), values);
  return out;
}

function constraintsHold(grant: CompiledGrant, req: Request): boolean {
  if (!grant.subset && !grant.equals) return true;
  const context = encryptionContext(req);
  const has = (pairs: ReadonlyMap<string, string>) => [...pairs].every(([k, v]) => context.get(k)?.includes(v) === true);
  if (grant.subset && !has(grant.subset)) return false;
  if (grant.equals && !(has(grant.equals) && context.size === grant.equals.size)) return false;
  return true;
}

/**
 * The grant that allows this request and how it names the caller: a grant to the account only lets the
 * account's IAM policies allow (like a key policy naming the account); a grant to the role or the caller
 * grants by itself. Undefined when no grant applies.
 */
export function grantFor(grants: readonly CompiledGrant[], req: Request): { readonly grant: CompiledGrant; readonly level: IdentityLevel } | undefined {
  let best: { grant: CompiledGrant; level: IdentityLevel } | undefined;
  for (const grant of grants) {
    if (!grant.operations.has(req.actionLower) || !constraintsHold(grant, req)) continue;
    for (const identity of req.identities) {
      const account = identity.level === 'account' ? identity.name.split(':')[4] : undefined;
      if (identity.name !== grant.grantee && (account === undefined || account !== grant.grantee)) continue;
      if (!best || (best.level === 'account' && identity.level !== 'account')) best = { grant, level: identity.level };
    }
  }
  return best;
}
