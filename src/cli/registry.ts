/**
 * Every command, and the dispatch from argv to one of them.
 *
 * Adding a command `NAME`: its definition in commands/NAME.ts (`defineCommand`: options, arguments, help,
 * exit codes), its logic in NAME.ts exporting `run(input, io)`, one line in COMMANDS below, and
 * `npm run docs` to write docs/commands/NAME.md's help block and the README's exit-code table.
 */
import type { CommandDefinition, CommandInput, Options } from './command.js';
import { styleFor } from './colour.js';
import { collect } from './commands/collect.js';
import { diff } from './commands/diff.js';
import { doctor } from './commands/doctor.js';
import { explain } from './commands/explain.js';
import { lint } from './commands/lint.js';
import { mcp } from './commands/mcp.js';
import { policy } from './commands/policy.js';
import { scan } from './commands/scan.js';
import { simulate } from './commands/simulate.js';
import { didYouMean } from '../render/problems.js';
import { commandHelp, helpWidth, mainHelp } from './help.js';
import { EXIT, type Io, usageError, VERSION } from './io.js';
import { parseCommand } from './parse.js';

/** A command's logic: gets the parsed, typed input; prints; returns the exit code. */
export interface CommandModule<O extends Options> {
  run(input: CommandInput<O>, io: Io): Promise<number>;
}

interface Registered {
  readonly definition: CommandDefinition;
  start(argv: readonly string[], io: Io): Promise<number>;
}

/** A registration: the definition, and its logic loaded on demand (start-up pays only for the one that runs). */
function command<O extends Options>(definition: CommandDefinition<O>, load: () => Promise<CommandModule<O>>): [string, Registered] {
  const start = async (argv: readonly string[], io: Io): Promise<number> => {
    const parsed = parseCommand(definition, argv, io);
    if (!parsed.ok) return parsed.code;
    const { values, args } = parsed.value;
    const style = styleFor(io.stdout, io.env, values);
    if (values.help) {
      io.out(commandHelp(definition, helpWidth(io.stdout), style));
      return EXIT.ok;
    }
    return (await load()).run({ values, args, style }, io);
  };
  return [definition.name, { definition: definition as unknown as CommandDefinition, start }];
}

/** A Map, never a plain object: `whydenied constructor` must be an unknown command, not Object's. */
export const COMMANDS: ReadonlyMap<string, Registered> = new Map([
  command(simulate, () => import('./simulate.js')),
  command(explain, () => import('./explain.js')),
  command(policy, () => import('./policy.js')),
  command(lint, () => import('./lint.js')),
  command(scan, () => import('./scan.js')),
  command(collect, () => import('./collect.js')),
  command(doctor, () => import('./doctor.js')),
  command(mcp, () => import('./mcp.js')),
  command(diff, () => import('./diff.js')),
]);

export const DEFINITIONS: readonly CommandDefinition[] = [...COMMANDS.values()].map((c) => c.definition);

const COLOUR_FLAGS = new Set(['--color', '--no-color']);
const TOP_LEVEL_FLAGS = ['--help', '-h', '--version', '-v', ...COLOUR_FLAGS];

function unknownCommand(io: Io, name: string): number {
  if (name.startsWith('-')) {
    const near = didYouMean(name, TOP_LEVEL_FLAGS);
    return near ? usageError(io, `unknown option \`${name}\`: ${near}`) : usageError(io, `unknown option \`${name}\``, 'run `whydenied --help` for the commands');
  }
  const near = didYouMean(name, [...COMMANDS.keys(), 'help']);
  return near ? usageError(io, `unknown command \`${name}\`: ${near}`) : usageError(io, `unknown command \`${name}\``, 'run `whydenied --help` for the commands');
}

/** `whydenied ARGV...` -> the exit code. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  // --color / --no-color may come before the command too.
  const first = argv.findIndex((a) => !COLOUR_FLAGS.has(a));
  const leading = first < 0 ? [...argv] : argv.slice(0, first);
  const [name, ...rest] = argv.slice(leading.length);
  const style = styleFor(io.stdout, io.env, { color: leading.includes('--color'), 'no-color': leading.includes('--no-color') });
  if (name === undefined || name === '--help' || name === '-h' || (name === 'help' && (rest[0] === undefined || rest[0] === '--help' || rest[0] === '-h'))) {
    io.out(mainHelp(DEFINITIONS, helpWidth(io.stdout), style));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (name === 'help') {
    const topic = COMMANDS.get(rest[0]!);
    return topic ? topic.start([...leading, '--help'], io) : unknownCommand(io, rest[0]!);
  }
  const found = COMMANDS.get(name);
  return found ? found.start([...leading, ...rest], io) : unknownCommand(io, name);
}
