/** How long whydenied waits for AWS (a module of its own: the Athena path loads no other client). */

/**
 * Every AWS call: connected within 5 s and answered within 60 s (per attempt). Without these an endpoint
 * that accepts and never answers holds the command forever.
 */
export const REQUEST_TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 60_000 } as const;

/** The default budget of a whole live command (explain --live, collect, doctor); `--timeout` changes it. */
export const DEFAULT_LIVE_TIMEOUT_MS = 120_000;
