/**
 * Colour or not, for one output stream. In order: --no-color / --color; FORCE_COLOR (0 or false: off,
 * anything else: on; it wins over NO_COLOR, as in Node.js); NO_COLOR (https://no-color.org); TERM=dumb;
 * else on exactly when the stream is a terminal.
 */
import { colour, plain, type Style } from '../render/style.js';

export function useColour(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>, flags: { color?: boolean; 'no-color'?: boolean } = {}): boolean {
  if (flags['no-color']) return false;
  if (flags.color) return true;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  return stream.isTTY === true;
}

export function styleFor(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>, flags?: { color?: boolean; 'no-color'?: boolean }): Style {
  return useColour(stream, env, flags) ? colour : plain;
}
