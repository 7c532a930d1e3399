/** A worker thread of the scan pool: reads the files the main thread sends, one result message per file. */
import { parentPort, workerData } from 'node:worker_threads';
import { scanFile } from './read.js';
import type { FileResult, ProgressDelta, ScanFilters } from './types.js';

export interface WorkerData {
  readonly filters: ScanFilters;
  readonly parseAll: boolean;
}

/** `path`: the bytes of a name that is not valid UTF-8 (a Buffer arrives as a Uint8Array). */
export type ToWorker = { readonly id: number; readonly path: string | Uint8Array };
export type FromWorker = { readonly type: 'progress'; readonly delta: ProgressDelta } | { readonly type: 'done'; readonly id: number; readonly result: FileResult };

const port = parentPort;
if (port) {
  const { filters, parseAll } = workerData as WorkerData;
  const post = (message: FromWorker) => port.postMessage(message);
  port.on('message', (message: ToWorker) => {
    const path = typeof message.path === 'string' ? message.path : Buffer.from(message.path.buffer, message.path.byteOffset, message.path.byteLength);
    void scanFile(path, { filters, parseAll, onProgress: (delta) => post({ type: 'progress', delta }) }).then((result) => post({ type: 'done', id: message.id, result }));
  });
}
