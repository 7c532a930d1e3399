/**
 * The paths given -> the files to read: folders are walked to any depth (the `AWSLogs/[o-ORG/]ACCOUNT/
 * CloudTrail/REGION/YYYY/MM/DD/` layout and any other), in name order so that reports are stable. Symbolic
 * links are followed (each folder once). Pipes, sockets and devices found in folders are skipped; given by
 * name (`<(zcat ...)`, /dev/stdin) they are read. Folders are listed as bytes: a name that is not valid
 * UTF-8 is opened by its bytes and shown with those bytes as `\xNN`.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { argumentPath, fromBytes, joinBytes, pathName, toBytes, type FilePath } from '../input/file-name.js';
import { systemProblem } from './problems.js';
import type { FileProblem } from './types.js';

export interface FileEntry {
  /** The bytes when the name is not valid UTF-8 (see input/file-name.ts). */
  readonly path: FilePath;
  /** Bytes on disk; 0 for pipes and devices (unknown). */
  readonly size: number;
}

export interface Listing {
  readonly files: FileEntry[];
  readonly unreadable: { readonly file: string; readonly problem: FileProblem }[];
  /** Entries in folders that are not regular files (pipes, sockets, devices). */
  skipped: number;
}

const STAT_BATCH = 64;

/** The same file or folder however it was reached: the absolute path's bytes, one character per byte. */
const identity = (path: FilePath) => resolve(Buffer.from(process.cwd()).toString('latin1'), toBytes(path).toString('latin1'));

export async function listFiles(paths: readonly FilePath[]): Promise<Listing> {
  const listing: Listing = { files: [], unreadable: [], skipped: 0 };
  const seenFiles = new Set<string>();
  const seenFolders = new Set<string>();

  const addFile = (path: FilePath, size: number) => {
    const key = identity(path);
    if (seenFiles.has(key)) return;
    seenFiles.add(key);
    listing.files.push({ path, size });
  };

  async function walk(folder: Buffer): Promise<void> {
    let names: Buffer[];
    try {
      const real = identity(await realpath(folder, { encoding: 'buffer' }));
      if (seenFolders.has(real)) return;
      seenFolders.add(real);
      names = (await readdir(folder, { encoding: 'buffer' })).sort(Buffer.compare);
    } catch (e) {
      listing.unreadable.push({ file: pathName(folder), problem: { kind: 'folder-unlistable', cause: systemProblem((e as NodeJS.ErrnoException).code) } });
      return;
    }
    const folders: Buffer[] = [];
    for (let i = 0; i < names.length; i += STAT_BATCH) {
      const batch = names.slice(i, i + STAT_BATCH).map((name) => joinBytes(folder, name));
      const infos = await Promise.all(batch.map((p) => stat(p).catch((e: NodeJS.ErrnoException) => e)));
      infos.forEach((info, k) => {
        const path = batch[k]!;
        if (info instanceof Error) listing.unreadable.push({ file: pathName(path), problem: systemProblem(info.code) });
        else if (info.isDirectory()) folders.push(path);
        else if (info.isFile()) addFile(fromBytes(path), info.size);
        else listing.skipped++;
      });
    }
    for (const f of folders) await walk(f);
  }

  for (const given of paths) {
    const path = typeof given === 'string' ? argumentPath(given) : given;
    let info;
    try {
      info = await stat(path);
    } catch (e) {
      listing.unreadable.push({ file: pathName(path), problem: systemProblem((e as NodeJS.ErrnoException).code) });
      continue;
    }
    if (info.isDirectory()) await walk(toBytes(path));
    else addFile(path, info.isFile() ? info.size : 0);
  }
  return listing;
}
