/**
 * The one argument parser: a command's definition + argv -> typed values, or one usage message. node:util's
 * parseArgs splits the words (no dependency, nothing to load); this checks what the definition says:
 * choices, whole numbers, KEY=VALUE pairs, how many arguments, and names the nearest option on a typo.
 */
import { parseArgs } from 'node:util';
import { didYouMean } from '../render/problems.js';
import { COMMON_OPTIONS, type CommandDefinition, type OptionSpec, type Options, type Values } from './command.js';
import { type Io, type Step, usageError } from './io.js';

export interface Parsed<O extends Options> {
  readonly values: Values<O> & Values<typeof COMMON_OPTIONS>;
  readonly args: string[];
}

function optionNames(options: Options): string[] {
  return Object.entries(options).flatMap(([name, spec]) => [`--${name}`, ...(spec.short ? [`-${spec.short}`] : [])]);
}

/** node:util's parse errors in our wording, each on one line. */
function parseError(io: Io, definition: CommandDefinition, options: Options, error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  const help = `run \`whydenied ${definition.name} --help\` for the options`;
  const unknown = /^Unknown option '([^']*)'/.exec(message);
  if (unknown) {
    const name = unknown[1]!;
    const near = didYouMean(name.split('=')[0]!, optionNames(options));
    return near ? usageError(io, `unknown option \`${name}\`: ${near}`) : usageError(io, `unknown option \`${name}\``, help);
  }
  const missing = /^Option '(-\w, )?(--[^ ']+)[^']*' argument (missing|is ambiguous)/.exec(message);
  if (missing) return usageError(io, `\`${missing[2]}\` needs a value${missing[3] === 'is ambiguous' ? ` (one that starts with a dash: ${missing[2]}=-VALUE)` : ''}`, help);
  const flag = /^Option '(-\w, )?(--[^ ']+)' does not take an argument/.exec(message);
  if (flag) return usageError(io, `\`${flag[2]}\` takes no value`, help);
  return usageError(io, message.split('\n')[0]!.replace(/^./, (c) => c.toLowerCase()), help);
}

/** One option's raw value -> its typed value, or a usage message. */
function convert(io: Io, name: string, spec: OptionSpec, raw: string | boolean | (string | boolean)[]): Step<unknown> {
  const fail = (message: string, hint?: string): Step<unknown> => ({ ok: false, code: usageError(io, message, hint) });
  switch (spec.type) {
    case 'boolean':
      return { ok: true, value: raw };
    case 'string': {
      if (spec.choices) {
        for (const value of (Array.isArray(raw) ? raw : [raw]) as string[]) {
          if (spec.choices.includes(value)) continue;
          const near = didYouMean(value, spec.choices);
          return fail(`unknown ${spec.noun ?? name.replace(/-/g, ' ')} \`${value}\`${near ? `: ${near}` : ''}`, near ? undefined : `use one of ${spec.choices.join(', ')}`);
        }
      }
      return { ok: true, value: raw };
    }
    case 'integer': {
      const text = raw as string;
      const n = Number(text);
      if (!/^\d+$/.test(text) || (spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) return fail(`\`--${name} ${text}\` is not ${spec.what}`);
      return { ok: true, value: n };
    }
    case 'pairs': {
      const entries: [string, string][] = [];
      for (const pair of raw as string[]) {
        const eq = pair.indexOf('=');
        if (eq <= 0) return fail(`\`--${name} ${pair}\` is not ${spec.value}`, `e.g. --${name} ${spec.example}`);
        entries.push([pair.slice(0, eq), pair.slice(eq + 1)]);
      }
      // fromEntries defines own properties: a key such as `__proto__` stays a key.
      return { ok: true, value: Object.fromEntries(entries) };
    }
  }
}

export function parseCommand<O extends Options>(definition: CommandDefinition<O>, argv: readonly string[], io: Io): Step<Parsed<O>> {
  const options: Options = { ...definition.options, ...COMMON_OPTIONS };
  const config = Object.fromEntries(
    Object.entries(options).map(([name, spec]) => [
      name,
      {
        type: spec.type === 'boolean' ? ('boolean' as const) : ('string' as const),
        ...(spec.short !== undefined && { short: spec.short }),
        ...((spec.type === 'pairs' || (spec.type === 'string' && spec.multiple)) && { multiple: true }),
      },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof config; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: config, allowPositionals: true, strict: true });
  } catch (error) {
    return { ok: false, code: parseError(io, definition, options, error) };
  }
  const raw = new Map(Object.entries(parsed.values));
  if (raw.get('help')) return { ok: true, value: { values: { help: true } as Parsed<O>['values'], args: parsed.positionals } };
  const values: [string, unknown][] = [];
  for (const [name, spec] of Object.entries(options)) {
    const given = raw.get(name);
    if (given === undefined) {
      if (spec.type === 'string' && spec.default !== undefined) values.push([name, spec.default]);
      continue;
    }
    const converted = convert(io, name, spec, given);
    if (!converted.ok) return converted;
    values.push([name, converted.value]);
  }

  const args = parsed.positionals;
  const spec = definition.args;
  if (!spec && args.length > 0) return { ok: false, code: usageError(io, `${definition.name} takes no arguments, got \`${args[0]}\``, `run \`whydenied ${definition.name} --help\` for its options`) };
  if (spec && !spec.many && args.length > 1) return { ok: false, code: usageError(io, `${definition.name} takes one ${spec.noun}, got ${args.length} arguments`, spec.hint) };
  if (spec?.choices) {
    const unknown = args.find((a) => !spec.choices!.includes(a));
    if (unknown !== undefined) {
      const near = didYouMean(unknown, spec.choices);
      return { ok: false, code: usageError(io, `unknown ${spec.noun} \`${unknown}\`${near ? `: ${near}` : ''}`, near ? undefined : `use ${spec.choices.map((c) => `\`whydenied ${definition.name} ${c}\``).join(' or ')}`) };
    }
  }
  return { ok: true, value: { values: Object.fromEntries(values) as Parsed<O>['values'], args } };
}
