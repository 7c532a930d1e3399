/** System error codes -> the file problems they mean. */
import type { FileProblem } from './types.js';

export function systemProblem(code: string | undefined): FileProblem {
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { kind: 'missing' };
    case 'EACCES':
    case 'EPERM':
      return { kind: 'permission' };
    case 'EISDIR':
      return { kind: 'folder' };
    default:
      return { kind: 'io', code: code ?? 'unknown' };
  }
}
