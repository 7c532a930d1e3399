/**
 * Denials that are not an IAM policy evaluation: Amazon Connect Participant Service 403s and the
 * unexplained `connect:* on resource: *` shape. Security profiles do not govern IAM calls either. Settings
 * the message names (S3 Block Public Access, a blocked S3 encryption type, an Organizations declarative
 * policy) are not IAM policy statements either.
 */
import { defineCheck } from '../check.js';
import { message } from '../rule.js';

export const notAPolicyDecision = defineCheck({
  meta: {
    id: 'not-a-policy-decision',
    title: 'Not an IAM policy decision',
    docs: 'docs/checks/not-a-policy-decision.md',
    severity: 'warning',
    messages: { outsideIam: message(), participantService: message(), connectStar: message(), bareMessage: message() },
  },
  run(ctx) {
    const d = ctx.denial;
    const action = ctx.request?.action ?? d?.action ?? '';
    if (d?.setting) return [{ messageId: 'outsideIam', data: { setting: d.setting, action } }];
    if (/^connectparticipant:/i.test(action) || d?.eventSource === 'connectparticipant.amazonaws.com') {
      return [{ messageId: 'participantService', data: { action } }];
    }
    if (d && /^connect:\*$/i.test(d.action ?? '') && (d.resource === '*' || d.resource === undefined)) {
      return [{ messageId: 'connectStar', data: { action: d.action } }];
    }
    if (d && !d.principal && /^(access denied\.?|user is not authorized to access this resource with an explicit deny\.?)$/i.test(d.message.trim())) {
      return [{ messageId: 'bareMessage', data: { message: d.message.trim() } }];
    }
    return [];
  },
});
