/**
 * Reads many files on all cores: a pool of worker threads, each reading, gunzipping and scanning files
 * (two at a time, so that one file's I/O overlaps the other's scanning); the main thread hands out files
 * and merges what comes back. Without worker threads (the TypeScript sources under test), the same code
 * runs on the main thread.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { scanFile } from './read.js';
import type { FileResult, ProgressDelta, ScanFilters } from './types.js';
import type { FileEntry } from './walk.js';
import type { FromWorker, ToWorker, WorkerData } from './worker.js';

export interface PoolOptions {
  readonly filters: ScanFilters;
  /**
   * Worker threads; 0 reads on this thread. Default: one per core up to {@link MAX_DEFAULT_WORKERS}, or
   * none when the input is small (a worker costs about a tenth of a second of CPU to start).
   */
  readonly workers?: number;
  readonly parseAll?: boolean;
  readonly onProgress?: (delta: ProgressDelta) => void;
  /** Each file's result, in the order they finish. */
  readonly onFile: (result: FileResult) => void;
}

/** Files each reader has in hand at once. */
const IN_FLIGHT = 2;
/** Each worker adds some 30 to 60 MB of memory at full speed: more than this only on request (--jobs). */
const MAX_DEFAULT_WORKERS = 4;
/** Below this many bytes on disk, starting workers costs more than it saves. */
const SMALL_INPUT = 16 * 1024 * 1024;

const WORKER_URL = new URL('./worker.js', import.meta.url);

function workerAvailable(): boolean {
  return import.meta.url.endsWith('.js') && existsSync(fileURLToPath(WORKER_URL));
}

export async function readFiles(files: readonly FileEntry[], options: PoolOptions): Promise<void> {
  if (files.length === 0) return;
  const small = files.reduce((sum, f) => sum + f.size, 0) < SMALL_INPUT;
  const wanted = options.workers ?? (small ? 0 : Math.min(availableParallelism(), MAX_DEFAULT_WORKERS));
  const count = Math.min(wanted, Math.ceil(files.length / IN_FLIGHT));
  if (count <= 0 || !workerAvailable()) return readHere(files, options);
  return readInWorkers(files, options, count);
}

async function readHere(files: readonly FileEntry[], options: PoolOptions): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      options.onFile(await scanFile(file.path, { filters: options.filters, ...(options.parseAll && { parseAll: true }), ...(options.onProgress && { onProgress: options.onProgress }) }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, files.length) }, lane));
}

function readInWorkers(files: readonly FileEntry[], options: PoolOptions, count: number): Promise<void> {
  return new Promise((resolvePool, rejectPool) => {
    const data: WorkerData = { filters: options.filters, parseAll: options.parseAll === true };
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let failed = false;

    const finish = (error?: Error) => {
      if (failed) return;
      if (error) failed = true;
      for (const w of workers) void w.terminate();
      if (error) rejectPool(error);
      else resolvePool();
    };
    const give = (worker: Worker) => {
      if (next >= files.length) return;
      const path = files[next]!.path;
      // raw bytes travel as a Uint8Array of their own (a pooled Buffer would copy its whole backing store)
      const message: ToWorker = { id: next, path: typeof path === 'string' ? path : new Uint8Array(path) };
      next++;
      worker.postMessage(message);
    };

    for (let w = 0; w < count; w++) {
      const worker = new Worker(WORKER_URL, { workerData: data });
      workers.push(worker);
      worker.on('message', (message: FromWorker) => {
        if (failed) return;
        if (message.type === 'progress') {
          options.onProgress?.(message.delta);
          return;
        }
        options.onFile(message.result);
        done++;
        if (done === files.length) finish();
        else give(worker);
      });
      worker.on('error', (error) => finish(error));
      worker.on('exit', (code) => {
        if (done < files.length) finish(new Error(`a scan worker stopped (exit code ${code})`));
      });
      for (let k = 0; k < IN_FLIGHT; k++) give(worker);
    }
  });
}
