/** `whydenied simulate FILE | --example [--json]`. */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { locatePointer, readDocumentFile } from '../input/document-file.js';
import { renderProblem, renderSimulation } from '../render/simulation.js';
import { styleFor } from '../render/style.js';
import { compileScenario } from '../scenario/compile.js';
import { evaluateScenario } from '../simulate.js';
import { argumentMessage, EXIT, SIMULATE_HELP, usageError, type Io } from './io.js';

export const EXAMPLE_FILE = fileURLToPath(new URL('../../examples/connect-chat.json', import.meta.url));

export async function simulateCommand(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, example: { type: 'boolean' }, 'no-trace': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    return usageError(io, argumentMessage(e), 'run `whydenied --help` for the options');
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(SIMULATE_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 1) return usageError(io, `simulate takes one scenario file, got ${positionals.length}`);
  if (values.example && positionals.length > 0) return usageError(io, 'give a scenario file or --example, not both');
  const path = values.example ? EXAMPLE_FILE : positionals[0];
  if (path === undefined) return usageError(io, 'simulate needs a scenario file (or - for stdin, or --example)', 'e.g. `whydenied simulate scenario.json`');

  const read = await readDocumentFile(path);
  if (!read.ok) {
    const p = read.problem;
    io.err(`whydenied: ${p.file}${p.line !== undefined ? `:${p.line}:${p.column}` : ''}: ${p.message}\n`);
    return EXIT.badInput;
  }
  const file = values.example ? 'examples/connect-chat.json' : read.file;
  const compiled = compileScenario(read.value);
  if (!compiled.ok) {
    const errors = compiled.problems.filter((p) => p.severity === 'error');
    io.err(`whydenied: ${file}: ${errors.length === 1 ? 'a problem' : `${errors.length} problems`} in the scenario; nothing was evaluated\n`);
    for (const p of compiled.problems) io.err(`  ${renderProblem(p, file, await locatePointer(read.text, p.pointer))}\n`);
    return EXIT.badInput;
  }
  const result = evaluateScenario(compiled.value, { trace: !values['no-trace'] });
  if (values.json) io.out(`${JSON.stringify(result, null, 2)}\n`);
  else {
    const r = compiled.value.request;
    io.out(renderSimulation(result, { principal: r.principal.text, action: r.action, resource: r.resource }, styleFor(io.stdout, io.env)));
    for (const w of result.warnings) io.err(`${renderProblem(w, file, await locatePointer(read.text, w.pointer))}\n`);
  }
  return result.decision === 'allow' ? EXIT.allowed : EXIT.denied;
}
