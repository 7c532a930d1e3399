/**
 * The progress bar of `whydenied scan` on stderr (only on a terminal): files, events, throughput of
 * decompressed JSON and the time left, redrawn at most ten times a second on one line, erased at the end.
 */
import { progressLine } from './scan-text.js';
import type { ScanListener } from '../scan/index.js';
import type { ProgressDelta } from '../scan/types.js';

export interface ProgressTarget {
  write(text: string): void;
  readonly columns?: number;
}

const REDRAW_MS = 100;

export class ProgressBar implements ScanListener {
  private files = 0;
  private totalBytes = 0;
  private filesDone = 0;
  private bytes = 0;
  private textBytes = 0;
  private events = 0;
  private readonly started = Date.now();
  private timer: ReturnType<typeof setInterval> | undefined;
  private drawn = false;

  constructor(private readonly target: ProgressTarget) {}

  start(files: number, bytes: number): void {
    this.files = files;
    this.totalBytes = bytes;
    this.draw();
    this.timer = setInterval(() => this.draw(), REDRAW_MS);
    this.timer.unref();
  }

  advance(delta: ProgressDelta): void {
    this.bytes += delta.bytes;
    this.textBytes += delta.textBytes;
    this.events += delta.events;
  }

  fileDone(): void {
    this.filesDone++;
  }

  /** Erase the line and stop. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.drawn) this.target.write('\r\u001b[K');
    this.drawn = false;
  }

  private draw(): void {
    // Bytes on disk tell the fraction done best; pipes and devices have no size, so files count then.
    const fraction = this.totalBytes > 0 ? Math.min(1, this.bytes / this.totalBytes) : this.files > 0 ? this.filesDone / this.files : 0;
    const seconds = (Date.now() - this.started) / 1000;
    const line = progressLine({ filesDone: this.filesDone, files: this.files, events: this.events, textBytes: this.textBytes, seconds, fraction }, this.target.columns ?? 80);
    this.target.write(`\r${line}\u001b[K`);
    this.drawn = true;
  }
}
