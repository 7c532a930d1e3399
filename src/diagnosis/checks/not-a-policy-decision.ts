/**
 * Denials that are not an IAM policy evaluation: Amazon Connect Participant Service 403s and the
 * unexplained `connect:* on resource: *` shape. Security profiles do not govern IAM calls either. Settings
 * the message names (S3 Block Public Access, a blocked S3 encryption type, an Organizations declarative
 * policy) are not IAM policy statements either.
 */
import { defineCheck } from '../check.js';
import { own } from '../../own.js';
import { message } from '../rule.js';

/** The settings outside IAM a message can name, in words. */
const OUTSIDE_IAM: Readonly<Record<string, string>> = {
  's3-block-public-access':
    'The message names S3 Block Public Access: a bucket or account setting, not a policy statement, refused the request. Check `aws s3api get-public-access-block --bucket BUCKET` and `aws s3control get-public-access-block --account-id ACCOUNT`; no IAM policy edit changes it.',
  's3-encryption-type':
    'The message names a blocked S3 encryption type: the bucket refuses that server-side encryption type (a bucket setting, not a policy statement). Use an encryption type the bucket allows (`aws s3api get-bucket-encryption --bucket BUCKET`).',
  'declarative-policy':
    'The message comes from an AWS Organizations declarative policy (its custom message is shown as AWS returned it): the organization enforces this configuration; no IAM policy edit changes it. Ask the organization administrators.',
};

export const notAPolicyDecision = defineCheck({
  meta: {
    id: 'not-a-policy-decision',
    title: 'Not an IAM policy decision',
    docs: 'docs/checks/not-a-policy-decision.md',
    severity: 'warning',
    messages: {
      outsideIam: message(
        (d: { setting: string; action: string }) =>
          own(OUTSIDE_IAM, d.setting) ?? `A setting outside IAM policies refused the request (${String(d.setting)}).`,
      ),
      participantService: message(
        (d: { action: string }, w) =>
          `${w.q(d.action)} is an Amazon Connect Participant Service call: its 403s are not IAM policy decisions. Check that the chat has not ended, that the participant token is not reused, and that the client uses the instance's Region. Security profiles do not govern API calls either.`,
      ),
      connectStar: message(
        (_: { action: string | undefined }) =>
          `"connect:* on resource: *" is not an ordinary policy decision: Amazon Connect returns it for malformed identifiers and for Cognito session credentials even when broad policies are attached. Check the instance and flow IDs (UUIDs, not ARNs), the Region, and the credentials the caller uses.`,
      ),
      bareMessage: message(
        (d: { message: string }, w) =>
          `${w.q(d.message)} carries no principal or action: it is not an IAM policy decision (for Amazon Connect chat: an ended chat, a reused participant token, or a Region mismatch).`,
      ),
    },
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
