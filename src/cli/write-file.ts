/** Writing a command's output file (`scan --out`, `explain --out`): whole or not at all, never through a symlink. */
import { randomBytes } from 'node:crypto';
import { lstat, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Why `path` cannot be written, checked before any work is done (undefined: it looks writable). */
export async function outPathProblem(path: string): Promise<string | undefined> {
  const folder = await stat(dirname(path)).catch(() => undefined);
  if (!folder?.isDirectory()) return 'no such folder';
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) return 'it is a folder';
  return undefined;
}

/** The reason a write failed, in words. */
export function writeFailure(error: unknown): string {
  return (error as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (error as Error).message;
}

/**
 * Write a file whole or not at all: a temporary file in the same folder, flushed, then renamed over. An
 * existing file keeps its mode (a 0600 report stays 0600); a new one is 0600, since reports and policies name
 * principals and resources. A symlink is refused: renaming over it would not write where it points.
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const existing = await lstat(path).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : Promise.reject(e)));
  if (existing?.isSymbolicLink()) throw Object.assign(new Error('is a symbolic link; give the real path'), { code: 'ELOOP' });
  const mode = existing ? existing.mode & 0o777 : 0o600;
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.chmod(mode); // open's mode is masked by the umask; the existing file's is not
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
