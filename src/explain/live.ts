/**
 * `explain --live` and the MCP `explain` tool under `whydenied mcp --live`: the request an explanation is
 * about -> the policies that decide it, read from the account (read-only), merged under what the user gave.
 */
import { requestToExplain, type ExplainInput } from './explain.js';
import type { LiveErrorReason } from '../aws/collect/errors.js';
import { collectForExplain, LiveError, type LiveOptions, type UnreadableEntry } from '../live/collect.js';

/**
 * Why nothing was read: no principal and action to read for (`needsRequest`), or the id and data of the
 * LiveError reading the account ended with. The words are in src/render/collected.ts.
 */
export type LiveScenarioFailure = { readonly ok: false } & ({ readonly messageId: 'needsRequest' } | LiveErrorReason);

export type LiveScenarioResult = { readonly ok: true; readonly scenario: Record<string, unknown>; readonly unreadable: readonly UnreadableEntry[] } | LiveScenarioFailure;

/** Throws only for bugs; bad input and unusable credentials are `{ ok: false, messageId }`. */
export async function liveScenario(input: ExplainInput, options: LiveOptions): Promise<LiveScenarioResult> {
  const { request } = requestToExplain(input);
  if (!request) return { ok: false, messageId: 'needsRequest' };
  try {
    const { scenario: collected, unreadable } = await collectForExplain(request, options);
    // What the user gave wins over what was read; the request is the one collected for.
    return { ok: true, scenario: { ...(collected as unknown as Record<string, unknown>), ...(input.scenario ?? {}), request: collected.request }, unreadable };
  } catch (error) {
    if (error instanceof LiveError) return { ok: false, messageId: error.messageId, data: error.data } as LiveScenarioFailure;
    throw error;
  }
}
