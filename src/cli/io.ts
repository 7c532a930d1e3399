/** What every command shares: output streams, exit codes, the usage-error line. */
import { createRequire } from 'node:module';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** For colour decisions and the help's width. */
  readonly stdout: { isTTY?: boolean; columns?: number };
  /** For progress bars (only on a terminal). */
  readonly stderr?: { isTTY?: boolean; columns?: number };
  readonly env: Record<string, string | undefined>;
}

/**
 * The exit codes, one table for every command; each command's definition declares which of them it uses
 * and what each means for it (its help, the main help and the README's table are made from those).
 */
export const EXIT = { ok: 0, allowed: 0, usage: 1, badInput: 1, denied: 2, undetermined: 3, errors: 4, unreadable: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What 1 means for every command. */
export const BAD_INPUT = 'bad input or usage: one message per problem, naming the file and the place; nothing is evaluated or written';

export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** A step of a command: its value, or the exit code to stop with (the message is already printed). */
export type Step<T> = { ok: true; value: T } | { ok: false; code: number };

export function usageError(io: Io, message: string, hint?: string): number {
  io.err(`whydenied: ${message}\n${hint ? `  ${hint}\n` : ''}`);
  return EXIT.usage;
}
