/**
 * A streaming structural scanner for CloudTrail JSON: fed decompressed chunks of any size, it finds the
 * records without parsing them. It tracks only what JSON structure needs (strings, nesting, the keys of
 * the outermost objects) and hands over the bytes of a record only when the record may be a denial: almost
 * every record is a successful call, and JSON.parse is several times slower than this scan.
 *
 * Shapes (any number of top-level values, so JSON lines and concatenated gzip members work):
 * - `{"Records": [rec, ...]}` (S3 delivery): each element is a `record` unit; counted, parsed only when its
 *   bytes contain an `errorCode` key.
 * - `{"Events": [ev, ...]}` (`aws cloudtrail lookup-events`): each element is an `event` unit, always parsed
 *   (the record is a JSON string inside it).
 * - any other object (one record, a JSON line from Athena or CloudTrail Lake), or an element of a top-level
 *   array: a `value` unit, always parsed (unless it turns out to be a `{"Records": [...]}` wrapper).
 *
 * Structure is checked (brackets match, nothing but JSON outside strings, nothing cut off); the units that
 * are parsed are checked fully by JSON.parse.
 */

export type UnitKind = 'record' | 'event' | 'value';

export interface Unit {
  readonly kind: UnitKind;
  /** The unit's bytes; absent for a record without an `errorCode` (nothing to parse) or one too large to keep. */
  readonly bytes?: Buffer;
  /** Whether the unit was larger than the scanner keeps ({@link MAX_UNIT_BYTES}). */
  readonly oversize: boolean;
  /** Where the unit starts (1-based), for messages about it. */
  readonly line: number;
  readonly column: number;
}

export interface StructureError {
  readonly line: number;
  readonly column: number;
  readonly kind: 'unexpected-byte' | 'unexpected-close' | 'too-deep' | 'truncated';
  /** The byte found, for unexpected-byte and unexpected-close. */
  readonly byte?: number;
}

/** CloudTrail records are at most a few hundred KiB: a unit larger than this is not kept. */
export const MAX_UNIT_BYTES = 16 * 1024 * 1024;
/** Deeper nesting stops the file (the events before it are read). */
export const MAX_DEPTH = 512;

// Byte classes.
// Class 0: a byte that cannot appear outside a string.
const SPACE = 1;
const SCALAR = 2;
const QUOTE = 3;
const OPEN_OBJECT = 4;
const CLOSE_OBJECT = 5;
const OPEN_ARRAY = 6;
const CLOSE_ARRAY = 7;
const COMMA = 8;
const COLON = 9;

const CLASS = new Uint8Array(256);
for (const c of ' \t\r\n') CLASS[c.charCodeAt(0)] = SPACE;
for (const c of '0123456789-+.eEtrufalsn') CLASS[c.charCodeAt(0)] = SCALAR;
CLASS[0x22] = QUOTE;
CLASS[0x7b] = OPEN_OBJECT;
CLASS[0x7d] = CLOSE_OBJECT;
CLASS[0x5b] = OPEN_ARRAY;
CLASS[0x5d] = CLOSE_ARRAY;
CLASS[0x2c] = COMMA;
CLASS[0x3a] = COLON;

const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
/** `errorCode"` in any case is searched as `rror` then checked: one native search per chunk. */
const HIT_NEEDLE = Buffer.from('rror');
const CODE_QUOTE = [0x63, 0x6f, 0x64, 0x65, 0x22]; // `code"`, compared case-insensitively

const EMPTY = Buffer.alloc(0);
const NO_WRAPPER = 0;
const RECORDS = 1;
const EVENTS = 2;
const RECORDS_KEY = Buffer.from('Records');
const EVENTS_KEY = Buffer.from('Events');

// Modes: where units are.
/** Units are the objects at `candidateDepth` (top-level objects, or elements of a top-level array). */
const CANDIDATES = 0;
/** Inside a `Records` / `Events` array: units are its elements. */
const WRAPPED = 1;
/** Inside a wrapper object, after its array: no units until it closes. */
const AFTER_WRAPPED = 2;

export class RecordScanner {
  /** Record units seen (each element of a Records array), parsed or not. */
  records = 0;
  /** Whether a Records or Events wrapper was seen (the input is CloudTrail even if it has no records). */
  wrapper = false;
  /** Top-level values seen (started). */
  values = 0;
  error: StructureError | undefined;

