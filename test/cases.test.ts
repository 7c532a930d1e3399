/**
 * The table of evaluation cases: every JSON file in test/cases/ holds an array of cases, each one rule of
 * AWS's evaluation logic (docs/evaluation.md) with the AWS documentation page that states it. Each case
 * runs `simulate(scenario)` and checks the decision, the policy types that denied, partial matchers over
 * the statement trace and its structured reasons, warnings, or (for invalid input) the issues of the thrown
 * error. Problems and reasons are asserted as data (code, message id, data): their words are tested once, in
 * test/problem-words.test.ts and test/render-words.test.ts.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { simulate, type Problem, type StatementTrace } from '../src/index.js';
import type { Scenario } from '../src/scenario/types.js';
import { readTable } from './schemas/tables.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface StatementMatcher {
  readonly policyType?: string;
  readonly policy?: string;
  readonly statement?: string;
  readonly effect?: string;
  readonly matched?: boolean;
  readonly mismatch?: readonly string[];
  readonly target?: string;
  readonly reasons?: readonly JsonObject[];
}

interface Expectation {
  readonly decision?: string;
  readonly deniedBy?: readonly string[];
  readonly statements?: readonly StatementMatcher[];
  /** Reasons (engine/types.ts TraceReason, partially) that some trace entry gives. */
  readonly reasons?: readonly JsonObject[];
  /** Warnings, matched partially on code, messageId, data, suggestion, note. */
  readonly warnings?: readonly JsonObject[];
  readonly warningPointers?: readonly string[];
  readonly noWarnings?: boolean;
  readonly error?: boolean;
  /** Issues of the thrown error, matched partially as `warnings` are. */
  readonly problems?: readonly JsonObject[];
  readonly pointers?: readonly string[];
  /** Each must be a prefix of some issue pointer: for faults of a whole statement (Action with NotAction...). */
  readonly pointersStartWith?: readonly string[];
  /** Service rules (result.awsRules) that must be reported, by rule id. */
  readonly awsRules?: readonly string[];
}

interface Case {
  readonly file: string;
  readonly name: string;
  readonly source: string;
  readonly scenario: JsonObject;
  readonly expect: Expectation;
}

/**
 * Does `actual` match `expected` partially: every key `expected` names has that value in `actual` (objects
 * recursively, arrays exactly); `null` means the key is absent (a condition key the request does not carry).
 */
function partialMatch(actual: unknown, expected: Json): boolean {
  if (expected === null) return actual === undefined;
  if (typeof expected !== 'object' || Array.isArray(expected)) return JSON.stringify(actual) === JSON.stringify(expected);
  if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
  return Object.entries(expected).every(([k, v]) => partialMatch((actual as Record<string, unknown>)[k], v));
}

const CASES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'cases');

