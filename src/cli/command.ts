/**
 * A command as data: its options, arguments, help and exit codes. The parser (parse.ts), `--help` and
 * `whydenied help CMD` (help.ts), docs/commands/*.md and the README's exit-code table all derive from it.
 * Definitions are light (no imports beyond this folder's data): every one is loaded at start-up.
 */
import type { Style } from '../render/style.js';
import type { ExitCode } from './io.js';

interface OptionBase {
  /** One line (wrapped to the terminal); what the option does. */
  readonly description: string;
  /** The heading it is listed under in the help (default `Options`). */
  readonly section?: string;
  /** A one-letter alias, e.g. `q` for `-q`. */
  readonly short?: string;
}

export type OptionSpec =
  | (OptionBase & { readonly type: 'boolean' })
  | (OptionBase & {
      readonly type: 'string';
      /** The value's name in the help: FILE, ARN... (ignored when `choices` is given). */
      readonly value?: string;
      readonly multiple?: boolean;
      /** The only values accepted; anything else is a usage error with a did-you-mean. */
      readonly choices?: readonly string[];
      /** What the messages call a value (default: the option's name), e.g. "unknown policy type `x`". */
      readonly noun?: string;
      readonly default?: string;
    })
  /** A whole number; anything else is "`--NAME VALUE` is not WHAT". */
  | (OptionBase & { readonly type: 'integer'; readonly value?: string; readonly min?: number; readonly max?: number; readonly what: string })
  /** Repeatable KEY=VALUE pairs, collected into a record (`value` names the key, e.g. KEY=VALUE). */
  | (OptionBase & { readonly type: 'pairs'; readonly value: `${string}=VALUE`; readonly example: string });

export type Options = Readonly<Record<string, OptionSpec>>;

/** One line of usage or an example: what to type, and optionally what it does. */
export type UsageLine = string | readonly [command: string, meaning: string];

export interface Arguments {
  /** As the help shows it: MESSAGE, FILE, PATH... */
  readonly name: string;
  /** As messages name one: "message", "scenario file". */
  readonly noun: string;
  /** Any number (else at most one). */
  readonly many?: boolean;
  /** The only values accepted (a topic, a subcommand). */
  readonly choices?: readonly string[];
  /** Printed under the "takes one" message. */
  readonly hint?: string;
}

export interface ExitUse {
  readonly code: ExitCode;
  /** What this code means for this command. */
  readonly meaning: string;
}

export interface CommandDefinition<O extends Options = Options> {
  readonly name: string;
  /** For the main help: how it is called, briefly, and what it does. */
  readonly synopsis: string;
  readonly summary: string;
  readonly usage: readonly UsageLine[];
  /** Paragraphs after the usage (blank-line separated; wrapped to the terminal). */
  readonly description?: string;
  readonly args?: Arguments;
  readonly options: O;
  /** Prose printed under a section's heading, before its options. */
  readonly sections?: Readonly<Record<string, string>>;
  readonly examples?: readonly UsageLine[];
  /** A sentence printed after the options. */
  readonly footer?: string;
  /** Every code the command can exit with, including 1 (bad input or usage). */
  readonly exits: readonly ExitUse[];
}

type ValueOf<S extends OptionSpec> = S extends { type: 'boolean' }
  ? boolean
  : S extends { type: 'integer' }
    ? number
    : S extends { type: 'pairs' }
      ? Record<string, string>
      : S extends { multiple: true }
        ? string[]
        : S extends { choices: readonly (infer C)[] }
          ? C
          : string;

type Defaulted<O extends Options> = { [K in keyof O]: O[K] extends { default: string } ? K : never }[keyof O];

/** The parsed values, typed from the options: absent unless given, except those with a default. */
export type Values<O extends Options> = { readonly [K in Exclude<keyof O, Defaulted<O>>]?: ValueOf<O[K]> } & { readonly [K in Defaulted<O>]: ValueOf<O[K]> };

/** What a command's `run` receives. */
export interface CommandInput<O extends Options> {
  readonly values: Values<O>;
  readonly args: readonly string[];
  /** Colour for stdout, decided from --color/--no-color, FORCE_COLOR, NO_COLOR and the terminal. */
  readonly style: Style;
}

/** Keeps the options' literal types (for `Values`) while checking the shape. */
export function defineCommand<const O extends Options>(definition: CommandDefinition<O>): CommandDefinition<O> {
  return definition;
}

/** Options every command accepts (listed once, in the main help). */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h', description: "the command's help (also `whydenied help COMMAND`)" },
  color: { type: 'boolean', description: 'colour even when stdout is not a terminal (also FORCE_COLOR=1)' },
  'no-color': { type: 'boolean', description: 'no colour (also NO_COLOR=1); by default colour is on for terminals only' },
} as const satisfies Options;
