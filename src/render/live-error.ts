/**
 * The words of a LiveError (src/aws/collect/errors.ts, LiveErrorMessages): why reading the account stopped,
 * one template per message id, exhaustive (a missing or unknown id does not compile). One line, no stack
 * trace: the CLI prints it after `whydenied: `, MCP after the tool's name.
 */
import type { LiveError, LiveErrorId, LiveErrorMessages, LiveErrorReason } from '../aws/collect/errors.js';
import { problemMessage } from './problems.js';

const c = (v: string) => `\`${v}\``;
const CHECK_NAME = 'check the name (aws configure list-profiles)';

type Templates = { readonly [K in LiveErrorId]: (data: LiveErrorMessages[K]) => string };

const TEMPLATES: Templates = {
  credentialsExpired: (d) =>
    `the AWS credentials have expired (${d.code}): ${d.profile !== undefined ? `run \`aws sso login --profile ${d.profile}\` (or refresh that profile's keys)` : 'refresh them (`aws sso login`, new session credentials) and run again'}`,
  credentialsRejected: (d) => `AWS rejected ${d.profile !== undefined ? `--profile ${d.profile}` : 'the credentials'} (${d.code}): check the access key and secret, or the profile's configuration`,
  profileNotFound: (d) => `the AWS profile ${d.profile !== undefined ? `${c(d.profile)} ` : ''}was not found in ~/.aws/config or ~/.aws/credentials: ${CHECK_NAME}`,
  profileNotInFiles: (d) => `the AWS profile ${c(d.profile)} was not found in ~/.aws/config or ~/.aws/credentials (or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE): ${CHECK_NAME}`,
  profileWithoutCredentials: (d) => `the AWS profile ${c(d.profile)} gives no credentials: check its settings (aws configure list --profile ${d.profile}), or run \`aws sso login --profile ${d.profile}\``,
  noCredentials: () => 'no AWS credentials found: give --profile NAME, or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or run on a role: container, instance, SSO)',
  credentialsUnloadable: (d) => `could not load AWS credentials: ${d.detail}`,
  noRegion: () => 'no AWS Region: give --region (or set AWS_REGION, or `region` in the profile)',
  unreachable: (d) => `cannot reach AWS (${d.code}): check the network, the Region and any AWS_ENDPOINT_URL setting`,
  timedOut: (d) => `AWS did not answer within ${d.seconds} s (the --timeout); nothing more was read`,
  notSts: () => 'STS GetCallerIdentity returned no account: the endpoint does not behave like AWS STS',
  callerUnknown: (d) => `cannot tell which AWS credentials are in use (${d.reason})`,
  badPrincipal: (d) => problemMessage({ messageId: 'badPrincipal', data: d }),
  notAction: (d) => `${c(d.action)} is not an action: expected SERVICE:Action, e.g. connect:StartChatContact`,
  notArn: (d) => `${c(d.resource)} is not an ARN`,
  notInstanceArn: (d) => `${c(d.instance)} is not an Amazon Connect instance ARN (arn:aws:connect:REGION:ACCOUNT:instance/ID)`,
  notInstanceId: (d) => `${c(d.instance)} is not an Amazon Connect instance ID (a UUID) or ARN`,
  notFlowArn: (d) => `${c(d.flow)} is not a contact-flow ARN (…:instance/ID/contact-flow/FLOW_ID)`,
  flowElsewhere: (d) => `the flow ${c(d.flow)} is not in instance ${d.instanceId}`,
  notFlowId: (d) => `${c(d.flow)} is not a contact-flow ID (a UUID) or ARN`,
};

/** Why reading the account stopped, in words (a LiveError, or its id and data). */
export function liveErrorMessage(reason: LiveErrorReason | LiveError): string {
  return (TEMPLATES[reason.messageId] as (data: unknown) => string)(reason.data);
}
