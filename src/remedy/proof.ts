/** How far a fix is proven, as one word for reports: never `verified` for what was not re-evaluated. */
import type { Fix } from './fix.js';

/**
 * `verified`: re-evaluated with the policies, it allows the request, the proof (whydenied diff) shows it
 * allows nothing more, and every nearby request is decided as before. `failed`: re-evaluated, and it does
 * not allow the request or it allows more (`overGrants`, or the proof's `grants`). `unverified`: not
 * re-evaluated (a suggestion for a policy whydenied cannot see, or from the message alone), or the proof
 * could not decide every case (policy variables).
 */
export type ProofStatus = 'verified' | 'failed' | 'unverified';

export function proofStatus(fix: Fix): ProofStatus {
  if (fix.verified) return 'verified';
  const v = fix.verification;
  if (v !== undefined && v.proof === 'undecided' && v.allows && v.overGrants.length === 0 && v.errors.length === 0) return 'unverified';
  return v !== undefined ? 'failed' : 'unverified';
}
