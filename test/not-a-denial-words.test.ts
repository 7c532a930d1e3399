/**
 * The words of every reason an input is no denial, once: one sample per message id (the compiler requires one
 * for each) and the sentence a user reads after the input's name (`whydenied: trail.json: ...`). The readers'
 * tables (test/input/cases/) assert message ids and data; this is where the wording is pinned.
 */
import { describe, expect, it } from 'vitest';
import type { NotADenial, NotADenialId, NotADenialMessages } from '../src/input/denial.js';
import { notADenialMessage } from '../src/render/not-a-denial.js';

const EXPECTED_MESSAGE = 'expected `User: ARN is not authorized to perform: ACTION ...`';
const EXPECTED_ERROR =
  'expected an AWS error object such as `{ "name": "AccessDeniedException", "$metadata": { "httpStatusCode": 403 }, "message": "User: ..." }` or `{ "__type": "AccessDeniedException", "Message": "..." }`';

const WORDS: { readonly [K in NotADenialId]: readonly (readonly [NotADenialMessages[K], string])[] } = {
  messageEmpty: [[{}, `the message is empty: ${EXPECTED_MESSAGE}`]],
  messageOtherError: [[{ errorCode: 'ThrottlingException' }, `this is a \`ThrottlingException\` error, not an AccessDenied: ${EXPECTED_MESSAGE}`]],
  messageNotDenial: [[{}, `this is not an AWS AccessDenied message: ${EXPECTED_MESSAGE}`]],
  errorEmpty: [[{}, `the error is empty: ${EXPECTED_ERROR}`]],
  errorNotJson: [[{}, `this is not a JSON error object: ${EXPECTED_ERROR}`]],
  errorNotObject: [[{}, `this is not an error object: ${EXPECTED_ERROR}`]],
  errorUnnamed: [[{}, `this object has no error name and no message: ${EXPECTED_ERROR}`]],
  errorOtherCode: [
    [{ errorCode: 'ThrottlingException', message: 'Rate exceeded' }, 'this is a `ThrottlingException` error, not an AccessDenied: Rate exceeded'],
    [{ errorCode: 'ThrottlingException' }, 'this is a `ThrottlingException` error, not an AccessDenied'],
  ],
  // AWS's message as written, its trailing blanks dropped
  errorNotDenial: [[{ message: 'Something went wrong  ' }, 'this error is not an AccessDenied: Something went wrong']],
  recordNotObject: [[{}, 'this CloudTrail record is not a JSON object']],
  recordNotDenial: [
    [{ eventName: 'StartChatContact', errorCode: 'ThrottlingException' }, 'the `StartChatContact` record is not a denial: its errorCode is `ThrottlingException`'],
    [{ eventName: 'StartChatContact' }, 'the `StartChatContact` record is not a denial: it has no errorCode (the call succeeded)'],
    [{ errorCode: 'NoSuchKey' }, 'this CloudTrail record is not a denial: its errorCode is `NoSuchKey`'],
    [{}, 'this CloudTrail record is not a denial: it has no errorCode (the call succeeded)'],
  ],
  noDenialRecord: [
    [{ records: 1 }, 'no AccessDenied among its 1 CloudTrail record'],
    [{ records: 2 }, 'no AccessDenied among its 2 CloudTrail records'],
  ],
  decodedUnrecognised: [
    [
      {},
      'this is not the output of `aws sts decode-authorization-message`: expected `{"DecodedMessage": "..."}` or the decoded document `{"allowed": false, "context": {...}}`',
    ],
  ],
  decodedAllowed: [[{}, 'the decoded message says the request was allowed: it is not the denial to explain']],
};

describe('not-a-denial words', () => {
  const samples = Object.entries(WORDS).flatMap(([messageId, cases]) => cases.map(([data, words]) => [messageId, data, words] as const));
  it.each(samples)('%s %o', (messageId, data, words) => {
    const message = notADenialMessage({ messageId, data } as NotADenial);
    expect(message).toBe(words);
    // what follows `whydenied: FILE: ` on one line
    expect(message[0]).toBe(message[0]!.toLowerCase());
    expect(message).not.toContain('\n');
  });
});
