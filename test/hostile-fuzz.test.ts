/**
 * Hostile input, fuzzed: the message parser, the CloudTrail reader and the policy (scenario) parser take
 * arbitrary strings and objects whose keys are Object.prototype's members, and never throw, never leak a
 * prototype member as data, and never change Object.prototype.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAccessDeniedText, readDenialMessage } from '../src/input/access-denied-message.js';
import { denialFromRecord } from '../src/input/cloudtrail.js';
import { compileScenario } from '../src/scenario/compile.js';
import { explain } from '../src/index.js';

const MEMBERS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];
const name = fc.oneof(fc.constantFrom(...MEMBERS), fc.string({ maxLength: 12 }), fc.constantFrom('s3:GetObject', 'errorCode', 'AccessDenied', 'eventSource', 'Statement', 'Action'));
/** JSON-like values whose keys are often prototype member names. */
const hostileValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(name, tie('value'), { maxKeys: 5 })),
})).value;
const text = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom(...MEMBERS).map((m) => `User: arn:aws:iam::111122223333:user/${m} is not authorized to perform: ${m}:${m} on resource: arn:aws:s3:::${m} because no identity-based policy allows the ${m}:${m} action`));

const pristine = Object.getOwnPropertyNames(Object.prototype).sort();
afterEach(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(pristine);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
});

/** No field holds a function: `s3:function Object() { [native code] }` is how a prototype member leaks. */
function noFunctions(value: unknown, seen = new Set<unknown>()): void {
  if (typeof value === 'function') throw new Error('a function leaked into data');
  if (typeof value === 'string' && value.includes('[native code]')) throw new Error(`native code leaked: ${value}`);
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  for (const v of Object.values(value)) noFunctions(v, seen);
}

describe('hostile input, fuzzed', () => {
  it('the AccessDenied message parser takes any text', () => {
    fc.assert(
      fc.property(text, (t) => {
        noFunctions(readDenialMessage(t));
        noFunctions(parseAccessDeniedText(t));
      }),
      { numRuns: 3_000 },
    );
  });

  it('the CloudTrail reader takes any record, with any keys', () => {
    const record = fc.record(
      { eventSource: fc.oneof(name, name.map((n) => `${n}.amazonaws.com`)), eventName: name, errorCode: fc.constantFrom('AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation'), errorMessage: text, userIdentity: hostileValue, requestParameters: hostileValue, resources: hostileValue },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(record, hostileValue), (r) => {
        noFunctions(denialFromRecord(r));
        noFunctions(denialFromRecord(JSON.parse(JSON.stringify(r ?? null).replace(/"eventSource"/g, '"__proto__"')) as unknown));
      }),
      { numRuns: 3_000 },
    );
  });

  it('the scenario and policy parser takes any document, with any keys, and explain never throws on it', () => {
    const statement = fc.record({ Sid: text, Effect: fc.constantFrom('Allow', 'Deny', 'constructor'), Action: fc.oneof(name, fc.array(name, { maxLength: 3 }), name.map((n) => `s3:${n}`)), Resource: fc.oneof(name.map((n) => `arn:aws:s3:::b/\${${n}}`), fc.constant('*')), Condition: hostileValue }, { requiredKeys: ['Effect'] });
    const document = fc.oneof(fc.record({ Version: fc.constantFrom('2012-10-17', 'constructor'), Statement: fc.oneof(statement, fc.array(statement, { maxLength: 3 })) }), hostileValue);
    const scenario = fc.record({
      request: fc.oneof(fc.record({ principal: fc.constant('arn:aws:iam::111122223333:user/u'), action: fc.oneof(name, name.map((n) => `s3:${n}`)), resource: fc.oneof(name, fc.constant('arn:aws:s3:::b/k')), context: fc.dictionary(name, fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 2 })), { maxKeys: 3 }) }), hostileValue),
      identityPolicies: fc.array(fc.record({ name: name, document }), { maxLength: 2 }),
    });
    fc.assert(
      fc.property(fc.oneof(scenario, hostileValue), (s) => {
        const compiled = compileScenario(s);
        noFunctions(compiled.ok ? compiled.value.warnings : compiled.problems);
        if (typeof s === 'object' && s !== null && !Array.isArray(s)) {
          const parsed = parseAccessDeniedText('User: arn:aws:iam::111122223333:user/u is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k');
          if (!parsed.ok) throw new Error('the fixed message must parse');
          const result = explain({ denial: parsed.denial, scenario: s as Record<string, unknown> });
          noFunctions(result.ok ? result.explanation.findings : result.problems);
        }
      }),
      { numRuns: 1_500 },
    );
  });
});
