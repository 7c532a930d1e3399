#!/usr/bin/env node
/** The `whydenied` command: the process around runCli (streams, exit code, internal errors). */
import { EXIT, type Io } from './io.js';
import { runCli } from './registry.js';

const io: Io = {
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
};

runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug, not bad input: say so plainly, with the stack only on request.
    io.err(`whydenied: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    if (process.env['WHYDENIED_DEBUG']) io.err(`${(error as Error)?.stack ?? ''}\n`);
    process.exitCode = EXIT.usage;
  },
);
