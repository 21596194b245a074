import { mkdirSync, statSync, truncateSync } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { basename } from "node:path";
import { UnavailableError } from "../errors.ts";
import { silentLogger, type Logger } from "../logger.ts";
import { createSegment } from "./create-segment.ts";
import { fsyncFile } from "./fsync-file.ts";
import { encodeGroupHeader, GROUP_HEADER_TYPE } from "./group-header.ts";
import { readRecords } from "./read-records.ts";
import { encodeFrame } from "./record-frame.ts";
import { recoverWal, type RecoveredWal, type SegmentInfo } from "./recover.ts";
import { SEGMENT_HEADER_SIZE } from "./segment-header.ts";
import type { WalRecord } from "./segment-scan.ts";
import { writeFully } from "./write-fully.ts";
import { DEFAULT_SEGMENT_SIZE, type GroupCommit, type WalOptions } from "./wal-options.ts";
import { ZeroAhead } from "./zero-ahead.ts";

export { DEFAULT_SEGMENT_SIZE, type GroupCommit, type WalOptions } from "./wal-options.ts";

/** A record that is durable on disk, handed to durability listeners in log order. */
export interface DurableRecord {
  readonly seq: number;
  readonly type: number;
  readonly payload: Uint8Array;
  /**
   * What the appender passed along with the payload (its decoded form, say), so an in-process
   * listener need not decode what was just encoded. Absent for records read back from disk.
   */
  readonly carry?: unknown;
}

interface PendingAppend {
  readonly type: number;
  readonly payload: Uint8Array;
  readonly carry: unknown;
  readonly frame: Buffer;
  readonly resolve: (seq: number) => void;
  readonly reject: (error: Error) => void;
}

/** One record to append: its type, its bytes, and what the durability listeners get with it. */
export interface WalAppend {
  readonly type: number;
  readonly payload: Uint8Array;
  readonly carry?: unknown;
}

const ignore = (): void => undefined;

/**
 * The write-ahead log: the durable, ordered record of every write, from which everything else is
 * derived. Appends from any number of concurrent callers are grouped: each group is written with
 * one write and made durable with one `fdatasync`, and no append resolves before the fdatasync
 * that covers it has returned.
 */
export class Wal {
  readonly dir: string;
  readonly #segmentSize: number;
  readonly #logger: Logger;
  readonly #onGroupCommit: ((commit: GroupCommit) => void) | undefined;
  readonly #onSegmentSealed: ((segment: SegmentInfo) => void) | undefined;
  readonly #segments: SegmentInfo[];
  readonly #listeners: ((records: readonly DurableRecord[]) => void)[] = [];
  #file: FileHandle;
  /**
   * Bytes of the live segment that hold durable records: the log's logical end, where the next
   * group goes. The file is longer when preallocated; the rest is zeros.
   */
  #size: number;
  /** Zero-fills the live segment ahead of its records; undefined when preallocation is off. */
  readonly #zeroAhead: ZeroAhead | undefined;
  #nextSeq: number;
  #pending: PendingAppend[] = [];
  #flushing: Promise<void> | undefined;
  #failure: Error | undefined;
  /** Why the last group write failed (disk full, say); cleared by the next one that succeeds. */
  #writeFailure: Error | undefined;
  #closed = false;

