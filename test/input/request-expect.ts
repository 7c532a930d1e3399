/** Checking requestFromDenial results against a table's partial expectation. */
import { expect } from 'vitest';
import type { RequestFromDenial } from '../../src/request/from-denial.js';

export interface RequestExpectation {
  /** Partial match of the request (nested context partial too). */
  readonly request?: Record<string, unknown>;
  /** Exact list. */
  readonly missing?: readonly string[];
  readonly missingIncludes?: readonly string[];
  readonly resourceFrom?: string;
  /** `null`: must be absent. */
  readonly decodedResource?: string | null;
  readonly decodedParameters?: Record<string, string>;
  /** Request fields that must be absent (e.g. `resource`). */
  readonly requestAbsent?: readonly string[];
  /** Context keys that must be absent. */
  readonly contextAbsent?: readonly string[];
  /** No request at all (principal or action unknown). */
  readonly noRequest?: boolean;
}

export function checkRequest(result: RequestFromDenial, e: RequestExpectation): void {
  const shown = JSON.stringify(result);
  if (e.noRequest) expect(result.request, shown).toBeUndefined();
  if (e.request) {
    expect(result.request, shown).toBeDefined();
    expect(result.request, shown).toMatchObject(e.request);
  }
  if (e.missing) expect(result.missing, shown).toEqual(e.missing);
  for (const m of e.missingIncludes ?? []) expect(result.missing, shown).toContain(m);
  if (e.resourceFrom) expect(result.resourceFrom, shown).toBe(e.resourceFrom);
  if (e.decodedResource === null) expect(result.decodedResource, shown).toBeUndefined();
  else if (e.decodedResource !== undefined) expect(result.decodedResource, shown).toBe(e.decodedResource);
  else if (result.request?.resource !== undefined && !result.request.resource.includes('%')) expect(result.decodedResource, shown).toBeUndefined();
  if (e.decodedParameters) expect(result.decodedParameters, shown).toEqual(e.decodedParameters);
  for (const key of e.requestAbsent ?? []) expect(result.request ?? {}, shown).not.toHaveProperty(key);
  for (const key of e.contextAbsent ?? []) expect(Object.keys(result.request?.context ?? {}), shown).not.toContain(key);
}
