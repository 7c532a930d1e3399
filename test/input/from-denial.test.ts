/**
 * Denial -> request: the table in test/input/cases/requests.json (action spelling, resources built from ARN
 * templates, what stays missing, context keys), end-to-end runs from Connect inputs through simulate(), and a
 * property: any parsed message gives a request without throwing, with the printed resource kept verbatim.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/index.js';
import { parseAccessDeniedText } from '../../src/input/access-denied-message.js';
import { denialFromRecord } from '../../src/input/cloudtrail.js';
import type { Denial } from '../../src/input/denial.js';
import { parseSdkError } from '../../src/input/sdk-error.js';
import { requestFromDenial } from '../../src/request/from-denial.js';
import { checkRequest, type RequestExpectation } from './request-expect.js';
import { loadCases } from './table.js';

interface Case {
  readonly name: string;
  readonly source: string;
  readonly denial: Denial;
  readonly expect: RequestExpectation;
}

describe('requests.json', () => {
  for (const c of loadCases<Case>('requests.json')) {
    it(c.name, () => checkRequest(requestFromDenial(c.denial), c.expect));
  }
});

const ACCOUNT = '111122223333';
const INSTANCE = '8f1e2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';
const FLOW = 'c0ffee00-1234-4abc-9def-0123456789ab';
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/ChatBackend/chat-lambda`;
const FLOW_ARN = `arn:aws:connect:us-east-1:${ACCOUNT}:instance/${INSTANCE}/contact-flow/${FLOW}`;

/** The widely copied snippet: the instance ARN only, which never matches StartChatContact. */
const instanceOnly = {
  name: 'ChatBackendPolicy',
  document: {
    Version: '2012-10-17',
    Statement: [{ Sid: 'StartChat', Effect: 'Allow', Action: 'connect:StartChatContact', Resource: `arn:aws:connect:us-east-1:${ACCOUNT}:instance/${INSTANCE}` }],
  },
};
const instanceAndFlows = {
  name: 'ChatBackendPolicy',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 'connect:StartChatContact',
        Resource: [`arn:aws:connect:us-east-1:${ACCOUNT}:instance/${INSTANCE}`, `arn:aws:connect:us-east-1:${ACCOUNT}:instance/${INSTANCE}/*`],
        Condition: { StringEquals: { 'connect:InstanceId': INSTANCE } },
      },
    ],
  },
};

describe('end to end: Connect inputs -> request -> simulate', () => {
  const inputs: [string, Denial][] = [];
  const fromText = parseAccessDeniedText(`AccessDeniedException: User: ${SESSION} is not authorized to perform: connect:StartChatContact on resource: ${FLOW_ARN}`);
  const fromSdk = parseSdkError({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: `User: ${SESSION} is not authorized to perform: connect:StartChatContact on resource: ${FLOW_ARN}` });
  const fromTrail = denialFromRecord({
    eventSource: 'connect.amazonaws.com',
    eventName: 'StartChatContact',
    errorCode: 'AccessDeniedException',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    recipientAccountId: ACCOUNT,
    userIdentity: { type: 'AssumedRole', arn: SESSION, accountId: ACCOUNT, sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/ChatBackend` } } },
    requestParameters: { InstanceId: INSTANCE, ContactFlowId: FLOW, ParticipantDetails: { DisplayName: '***' } },
  });
  for (const [name, r] of [['message', fromText], ['sdk error', fromSdk], ['cloudtrail', fromTrail]] as const) {
    if (r.ok) inputs.push([name, r.denial]);
  }

  it('every input parses', () => {
    expect(inputs).toHaveLength(3);
  });

  for (const [name, denial] of inputs) {
    it(`${name}: the instance-ARN-only policy is an implicit deny; adding instance/ID/* allows`, () => {
      const { request, missing } = requestFromDenial(denial);
      expect(missing).toEqual([]);
      expect(request?.resource).toBe(FLOW_ARN);
      expect(simulate({ request, identityPolicies: [instanceOnly] }).decision).toBe('implicit-deny');
      // connect:InstanceId is only known from CloudTrail's requestParameters.
      const allowed = simulate({ request: { ...request!, context: { ...request!.context, 'connect:InstanceId': INSTANCE } }, identityPolicies: [instanceAndFlows] });
      expect(allowed.decision).toBe('allow');
    });
  }

  it('cloudtrail: connect:InstanceId comes from requestParameters', () => {
    const { request } = requestFromDenial(inputs[2]![1]);
    expect(request?.context?.['connect:InstanceId']).toBe(INSTANCE);
    expect(simulate({ request, identityPolicies: [instanceAndFlows] }).decision).toBe('allow');
  });
});

describe('properties', () => {
  const chars = fc.constantFrom(...'abcXYZ019:/*%._-'.split(''));
  it('a parsed message always gives a request with the printed resource verbatim', () => {
    fc.assert(
      fc.property(fc.string({ unit: chars, minLength: 1, maxLength: 40 }), fc.constantFrom('connect:StartChatContact', 'SNS:Publish', 's3:getobject', 'x:Y'), (tail, action) => {
        const resource = `arn:aws:connect:us-east-1:${ACCOUNT}:instance/${tail}`;
        const parsed = parseAccessDeniedText(`User: ${SESSION} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        const { request, missing } = requestFromDenial(parsed.denial);
        expect(missing).toEqual([]);
        expect(request?.resource).toBe(resource);
        expect(request?.action.toLowerCase()).toBe(action.toLowerCase());
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on odd denials', () => {
    const value = fc.oneof(fc.string({ maxLength: 20 }), fc.constant('arn:aws:kms:us-east-1:1:alias/x'), fc.constant('***'), fc.integer(), fc.constant(null), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 })));
    fc.assert(
      fc.property(
        fc.record(
          {
            principal: fc.oneof(fc.string({ maxLength: 30 }), fc.constant(SESSION), fc.constant('anonymous')),
            action: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('connect:StartChatContact', 'kms:Decrypt', 's3:GetObject', 'sts:AssumeRole', 'ec2:RunInstances', 'connect:*', ':', 'a:')),
            region: fc.constantFrom('us-east-1', 'cn-north-1', ''),
            sourceIp: fc.string({ maxLength: 20 }),
            vpcEndpointId: fc.string({ maxLength: 10 }),
            roleArn: fc.oneof(fc.string({ maxLength: 20 }), fc.constant(`arn:aws:iam::${ACCOUNT}:role/ChatBackend`)),
            requestParameters: fc.dictionary(fc.constantFrom('InstanceId', 'ContactFlowId', 'keyId', 'bucketName', 'key', 'roleArn', 'x'), value),
          },
          { requiredKeys: [] },
        ),
        (fields) => {
          const result = requestFromDenial({ source: 'cloudtrail', message: '', ...fields } as Denial);
          expect(Array.isArray(result.missing)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
