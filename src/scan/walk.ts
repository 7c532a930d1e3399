/**
 * The paths given -> the files to read: folders are walked to any depth (the `AWSLogs/[o-ORG/]ACCOUNT/
 * CloudTrail/REGION/YYYY/MM/DD/` layout and any other), in name order so that reports are stable. Symbolic
 * links are followed (each folder once). Pipes, sockets and devices found in folders are skipped; given by
 * name (`<(zcat ...)`, /dev/stdin) they are read.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { systemProblem } from './problems.js';
import type { FileProblem } from './types.js';

export interface FileEntry {
  readonly path: string;
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

export async function listFiles(paths: readonly string[]): Promise<Listing> {
  const listing: Listing = { files: [], unreadable: [], skipped: 0 };
  const seenFiles = new Set<string>();
  const seenFolders = new Set<string>();

  const addFile = (path: string, size: number) => {
    const key = resolve(path);
    if (seenFiles.has(key)) return;
    seenFiles.add(key);
    listing.files.push({ path, size });
  };

  async function walk(folder: string): Promise<void> {
    let real: string;
    let names: string[];
    try {
      real = await realpath(folder);
      if (seenFolders.has(real)) return;
      seenFolders.add(real);
      names = (await readdir(folder)).sort();
    } catch (e) {
      listing.unreadable.push({ file: folder, problem: { kind: 'folder-unlistable', cause: systemProblem((e as NodeJS.ErrnoException).code) } });
      return;
    }
    const folders: string[] = [];
    for (let i = 0; i < names.length; i += STAT_BATCH) {
      const batch = names.slice(i, i + STAT_BATCH).map((name) => join(folder, name));
      const infos = await Promise.all(batch.map((p) => stat(p).catch((e: NodeJS.ErrnoException) => e)));
      infos.forEach((info, k) => {
        const path = batch[k]!;
        if (info instanceof Error) listing.unreadable.push({ file: path, problem: systemProblem(info.code) });
        else if (info.isDirectory()) folders.push(path);
        else if (info.isFile()) addFile(path, info.size);
        else listing.skipped++;
      });
    }
    for (const f of folders) await walk(f);
  }

  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (e) {
      listing.unreadable.push({ file: path, problem: systemProblem((e as NodeJS.ErrnoException).code) });
      continue;
    }
    if (info.isDirectory()) await walk(path);
    else addFile(path, info.isFile() ? info.size : 0);
  }
  return listing;
}
