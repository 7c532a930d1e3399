/**
 * Facts that SDKs, tools and loggers print around an AccessDenied message (one pass over the collapsed
 * text, bounded patterns only):
 *   Go v1       `AccessDeniedException: MSG status code: 400, request id: ID`
 *   Go v2       `operation error S3: GetObject, https response error StatusCode: 403, RequestID: ID, ..., api error CODE: MSG`
 *   Java v1/v2  `MSG (Service: AWSKMS; Status Code: 400; Error Code: CODE; Request ID: ID; Proxy: null)` / `(Service: Sqs, Status Code: 403, Request ID: ID)`
 *   boto2, S3   XML bodies `<Code>CODE</Code><Message>MSG</Message><RequestId>ID</RequestId>`, `403 Forbidden`
 *   PHP         `Error executing "OP" on "https://HOST/..."; AWS HTTP error: ... \`403 Forbidden\` ... CODE (client): MSG - ...`
 *   CloudFormation  `Resource handler returned message: "MSG" (RequestToken: ..., HandlerErrorCode: AccessDenied)`, `API: svc:Action MSG`
 *   Amazon Connect ChatJS  `Failed to fetch connectionDetails with createParticipantConnection` with the 403 in `_debug`
 */
import { findAction, serviceExists } from '../catalog/index.js';
import { actionOfEvent } from './event-action.js';
import { own } from '../own.js';

export interface WrapperFacts {
  errorCode?: string;
  httpStatusCode?: number;
  requestId?: string;
  operation?: string;
  /** The IAM action the wrapper names (`API: ec2:RunInstances`) or implies (Go v2 service + operation). */
  action?: string;
  /** The message inside an XML body (`<Message>...</Message>`). */
  xmlMessage?: string;
}

/** Go v2 service IDs whose IAM prefix is not the ID lowercased without spaces. */
const PREFIX_OF_SERVICE_ID: Readonly<Record<string, string>> = {
  'cloudwatchlogs': 'logs',
  sfn: 'states',
  'elasticloadbalancingv2': 'elasticloadbalancing',
  'cognitoidentityprovider': 'cognito-idp',
  'cognitoidentity': 'cognito-identity',
  eventbridge: 'events',
  'apigatewayv2': 'apigateway',
  'secretsmanager': 'secretsmanager',
  'route53': 'route53',
  'elasticbeanstalk': 'elasticbeanstalk',
  'applicationautoscaling': 'application-autoscaling',
  'autoscaling': 'autoscaling',
  'connectparticipant': 'connectparticipant',
};

/** The IAM action an SDK service ID and operation name stand for, when the catalog knows it. */
export function actionOfOperation(serviceId: string, operation: string): string | undefined {
  const key = serviceId.toLowerCase().replace(/[\s_-]/g, '');
  const prefix = own(PREFIX_OF_SERVICE_ID, key) ?? key;
  if (!serviceExists(prefix)) return undefined;
  const action = actionOfEvent(`${prefix}.amazonaws.com`, operation);
  const colon = action.indexOf(':');
  return findAction(action.slice(0, colon), action.slice(colon + 1)) ? action : undefined;
}

/**
 * S3 operations the AWS CLI reports with a bare `Access Denied` (S3 prints no grammar): the operation then
 * names the action (`HeadObject` -> `s3:GetObject`, `ListObjectsV2` -> `s3:ListBucket`).
 */
const S3_OPERATIONS: ReadonlySet<string> = new Set([
  'getobject', 'headobject', 'putobject', 'deleteobject', 'listobjects', 'listobjectsv2', 'listobjectversions', 'headbucket',
  'listbuckets', 'createbucket', 'deletebucket', 'getbucketpolicy', 'putbucketpolicy', 'getobjectacl', 'putobjectacl',
  'getbucketacl', 'putbucketacl', 'getobjecttagging', 'putobjecttagging', 'getbucketlocation',
]);

