/** Terminal colour, or none. Which one a run gets is decided in src/cli/colour.ts. */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export const colour: Style = { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39) };
const id = (s: string) => s;
export const plain: Style = { bold: id, dim: id, red: id, green: id, yellow: id };
