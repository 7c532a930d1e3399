/** `whydenied simulate FILE | --example [--json]`: one scenario, evaluated, with the trace. */
import { fileURLToPath } from 'node:url';
import { locatePointer, readDocumentFile } from '../input/document-file.js';
import { renderProblem, renderSimulation, simulationJson } from '../render/simulation.js';
import { compileScenario } from '../scenario/compile.js';
import { evaluateScenario } from '../simulate.js';
import type { CommandInput } from './command.js';
import type { simulate } from './commands/simulate.js';
import { EXIT, usageError, type Io } from './io.js';
import { inputProblemLine } from '../render/input-problems.js';

export const EXAMPLE_FILE = fileURLToPath(new URL('../../examples/connect-chat.json', import.meta.url));

export async function run({ values, args, style }: CommandInput<typeof simulate.options>, io: Io): Promise<number> {
  if (values.example && args.length > 0) return usageError(io, 'give a scenario file or --example, not both');
  const path = values.example ? EXAMPLE_FILE : args[0];
  if (path === undefined) return usageError(io, 'simulate needs a scenario file (or - for stdin, or --example)', 'e.g. `whydenied simulate scenario.json`');

  const read = await readDocumentFile(path);
  if (!read.ok) {
    io.err(`whydenied: ${inputProblemLine(read.problem)}\n`);
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
  if (values.json) io.out(`${JSON.stringify(simulationJson(result), null, 2)}\n`);
  else {
    const r = compiled.value.request;
    io.out(renderSimulation(result, { principal: r.principal.text, action: r.action, resource: r.resource }, style));
    for (const w of result.warnings) io.err(`${renderProblem(w, file, await locatePointer(read.text, w.pointer))}\n`);
  }
  return result.decision === 'allow' ? EXIT.allowed : EXIT.denied;
}
