/**
 * One table per doctor check (test/doctor/<check-id>.json): a collected scenario (what `doctor connect`
 * reads from the account, as `whydenied collect` writes it), the instance, flow, principal and context,
 * and the one result the check gives: its status, message id, data, and texts its words contain. The
 * checks run as the command runs them (runDoctorChecks), with no AWS call. The format is
 * test/schemas/doctor-table.schema.json.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { doctor } from '../src/cli/commands/doctor.js';
import { commandHelp } from '../src/cli/help.js';
import { DOCTOR_CHECKS } from '../src/doctor/checks/index.js';
import { locate, runDoctorChecks } from '../src/doctor/connect.js';
import type { CollectedScenario } from '../src/live/collect.js';
import { doctorCheckText } from '../src/render/doctor.js';
import type { ContextValue } from '../src/scenario/types.js';
import { readTable, ROOT } from './schemas/tables.js';

interface Case {
  readonly name: string;
  readonly input: {
    readonly instance: string;
    readonly flow?: string;
    readonly principal: string;
    readonly context?: Record<string, ContextValue>;
    readonly scenario: CollectedScenario;
  };
  readonly expect: { readonly status: string; readonly messageId: string; readonly data?: Record<string, unknown>; readonly includes?: readonly string[] };
}

const dir = join(ROOT, 'test', 'doctor');
const ids = DOCTOR_CHECKS.map((c) => c.meta.id);
const load = (id: string) => readTable<Case[]>('doctor-table', `test/doctor/${id}.json`);

/** The check's result for the case, with its words. */
function run(id: string, input: Case['input']) {
  const where = locate({ instance: input.instance, ...(input.flow !== undefined && { flow: input.flow }) }, 'us-east-1', '000000000000');
  const report = runDoctorChecks(structuredClone(input.scenario), where, input.principal, input.context ?? {});
  const check = report.checks.find((c) => c.id === id)!;
  return { ...check, ...doctorCheckText(check, report) };
}

for (const id of ids) {
  describe(`doctor check ${id}`, () => {
    for (const c of existsSync(join(dir, `${id}.json`)) ? load(id) : []) {
      it(`${c.expect.status}: ${c.name}`, () => {
        const r = run(id, c.input);
        expect({ status: r.status, messageId: r.messageId }, r.message).toEqual({ status: c.expect.status, messageId: c.expect.messageId });
        if (c.expect.data) expect(r.data).toMatchObject(c.expect.data);
        for (const text of c.expect.includes ?? []) expect(r.message + (r.fix === undefined ? '' : `\nfix: ${r.fix}`)).toContain(text);
        expect(`${r.message} ${r.fix ?? ''}`).not.toMatch(/\bundefined\b|\[object Object\]/);
      });
    }
  });
}

describe('the doctor checks, their docs and their tables', () => {
  it('one table and one docs page per registered check, each table with a pass and a warn or fail, every message id produced and its words asserted', () => {
    expect(readdirSync(dir).map((f) => f.replace(/\.json$/, '')).sort()).toEqual([...ids].sort());
    expect(readdirSync(join(ROOT, 'docs', 'doctor')).map((f) => f.replace(/\.md$/, '')).sort()).toEqual([...ids].sort());
    for (const { meta } of DOCTOR_CHECKS) {
      const cases = load(meta.id);
      expect(cases.some((c) => c.expect.status === 'pass'), `${meta.id}: a case where it passes`).toBe(true);
      expect(cases.some((c) => c.expect.status !== 'pass'), `${meta.id}: a case where it warns or fails`).toBe(true);
      const produced = new Set<string>(cases.map((c) => run(meta.id, c.input).messageId));
      const declared = Object.keys(meta.messages);
      expect(declared.filter((m) => !produced.has(m)), `${meta.id}: message ids no case produces`).toEqual([]);
      expect(declared.filter((m) => !cases.some((c) => c.expect.messageId === m && c.expect.includes)), `${meta.id}: message ids whose words no case asserts`).toEqual([]);
      expect(meta.docs).toBe(`docs/doctor/${meta.id}.md`);
      expect(readFileSync(join(ROOT, meta.docs), 'utf8')).toContain(`# ${meta.id}`);
    }
  });

  it('`doctor --help` (and so docs/commands/doctor.md) lists what every registered check checks, in report order', () => {
    const help = commandHelp(doctor).replace(/\s+/g, ' ');
    const at = DOCTOR_CHECKS.map(({ meta }) => help.indexOf(meta.summary));
    expect(at.every((i) => i > 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });
});
