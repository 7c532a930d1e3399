/**
 * The words of an input that is no denial (src/input/denial.ts, NotADenialMessages): one template per message
 * id, exhaustive (a missing or unknown id does not compile). Lowercase, one line: the CLI puts the input's
 * name before them (`whydenied: trail.json: no AccessDenied among its 2 CloudTrail records`).
 */
import type { NotADenial, NotADenialId, NotADenialMessages } from '../input/denial.js';

const EXPECTED_MESSAGE = 'expected `User: ARN is not authorized to perform: ACTION ...`';
const EXPECTED_ERROR =
  'expected an AWS error object such as `{ "name": "AccessDeniedException", "$metadata": { "httpStatusCode": 403 }, "message": "User: ..." }` or `{ "__type": "AccessDeniedException", "Message": "..." }`';

type Templates = { readonly [K in NotADenialId]: (data: NotADenialMessages[K]) => string };

const TEMPLATES: Templates = {
  messageEmpty: () => `the message is empty: ${EXPECTED_MESSAGE}`,
  messageOtherError: (d) => `this is a \`${d.errorCode}\` error, not an AccessDenied: ${EXPECTED_MESSAGE}`,
  messageNotDenial: () => `this is not an AWS AccessDenied message: ${EXPECTED_MESSAGE}`,
  errorEmpty: () => `the error is empty: ${EXPECTED_ERROR}`,
  errorNotJson: () => `this is not a JSON error object: ${EXPECTED_ERROR}`,
  errorNotObject: () => `this is not an error object: ${EXPECTED_ERROR}`,
  errorUnnamed: () => `this object has no error name and no message: ${EXPECTED_ERROR}`,
  errorOtherCode: (d) => `this is a \`${d.errorCode}\` error, not an AccessDenied${d.message !== undefined ? `: ${d.message}` : ''}`,
  errorNotDenial: (d) => `this error is not an AccessDenied: ${d.message}`.trimEnd(),
  recordNotObject: () => 'this CloudTrail record is not a JSON object',
  recordNotDenial: (d) =>
    `${d.eventName !== undefined ? `the \`${d.eventName}\` record` : 'this CloudTrail record'} is not a denial: ${d.errorCode !== undefined ? `its errorCode is \`${d.errorCode}\`` : 'it has no errorCode (the call succeeded)'}`,
  noDenialRecord: (d) => `no AccessDenied among its ${d.records} CloudTrail record${d.records === 1 ? '' : 's'}`,
  decodedUnrecognised: () =>
    'this is not the output of `aws sts decode-authorization-message`: expected `{"DecodedMessage": "..."}` or the decoded document `{"allowed": false, "context": {...}}`',
  decodedAllowed: () => 'the decoded message says the request was allowed: it is not the denial to explain',
};

/** Why the input is no denial, in words (without the input's name). */
export function notADenialMessage(reason: NotADenial): string {
  return (TEMPLATES[reason.messageId] as (data: unknown) => string)(reason.data);
}