  // Structure.
  private depth = 0;
  private readonly stack = new Uint8Array(MAX_DEPTH + 1);
  private inString = false;
  /** Length of the run of backslashes that ended the previous chunk inside a string. */
  private trailingBackslashes = 0;

  // Units.
  private mode = CANDIDATES;
  private candidateDepth = 0;
  private kind: UnitKind = 'value';
  private unitOpen = false;
  private unitStart = 0; // in the current chunk; 0 when it started in an earlier one
  /** The open unit's parts in earlier chunks (reused: emptied, never reallocated, per unit). */
  private readonly unitPieces: Buffer[] = [];
  private unitSize = 0;
  private unitOversize = false;
  private unitHit = false; // a hit in the unit's earlier pieces
  private unitLine = 1;
  private unitColumn = 1;

  // Keys of a candidate object.
  private keyDepth = -1;
  private expectKey = false;
  private lastKey = NO_WRAPPER;
  private pendingWrapper = NO_WRAPPER;
  /** The first bytes of a key cut by a chunk end (only `Records` and `Events` matter). */
  private keyPrefix: Buffer | undefined;

  // Hits in the current chunk.
  private hits: number[] = [];
  private hitIndex = 0;
  private tail: Buffer = EMPTY;

  // Positions.
  private chunkOffset = 0;
  private line = 1;
  private lineStart = 0; // absolute offset of the current line's first byte
  private nextNewline = -1;
  private chunk: Buffer = EMPTY;
  private started = false;

  constructor(
    private readonly onUnit: (unit: Unit) => void,
    /** Parse every record (for measuring what the pre-filter saves). */
    private readonly parseAll = false,
  ) {}

  /** The next bytes. The buffer must not change afterwards (the open record keeps a view of it). */
  push(chunk: Buffer): void {
    if (this.error || chunk.length === 0) return;
    this.chunk = chunk;
    this.nextNewline = chunk.indexOf(NEWLINE);
    if (this.nextNewline < 0) this.nextNewline = Infinity;
    let i = 0;
    if (!this.started) {
      this.started = true;
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3; // BOM
    }
    this.findHits(chunk);
    if (this.inString) {
      const end = this.stringEnd(chunk, 0, this.trailingBackslashes);
      if (end < 0) {
        if (this.keyPrefix) this.keyPrefix = keyStart(this.keyPrefix, chunk);
        return this.endChunk(chunk);
      }
      this.inString = false;
      if (this.keyPrefix) {
        this.lastKey = keyKind(Buffer.concat([this.keyPrefix, chunk.subarray(0, end)]));
        this.keyPrefix = undefined;
      }
      i = end + 1;
    }
    this.scan(chunk, i);
  }

  /** The input is complete: anything still open is cut off. */
  end(): void {
    if (this.error) return;
    if (this.inString || this.depth > 0) this.fail('truncated', this.chunk.length);
  }

  private scan(chunk: Buffer, from: number): void {
    const n = chunk.length;
    for (let i = from; i < n; i++) {
      const cls = CLASS[chunk[i]!]!;
      if (cls === SPACE) continue;
      if (cls === QUOTE) {
        if (this.depth === 0) return this.fail('unexpected-byte', i);
        const end = this.stringEnd(chunk, i + 1, 0);
        if (this.depth === this.keyDepth) this.stringAtKeyDepth(chunk, i + 1, end);
        if (end < 0) {
          this.inString = true;
          return this.endChunk(chunk);
        }
        i = end;
        continue;
      }
      switch (cls) {
        case SCALAR:
          if (this.depth === 0) return this.fail('unexpected-byte', i);
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          if (this.depth === MAX_DEPTH) return this.fail('too-deep', i);
          if (this.depth === this.keyDepth) {
            if (cls === OPEN_ARRAY && this.pendingWrapper !== NO_WRAPPER) this.enterWrapper();
            this.pendingWrapper = NO_WRAPPER;
          }
          if (this.depth === 0) {
            this.values++;
            this.candidateDepth = cls === OPEN_ARRAY ? 1 : 0;
          }
          if (cls === OPEN_OBJECT && !this.unitOpen && this.depth === this.unitDepth()) this.openUnit(i);
          this.stack[this.depth++] = cls;
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          if (this.depth === 0 || this.stack[this.depth - 1] !== cls - 1) return this.fail('unexpected-close', i);
          this.depth--;
          if (this.unitOpen && this.depth === this.unitDepth()) this.closeUnit(chunk, i);
          else if (this.mode === WRAPPED && this.depth === this.candidateDepth + 1) this.mode = AFTER_WRAPPED;
          else if (this.mode === AFTER_WRAPPED && this.depth === this.candidateDepth) this.mode = CANDIDATES;
          if (this.depth === 0) this.candidateDepth = 0;
          break;
        case COMMA:
          if (this.depth === this.keyDepth) {
            this.expectKey = true;
            this.pendingWrapper = NO_WRAPPER;
          }
          break;
        case COLON:
          if (this.depth === this.keyDepth) this.pendingWrapper = this.lastKey;
          break;
        default:
          return this.fail('unexpected-byte', i);
      }
    }
    this.endChunk(chunk);
  }

