/**
 * The role allows the action but a session policy does not. Amazon Cognito identity-pool sessions get a
 * scope-down policy (for unauthenticated identities AmazonCognitoUnAuthedIdentitiesSessionPolicy, which
 * allows no connect:* action): call StartChatContact from a backend instead.
 */
import type { Check } from '../check.js';

/**
 * Amazon Cognito's enhanced (simplified) flow names every session `CognitoIdentityCredentials`; only that flow
 * adds the scope-down policy. A role name alone (`Cognito_PoolUnauth_Role`) proves nothing: the basic flow
 * and backends may assume the same role under their own session names.
 */
export function isCognitoSession(principal: string): boolean {
  return /:assumed-role\/[^/]+\/CognitoIdentityCredentials$/.test(principal);
}

export const sessionPolicyScopeDown: Check = {
  id: 'session-policy-scope-down',
  title: 'A session policy scopes the role down',
  docs: 'docs/checks/session-policy-scope-down.md',
  run(ctx) {
    const principal = ctx.request?.principal.text ?? ctx.denial?.principal ?? '';
    const cognito = isCognitoSession(principal);
    const bySession = ctx.result?.deniedBy.includes('session') ?? ctx.denial?.policyType === 'session';
    const identityAllows = ctx.result ? !ctx.result.deniedBy.includes('identity') : undefined;
    // Cognito's scope-down policy is never in the policies people paste: with only the role's policies given
    // (and allowing), it is the cause.
    const cognitoNotGiven = cognito && ctx.scenario !== undefined && ctx.scenario.policies.session === undefined && ctx.result?.decision === 'allow';
    if (!bySession && !(cognito && ctx.result === undefined) && !cognitoNotGiven) return [];
    if (identityAllows === false && !cognito) return [];
    return [
      {
        check: 'session-policy-scope-down',
        severity: 'error',
        messageId: cognito ? 'cognito' : 'sessionPolicy',
        data: { principal, action: ctx.request?.action ?? ctx.denial?.action, connect: (ctx.request?.service ?? '') === 'connect' },
        policyType: 'session',
      },
    ];
  },
};
