/** How far a fix is proven, as one word for reports: never `verified` for what was not re-evaluated. */
import type { Fix } from './fix.js';

/**
 * `verified`: re-evaluated with the policies, it allows the request and every nearby request is decided as
 * before. `failed`: re-evaluated, and it does not allow the request or it allows more (`overGrants`).
 * `unverified`: not re-evaluated (a suggestion for a policy whydenied cannot see, or from the message alone).
 */
export type ProofStatus = 'verified' | 'failed' | 'unverified';

export function proofStatus(fix: Fix): ProofStatus {
  if (fix.verified) return 'verified';
  return fix.verification !== undefined ? 'failed' : 'unverified';
}
