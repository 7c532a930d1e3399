#!/usr/bin/env node
/** The `whydenied` command: parses arguments, calls the library, prints, and sets the exit code. */
import { redact } from '../aws/redact.js';
import { guardTerminal } from '../render/visible.js';
import { EXIT, HELP, VERSION, usageError, type Io } from './io.js';

/** Commands load on demand: start-up pays only for the one that runs. */
type Command = (args: string[], io: Io) => Promise<number>;
// A Map: a command name is input, and `constructor` or `__proto__` must be an unknown command, not a member.
const COMMANDS = new Map<string, Command>([
  ['collect', async (args, io) => (await import('./collect.js')).collectCommand(args, io)],
  ['diff', async (args, io) => (await import('./diff.js')).diffCommand(args, io)],
  ['doctor', async (args, io) => (await import('./doctor.js')).doctorCommand(args, io)],
  ['explain', async (args, io) => (await import('./explain.js')).explainCommand(args, io)],
  ['lint', async (args, io) => (await import('./lint.js')).lintCommand(args, io)],
  ['mcp', async (args, io) => (await import('./mcp.js')).mcpCommand(args, io)],
  ['policy', async (args, io) => (await import('./policy.js')).policyCommand(args, io)],
  ['simulate', async (args, io) => (await import('./simulate.js')).simulateCommand(args, io)],
  ['scan', async (args, io) => (await import('./scan.js')).scanCommand(args, io)],
]);

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(HELP);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === '--version' || command === '-v') {
    io.out(`${VERSION}\n`);
    return EXIT.ok;
  }
  const run = COMMANDS.get(command);
  if (!run) return usageError(io, `unknown command \`${command}\``, 'run `whydenied --help` for the commands');
  return run(rest, io);
}

// Input reaches these streams (CloudTrail fields, AWS error text): no control character gets through raw.
const io: Io = {
  out: (s) => void process.stdout.write(guardTerminal(s, { colour: process.stdout.isTTY === true })),
  err: (s) => void process.stderr.write(guardTerminal(s, { colour: process.stderr.isTTY === true })),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
};

main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug, not bad input: say so plainly, with the stack only on request.
    io.err(`whydenied: internal error: ${redact((error as Error)?.message ?? String(error))}\n`);
    if (process.env['WHYDENIED_DEBUG']) io.err(`${(error as Error)?.stack ?? ''}\n`);
    process.exitCode = EXIT.usage;
  },
);
