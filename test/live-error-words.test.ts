/**
 * Why reading the account stopped (LiveError): which message id and data an SDK failure becomes, and the
 * words of every id, once (one sample per id; the compiler requires one for each). The live tests
 * (test/live-cli.test.ts, test/live-collect.test.ts) run these against the fake AWS server; this is where the
 * wording is pinned.
 */
import { describe, expect, it } from 'vitest';
import { fatalError, LiveError, type LiveErrorId, type LiveErrorMessages, type LiveErrorReason } from '../src/aws/collect/errors.js';
import { liveErrorMessage } from '../src/render/live-error.js';

const REJECTED = "check the access key and secret, or the profile's configuration";
const WORDS: { readonly [K in LiveErrorId]: readonly (readonly [LiveErrorMessages[K], string])[] } = {
  credentialsExpired: [
    [{ code: 'ExpiredToken' }, 'the AWS credentials have expired (ExpiredToken): refresh them (`aws sso login`, new session credentials) and run again'],
    [{ code: 'ExpiredToken', profile: 'old' }, "the AWS credentials have expired (ExpiredToken): run `aws sso login --profile old` (or refresh that profile's keys)"],
  ],
  credentialsRejected: [
    [{ code: 'SignatureDoesNotMatch' }, `AWS rejected the credentials (SignatureDoesNotMatch): ${REJECTED}`],
    [{ code: 'InvalidClientTokenId', profile: 'bad' }, `AWS rejected --profile bad (InvalidClientTokenId): ${REJECTED}`],
  ],
  profileNotFound: [
    [{ profile: 'dev' }, 'the AWS profile `dev` was not found in ~/.aws/config or ~/.aws/credentials: check the name (aws configure list-profiles)'],
    [{}, 'the AWS profile was not found in ~/.aws/config or ~/.aws/credentials: check the name (aws configure list-profiles)'],
  ],
  profileNotInFiles: [
    [{ profile: 'nope' }, 'the AWS profile `nope` was not found in ~/.aws/config or ~/.aws/credentials (or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE): check the name (aws configure list-profiles)'],
  ],
  profileWithoutCredentials: [[{ profile: 'empty' }, 'the AWS profile `empty` gives no credentials: check its settings (aws configure list --profile empty), or run `aws sso login --profile empty`']],
  noCredentials: [[{}, 'no AWS credentials found: give --profile NAME, or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or run on a role: container, instance, SSO)']],
  credentialsUnloadable: [[{ detail: 'Token is expired for sso' }, 'could not load AWS credentials: Token is expired for sso']],
  noRegion: [[{}, 'no AWS Region: give --region (or set AWS_REGION, or `region` in the profile)']],
  unreachable: [[{ code: 'ECONNREFUSED' }, 'cannot reach AWS (ECONNREFUSED): check the network, the Region and any AWS_ENDPOINT_URL setting']],
  timedOut: [[{ seconds: 2 }, 'AWS did not answer within 2 s (the --timeout); nothing more was read']],
  notSts: [[{}, 'STS GetCallerIdentity returned no account: the endpoint does not behave like AWS STS']],
  callerUnknown: [[{ reason: 'AccessDenied: denied' }, 'cannot tell which AWS credentials are in use (AccessDenied: denied)']],
  badPrincipal: [[{ principal: 'arn:aws:s3:::bucket', reason: 'no-account' }, '`arn:aws:s3:::bucket` has no 12-digit account ID']],
  notAction: [[{ action: 'StartChatContact' }, '`StartChatContact` is not an action: expected SERVICE:Action, e.g. connect:StartChatContact']],
  notArn: [[{ resource: 'flow/x' }, '`flow/x` is not an ARN']],
  notInstanceArn: [[{ instance: 'arn:aws:connect:us-east-1:111122223333:flow/x' }, '`arn:aws:connect:us-east-1:111122223333:flow/x` is not an Amazon Connect instance ARN (arn:aws:connect:REGION:ACCOUNT:instance/ID)']],
  notInstanceId: [[{ instance: 'chat-prod' }, '`chat-prod` is not an Amazon Connect instance ID (a UUID) or ARN']],
  notFlowArn: [[{ flow: 'arn:aws:connect:us-east-1:111122223333:instance/x' }, '`arn:aws:connect:us-east-1:111122223333:instance/x` is not a contact-flow ARN (…:instance/ID/contact-flow/FLOW_ID)']],
  flowElsewhere: [[{ flow: 'arn:aws:connect:us-east-1:1:instance/b/contact-flow/f', instanceId: 'a' }, 'the flow `arn:aws:connect:us-east-1:1:instance/b/contact-flow/f` is not in instance a']],
  notFlowId: [[{ flow: 'main-flow' }, '`main-flow` is not a contact-flow ID (a UUID) or ARN']],
};

describe('live error words', () => {
  const samples = Object.entries(WORDS).flatMap(([messageId, cases]) => cases.map(([data, words]) => [messageId, data, words] as const));
  it.each(samples)('%s %o', (messageId, data, words) => {
    const message = liveErrorMessage({ messageId, data } as LiveErrorReason);
    expect(message).toBe(words);
    // what follows `whydenied: ` on one line
    expect(message).not.toContain('\n');
  });
});

describe('fatalError: an SDK failure as a message id and data', () => {
  const sdkError = (name: string, message: string, code?: string) => Object.assign(new Error(message), { name, ...(code !== undefined && { code }) });
  it.each([
    ['an expired token', sdkError('ExpiredToken', 'The security token included in the request is expired'), 'old', 'credentialsExpired', { code: 'ExpiredToken', profile: 'old' }],
    ['an expired SSO session', sdkError('CredentialsProviderError', 'The SSO session associated with this profile has expired'), undefined, 'credentialsExpired', { code: 'CredentialsProviderError' }],
    ['a bad signature', sdkError('SignatureDoesNotMatch', 'The request signature we calculated does not match'), undefined, 'credentialsRejected', { code: 'SignatureDoesNotMatch' }],
    ['a profile the SDK cannot find', sdkError('CredentialsProviderError', 'Profile dev could not be found or parsed in shared credentials file.'), 'dev', 'profileNotFound', { profile: 'dev' }],
    ['no provider, a profile', sdkError('CredentialsProviderError', 'Could not load credentials from any providers'), 'empty', 'profileWithoutCredentials', { profile: 'empty' }],
    ['no provider', sdkError('CredentialsProviderError', 'Could not load credentials from any providers'), undefined, 'noCredentials', {}],
    ['no Region', sdkError('Error', 'Region is missing'), undefined, 'noRegion', {}],
    ['no connection', sdkError('Error', 'connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'), undefined, 'unreachable', { code: 'ECONNREFUSED' }],
  ] as const)('%s', (_, error, profile, messageId, data) => {
    const live = fatalError(error, profile);
    expect(live).toBeInstanceOf(LiveError);
    expect({ messageId: live!.messageId, data: live!.data }).toEqual({ messageId, data });
  });

  it('a provider failure keeps its first line, with any access key ID redacted', () => {
    const live = fatalError(sdkError('CredentialsProviderError', 'Credential process for AKIAIOSFODNN7EXAMPLE failed\n  at stack'));
    expect(live?.data).toEqual({ detail: 'Credential process for AKIA**************** failed' });
    expect(live?.kind).toBe('no-credentials');
  });

  it('a denied or throttled call does not end collection', () => {
    expect(fatalError(sdkError('AccessDeniedException', 'User: x is not authorized'))).toBeUndefined();
    expect(fatalError(sdkError('ThrottlingException', 'Rate exceeded'))).toBeUndefined();
  });
});