/** The S3 action of a CLI operation in a bare S3 `Access Denied`, or undefined. */
export function s3ActionOfOperation(operation: string): string | undefined {
  return S3_OPERATIONS.has(operation.toLowerCase()) ? actionOfOperation('s3', operation) : undefined;
}

const first = (re: RegExp, s: string): string | undefined => re.exec(s)?.[1];

/** A request ID after `request id:` / `RequestID:` / `Request ID:`, not an S3 extended request ID. */
function requestIdOf(s: string): string | undefined {
  const re = /(extended )?request ?id"?[:=] ?"?([A-Za-z0-9+/=_-]{6,128})/gi;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m[1] === undefined) return m[2];
  }
  return first(/<RequestId>([^<]{1,128})<\/RequestId>/i, s) ?? first(/x-amzn-requestid"?'?:\s?"?'?([A-Za-z0-9-]{6,64})/i, s);
}

/** Error codes named by a wrapper, most specific first. */
function errorCodeOf(s: string): string | undefined {
  return (
    first(/error code: ?([A-Za-z][A-Za-z0-9.]{1,80})/i, s) ??
    first(/api error ([A-Za-z][A-Za-z0-9.]{1,80}):/, s) ??
    first(/<Code>([A-Za-z][A-Za-z0-9.]{1,80})<\/Code>/, s) ??
    first(/\b([A-Za-z][A-Za-z0-9.]{1,80}) \((?:client|server)\): /, s) ??
    first(/HandlerErrorCode: ([A-Za-z][A-Za-z0-9]{1,80})/, s) ??
    first(/["']?type["']?\s?[:=]\s?["']([A-Za-z]*(?:AccessDenied|Unauthorized)[A-Za-z]*)["']/, s)
  );
}

function statusOf(s: string): number | undefined {
  const text = first(/status ?code"?'?[:=] ?(\d{3})\b/i, s) ?? first(/\b(40[13]) Forbidden\b/, s);
  return text === undefined ? undefined : Number(text);
}

/** Read what the wrappers around a message say. `s` is the collapsed text (single spaces). */
export function wrapperFacts(s: string): WrapperFacts {
  const facts: WrapperFacts = {};
  const errorCode = errorCodeOf(s);
  if (errorCode) facts.errorCode = errorCode;
  const status = statusOf(s);
  if (status !== undefined) facts.httpStatusCode = status;
  const requestId = requestIdOf(s);
  if (requestId) facts.requestId = requestId;
  const xml = first(/<Message>([^<]{1,4000})<\/Message>/, s);
  if (xml) facts.xmlMessage = xml;

  // Go v2: `operation error S3: GetObject,`
  const go = /operation error ([A-Za-z0-9 -]{1,60}): ([A-Za-z0-9]{1,100}),/.exec(s);
  if (go) {
    facts.operation = go[2]!;
    const action = actionOfOperation(go[1]!, go[2]!);
    if (action) facts.action = action;
  }
  // PHP: `Error executing "SendMessage" on "https://sqs.us-east-1.amazonaws.com/..."`
  const php = /Error executing "([A-Za-z0-9]{1,100})" on "https?:\/\/([A-Za-z0-9.-]{1,253})/.exec(s);
  if (php) {
    facts.operation = php[1]!;
    const labels = php[2]!.split('.');
    const service = labels.find((l, i) => i < labels.length - 2 && serviceExists(l));
    const action = service ? actionOfOperation(service, php[1]!) : undefined;
    if (action) facts.action = action;
  }
  // CloudFormation: `API: ec2:RunInstances You are not authorized ...`
  const api = first(/\bAPI: ([A-Za-z0-9-]{1,64}:[A-Za-z0-9]{1,128})\b/, s);
  if (api) facts.action = api;
  // Amazon Connect ChatJS: the Participant Service call that failed.
  if (/failed to fetch connectiondetails with createparticipantconnection/i.test(s)) {
    facts.action = 'connectparticipant:CreateParticipantConnection';
    facts.operation ??= 'CreateParticipantConnection';
  }
  return facts;
}
