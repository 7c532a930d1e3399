/** Shared helpers for the input tables in test/input/cases/. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { DenialResult } from '../../src/input/denial.js';

const here = dirname(fileURLToPath(import.meta.url));

export function loadCases<T>(file: string): T[] {
  return JSON.parse(readFileSync(join(here, 'cases', file), 'utf8')) as T[];
}

export interface DenialExpectation {
  readonly ok: boolean;
  /** Partial: each field given must be equal. */
  readonly denial?: Record<string, unknown>;
  /** Fields that must be absent. */
  readonly absent?: readonly string[];
  /** For ok:false, a part of the message. */
  readonly messageIncludes?: string;
}

export function checkDenial(result: DenialResult, e: DenialExpectation): void {
  if (!e.ok) {
    expect(result.ok, JSON.stringify(result)).toBe(false);
    if (!result.ok) {
      expect(e.messageIncludes, 'a case where parsing fails names part of the message it expects').toBeTypeOf('string');
      expect(result.message).toContain(e.messageIncludes);
      // Messages are lowercase, one line, no stack.
      expect(result.message[0]).toBe(result.message[0]!.toLowerCase());
      expect(result.message).not.toContain('\n');
    }
    return;
  }
  expect(result.ok, JSON.stringify(result)).toBe(true);
  if (!result.ok) return;
  if (e.denial) expect(result.denial).toMatchObject(e.denial);
  for (const key of e.absent ?? []) expect(result.denial, `${key} should be absent`).not.toHaveProperty(key);
}
