/**
 * The table of evaluation cases: every JSON file in test/cases/ holds an array of cases, each one rule of
 * AWS's evaluation logic (docs/evaluation.md) with the AWS documentation page that states it. Each case
 * runs `simulate(scenario)` and checks the decision, the policy types that denied, partial matchers over
 * the statement trace, warnings, or (for invalid input) the issues of the thrown error.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { simulate } from '../src/index.js';
import { traceJson } from '../src/render/trace-detail.js';
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
  readonly detailIncludes?: readonly string[];
}

interface Expectation {
  readonly decision?: string;
  readonly deniedBy?: readonly string[];
  readonly statements?: readonly StatementMatcher[];
  readonly detailIncludes?: readonly string[];
  readonly warningsInclude?: readonly string[];
  readonly warningPointers?: readonly string[];
  readonly noWarnings?: boolean;
  readonly error?: boolean;
  readonly messagesInclude?: readonly string[];
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

/** An error issue or a warning: its message, and its "did you mean" hint when it has one. */
interface Issue {
  readonly message: string;
  readonly pointer: string;
  readonly hint?: string;
}

/** The words a user reads for an issue: the message and its hint. */
function issueText(issue: Issue): string {
  return issue.hint === undefined ? issue.message : `${issue.message} ${issue.hint}`;
}

interface TraceEntry {
  readonly policyType: string;
  readonly policy: string;
  readonly statement: string;
  readonly effect: string;
  readonly matched: boolean;
  readonly mismatch: readonly string[];
  readonly detail: string;
  readonly target?: string;
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

function includesFolded(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle.toLowerCase());
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

function matches(entry: TraceEntry, m: StatementMatcher): boolean {
  return (
    (m.policyType === undefined || entry.policyType === m.policyType) &&
    (m.policy === undefined || entry.policy === m.policy) &&
    (m.statement === undefined || entry.statement === m.statement) &&
    (m.effect === undefined || entry.effect === m.effect) &&
    (m.matched === undefined || entry.matched === m.matched) &&
    (m.mismatch === undefined || sameSet(entry.mismatch, m.mismatch)) &&
    (m.target === undefined || entry.target === m.target) &&
    (m.detailIncludes === undefined || m.detailIncludes.every((d) => includesFolded(entry.detail, d)))
  );
}

function describeTrace(trace: readonly TraceEntry[]): string {
  return trace
    .map((t) => `  ${t.policyType} ${t.policy}#${t.statement}${t.target ? ` @${t.target}` : ''} ${t.effect} matched=${String(t.matched)} mismatch=[${t.mismatch.join(',')}] ${t.detail}`)
    .join('\n');
}

function issuesOf(error: unknown): readonly Issue[] {
  const issues: unknown = typeof error === 'object' && error !== null ? (error as { issues?: unknown }).issues : undefined;
  if (!Array.isArray(issues)) {
    throw new Error(`simulate threw without an \`issues\` array: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  return issues.map((issue: unknown): Issue => {
    const { message, pointer, hint } = (typeof issue === 'object' && issue !== null ? issue : {}) as {
      message?: unknown; pointer?: unknown; hint?: unknown;
    };
    if (typeof message !== 'string' || typeof pointer !== 'string') {
      throw new Error(`an issue needs a string \`message\` and \`pointer\`: ${JSON.stringify(issue)}`);
    }
    return typeof hint === 'string' ? { message, pointer, hint } : { message, pointer };
  });
}

function runDecisionCase(c: Case): void {
  const result = simulate(c.scenario as unknown as Scenario);
  const trace: readonly TraceEntry[] = result.statements.map(traceJson);
  const warnings = result.warnings as readonly Issue[];
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
  if (e.detailIncludes) {
    const details = trace.map((t) => t.detail).join('\n');
    for (const d of e.detailIncludes) expect(includesFolded(details, d), `trace details mention \`${d}\`${context}`).toBe(true);
  }
  for (const w of e.warningsInclude ?? []) {
    expect(warnings.some((x) => includesFolded(issueText(x), w)), `a warning mentions \`${w}\`${context}`).toBe(true);
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
  for (const text of c.expect.messagesInclude ?? []) {
    expect(issues.some((i) => includesFolded(issueText(i), text)), `an issue message mentions \`${text}\`${context}`).toBe(true);
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
