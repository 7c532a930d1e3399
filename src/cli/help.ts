/**
 * Help pages, made from the command definitions: `whydenied --help`, `whydenied CMD --help` (=
 * `whydenied help CMD`), the block in docs/commands/CMD.md and the README's exit-code table. Lines are
 * wrapped to the width given (the terminal's, at most {@link HELP_WIDTH}); text is ours, so ASCII.
 */
import { plain, type Style } from '../render/style.js';
import { COMMON_OPTIONS, type CommandDefinition, type OptionSpec, type Options, type UsageLine } from './command.js';
import { BAD_INPUT, EXIT, VERSION } from './io.js';

/** Help is never wider than this (also the width of the pages in docs/commands). */
export const HELP_WIDTH = 100;

/** Narrower than this, the terminal's width is ignored: the text would be unreadable anyway. */
const MIN_WIDTH = 40;

export function helpWidth(stdout: { isTTY?: boolean; columns?: number }): number {
  const columns = stdout.isTTY ? stdout.columns : undefined;
  return columns !== undefined && columns >= MIN_WIDTH ? Math.min(columns, HELP_WIDTH) : HELP_WIDTH;
}

/** Words -> lines of at most `width` characters, the first indented by `first`, the rest by `rest`. */
export function wrap(text: string, width: number, first: number, rest = first, words: readonly string[] = text.split(/\s+/).filter(Boolean)): string[] {
  const lines: string[] = [];
  let line = ' '.repeat(first);
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = ' '.repeat(rest) + word;
    } else line += (empty ? '' : ' ') + word;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** The meanings' column: after the longest term that fits before `maxColumn` (longer ones put their meaning below). */
function columnFor(rows: readonly (readonly [string, string])[], indent: number, maxColumn: number): number {
  const fitting = rows.map(([term]) => indent + term.length + 2).filter((c) => c <= maxColumn);
  return fitting.length > 0 ? Math.max(...fitting) : maxColumn;
}

/** Rows of `term  meaning`: meanings aligned in one column, wrapped under it; a long term puts its meaning on the next line. */
function table(rows: readonly (readonly [string, string])[], width: number, indent: number, maxColumn: number, column = columnFor(rows, indent, maxColumn)): string[] {
  const lines: string[] = [];
  for (const [term, meaning] of rows) {
    // A command line breaks between its [optional parts], not inside one (unless one is wider than a line).
    const parts = (term.match(/\[[^\]]*\]\S*|[^\s[]+/g) ?? []).flatMap((p) => (p.length > width - indent - 4 ? p.split(' ') : [p]));
    const head = wrap(term, width, indent, indent + 4, parts);
    if (meaning === '') {
      lines.push(...head);
      continue;
    }
    const last = head[head.length - 1]!;
    if (last.length + 2 <= column) {
      const body = wrap(meaning, width, column, column);
      body[0] = last.padEnd(column) + body[0]!.trimStart();
      lines.push(...head.slice(0, -1), ...body);
    } else lines.push(...head, ...wrap(meaning, width, column, column));
  }
  return lines;
}

function paragraphs(text: string, width: number, indent = 0): string[] {
  return text
    .trim()
    .split(/\n\s*\n/)
    .flatMap((p, i) => [...(i > 0 ? [''] : []), ...wrap(p, width, indent)]);
}

function optionLabel(name: string, spec: OptionSpec): string {
  const flag = spec.short ? `-${spec.short}, --${name}` : `--${name}`;
  if (spec.type === 'boolean') return flag;
  if (spec.type === 'string' && spec.choices) return `${flag} ${spec.choices.join('|')}`;
  return spec.value ? `${flag} ${spec.value}` : `${flag} VALUE`;
}

function optionMeaning(spec: OptionSpec): string {
  return spec.type === 'string' && spec.default !== undefined ? `${spec.description} (default: ${spec.default})` : spec.description;
}

function usageRows(prefix: string, lines: readonly UsageLine[]): [string, string][] {
  return lines.map((l) => (typeof l === 'string' ? [`${prefix}${l}`, ''] : [`${prefix}${l[0]}`, l[1]]));
}

