/**
 * What a failed AWS call means for collection. Missing permissions are normal: the call becomes an
 * "unreadable" entry and collection continues. Credentials that are missing, invalid or expired, an unknown
 * profile, a missing Region or an unreachable endpoint stop everything with one clear message (LiveError).
 * A LiveError is data (a message id and its data); its words are in src/render/live-error.ts. The data never
 * carries secrets: only the error's name and the service's own message, redacted.
 */

import type { PrincipalFault, Problem, ProblemMessages } from '../../policy/problems.js';
import { redact } from '../redact.js';

export type LiveErrorKind = 'no-credentials' | 'expired' | 'invalid-credentials' | 'profile' | 'region' | 'network' | 'input';

type None = Readonly<Record<never, never>>;

/**
 * Why reading the account stopped: a message id and its data. The words are in src/render/live-error.ts,
 * one template per id (the compiler checks both sides). `profile`: the --profile given, if any.
 */
export interface LiveErrorMessages {
  // credentials and configuration (fatalError, ../clients.ts, ./identity.ts); `code`: the AWS error's name
  credentialsExpired: { code: string; profile?: string };
  credentialsRejected: { code: string; profile?: string };
  /** The SDK found no such profile. */
  profileNotFound: { profile?: string };
  /** whydenied looked for the --profile in the shared files (the variables that move them count). */
  profileNotInFiles: { profile: string };
  profileWithoutCredentials: { profile: string };
  noCredentials: None;
  /** `detail`: the SDK's first line, redacted. */
  credentialsUnloadable: { detail: string };
  noRegion: None;
  /** `code`: the network error code (`ECONNREFUSED`). */
  unreachable: { code: string };
  /** `seconds`: the --timeout. */
  timedOut: { seconds: number };
  /** STS answered GetCallerIdentity without an account. */
  notSts: None;
  /** `reason`: `Code: message` of the failed GetCallerIdentity, redacted. */
  callerUnknown: { reason: string };
  // bad input (../../live/collect.ts, ../../doctor/connect.ts)
  badPrincipal: ProblemMessages['badPrincipal'];
  notAction: { action: string };
  notArn: { resource: string };
  notInstanceArn: { instance: string };
  notInstanceId: { instance: string };
  notFlowArn: { flow: string };
  /** The flow ARN names another instance than `instanceId`. */
  flowElsewhere: { flow: string; instanceId: string };
  notFlowId: { flow: string };
}

export type LiveErrorId = keyof LiveErrorMessages;

/** A message id and that message's data (a wrong pair does not compile). */
export type LiveErrorReason = { [K in LiveErrorId]: { readonly messageId: K; readonly data: LiveErrorMessages[K] } }[LiveErrorId];

const KINDS: Readonly<Record<LiveErrorId, LiveErrorKind>> = {
  credentialsExpired: 'expired',
  credentialsRejected: 'invalid-credentials',
  profileNotFound: 'profile',
  profileNotInFiles: 'profile',
  profileWithoutCredentials: 'no-credentials',
  noCredentials: 'no-credentials',
  credentialsUnloadable: 'no-credentials',
  noRegion: 'region',
  unreachable: 'network',
  timedOut: 'network',
  notSts: 'invalid-credentials',
  callerUnknown: 'invalid-credentials',
  badPrincipal: 'input',
  notAction: 'input',
  notArn: 'input',
  notInstanceArn: 'input',
  notInstanceId: 'input',
  notFlowArn: 'input',
  flowElsewhere: 'input',
  notFlowId: 'input',
};

/**
 * A problem that ends collection, printed with no stack trace. The core makes no sentences: `message` names
 * the kind and the id only, until an edge (the CLI, MCP, the `whydenied/live` entry point) words it with
 * liveErrorMessage() (src/render/live-error.ts). Bad input about the principal also carries it as a `problem`.
 */
export class LiveError<K extends LiveErrorId = LiveErrorId> extends Error {
  readonly kind: LiveErrorKind;
  constructor(
    readonly messageId: K,
    readonly data: LiveErrorMessages[K],
    readonly problem?: Problem,
  ) {
    super(`${KINDS[messageId]}: ${messageId}`);
    this.name = 'LiveError';
    this.kind = KINDS[messageId];
  }
}

/** The principal to read for is none of the forms AWS uses. */
export function principalError(principal: string, reason: PrincipalFault): LiveError {
  const data = { principal, reason };
  return new LiveError('badPrincipal', data, { severity: 'error', code: 'invalid-principal', pointer: '', messageId: 'badPrincipal', data });
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

/** The LiveError that ends collection, or undefined when the failure only makes one piece unreadable. */
export function fatalError(error: unknown, profile?: string): LiveError | undefined {
  if (error instanceof LiveError) return error;
  const e = (error ?? {}) as ErrorLike;
  const code = errorCode(error);
  const message = e.message ?? '';
  const given = profile !== undefined ? { profile } : {};
  const provider = code === 'CredentialsProviderError' || code === 'TokenProviderError' || code === 'ProviderError';
  if (EXPIRED.has(code) || (provider && /expired|sso session .*invalid/i.test(message))) return new LiveError('credentialsExpired', { code, ...given });
  if (INVALID.has(code)) return new LiveError('credentialsRejected', { code, ...given });
  if (provider) {
    const missingProfile = /profile\s+(\S+)\s+(could not be found|not found)/i.exec(message);
    if (missingProfile || /could not be found|not found in/i.test(message)) return new LiveError('profileNotFound', given);
    if (/could not load credentials from any providers/i.test(message)) {
      return profile !== undefined ? new LiveError('profileWithoutCredentials', { profile }) : new LiveError('noCredentials', {});
    }
    return new LiveError('credentialsUnloadable', { detail: redact(message.split('\n')[0]!) });
  }
  if (/region is missing/i.test(message)) return new LiveError('noRegion', {});
  if (NETWORK.has(code) || NETWORK.has(e.code ?? '')) return new LiveError('unreachable', { code: e.code ?? code });
  return undefined;
}
