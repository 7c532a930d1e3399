/** What every command shares: output streams, exit codes, help text. */
import { createRequire } from 'node:module';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** For colour decisions. */
  readonly stdout: { isTTY?: boolean };
  /** For progress bars (only on a terminal). */
  readonly stderr?: { isTTY?: boolean; columns?: number };
  readonly env: Record<string, string | undefined>;
}

/** Exit codes, documented in --help and the README. */
export const EXIT = { ok: 0, allowed: 0, usage: 1, badInput: 1, denied: 2, undetermined: 3 } as const;

export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

export const HELP = `whydenied ${VERSION}: why did AWS deny this request, and what is the least-privilege fix?

Usage:
  whydenied explain MESSAGE | - | --event FILE | --sdk-error FILE | --example   [--scenario FILE | --policy FILE ... | --live]
                                       why was this request denied, and the verified least-privilege fix
  whydenied simulate FILE | --example  evaluate a scenario (JSON or YAML; FILE - reads stdin) and show the trace
  whydenied policy ACTION|RECIPE ...   write a least-privilege policy (self-checked; --format json|cloudformation|terraform|cdk)
  whydenied lint FILE|DIR ... [--json | --sarif] [--action ACTION]
                                       find broken and risky statements before deployment
  whydenied diff OLD NEW [--json | --sarif]
                                       does NEW allow any request that OLD does not? (proven, or each difference)
  whydenied scan PATH ... | --athena   find and explain every AccessDenied in CloudTrail
  whydenied collect --principal ARN --action A --resource ARN [--profile P] [--region R]
                                       read the deciding policies from the account (read-only) as a scenario
  whydenied doctor connect --instance ARN-or-ID [--flow ID] [--principal ARN] [--context K=V]
                                       check an Amazon Connect chat setup against the account
  whydenied mcp [--live]               serve explain, simulate, policy and lint to AI agents (MCP over stdio)
  whydenied --help | --version

Run \`whydenied COMMAND --help\` for each command's inputs, options and exit codes. A scenario is one
request and every policy that decides it (README, "Scenario format"); docs/evaluation.md states the rules
the engine follows.

Exit codes:
  simulate:  0 the request is allowed, 2 it is denied
  explain:   0 a cause was found, 3 the cause could not be determined from what was given
  policy:    0 written
  lint:      0 no errors, 4 findings of severity error
  diff:      0 NEW grants nothing more (proven), 2 NEW grants more, 3 not proven (undecided cases)
  scan:      0 no denials, 2 denials found, 4 some input could not be read
  collect:   0 collected, 3 something that could change the decision could not be read
  doctor:    0 every check passed, 2 a check failed, 3 undecided
  mcp:       0 the client closed the connection
  all:       1 bad input or usage (the message names the file and the place)
`;

export const SIMULATE_HELP = `Usage:
  whydenied simulate FILE [--json] [--no-trace]    FILE is a scenario in JSON or YAML; - reads stdin
  whydenied simulate --example [--json]            the built-in Amazon Connect chat example

Options:
  --json        print the result as JSON: { decision, deniedBy, statements, warnings }
  --no-trace    leave out the statement trace (faster; JSON "statements" is empty)

Exit codes:
  0  the request is allowed
  1  bad input or usage (the message names the file, line and JSON pointer)
  2  the request is denied (implicitly or explicitly)
`;

/** A step of a command: its value, or the exit code to stop with (the message is already printed). */
export type Step<T> = { ok: true; value: T } | { ok: false; code: number };

export function usageError(io: Io, message: string, hint?: string): number {
  io.err(`whydenied: ${message}\n${hint ? `  ${hint}\n` : ''}`);
  return EXIT.usage;
}

/** `--timeout SECONDS` of the commands that call AWS: the whole command's budget, in milliseconds. */
export function timeoutOption(io: Io, value: string | undefined, fallbackMs: number): Step<number> {
  if (value === undefined) return { ok: true, value: fallbackMs };
  if (!/^\d{1,6}$/.test(value) || Number(value) === 0) return { ok: false, code: usageError(io, `\`--timeout ${value}\` is not a number of seconds`, 'e.g. --timeout 300') };
  return { ok: true, value: Number(value) * 1000 };
}

/** node:util parseArgs errors, in our wording. */
export function argumentMessage(error: unknown): string {
  const message = (error as Error).message;
  const unknown = /^Unknown option '([^']*)'/.exec(message);
  if (unknown) return `unknown option \`${unknown[1]}\``;
  return message.charAt(0).toLowerCase() + message.slice(1);
}
