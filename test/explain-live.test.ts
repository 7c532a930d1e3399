/** explain --live's own failure before any AWS call: no principal and action to read the policies for. */
import { describe, expect, it } from 'vitest';
import { liveScenario } from '../src/explain/live.js';
import { parseAccessDeniedText } from '../src/input/access-denied-message.js';
import { liveScenarioFailureMessage } from '../src/render/collected.js';

describe('liveScenario', () => {
  it('a denial that names no principal: needsRequest, and nothing is read', async () => {
    const read = parseAccessDeniedText('An error occurred (AccessDenied) when calling the GetObject operation: Access Denied');
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    // An endpoint that would refuse every call: the answer comes before any.
    const result = await liveScenario({ denial: read.denial }, { endpoint: 'http://127.0.0.1:1', region: 'us-east-1', maxAttempts: 1 });
    expect(result).toEqual({ ok: false, messageId: 'needsRequest' });
  });
});

describe('liveScenarioFailureMessage', () => {
  it('needsRequest in words', () => {
    expect(liveScenarioFailureMessage({ ok: false, messageId: 'needsRequest' })).toBe(
      'reading the policies from the account needs the principal and the action: give the AccessDenied message (or a scenario with a request)',
    );
  });
  it('a LiveError: the words of its id and data', () => {
    expect(liveScenarioFailureMessage({ ok: false, messageId: 'credentialsExpired', data: { code: 'ExpiredToken', profile: 'dev' } })).toBe(
      "the AWS credentials have expired (ExpiredToken): run `aws sso login --profile dev` (or refresh that profile's keys)",
    );
  });
});
