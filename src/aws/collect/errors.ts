/**
 * What a failed AWS call means for collection. Missing permissions are normal: the call becomes an
 * "unreadable" entry and collection continues. Credentials that are missing, invalid or expired, an unknown
 * profile, a missing Region or an unreachable endpoint stop everything with one clear message (LiveError).
 * Messages never carry secrets: only the error's name and the service's own message.
 */

import type { PrincipalFault, Problem } from '../../policy/problems.js';
import { redact } from '../redact.js';

export type LiveErrorKind = 'no-credentials' | 'expired' | 'invalid-credentials' | 'profile' | 'region' | 'network' | 'input';

/**
 * A problem that ends collection; `message` is meant to be printed as is, with no stack trace, unless the
 * error carries an input `problem` as data: the edge prints that problem's words (src/render/problems.ts).
 */
export class LiveError extends Error {
  constructor(
    readonly kind: LiveErrorKind,
    message: string,
    readonly problem?: Problem,
  ) {
    super(message);
    this.name = 'LiveError';
  }
}

/** The principal to read for is none of the forms AWS uses. */
export function principalError(principal: string, reason: PrincipalFault): LiveError {
  return new LiveError('input', `invalid principal \`${principal}\`: ${reason}`, { severity: 'error', code: 'invalid-principal', pointer: '', messageId: 'badPrincipal', data: { principal, reason } });
}

/** SDK error classes, one list each (collection here, the Athena scan in ../athena.ts). */
export const EXPIRED: ReadonlySet<string> = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
export const INVALID: ReadonlySet<string> = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'AuthFailure',
]);
export const NETWORK: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'TimeoutError']);

interface ErrorLike {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly Code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/** The error's code as AWS names it (AccessDenied, NoSuchEntityException, ...). */
export function errorCode(error: unknown): string {
  const e = (error ?? {}) as ErrorLike;
  return e.Code ?? (e.name && e.name !== 'Error' ? e.name : undefined) ?? e.code ?? 'Error';
}

/** One line: `Code: message`, without the stack or anything the SDK attaches. */
export function errorReason(error: unknown): string {
  const e = (error ?? {}) as ErrorLike;
  const code = errorCode(error);
  const message = redact((e.message ?? String(error)).split('\n')[0]!.trim());
  const short = message.length > 300 ? `${message.slice(0, 297)}...` : message;
  return short && short !== code ? `${code}: ${short}` : code;
}

function profileHint(profile: string | undefined): string {
  return profile !== undefined ? `--profile ${profile}` : 'the credentials';
}

/** The LiveError that ends collection, or undefined when the failure only makes one piece unreadable. */
export function fatalError(error: unknown, profile?: string): LiveError | undefined {
  if (error instanceof LiveError) return error;
  const e = (error ?? {}) as ErrorLike;
  const code = errorCode(error);
  const message = e.message ?? '';
  const provider = code === 'CredentialsProviderError' || code === 'TokenProviderError' || code === 'ProviderError';
  if (EXPIRED.has(code) || (provider && /expired|sso session .*invalid/i.test(message))) {
    const refresh = profile !== undefined ? `run \`aws sso login --profile ${profile}\` (or refresh that profile's keys)` : 'refresh them (`aws sso login`, new session credentials) and run again';
    return new LiveError('expired', `the AWS credentials have expired (${code}): ${refresh}`);
  }
  if (INVALID.has(code)) return new LiveError('invalid-credentials', `AWS rejected ${profileHint(profile)} (${code}): check the access key and secret, or the profile's configuration`);
  if (provider) {
    const missingProfile = /profile\s+(\S+)\s+(could not be found|not found)/i.exec(message);
    if (missingProfile || /could not be found|not found in/i.test(message)) {
      return new LiveError('profile', `the AWS profile ${profile !== undefined ? `\`${profile}\` ` : ''}was not found in ~/.aws/config or ~/.aws/credentials: check the name (aws configure list-profiles)`);
    }
    if (/could not load credentials from any providers/i.test(message)) {
      if (profile !== undefined) return new LiveError('no-credentials', `the AWS profile \`${profile}\` gives no credentials: check its settings (aws configure list --profile ${profile}), or run \`aws sso login --profile ${profile}\``);
      return new LiveError('no-credentials', 'no AWS credentials found: give --profile NAME, or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or run on a role: container, instance, SSO)');
    }
    return new LiveError('no-credentials', `could not load AWS credentials: ${redact(message.split('\n')[0]!)}`);
  }
  if (/region is missing/i.test(message)) return new LiveError('region', 'no AWS Region: give --region (or set AWS_REGION, or `region` in the profile)');
  if (NETWORK.has(code) || NETWORK.has(e.code ?? '')) return new LiveError('network', `cannot reach AWS (${e.code ?? code}): check the network, the Region and any AWS_ENDPOINT_URL setting`);
  return undefined;
}
