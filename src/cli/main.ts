#!/usr/bin/env node
/** The `whydenied` command: the process around runCli (streams, exit code, internal errors). */
import { redact } from '../aws/redact.js';
import { guardTerminal } from '../render/visible.js';
import { useColour } from './colour.js';
import { EXIT, type Io } from './io.js';
import { runCli } from './registry.js';

const argv = process.argv.slice(2);
// Input reaches these streams (CloudTrail fields, AWS error text): no control character gets through raw.
// Our own colour codes pass where colour is on (a terminal, or --color / FORCE_COLOR), as colour.ts decides.
const flags = { color: argv.includes('--color'), 'no-color': argv.includes('--no-color') };
const colourOut = useColour(process.stdout, process.env, flags);
const colourErr = useColour(process.stderr, process.env, flags);
const io: Io = {
  out: (s) => void process.stdout.write(guardTerminal(s, { colour: colourOut })),
  err: (s) => void process.stderr.write(guardTerminal(s, { colour: colourErr })),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
};

runCli(argv, io).then(
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