  private constructor(options: WalOptions, recovered: RecoveredWal, file: FileHandle, fileSize: number) {
    this.dir = options.dir;
    this.#segmentSize = options.segmentSize ?? DEFAULT_SEGMENT_SIZE;
    this.#logger = options.logger ?? silentLogger;
    this.#onGroupCommit = options.onGroupCommit;
    this.#onSegmentSealed = options.onSegmentSealed;
    this.#segments = [...recovered.segments];
    this.#file = file;
    this.#size = recovered.tailSize;
    // Recovery leaves zeros alone past the last record, or nothing: all of the file past it is filled.
    this.#zeroAhead =
      options.preallocate === false
        ? undefined
        : new ZeroAhead(this.#segmentSize, this.#logger, Math.max(fileSize, recovered.tailSize));
    this.#nextSeq = recovered.nextSeq;
  }

  /** Opens (recovering) or creates the log in `options.dir`. */
  static async open(options: WalOptions): Promise<{ wal: Wal; recovered: RecoveredWal }> {
    const logger = options.logger ?? silentLogger;
    mkdirSync(options.dir, { recursive: true });
    let recovered = recoverWal(options.dir, logger, options.checkFromSeq);
    const minNextSeq = options.minNextSeq ?? 1;
    const last = recovered.segments.at(-1);
    if (last === undefined || recovered.nextSeq < minNextSeq) {
      if (last !== undefined) {
        logger.warn(
          { walNextSeq: recovered.nextSeq, storeNextSeq: minNextSeq },
          `WAL ends at record ${recovered.nextSeq - 1} but the store has applied up to ${minNextSeq - 1}; ` +
            `starting a new segment at record ${minNextSeq}`,
        );
        // It is sealed by the new segment, and readers take a sealed segment's whole file as records.
        trimFile(last.path, recovered.tailSize);
      }
      const segment = await createSegment(
        options.dir,
        (last?.segmentNumber ?? 0) + 1,
        Math.max(minNextSeq, recovered.nextSeq),
      );
      recovered = {
        ...recovered,
        segments: [...recovered.segments, segment],
        tailSize: SEGMENT_HEADER_SIZE,
        nextSeq: segment.firstSeq,
      };
    }
    const tail = recovered.segments.at(-1);
    if (tail === undefined) throw new Error("unreachable: a WAL always has a tail segment after open");
    const file = await open(tail.path, "r+");
    try {
      const { size } = await file.stat();
      return { wal: new Wal(options, recovered, file, size), recovered };
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /** Sequence number the next durable record will get. */
  get nextSeq(): number {
    return this.#nextSeq;
  }

  /**
   * The segments and how many bytes of the last one are durable, taken together: a consistent
   * prefix of the log to copy, whatever is appended meanwhile. The last one's file is longer when
   * it is zero-filled ahead of its records: copy `tailSize` bytes of it, not the file.
   */
  get durablePrefix(): { readonly segments: readonly SegmentInfo[]; readonly tailSize: number } {
    return { segments: [...this.#segments], tailSize: this.#size };
  }

  /** Set when the log refuses appends until a restart (a failed fsync). */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /**
   * Why the last group write failed, until a later one succeeds. Unlike `failure` it does not
   * refuse appends: each append tries the disk again, so writes resume as soon as space returns.
   */
  get writeFailure(): Error | undefined {
    return this.#writeFailure;
  }

  /** The segments in log order; the last one takes appends. */
  get segments(): readonly SegmentInfo[] {
    return this.#segments;
  }

  /**
   * Registers a listener called, in log order and before the appends resolve, with every group of
   * records that has just become durable. Ingest uses it to apply what the log holds.
   */
  onDurable(listener: (records: readonly DurableRecord[]) => void): void {
    this.#listeners.push(listener);
  }

  /**
   * Appends one record; resolves with its sequence number once it is durable on disk. `carry` is
   * handed to the durability listeners with the record, never written.
   */
  append(type: number, payload: Uint8Array, carry?: unknown): Promise<number> {
    return this.appendAll([{ type, payload, carry }]);
  }

  /**
   * Appends records together, in order and with consecutive sequence numbers: they go into one
   * group, so they become durable with one fdatasync, all or none. Resolves with the sequence
   * number of the last one. One promise for the lot, where `append` per record would make one each.
   */
  appendAll(records: readonly WalAppend[]): Promise<number> {
    if (this.#closed) return Promise.reject(new UnavailableError("The WAL is closed"));
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (records.length === 0) return Promise.reject(new RangeError("Cannot append no records"));
    return new Promise<number>((resolve, reject) => {
      // Pushed in one synchronous loop, so no other append comes between them and `#flushAll`
      // takes them into the same group; only the last one settles the promise.
      const last = records.length - 1;
      records.forEach(({ type, payload, carry }, i) => {
        const settles = i === last;
        this.#pending.push({
          type,
          payload,
          carry,
          frame: encodeFrame(type, payload),
          resolve: settles ? resolve : ignore,
          reject: settles ? reject : ignore,
        });
      });
      // setImmediate, not a microtask: callers woken by the previous group commit get to append
      // before this one starts, so they share its fdatasync.
      if (this.#flushing === undefined)
        this.#flushing = new Promise((done) => setImmediate(() => void this.#flushAll().finally(done)));
    });
  }

  /** Reads durable records from `fromSeq` on, checking every checksum. */
  read(fromSeq: number, onGap?: (fromSeq: number, toSeq: number) => void): Generator<WalRecord> {
    return readRecords(this.#segments, { fromSeq, tailSize: this.#size, ...(onGap ? { onGap } : {}) });
  }

  /**
   * Waits for pending appends, then closes the log file. Later appends are refused. The live
   * segment's unused zero-filled space is cut off first (the first group after opening fills
   * again), so a closed log's files hold records alone, as they did before preallocation.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#flushing;
    try {
      // After a failed fsync the file's contents are unknown: recovery deals with it, not a truncate.
      if (this.#failure === undefined) await this.#trim();
    } catch (error) {
      // Zeros past the last record are a clean end to recovery: worth a line, not a failed close.
      this.#logger.warn(
        { err: error, walDir: this.dir },
        `Cannot cut the WAL's unused zero-filled space at close (${errorText(error)}); the next start reads past it`,
      );
    } finally {
      await this.#file.close();
    }
  }

  async #flushAll(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        const batch = this.#pending;
        this.#pending = [];
        await this.#commit(batch);
      }
    } finally {
      this.#flushing = undefined;
    }
  }

  async #commit(batch: PendingAppend[]): Promise<void> {
    if (this.#failure !== undefined) {
      for (const append of batch) append.reject(this.#failure);
      return;
    }
    try {
      if (this.#size >= this.#segmentSize) await this.#rotate();
    } catch (error) {
      // Could not start a new segment (disk full?): keep appending to the current one.
      this.#logger.error({ err: error }, "Cannot rotate WAL segment; continuing in the current one");
    }

    // One write of a group header and the group's records: a group is stored whole or not at all.
    const frames = batch.map((append) => append.frame);
    const groupBytes = frames.reduce((sum, frame) => sum + frame.length, 0);
    frames.unshift(encodeFrame(GROUP_HEADER_TYPE, encodeGroupHeader({ timeMs: Date.now(), groupBytes })));
    const bytes = Buffer.concat(frames);
    const start = this.#size;
    await this.#zeroAhead?.before(this.#file, this.#liveName, start, bytes.length);
    try {
      await writeFully(this.#file, bytes, start);
    } catch (error) {
      await this.#undoPartialWrite(start);
      const failure = writeFailure(error);
      if (this.#writeFailure === undefined) this.#logger.error({ err: error }, failure.message);
      this.#writeFailure = failure;
      for (const append of batch) append.reject(failure);
      return;
    }
    const began = process.hrtime.bigint();
    try {
      await this.#file.datasync();
    } catch (error) {
      // After a failed fsync the kernel may have dropped the dirty pages and the file's contents
      // are unknown ("fsyncgate"); the only safe way on is a restart that re-reads the log.
      this.#failure = new UnavailableError(
        `WAL fsync failed (${errorText(error)}); refusing writes until the server restarts and recovers the log`,
        30,
        { cause: error },
      );
      this.#logger.error({ err: error }, this.#failure.message);
      for (const append of batch) append.reject(this.#failure);
      for (const append of this.#pending.splice(0)) append.reject(this.#failure);
      return;
    }
    const fsyncSeconds = Number(process.hrtime.bigint() - began) / 1e9;
    if (this.#writeFailure !== undefined) this.#logger.info({}, "WAL writes succeed again");
    this.#writeFailure = undefined;
    this.#size = start + bytes.length;
    const firstSeq = this.#nextSeq;
    this.#nextSeq += batch.length;
    this.#onGroupCommit?.({ records: batch.length, bytes: bytes.length, fsyncSeconds });
    if (this.#listeners.length > 0) {
      const records = batch.map((append, i) => ({
        seq: firstSeq + i,
        type: append.type,
        payload: append.payload,
        carry: append.carry,
      }));
      for (const listener of this.#listeners) listener(records);
    }
    for (let i = 0; i < batch.length; i++) batch[i]?.resolve(firstSeq + i);
  }

  async #undoPartialWrite(start: number): Promise<void> {
    try {
      await this.#file.truncate(start);
      this.#zeroAhead?.cut(start);
    } catch (error) {
      this.#failure = new UnavailableError(
        `WAL write failed and the partial write could not be removed (${errorText(error)}); restart the server`,
        30,
        { cause: error },
      );
    }
  }

  async #rotate(): Promise<void> {
    const sealed = this.#segments.at(-1);
    if (sealed === undefined) throw new Error("unreachable: a WAL always has a tail segment after open");
    // Readers take a sealed segment's whole file as records (only the last may end early), so any
    // zero-filled space goes before the next segment makes this one sealed.
    await this.#trim();
    const segment = await createSegment(this.dir, sealed.segmentNumber + 1, this.#nextSeq);
    const file = await open(segment.path, "r+");
    await this.#file.close();
    this.#file = file;
    this.#size = SEGMENT_HEADER_SIZE;
    this.#zeroAhead?.cut(SEGMENT_HEADER_SIZE);
    this.#segments.push(segment);
    this.#logger.info({ segment: segment.path, firstSeq: segment.firstSeq }, "WAL segment rotated");
    this.#onSegmentSealed?.(sealed);
  }

  /** The live segment's file name, for log lines. */
  get #liveName(): string {
    return basename(this.#segments.at(-1)?.path ?? this.dir);
  }

  /** Cuts the live segment's unused zero-filled space off, fsynced; its records stay. */
  async #trim(): Promise<void> {
    if ((await this.#file.stat()).size <= this.#size) return;
    await this.#file.truncate(this.#size);
    this.#zeroAhead?.cut(this.#size);
    await this.#file.sync();
  }
}

/** Cuts a closed segment's file to `size` bytes, fsynced, if it is longer. */
function trimFile(path: string, size: number): void {
  if (statSync(path).size <= size) return;
  truncateSync(path, size);
  fsyncFile(path);
}

function writeFailure(error: unknown): UnavailableError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message =
    code === "ENOSPC"
      ? "No space left on device for the WAL: the write was not stored; free disk space and retry"
      : `WAL write failed (${errorText(error)}): the write was not stored`;
  return new UnavailableError(message, code === "ENOSPC" ? 10 : 1, { cause: error });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
