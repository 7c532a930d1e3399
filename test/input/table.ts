/** Shared helpers for the input tables in test/input/cases/. */
import { expect } from 'vitest';
import type { DenialResult, NotADenial } from '../../src/input/denial.js';
import { readTable, type TableKind } from '../schemas/tables.js';

/** A table of test/input/cases/, checked against its schema (test/schemas/<name>.schema.json). */
export function loadCases<T>(file: `${'advice' | 'cloudtrail' | 'messages' | 'pastes' | 'requests' | 'sdk-errors'}.json`): T[] {
  return readTable<T[]>(file.slice(0, -'.json'.length) as TableKind, `test/input/cases/${file}`);
}

export interface DenialExpectation {
  readonly ok: boolean;
  /** Partial: each field given must be equal. */
  readonly denial?: Record<string, unknown>;
  /** Fields that must be absent. */
  readonly absent?: readonly string[];
  /** For ok:false, why the input is no denial: its message id and data, exactly. */
  readonly reason?: NotADenial;
}

export function checkDenial(result: DenialResult, e: DenialExpectation): void {
  if (!e.ok) {
    expect(result.ok, JSON.stringify(result)).toBe(false);
    if (!result.ok) {
      expect(e.reason, 'a case where parsing fails names the reason it expects').toBeDefined();
      expect(result.reason).toEqual(e.reason);
    }
    return;
  }
  expect(result.ok, JSON.stringify(result)).toBe(true);
  if (!result.ok) return;
  if (e.denial) expect(result.denial).toMatchObject(e.denial);
  for (const key of e.absent ?? []) expect(result.denial, `${key} should be absent`).not.toHaveProperty(key);
}
