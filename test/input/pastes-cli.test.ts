/**
 * `whydenied explain` as a process, one input per reading class of test/input/cases/pastes.json (the first
 * case of each class), given the way a person would: text on stdin, `--sdk-error FILE`, JSON on stdin,
 * `--event FILE`; plus `--decoded FILE` and the notes the human output adds for a rejoined wrap and an
 * encoded message. dist/ is built once by test/global-setup.ts.
 */
import { describe, expect, it } from 'vitest';
import { spawnCliSync } from '../fixtures/spawn-cli.js';
import { tempFolder } from '../fixtures/temp-folder.js';
import { loadCases } from './table.js';

interface Case {
  readonly name: string;
  readonly class: string;
  readonly kind: 'text' | 'json' | 'sdk-error' | 'event';
  readonly input: unknown;
  readonly expect: { readonly denial?: Record<string, unknown>; readonly request?: Record<string, unknown> };
}

const { file } = tempFolder('whydenied-pastes-');
const run = (args: string[], input = '') => spawnCliSync(['explain', ...args], { input, env: { WHYDENIED_DEBUG: '' } });

function argsFor(c: Case, i: number): { args: string[]; stdin: string } {
  switch (c.kind) {
    case 'text':
      return { args: ['-'], stdin: c.input as string };
    case 'json':
      return { args: ['-'], stdin: JSON.stringify(c.input) };
    case 'sdk-error':
      return { args: ['--sdk-error', file(`error-${i}.json`, c.input)], stdin: '' };
    case 'event':
      return { args: ['--event', file(`event-${i}.json`, c.input)], stdin: '' };
  }
}

const cases = loadCases<Case>('pastes.json');
const firstOfClass = cases.filter((c, i) => cases.findIndex((d) => d.class === c.class) === i);

describe('explain, one paste per class, as a process', () => {
  firstOfClass.forEach((c, i) => {
    it(`${c.class}: ${c.name}`, () => {
      const { args, stdin } = argsFor(c, i);
      const r = run([...args, '--json'], stdin);
      expect([0, 3], r.stderr).toContain(r.code);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      const e = JSON.parse(r.stdout) as { request: Record<string, unknown> | null; messageOnly?: { proves: { fact: string; value: string }[] } };
      expect(e.request, r.stdout).not.toBeNull();
      const d = c.expect.denial ?? {};
      if (typeof d['action'] === 'string') expect(String(e.request!['action']).toLowerCase()).toBe(d['action'].toLowerCase());
      if (typeof d['resource'] === 'string') expect(e.request!['resource']).toBe(d['resource']);
      if (c.expect.request) expect(e.request).toMatchObject(c.expect.request);
    });
  });
});

describe('explain: what the human output says about the reading', () => {
  const wrapped = cases.find((c) => c.class === 'wrap')!;
  it('says when it rejoined a hard wrap', () => {
    const r = run(['-'], wrapped.input as string);
    expect([0, 3]).toContain(r.code);
    expect(r.stdout).toContain('note: rejoined a line break inside `iam:PutRolePolicy`');
  });

  it('says to decode an encoded authorization message, and reads the decoded output with --decoded', () => {
    const encoded = cases.find((c) => c.class === 'encoded' && c.kind === 'text')!;
    const first = run(['-'], encoded.input as string);
    expect(first.stdout).toContain('aws sts decode-authorization-message --encoded-message');
    const decoded = cases.find((c) => c.class === 'encoded' && c.kind === 'json')!;
    const r = run(['-', '--decoded', file('decoded.json', decoded.input), '--json'], encoded.input as string);
    // The decoded message proves the explicit deny and names the statement that matched.
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout) as { request: { context?: Record<string, unknown> }; source: { explicit: boolean }; messageOnly: { proves: { fact: string; value: string }[] } };
    expect(e.request.context).toMatchObject({ 'ec2:InstanceType': 'p4d.24xlarge' });
    expect(e.source.explicit).toBe(true);
    expect(e.messageOnly.proves).toContainEqual({ fact: 'matchedStatements', value: 'DenyLargeInstances' });
  });

  it('names the file when --decoded is not a decoded message', () => {
    const r = run(['--decoded', file('not-decoded.json', { hello: 'world' })]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^whydenied: .*not-decoded\.json: this is not the output of `aws sts decode-authorization-message`/);
  });

  it('shows the authorization id, its console link and the API that returns the denying statement', () => {
    const c = cases.find((x) => x.class === 'authorization-id')!;
    const r = run(['-'], c.input as string);
    expect(r.stdout).toContain('authorization id: example1a2b3c4d5e6f7g8h9i0j');
    expect(r.stdout).toContain('https://us-east-1.console.aws.amazon.com/iam/home?region=us-east-1#/authorization-details/example1a2b3c4d5e6f7g8h9i0j');
    expect(r.stdout).toContain('aws iam-toolbox get-request-authorization-details --authorization-id example1a2b3c4d5e6f7g8h9i0j');
  });
});
