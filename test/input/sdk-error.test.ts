/** Serialized SDK errors and raw AWS error bodies: the table in test/input/cases/sdk-errors.json. */
import { describe, expect, it } from 'vitest';
import { parseSdkError } from '../../src/input/sdk-error.js';
import { checkDenial, loadCases, type DenialExpectation } from './table.js';

interface Case {
  readonly name: string;
  readonly source: string;
  readonly value: unknown;
  readonly expect: DenialExpectation;
}

describe('sdk-errors.json', () => {
  for (const c of loadCases<Case>('sdk-errors.json')) {
    it(c.name, () => checkDenial(parseSdkError(c.value), c.expect));
  }
});

describe('live error objects', () => {
  it('reads an Error instance shaped like an SDK v3 ServiceException (name on the prototype chain)', () => {
    class AccessDeniedException extends Error {
      override readonly name = 'AccessDeniedException';
      readonly $fault = 'client';
      readonly $metadata = { httpStatusCode: 403, requestId: 'r-9', attempts: 1, totalRetryDelay: 0 };
    }
    const error = new AccessDeniedException('User: arn:aws:iam::111122223333:user/alice is not authorized to perform: connect:StartChatContact on resource: *');
    const result = parseSdkError(error);
    expect(result).toMatchObject({ ok: true, denial: { errorCode: 'AccessDeniedException', requestId: 'r-9', httpStatusCode: 403, principal: 'arn:aws:iam::111122223333:user/alice', resource: '*' } });
  });

  it('does not throw on an object whose getters throw', () => {
    const hostile = {
      get name(): string {
        throw new Error('boom');
      },
      message: 'Access Denied',
      Code: 'AccessDenied',
    };
    expect(parseSdkError(hostile)).toMatchObject({ ok: true, denial: { errorCode: 'AccessDenied' } });
  });
});
