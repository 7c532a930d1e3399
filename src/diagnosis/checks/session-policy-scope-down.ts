/**
 * The role allows the action but a session policy does not. Amazon Cognito identity-pool sessions get a
 * scope-down policy (for unauthenticated identities AmazonCognitoUnAuthedIdentitiesSessionPolicy, which
 * allows no connect:* action): call StartChatContact from a backend instead.
 */
import { isCognitoSession } from '../../request/principal.js';
import { defineCheck } from '../check.js';
import { message } from '../rule.js';

type Data = { principal: string; action: string | undefined; connect: boolean };

export const sessionPolicyScopeDown = defineCheck({
  meta: {
    id: 'session-policy-scope-down',
    title: 'A session policy scopes the role down',
    docs: 'docs/checks/session-policy-scope-down.md',
    severity: 'error',
    messages: {
      cognito: message(
        (d: Data, w) =>
          `${w.q(d.principal)} is an Amazon Cognito identity-pool session. Cognito adds a scope-down session policy (for unauthenticated identities AmazonCognitoUnAuthedIdentitiesSessionPolicy), which allows no ${d.connect ? 'connect:* ' : ''}action like ${w.q(d.action)}, whatever the role allows. ` +
          `Call ${w.q(d.action)} from a backend (for example a Lambda function behind API Gateway) instead of from the browser.`,
      ),
      sessionPolicy: message((d: Data, w) => `The role allows ${w.q(d.action)}, but the session policy passed when the role was assumed does not: a session gets only what both allow.`),
    },
  },
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
    const data = { principal, action: ctx.request?.action ?? ctx.denial?.action, connect: (ctx.request?.service ?? '') === 'connect' };
    const location = { policyType: 'session' as const };
    return cognito
      ? [{ messageId: 'cognito', data, location, fix: { kind: 'call-from-backend' } }]
      : [{ messageId: 'sessionPolicy', data, location, fix: { kind: 'session-policy' } }];
  },
});
