/**
 * Lint autofixes never widen: a fix is offered (the `fix:` line, SARIF `fixes`) only when src/proof/ shows
 * the fixed statement allows nothing beyond what it meant. Checked here by brute force, independently of
 * the proof: over a universe of requests, every request the fixed policy allows and the original does not
 * must be one the statement meant: one of its actions (for a typo, the action it resembles) on a resource
 * the replaced value named or one inside it (for a placeholder Region or account, that ARN in any).
 * Fixes that would widen become suggestions with placeholders, and say what they would also allow.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintPolicies } from '../src/lint/lint.js';
import type { LintFinding, SourcePolicy } from '../src/lint/types.js';
import { pointerSegments } from '../src/policy/problems.js';
import { wildcardMatch } from '../src/policy/wildcard.js';
import { renderSarif } from '../src/render/sarif.js';
import { renderLintText } from '../src/render/lint-text.js';
import { plain } from '../src/render/style.js';
import { simulate } from '../src/simulate.js';

const RUNS = Number(process.env.PROOF_RUNS ?? 300);
const ACCOUNT = '246813579024';
const A = `arn:aws:connect:us-east-1:${ACCOUNT}:instance/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0`;
const B = `arn:aws:connect:us-east-1:${ACCOUNT}:instance/9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d`;

const ACTIONS = ['connect:StartChatContact', 'connect:DescribeInstance', 'connect:DescribeContactFlow', 's3:GetObject', 's3:ListBucket', 'logs:PutLogEvents', 's3:GetObjekt', 'connect:StartChatContakt', 'sts:GetCallerIdentity'];
const RESOURCE_VALUES = [
  A,
  B,
  `${A}/contact-flow/11111111-2222-4333-8444-555555555555`,
  `${B}/*`,
  `arn:aws:connect:us-east-1:${ACCOUNT}:instance`,
  'arn:aws:s3:::reports',
  'arn:aws:s3:::reports/*',
  `arn:aws:s3:us-east-1:${ACCOUNT}:reports`,
  'arn:aws:s3:::*',
  '*',
  'arn:aws:logs:us-east-1:ACCOUNT_ID:log-group:chat:*',
  `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:chat`,
];

/** Concrete resources a request may name: the values' own ARNs, their insides, neighbours. */
const UNIVERSE_RESOURCES = [
  A,
  B,
  `${A}/contact-flow/11111111-2222-4333-8444-555555555555`,
  `${A}/contact-flow/other`,
  `${B}/contact-flow/11111111-2222-4333-8444-555555555555`,
  `arn:aws:connect:us-east-1:${ACCOUNT}:instance/third/contact-flow/x`,
  `arn:aws:connect:eu-west-1:${ACCOUNT}:instance/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0/contact-flow/x`,
  `arn:aws:connect:us-east-1:999988887777:instance/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0/contact-flow/x`,
  'arn:aws:s3:::reports',
  'arn:aws:s3:::reports/2026/a.csv',
  'arn:aws:s3:::other/a.csv',
  'arn:aws:s3:::other',
  `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/ap/object/a.csv`,
  `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:chat:log-stream:s`,
  `arn:aws:logs:us-east-1:999988887777:log-group:chat:log-stream:s`,
  `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:other:log-stream:s`,
  '*',
];

const statementArb = fc.record({
  Effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny'),
  Action: fc.oneof(fc.constantFrom(...ACTIONS), fc.uniqueArray(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 2 })),
  Resource: fc.oneof(fc.constantFrom(...RESOURCE_VALUES), fc.uniqueArray(fc.constantFrom(...RESOURCE_VALUES), { minLength: 1, maxLength: 2 })),
});
const documentArb = fc.record({ Version: fc.constant('2012-10-17'), Statement: fc.array(statementArb, { minLength: 1, maxLength: 3 }) });

function source(document: unknown): SourcePolicy {
  return { type: 'identity', name: 'policy', document, pointer: '', embedded: false, scope: ['role'] };
}

function replaced(document: unknown, pointer: string, value: unknown): unknown {
  const copy = structuredClone(document) as Record<string, unknown>;
  const segs = pointerSegments(pointer);
  let v: Record<string, unknown> = copy;
  for (const seg of segs.slice(0, -1)) v = v[seg] as Record<string, unknown>;
  v[segs[segs.length - 1]!] = value;
  return copy;
}

const allows = (document: unknown, action: string, resource: string) =>
  simulate({ identityPolicies: [{ name: 'policy', document }], request: { principal: `arn:aws:sts::${ACCOUNT}:assumed-role/R/S`, action, resource } }, { trace: false }).decision === 'allow';