function optionSections(options: Options): Map<string, [string, OptionSpec][]> {
  const sections = new Map<string, [string, OptionSpec][]>();
  for (const [name, spec] of Object.entries(options)) {
    const title = spec.section ?? 'Options';
    sections.set(title, [...(sections.get(title) ?? []), [name, spec]]);
  }
  return sections;
}

/** `whydenied NAME --help`. */
export function commandHelp(definition: CommandDefinition, width = HELP_WIDTH, style: Style = plain): string {
  const heading = (title: string) => style.bold(`${title}:`);
  const out: string[] = [heading('Usage'), ...table(usageRows(`whydenied ${definition.name} `, definition.usage), width, 2, 46)];
  if (definition.description) out.push('', ...paragraphs(definition.description, width));
  const sections = optionSections(definition.options);
  // One column for every section's options, so that they line up across headings.
  const column = columnFor(Object.entries(definition.options).map(([name, spec]) => [optionLabel(name, spec), '']), 2, 26);
  const proseOf = new Map(Object.entries(definition.sections ?? {}));
  for (const title of new Set([...sections.keys(), ...proseOf.keys()])) {
    out.push('', heading(title));
    const prose = proseOf.get(title);
    if (prose) out.push(...paragraphs(prose, width, 2), '');
    const rows = (sections.get(title) ?? []).map(([name, spec]): [string, string] => [optionLabel(name, spec), optionMeaning(spec)]);
    out.push(...table(rows, width, 2, 26, column));
  }
  if (definition.examples?.length) out.push('', heading('Examples'), ...table(usageRows('', definition.examples), width, 2, 46));
  if (definition.footer) out.push('', ...paragraphs(definition.footer, width));
  out.push('', heading('Exit codes'), ...table(definition.exits.map((e) => [String(e.code), e.meaning]), width, 2, 5));
  return `${out.join('\n')}\n`;
}

/** `whydenied --help`: every command, the options they share, and every command's exit codes. */
export function mainHelp(definitions: readonly CommandDefinition[], width = HELP_WIDTH, style: Style = plain): string {
  const heading = (title: string) => style.bold(`${title}:`);
  const commands = definitions.map((d): [string, string] => [`whydenied ${d.name} ${d.synopsis}`, d.summary]);
  const common = Object.entries(COMMON_OPTIONS).map(([name, spec]): [string, string] => [optionLabel(name, spec), optionMeaning(spec)]);
  const exits = definitions.map((d): [string, string] => [
    `${d.name}:`,
    d.exits
      .filter((e) => e.code !== EXIT.usage)
      .map((e) => `${e.code} ${e.meaning}`)
      .join(', '),
  ]);
  return `${[
    ...wrap(`whydenied ${VERSION}: why did AWS deny this request, and what is the least-privilege fix?`, width, 0),
    '',
    heading('Usage'),
    ...table([...commands, ['whydenied help COMMAND | --help | --version', '']], width, 2, 39),
    '',
    ...paragraphs(
      'Run `whydenied help COMMAND` (or `whydenied COMMAND --help`) for its inputs, options and exit codes. A scenario is one request and every policy that decides it (README, "Scenario format"); docs/evaluation.md states the rules the engine follows.',
      width,
    ),
    '',
    heading('Options of every command'),
    ...table(common, width, 2, 26),
    '',
    heading('Exit codes'),
    ...table([...exits, ['all:', `1 ${BAD_INPUT}`]], width, 2, 13),
  ].join('\n')}\n`;
}

/** The README's exit-code table: each code, and what it means for each command that uses it. */
export function exitCodeTable(definitions: readonly CommandDefinition[]): string {
  const codes = [...new Set(definitions.flatMap((d) => d.exits.map((e) => e.code)))].sort((a, b) => a - b);
  const rows = codes.map((code) => {
    if (code === EXIT.usage) return `| 1 | every command: ${BAD_INPUT} |`;
    const uses = definitions.flatMap((d) => d.exits.filter((e) => e.code === code).map((e) => `\`${d.name}\`: ${e.meaning}`));
    return `| ${code} | ${uses.join('; ')} |`;
  });
  return ['| code | meaning |', '| --- | --- |', ...rows].join('\n');
}