  private unitDepth(): number {
    return this.mode === CANDIDATES ? this.candidateDepth : this.mode === WRAPPED ? this.candidateDepth + 2 : -1;
  }

  /**
   * The index of the quote that closes a string whose content starts at `from`, or -1 when the string goes
   * on past this chunk (then `trailingBackslashes` says whether the next chunk's first byte is escaped).
   * `carried` is that count from the previous chunk. The native search finds each quote; the backslashes
   * before it say whether it is escaped. (Walking short strings in JS measured slower.)
   */
  private stringEnd(chunk: Buffer, from: number, carried: number): number {
    const n = chunk.length;
    let j = (carried & 1) === 1 ? from + 1 : from;
    if (j >= n) {
      this.trailingBackslashes = 0;
      return -1;
    }
    // j is not escaped: every backslash run between j and a quote starts at or after j.
    for (;;) {
      const q = chunk.indexOf(0x22, j);
      if (q < 0) {
        let k = n - 1;
        while (k >= j && chunk[k] === BACKSLASH) k--;
        this.trailingBackslashes = n - 1 - k;
        return -1;
      }
      let k = q - 1;
      while (k >= j && chunk[k] === BACKSLASH) k--;
      if (((q - 1 - k) & 1) === 0) return q;
      j = q + 1;
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Keys of candidate objects: find `"Records": [` and `"Events": [`.

  private stringAtKeyDepth(chunk: Buffer, start: number, end: number): void {
    if (!this.expectKey) {
      this.pendingWrapper = NO_WRAPPER;
      return;
    }
    this.expectKey = false;
    if (end >= 0) {
      this.lastKey = keyKind(chunk.subarray(start, end));
      return;
    }
    this.keyPrefix = keyStart(EMPTY, chunk.subarray(start)); // a key cut by the chunk end (rare)
  }

  private enterWrapper(): void {
    // The candidate object is a wrapper: its elements are the units, not itself.
    this.wrapper = true;
    this.kind = this.pendingWrapper === RECORDS ? 'record' : 'event';
    this.mode = WRAPPED;
    this.dropUnit();
  }

  // -------------------------------------------------------------------------------------------------
  // Units.

  private openUnit(i: number): void {
    this.unitOpen = true;
    this.unitStart = i;
    this.unitPieces.length = 0;
    this.unitSize = 0;
    this.unitOversize = false;
    this.unitHit = false;
    this.locate(i);
    this.unitLine = this.line;
    this.unitColumn = this.chunkOffset + i - this.lineStart + 1;
    if (this.mode === CANDIDATES) {
      this.kind = 'value';
      this.keyDepth = this.depth + 1;
      this.expectKey = true;
      this.lastKey = NO_WRAPPER;
      this.pendingWrapper = NO_WRAPPER;
    }
  }

  private dropUnit(): void {
    this.unitOpen = false;
    this.unitPieces.length = 0;
    this.unitSize = 0;
    this.keyDepth = -1;
    this.keyPrefix = undefined;
  }

  private closeUnit(chunk: Buffer, i: number): void {
    const kind = this.kind;
    const hit = this.unitHit || this.hitWithin(this.unitStart, i);
    if (kind === 'record') {
      this.records++;
      // The common case, allocation-free: a record without an error code.
      if (!hit && !this.parseAll && !this.unitOversize) return this.dropUnit();
    }
    let bytes: Buffer | undefined;
    if (!this.unitOversize) {
      const last = chunk.subarray(this.unitStart, i + 1);
      if (this.unitSize + last.length > MAX_UNIT_BYTES) this.unitOversize = true;
      else bytes = this.unitPieces.length === 0 ? last : Buffer.concat([...this.unitPieces, last]);
    }
    const unit: Unit = { kind, oversize: this.unitOversize, line: this.unitLine, column: this.unitColumn, ...(bytes && { bytes }) };
    this.dropUnit();
    this.onUnit(unit);
  }

  /** Whether a hit lies in [from, to] of the current chunk. Units come in order, so the index only moves forward. */
  private hitWithin(from: number, to: number): boolean {
    const hits = this.hits;
    while (this.hitIndex < hits.length && hits[this.hitIndex]! < from) this.hitIndex++;
    return this.hitIndex < hits.length && hits[this.hitIndex]! <= to;
  }

  /** Positions of `errorCode"` (any case) in the chunk; one cut at the chunk end counts. */
  private findHits(chunk: Buffer): void {
    const hits: number[] = [];
    // A needle cut by the previous chunk's end belongs to a unit still open.
    if (this.unitOpen && this.tail.length > 0) {
      const joint = Buffer.concat([this.tail, chunk.subarray(0, HIT_NEEDLE.length + CODE_QUOTE.length)]);
      if (joint.indexOf(HIT_NEEDLE) >= 0) this.unitHit = true;
    }
    let at = chunk.indexOf(HIT_NEEDLE);
    while (at >= 0) {
      if (isCodeQuote(chunk, at + HIT_NEEDLE.length)) hits.push(at);
      at = chunk.indexOf(HIT_NEEDLE, at + HIT_NEEDLE.length);
    }
    this.hits = hits;
    this.hitIndex = 0;
  }

  /** The chunk is done: keep the open unit's part of it (a reference: chunks are never reused). */
  private endChunk(chunk: Buffer): void {
    if (this.unitOpen) {
      if (this.hitWithin(this.unitStart, chunk.length)) this.unitHit = true;
      if (!this.unitOversize) {
        const piece = chunk.subarray(this.unitStart);
        this.unitSize += piece.length;
        if (this.unitSize > MAX_UNIT_BYTES) {
          this.unitOversize = true;
          this.unitPieces.length = 0;
        } else this.unitPieces.push(piece);
      }
      this.unitStart = 0;
    }
    // The stream's last bytes (over several chunks when they are tiny), for a needle cut by chunk ends.
    const keep = HIT_NEEDLE.length + CODE_QUOTE.length;
    this.tail = chunk.length >= keep ? Buffer.from(chunk.subarray(chunk.length - keep)) : Buffer.concat([this.tail, chunk]).subarray(-keep);
    this.locate(chunk.length);
    this.chunkOffset += chunk.length;
    this.chunk = EMPTY;
    this.nextNewline = Infinity;
  }

  /** Advance the line count to index i of the current chunk. */
  private locate(i: number): void {
    while (this.nextNewline < i) {
      this.line++;
      this.lineStart = this.chunkOffset + this.nextNewline + 1;
      const next = this.chunk.indexOf(NEWLINE, this.nextNewline + 1);
      this.nextNewline = next < 0 ? Infinity : next;
    }
  }

  private fail(kind: StructureError['kind'], i: number): void {
    this.locate(i);
    const byte = i < this.chunk.length ? this.chunk[i] : undefined;
    this.error = { kind, line: this.line, column: this.chunkOffset + i - this.lineStart + 1, ...(byte !== undefined && kind !== 'truncated' && { byte }) };
  }
}

/** Up to 8 bytes of a key: enough to tell `Records` and `Events` from longer keys. */
function keyStart(prefix: Buffer, more: Buffer): Buffer {
  return prefix.length >= 8 ? prefix : Buffer.concat([prefix, more.subarray(0, 8 - prefix.length)]);
}

function keyKind(key: Buffer): number {
  if (key.equals(RECORDS_KEY)) return RECORDS;
  if (key.equals(EVENTS_KEY)) return EVENTS;
  return NO_WRAPPER;
}

/** `code"` in any case at `at`; true when the chunk ends first (a possible hit is parsed, never missed). */
function isCodeQuote(chunk: Buffer, at: number): boolean {
  for (let k = 0; k < CODE_QUOTE.length; k++) {
    if (at + k >= chunk.length) return true;
    const b = chunk[at + k]!;
    if ((k < 4 ? b | 0x20 : b) !== CODE_QUOTE[k]) return false;
  }
  return true;
}
