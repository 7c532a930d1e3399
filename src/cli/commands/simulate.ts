import { defineCommand } from '../command.js';
import { EXIT } from '../io.js';

export const simulate = defineCommand({
  name: 'simulate',
  synopsis: 'FILE | --example',
  summary: 'evaluate a scenario (JSON or YAML; FILE - reads stdin) and show the trace',
  usage: ['FILE [--json] [--no-trace]', '--example [--json]'],
  description: 'FILE is a scenario in JSON or YAML (README, "Scenario format"); - reads standard input.',
  args: { name: 'FILE', noun: 'scenario file' },
  options: {
    json: { type: 'boolean', description: 'print the result as JSON: { decision, deniedBy, statements, warnings }' },
    'no-trace': { type: 'boolean', description: 'leave out the statement trace (faster; JSON "statements" is empty)' },
    example: { type: 'boolean', description: 'the built-in Amazon Connect chat example' },
  },
  exits: [
    { code: EXIT.allowed, meaning: 'the request is allowed' },
    { code: EXIT.badInput, meaning: 'bad input or usage (the message names the file, line and JSON pointer)' },
    { code: EXIT.denied, meaning: 'the request is denied (implicitly or explicitly)' },
  ],
});