/** What the statement meant, by the rule whose fix this is (the rules' docs say the same in words). */
function meant(f: LintFinding, document: unknown, action: string, resource: string): boolean {
  const segs = pointerSegments(f.fix!.pointer);
  const statements = (document as { Statement: unknown[] }).Statement;
  const statement = statements[Number(segs[1])] as { Action: string | string[]; Resource: string | string[] };
  const actions = ([] as string[]).concat(statement.Action).map((a) => a.toLowerCase());
  const original = ([] as string[]).concat(statement.Resource);
  switch (f.rule) {
    case 'unknown-action':
      return action.toLowerCase() === String(f.fix!.value).toLowerCase();
    case 'arn-region-or-account-placeholder': {
      const value = String(original[segs.length > 3 ? Number(segs[3]) : 0]);
      const field = f.messageId.startsWith('region') ? 3 : 4;
      const any = value.split(':').map((p, i) => (i === field ? '*' : p)).join(':');
      return actions.includes(action.toLowerCase()) && wildcardMatch(any, resource);
    }
    case 'resource-type-mismatch':
      if (f.messageId === 'onlyStar') return action.toLowerCase() === String(f.data['action']).toLowerCase();
      return action.toLowerCase() === String(f.data['action']).toLowerCase() && original.some((p) => wildcardMatch(p, resource) || wildcardMatch(`${p}/*`, resource) || wildcardMatch(`${p}:*`, resource));
    default:
      return false; // other rules (wildcard-resource) only narrow
  }
}

describe('lint autofixes', () => {
  it('never allow a request the statement did not mean (brute force over a universe of requests)', () => {
    let fixes = 0;
    let suggestions = 0;
    fc.assert(
      fc.property(documentArb, (document) => {
        const { findings } = lintPolicies('p.json', [source(document)]);
        for (const f of findings) {
          if (f.suggestion) suggestions++;
          if (!f.fix) continue;
          fixes++;
          const fixed = replaced(document, f.fix.pointer, f.fix.value);
          for (const action of ACTIONS.slice(0, 6)) {
            for (const resource of UNIVERSE_RESOURCES) {
              if (allows(fixed, action, resource) && !allows(document, action, resource)) {
                expect.soft(meant(f, document, action, resource), `${f.rule} fix ${JSON.stringify(f.fix.value)} newly allows ${action} on ${resource}`).toBe(true);
                if (!meant(f, document, action, resource)) return false;
              }
            }
          }
        }
        return true;
      }),
      { numRuns: RUNS },
    );
    // The universe exercises both outcomes.
    expect(fixes).toBeGreaterThan(20);
    expect(suggestions).toBeGreaterThan(5);
  });

  it('a statement on one instance gets that instance\'s flows, though the file names two instances', () => {
    const document = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Chat', Effect: 'Allow', Action: 'connect:StartChatContact', Resource: A },
        { Sid: 'Describe', Effect: 'Allow', Action: 'connect:DescribeInstance', Resource: B },
      ],
    };
    const f = lintPolicies('p.json', [source(document)]).findings.find((x) => x.rule === 'resource-type-mismatch')!;
    expect(f.fix).toMatchObject({ value: `${A}/contact-flow/*`, proof: 'proven' });
    expect(f.suggestion).toBeUndefined();
  });

  it('an S3 object fix that reaches other buckets is a suggestion with placeholders, not an autofix', () => {
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:us-east-1:${ACCOUNT}:reports` }] };
    const report = { files: [{ file: 'p.json', format: 'policy' as const, policies: 1 }], findings: lintPolicies('p.json', [source(document)]).findings, problems: [], skipped: [] };
    const f = report.findings.find((x) => x.rule === 'resource-type-mismatch')!;
    expect(f.fix).toBeUndefined();
    expect(f.suggestion).toMatchObject({ proof: 'refuted' });
    expect(String(f.suggestion!.value)).toMatch(/\$\{[A-Za-z]+\}/);
    expect(f.suggestion!.grants[0]).toMatch(/^s3:GetObject on arn:aws:s3:/);
    const text = renderLintText(report, plain);
    expect(text).toContain('suggestion:');
    expect(text).toContain('would also allow');
    expect(text).not.toContain('fix:');
    const sarif = JSON.stringify(renderSarif(report, { version: '0.0.0', root: process.cwd() }));
    expect(sarif).not.toContain('"fixes"');
    expect(sarif).toContain('Suggestion:');
  });

  it('a fix that only narrows (Resource "*" to the ARNs the file names) is proven and offered', () => {
    const document = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'connect:DescribeContactFlow', Resource: '*' },
        { Effect: 'Allow', Action: 'connect:DescribeInstance', Resource: A },
      ],
    };
    const f = lintPolicies('p.json', [source(document)]).findings.find((x) => x.rule === 'wildcard-resource')!;
    expect(f.fix).toMatchObject({ value: `${A}/contact-flow/*`, proof: 'proven' });
  });
});
