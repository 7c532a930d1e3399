/**
 * What an AccessDenied says, read from any of its forms (error text, SDK error, CloudTrail record).
 * Every field but `message` is optional: a parser fills what the input proves, nothing more.
 */
import type { PolicyType } from '../engine/types.js';

export type DenialSource = 'message' | 'cli-output' | 'sdk-error' | 'cloudtrail' | 'decoded-authorization';

/** The policy type AWS named in the message; `role-trust` only appears for sts:AssumeRole*. */
export type NamedPolicyType = PolicyType | 'role-trust';

/** A setting outside IAM policies that the message names as the reason (no policy edit changes it). */
export type OutsideIamSetting = 'declarative-policy' | 's3-block-public-access' | 's3-encryption-type';

export interface Denial {
  readonly source: DenialSource;
  /** The whole message text as AWS wrote it (error message, CloudTrail errorMessage). */
  readonly message: string;
  /** Exception name / error code: AccessDeniedException, AccessDenied, UnauthorizedOperation... */
  readonly errorCode?: string;
  /** The caller as AWS printed it: an ARN, or `anonymous`. */
  readonly principal?: string;
  /** `service:Action` as AWS printed it (service prefix possibly upper-case, e.g. `SNS:Publish`). */
  readonly action?: string;
  /** The resource ARN as printed (quotes removed); `*` when AWS printed `*`; absent when not printed. */
  readonly resource?: string;
  /**
   * What AWS printed for the resource when it is not an ARN: `role NAME` (Cloud Control), a Secrets Manager
   * secret name. The resource ARN is then unknown (`resource` absent).
   */
  readonly resourceName?: string;
  /** A setting outside IAM policies the message names as the reason. */
  readonly setting?: OutsideIamSetting;
  /** The policy type AWS named, if any. */
  readonly policyType?: NamedPolicyType;
  /** True: "with an explicit deny"; false: "because no ... policy allows"; absent: the message does not say. */
  readonly explicit?: boolean;
  /** The denying policy's ARN when AWS appended it (`... in a service control policy: arn:aws:organizations::...`). */
  readonly policyArn?: string;
  /** The policy name AWS printed after the ARN in parentheses, if any. */
  readonly policyName?: string;
  /** "transitively through a service control policy" and similar: the policy type the denial passed through. */
  readonly transitiveThrough?: NamedPolicyType;
  /** The API operation, when the input names it (CLI output "when calling the X operation", CloudTrail eventName). */
  readonly operation?: string;
  /** EC2's "Encoded authorization failure message", when present. */
  readonly encodedAuthorizationMessage?: string;
  /** IAM's authorization id (`GetRequestAuthorizationDetails`) and the console link printed with it. */
  readonly authorizationId?: string;
  readonly authorizationLink?: string;
  /** From a decoded authorization message: the Sids of the statements that matched (`(no Sid)` when none). */
  readonly matchedStatements?: readonly string[];
  /** From a decoded authorization message: the request context AWS evaluated (key -> values). */
  readonly contextKeys?: Readonly<Record<string, readonly string[]>>;
  /**
   * ARNs and action names the reader rebuilt from a hard line wrap: its guess, not AWS's text. Causes that
   * rest on them are never reported as proven.
   */
  readonly rejoined?: readonly string[];
  /** From CloudTrail or SDK metadata: where and when. */
  readonly region?: string;
  readonly eventTime?: string;
  readonly requestId?: string;
  readonly eventId?: string;
  readonly httpStatusCode?: number;
  /** CloudTrail userIdentity facts. */
  readonly accountId?: string;
  /** The role (session issuer) ARN of an assumed-role caller, from CloudTrail. */
  readonly roleArn?: string;
  readonly userIdentityType?: string;
  /** Network facts from CloudTrail: sourceIPAddress (an IP or an AWS service name) and vpcEndpointId. */
  readonly sourceIp?: string;
  readonly vpcEndpointId?: string;
  readonly eventSource?: string;
  readonly recipientAccountId?: string;
  /** CloudTrail requestParameters as logged (PascalCase for Connect; values may be URL-encoded or `***`). */
  readonly requestParameters?: Readonly<Record<string, unknown>>;
}

type None = Readonly<Record<never, never>>;

/**
 * Why an input is no denial to explain: a message id and its data. The words are in
 * src/render/not-a-denial.ts, one template per id (the compiler checks both sides).
 */
export interface NotADenialMessages {
  // an error message as text (./access-denied-message.ts)
  messageEmpty: None;
  /** The text names another AWS error (`ThrottlingException: ...`); `errorCode` without its namespace. */
  messageOtherError: { errorCode: string };
  messageNotDenial: None;
  // an SDK error object (./sdk-error.ts)
  errorEmpty: None;
  errorNotJson: None;
  errorNotObject: None;
  errorUnnamed: None;
  /** An AWS error of another kind; `message`: its message as AWS wrote it, when it has one. */
  errorOtherCode: { errorCode: string; message?: string };
  /** An error with a message and no error name, the message no AccessDenied. */
  errorNotDenial: { message: string };
  // CloudTrail (./cloudtrail.ts)
  recordNotObject: None;
  /** The record of a call that was not denied: its eventName and errorCode, when it has them. */
  recordNotDenial: { eventName?: string; errorCode?: string };
  /** `records`: how many CloudTrail records the input holds, none of them a denial. */
  noDenialRecord: { records: number };
  // the output of `aws sts decode-authorization-message` (./decoded-authorization.ts)
  decodedUnrecognised: None;
  decodedAllowed: None;
}

export type NotADenialId = keyof NotADenialMessages;

/** Why an input is no denial: its message id and that message's data (a wrong pair does not compile). */
export type NotADenial = { [K in NotADenialId]: { readonly messageId: K; readonly data: NotADenialMessages[K] } }[NotADenialId];

export type DenialResult = { readonly ok: true; readonly denial: Denial } | { readonly ok: false; readonly reason: NotADenial };

/** The failed reading: no denial, and why. */
export function notADenial<K extends NotADenialId>(messageId: K, data: NotADenialMessages[K]): DenialResult {
  return { ok: false, reason: { messageId, data } as NotADenial };
}
