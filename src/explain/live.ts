/**
 * `explain --live` and the MCP `explain` tool under `whydenied mcp --live`: the request an explanation is
 * about -> the policies that decide it, read from the account (read-only), merged under what the user gave.
 */
import { requestToExplain, type ExplainInput } from './explain.js';
import type { Problem } from '../policy/problems.js';
import { collectForExplain, LiveError, type LiveOptions, type UnreadableEntry } from '../live/collect.js';

export type LiveScenarioResult =
  | { readonly ok: true; readonly scenario: Record<string, unknown>; readonly unreadable: readonly UnreadableEntry[] }
  | { readonly ok: false; readonly message: string; readonly problem?: Problem };

/** Throws only for bugs; bad input and unusable credentials are `{ ok: false, message }`. */
export async function liveScenario(input: ExplainInput, options: LiveOptions): Promise<LiveScenarioResult> {
  const { request } = requestToExplain(input);
  if (!request) return { ok: false, message: 'reading the policies from the account needs the principal and the action: give the AccessDenied message (or a scenario with a request)' };
  try {
    const { scenario: collected, unreadable } = await collectForExplain(request, options);
    // What the user gave wins over what was read; the request is the one collected for.
    return { ok: true, scenario: { ...(collected as unknown as Record<string, unknown>), ...(input.scenario ?? {}), request: collected.request }, unreadable };
  } catch (error) {
    if (error instanceof LiveError) return { ok: false, message: error.message, ...(error.problem && { problem: error.problem }) };
    throw error;
  }
}
