import type { FileHandle } from "node:fs/promises";
import type { Logger } from "../logger.ts";
import { zeroFill } from "./zero-fill.ts";

/**
 * How far past a group the live segment is zero-filled when the group would reach beyond the
 * filled space. Measured in the WAL on the VM (one appender, single-record groups): the commit
 * that fills took 1.2–1.4 ms (p50; at worst 3.5–7 ms) against 0.17–0.20 ms for the others, once
 * per ~2,900 commits, and the commit that rotates 2.2–2.6 ms against 1.2–1.4 ms before. Filling
 * the whole 64 MiB segment at once took 28–44 ms, a stall for every append queued behind the
 * commit that pays it (at rotation, or the first write after opening), and every log opened for a
 * few records (a test's, a backup's copy) would write 64 MiB of zeros.
 */
const STRETCH = 1024 * 1024;

/**
 * Groups larger than this are not filled ahead of: they grow the file themselves, as before.
 * Filling writes each byte of the log twice (zeros, then records) to spare each fdatasync a
 * metadata update, ~35 µs on the VM: worth it when many groups share a filled MiB, not when a few
 * do. Mean per group on the WAL alone: 1 record 133–142 µs filled against 165–182 µs growing, 16
 * records 170–183 against 210–285; but 1,000 records (340 KiB) 1,840 against 1,673 µs and 4,000
 * (1.3 MiB) about 10 % longer filled too. At 16 KiB at least 64 groups share each filled MiB.
 */
const MAX_GROUP = 16 * 1024;

/** After a failed fill, how long groups go without one: a full disk must not cost a failing write per commit. */
const RETRY_MS = 10_000;

/**
 * Keeps the live segment's file zero-filled a stretch ahead of its records, so that a small group
 * commit changes neither the file's size nor its block map and its fdatasync flushes data alone.
 * Recovery reads the zeros as the log's clean end (a frame of type 0 never decodes).
 */
export class ZeroAhead {
  readonly #segmentSize: number;
  readonly #logger: Logger;
  /** Where the zero-filled, fsynced space ends; below the log's end when groups went past it. */
  #filledTo: number;
  #retryAtMs = 0;

  /** `length`: the live segment file's length now, all of it records or zeros. */
  constructor(segmentSize: number, logger: Logger, length: number) {
    this.#segmentSize = segmentSize;
    this.#logger = logger;
    this.#filledTo = length;
  }

  /** The live file now ends at `length`: a new segment's, or the live one cut back. */
  cut(length: number): void {
    this.#filledTo = Math.min(this.#filledTo, length);
  }

  /**
   * Before a group of `groupBytes` is written at `end`, the log's end in `file`: if the group is
   * small and would reach past the filled space, fills the next stretch, up to the segment's size
   * (a group past it grows the file anyway). Never throws: filling only saves time, so when it
   * fails (the disk full) what it wrote is given back, leaving the space to the store, no new try
   * is made for `RETRY_MS`, and the group's own write then succeeds or fails (503) on its own.
   */
  async before(file: FileHandle, segment: string, end: number, groupBytes: number): Promise<void> {
    const groupEnd = end + groupBytes;
    if (groupEnd <= this.#filledTo || groupEnd > this.#segmentSize || groupBytes > MAX_GROUP) return;
    if (Date.now() < this.#retryAtMs) return;
    // Past the log's end the file holds zeros, or ends: no record is ever overwritten.
    const from = Math.max(this.#filledTo, end);
    const to = Math.min(this.#segmentSize, groupEnd + STRETCH);
    try {
      await zeroFill(file, from, to);
      this.#filledTo = to;
    } catch (error) {
      await file.truncate(from).catch(() => undefined);
      this.#retryAtMs = Date.now() + RETRY_MS;
      this.#logger.warn(
        { err: error, segment },
        `Cannot zero-fill WAL segment "${segment}" ahead of its records (${errorText(error)}); ` +
          `it grows with each write for the next ${RETRY_MS / 1000} s`,
      );
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