function loadCases(): Case[] {
  const cases: Case[] = [];
  for (const file of readdirSync(CASES_DIR).filter((f) => f.endsWith('.json')).sort()) {
    // The format (fields, types, `error` versus `decision`) is test/schemas/engine-cases.schema.json.
    const table = readTable<Omit<Case, 'file'>[]>('engine-cases', `test/cases/${file}`);
    const names = new Set<string>();
    for (const c of table) {
      if (names.has(c.name)) throw new Error(`${file}: duplicate case name \`${c.name}\``);
      names.add(c.name);
      cases.push({ file, ...c });
    }
  }
  return cases;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

function matches(entry: StatementTrace, m: StatementMatcher): boolean {
  return (
    (m.policyType === undefined || entry.policyType === m.policyType) &&
    (m.policy === undefined || entry.policy === m.policy) &&
    (m.statement === undefined || entry.statement === m.statement) &&
    (m.effect === undefined || entry.effect === m.effect) &&
    (m.matched === undefined || entry.matched === m.matched) &&
    (m.mismatch === undefined || sameSet(entry.mismatch, m.mismatch)) &&
    (m.target === undefined || entry.target === m.target) &&
    (m.reasons === undefined || m.reasons.every((r) => entry.reasons.some((x) => partialMatch(x, r))))
  );
}

function describeTrace(trace: readonly StatementTrace[]): string {
  return trace
    .map((t) => `  ${t.policyType} ${t.policy}#${t.statement}${t.target ? ` @${t.target}` : ''} ${t.effect} matched=${String(t.matched)} mismatch=[${t.mismatch.join(',')}] ${JSON.stringify(t.reasons)}`)
    .join('\n');
}

function issuesOf(error: unknown): readonly Problem[] {
  const issues: unknown = typeof error === 'object' && error !== null ? (error as { issues?: unknown }).issues : undefined;
  if (!Array.isArray(issues)) {
    throw new Error(`simulate threw without an \`issues\` array: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  return issues as Problem[];
}

function runDecisionCase(c: Case): void {
  const result = simulate(c.scenario as unknown as Scenario);
  const trace = result.statements;
  const warnings = result.warnings;
  const context = `\ntrace:\n${describeTrace(trace)}\nwarnings: ${JSON.stringify(warnings)}`;
  const e = c.expect;
  expect(result.decision, `decision${context}`).toBe(e.decision);
  // docs/evaluation.md: deniedBy is empty exactly when the decision is allow or an AWS rule refuses the request.
  const refused = result.awsRules.some((r) => r.outcome === 'refuses');
  expect(result.deniedBy.length === 0, `deniedBy must be empty exactly on allow or refusal, got [${result.deniedBy.join(', ')}]`).toBe(
    result.decision === 'allow' || (refused && result.deniedBy.length === 0),
  );
  if (refused) expect(result.decision, 'an AWS refusal is never allow').not.toBe('allow');
  for (const rule of e.awsRules ?? []) {
    expect(result.awsRules.map((r) => r.rule), `awsRules${context}`).toContain(rule);
  }
  if (e.deniedBy) expect([...result.deniedBy], `deniedBy${context}`).toEqual([...e.deniedBy]);
  for (const m of e.statements ?? []) {
    expect(trace.some((entry) => matches(entry, m)), `no trace entry matches ${JSON.stringify(m)}${context}`).toBe(true);
  }
  for (const r of e.reasons ?? []) {
    expect(trace.some((t) => t.reasons.some((x) => partialMatch(x, r))), `a trace entry gives the reason ${JSON.stringify(r)}${context}`).toBe(true);
  }
  for (const w of e.warnings ?? []) {
    expect(warnings.some((x) => partialMatch(x, w)), `a warning matches ${JSON.stringify(w)}${context}`).toBe(true);
  }
  for (const p of e.warningPointers ?? []) {
    expect(warnings.map((x) => x.pointer), `a warning points at ${p}`).toContain(p);
  }
  if (e.noWarnings) expect(warnings, 'no warnings').toEqual([]);
}

function runErrorCase(c: Case): void {
  let thrown: unknown;
  let returned: unknown;
  try {
    returned = simulate(c.scenario as unknown as Scenario);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `simulate must reject this scenario, it returned ${JSON.stringify(returned)}`).toBeDefined();
  const issues = issuesOf(thrown);
  const context = `\nissues: ${JSON.stringify(issues, null, 2)}`;
  expect(issues.length, `at least one issue${context}`).toBeGreaterThan(0);
  for (const p of c.expect.problems ?? []) {
    expect(issues.some((i) => partialMatch(i, p)), `an issue matches ${JSON.stringify(p)}${context}`).toBe(true);
  }
  for (const pointer of c.expect.pointers ?? []) {
    expect(issues.map((i) => i.pointer), `an issue points at ${pointer}${context}`).toContain(pointer);
  }
  for (const prefix of c.expect.pointersStartWith ?? []) {
    expect(issues.some((i) => i.pointer === prefix || i.pointer.startsWith(`${prefix}/`)), `an issue points at or inside ${prefix}${context}`).toBe(true);
  }
}

const cases = loadCases();

for (const c of cases) {
  it(`${c.file}: ${c.name}`, () => {
    if (c.expect.error) runErrorCase(c);
    else runDecisionCase(c);
  });
}

it('the case table holds at least 150 cases', () => {
  expect(cases.length).toBeGreaterThanOrEqual(150);
});
