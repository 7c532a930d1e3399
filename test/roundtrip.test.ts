/**
 * Parse/print round trips: a policy document printed as a JSON string, as the URL-encoded string the IAM
 * API returns, or a whole scenario printed as YAML, decides exactly as the original; policy variable
 * templates print back to what they parse from.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseDocumentText } from '../src/input/document-file.js';
import { compileScenario, simulate } from '../src/index.js';
import { parseTemplate, type Template } from '../src/policy/variables.js';

type Scenario = Record<string, unknown>;
const casesDir = join(import.meta.dirname, 'cases');
const valid: { name: string; scenario: Scenario }[] = readdirSync(casesDir)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => (JSON.parse(readFileSync(join(casesDir, f), 'utf8')) as { name: string; scenario: Scenario; expect: { error?: boolean } }[]).filter((c) => !c.expect.error).map((c) => ({ name: `${f}: ${c.name}`, scenario: c.scenario })));

/** Apply fn to every policy document of a scenario. */
function mapDocuments(scenario: Scenario, fn: (doc: unknown) => unknown): Scenario {
  const policy = (p: unknown) => (p && typeof p === 'object' && 'document' in p ? { ...(p as object), document: fn((p as { document: unknown }).document) } : p);
  const out: Scenario = { ...scenario };
  for (const [field, value] of Object.entries(scenario)) {
    if (field === 'request') continue;
    if (field === 'serviceControlPolicies' || field === 'resourceControlPolicies') {
      out[field] = (value as { policies: unknown[] }[]).map((level) => ({ ...level, policies: level.policies.map(policy) }));
    } else out[field] = Array.isArray(value) ? value.map(policy) : policy(value);
  }
  return out;
}

const outcome = (s: Scenario) => {
  const r = simulate(s);
  return { decision: r.decision, deniedBy: r.deniedBy, statements: r.statements };
};

describe('documents decide the same however they are printed', () => {
  it(`as JSON strings, URL-encoded strings and YAML, for all ${valid.length} valid table cases`, async () => {
    expect(valid.length).toBeGreaterThan(300);
    for (const { name, scenario } of valid) {
      if (!compileScenario(scenario).ok) continue; // already-stringified or deliberately odd documents
      const expected = outcome(scenario);
      const asString = mapDocuments(scenario, (d) => (typeof d === 'string' ? d : JSON.stringify(d)));
      const encoded = mapDocuments(scenario, (d) => (typeof d === 'string' ? d : encodeURIComponent(JSON.stringify(d))));
      expect(outcome(asString), `${name} (JSON string)`).toEqual(expected);
      expect(outcome(encoded), `${name} (URL-encoded)`).toEqual(expected);
      const yaml = await parseDocumentText(stringify(scenario), 'scenario.yaml');
      expect(yaml.ok && outcome(yaml.value as Scenario), `${name} (YAML)`).toEqual(expected);
    }
  });
});

/** Print a template back in canonical form. */
function print(t: Template): string {
  return t.parts
    .map((p) => (p.kind === 'text' ? p.text : p.kind === 'literal' ? `\${${p.text}}` : p.variable.fallback === undefined ? `\${${p.variable.key}}` : `\${${p.variable.key}, '${p.variable.fallback}'}`))
    .join('');
}

describe('policy variable templates', () => {
  const piece = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', '/', ':', '*', '-'), maxLength: 5 }),
    fc.constantFrom('${aws:username}', '${aws:PrincipalTag/team}', "${aws:username, 'nobody'}", '${*}', '${?}', '${$}', "${aws:SourceIp, ''}"),
  );
  it('print back to their source', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (pieces) => {
        const source = pieces.join('');
        expect(print(parseTemplate(source, true))).toBe(source);
      }),
    );
  });
  it('are plain text under Version 2008-10-17', () => {
    expect(parseTemplate('arn:aws:s3:::b/${aws:username}/*', false).dynamic).toBe(false);
  });
});
