/**
 * The AccessDenied text parser: a table of every variant of the message (test/input/cases/messages.json), and
 * property tests: it never throws, and it reads back the fields of a message built from random valid parts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDenialCode, parseAccessDeniedText, readDenialMessage, readDenialMessageOnce } from '../../src/input/access-denied-message.js';
import { checkDenial, loadCases, type DenialExpectation } from './table.js';

interface Case {
  readonly name: string;
  readonly source: string;
  readonly text: string;
  readonly expect: DenialExpectation;
}

describe('messages.json', () => {
  for (const c of loadCases<Case>('messages.json')) {
    it(c.name, () => checkDenial(parseAccessDeniedText(c.text), c.expect));
  }
});

describe('error codes', () => {
  it.each(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Client.UnauthorizedOperation', 'com.amazonaws.connect#AccessDeniedException', 'AuthorizationError', 'UnauthorizedException', 'KMSAccessDeniedException'])('%s is a denial', (code) => {
    expect(isDenialCode(code)).toBe(true);
  });
  it.each(['ThrottlingException', 'ResourceNotFoundException', 'ValidationException', 'InvalidClientTokenId', 'ExpiredTokenException'])('%s is not', (code) => {
    expect(isDenialCode(code)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties.

const nameChars = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=,.@_-'.split(''));
const iamName = fc.string({ unit: nameChars, minLength: 1, maxLength: 24 });
const account = fc.stringMatching(/^\d{12}$/);
const partition = fc.constantFrom('aws', 'aws-cn', 'aws-us-gov');

const principalArb = fc.oneof(
  fc.tuple(partition, account, iamName).map(([p, a, n]) => `arn:${p}:iam::${a}:user/${n}`),
  fc.tuple(partition, account, iamName, iamName).map(([p, a, r, s]) => `arn:${p}:sts::${a}:assumed-role/${r}/${s}`),
  fc.tuple(partition, account).map(([p, a]) => `arn:${p}:iam::${a}:root`),
  fc.constant('anonymous'),
);
const service = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
const actionArb = fc.tuple(service, fc.boolean(), fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,30}$/)).map(([s, upper, a]) => `${upper ? s.toUpperCase() : s}:${a}`);
const resourceChars = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:._-%*'.split(''));
const resourceArb = fc.oneof(
  fc.constant('*'),
  fc.tuple(partition, service, fc.constantFrom('', 'us-east-1', 'eu-west-2'), fc.constantFrom('', '111122223333'), fc.string({ unit: resourceChars, minLength: 1, maxLength: 60 })).map(
    ([p, s, r, a, rest]) => `arn:${p}:${s}:${r}:${a}:${rest}`,
  ),
);

describe('properties', () => {
  it('round-trips `User: P is not authorized to perform: A on resource: R because no identity-based policy allows the A action`', () => {
    fc.assert(
      fc.property(principalArb, actionArb, resourceArb, fc.constantFrom(' ', '\n', '\r\n  '), (p, a, r, gap) => {
        const text = `User: ${p} is not authorized to perform: ${a} on resource:${gap}${r} because no identity-based policy allows the ${a} action`;
        const result = parseAccessDeniedText(text);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.denial).toMatchObject({ principal: p, action: a, resource: r, explicit: false, policyType: 'identity' });
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips explicit denials with a policy ARN and name', () => {
    const types = fc.constantFrom(
      ['a service control policy', 'scp'],
      ['an identity-based policy', 'identity'],
      ['a permissions boundary', 'permissions-boundary'],
      ['a session policy', 'session'],
      ['a resource control policy', 'rcp'],
    );
    fc.assert(
      fc.property(principalArb, actionArb, resourceArb, types, account, iamName, (p, a, r, [phrase, type], acct, name) => {
        const policyArn = `arn:aws:iam::${acct}:policy/${name}`;
        const text = `User: ${p} is not authorized to perform: ${a} on resource: ${r} with an explicit deny in ${phrase}: ${policyArn} (${name})`;
        const result = parseAccessDeniedText(text);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.denial).toMatchObject({ principal: p, action: a, resource: r, explicit: true, policyType: type, policyName: name });
        // A name ending in `.` at the end of the text cannot be told from a full stop; otherwise the ARN is exact.
        if (!name.endsWith('.')) expect(result.denial.policyArn).toBe(policyArn);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws, on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const result = parseAccessDeniedText(text);
        expect(typeof result.ok).toBe('boolean');
        readDenialMessage(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on shuffled fragments of the grammar', () => {
    const fragments = fc.constantFrom(
      'User:',
      'User: arn:aws:iam::111122223333:user/a',
      ' is not authorized to perform',
      ':',
      ' connect:StartChatContact',
      ' on resource',
      ' on resource: ',
      '"',
      ' "arn:aws:s3:::b/k',
      ' because no ',
      ' with an explicit deny',
      ' in ',
      ' a service control policy',
      ': arn:',
      ' (',
      ')',
      ' transitively through ',
      '.',
      '\n',
      'An error occurred (',
      ') when calling the ',
      ' operation',
      'Encoded authorization failure message: ',
      'AccessDeniedException: ',
    );
    fc.assert(
      fc.property(fc.array(fragments, { maxLength: 30 }), (parts) => {
        const result = parseAccessDeniedText(parts.join(''));
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a message once per text after its caller, and the same as reading it whole (callers that spell a phrase, a quote, `user:`)', () => {
    const caller = fc.oneof(
      fc.constantFrom(
        'arn:aws:sts::111122223333:assumed-role/ChatStarter/fn-1',
        'arn:aws:sts::111122223333:assumed-role/ChatStarter/BlockPublicAcls',
        'arn:aws:sts::111122223333:assumed-role/R/blockpublicpolicy.x',
        'arn:aws:iam::111122223333:user:evil',
        'arn:aws:iam::111122223333:user/a"',
        'arn:aws:iam::111122223333:user/a.',
        'arn:aws:iam::000000000000:user/whydenied-caller',
        'User',
        '"arn:aws:iam::111122223333:user/q"',
        '',
      ),
      fc.string({ unit: fc.constantFrom(...'arn:aws/user-.@,=+_"\'BlockPublicAcls9'.split('')), maxLength: 40 }).map((t) => `arn:${t}`),
    );
    const rest = fc.array(
      fc.constantFrom(
        ': connect:StartChatContact',
        ' on resource: arn:aws:connect:us-east-1:111122223333:instance/i/contact-flow/f',
        ' on resource: arn:aws:sts::111122223333:assumed-role/ChatStarter/fn-1',
        ' because no identity-based policy allows the connect:StartChatContact action',
        ' with an explicit deny in a service control policy: arn:aws:organizations::1:policy/o/service_control_policy/p-1 (Deny)',
        ' transitively through a resource control policy',
        ' user: ',
        ' blocked by block public access',
        '.',
        ' ',
        '\n',
      ),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(caller, rest, fc.constantFrom(' is not authorized to perform', ' is  not authorized to perform', ' was not authorized to perform'), (who, parts, verb) => {
        const text = `User: ${who}${verb}${parts.join('')}`;
        const whole = readDenialMessage(text);
        expect(readDenialMessageOnce(text)).toEqual(whole);
        expect(readDenialMessageOnce(text)).toEqual(whole); // remembered
      }),
      { numRuns: 3000 },
    );
    const long = `User: arn:aws:sts::111122223333:assumed-role/R/s is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/${'k'.repeat(5000)}`;
    expect(readDenialMessageOnce(long)).toEqual(readDenialMessage(long));
    expect(readDenialMessageOnce(long).resource).toHaveLength(5000 + 'arn:aws:s3:::b/'.length);
  });

  it('reads a long message in linear time (no backtracking blow-up)', () => {
    const long = `User: ${'a'.repeat(200_000)} is not authorized to perform: ${'on resource: '.repeat(20_000)} because no ${' '.repeat(100_000)}x`;
    const result = parseAccessDeniedText(long);
    expect(result.ok).toBe(true);
    const repeated = `User: a is not authorized to perform: s:A ${'with an explicit deny in a service control policy: arn:x ('.repeat(20_000)}`;
    expect(parseAccessDeniedText(repeated).ok).toBe(true);
    const quotes = `User: a is not authorized to perform: s:A ${'on resource: "x" '.repeat(20_000)}on resource: "unclosed`;
    expect(parseAccessDeniedText(quotes)).toMatchObject({ ok: true, denial: { resourceName: 'unclosed' } });
    // Hard-wrap rejoining is bounded (ARN length, number of rejoins): a run of wrap-like lines stays linear.
    const wraps = `User: a is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::${'a'.repeat(60)}-\n${'b-\n'.repeat(100_000)}`;
    expect(parseAccessDeniedText(wraps).ok).toBe(true);
  });
});
