import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { basename } from "node:path";
import { ChecksumError } from "../errors.ts";
import { endOfData } from "./end-of-data.ts";
import type { SegmentInfo } from "./recover.ts";
import { readHeader, scanSegment, type WalRecord } from "./segment-scan.ts";

export interface ReadOptions {
  /** First sequence number wanted; earlier records are skipped. */
  readonly fromSeq: number;
  /**
   * Bytes of the last segment that are durable; bytes past it may be a write in progress, or
   * preallocated zeros. Only these bytes of it are read.
   */
  readonly tailSize: number;
  /** Called when the log has a hole (a segment moved aside or cut short): those records are lost. */
  readonly onGap?: (fromSeq: number, toSeq: number) => void;
}

/**
 * Reads records in log order from `fromSeq` on. Every frame from there is checked against its
 * CRC32C; damage inside a sealed segment throws `ChecksumError` naming the segment and offset,
 * because skipping it would silently drop acknowledged writes. The records before `fromSeq` in the
 * first segment read are stepped over by their lengths, unchecked: the caller has them already
 * (and the live segment's every frame was checked when the log opened, which is where `tailSize`
 * comes from). Zeros alone after the last record of the last segment are its preallocated space
 * (a `tailSize` that is the file's size includes them), not damage.
 */
export function* readRecords(segments: readonly SegmentInfo[], options: ReadOptions): Generator<WalRecord> {
  let expectedSeq = options.fromSeq;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment === undefined) continue;
    const next = segments[i + 1];
    if (next !== undefined && next.firstSeq <= options.fromSeq) continue;

    if (segment.firstSeq > expectedSeq) {
      options.onGap?.(expectedSeq, segment.firstSeq - 1);
      expectedSeq = segment.firstSeq;
    }
    const isTail = next === undefined;
    const bytes = isTail ? readPrefix(segment.path, options.tailSize) : readFileSync(segment.path);
    const header = readHeader(segment.path, bytes);
    const records: WalRecord[] = [];
    const { stop, nextSeq } = scanSegment(bytes, header, (record) => records.push(record), expectedSeq);
    // Sealed segments are trimmed to their last record when sealed, so there zeros are damage.
    if (stop !== undefined && !(isTail && endOfData(bytes, stop.offset) === stop.offset)) {
      const name = basename(segment.path);
      throw new ChecksumError(
        name,
        stop.offset,
        `Cannot read WAL segment "${name}": record at offset ${stop.offset} is corrupt (${stop.problem}); ` +
          `restore the segment from the WAL archive, or move it aside to start without its records`,
      );
    }
    if (next !== undefined && nextSeq > next.firstSeq) {
      const name = basename(segment.path);
      throw new ChecksumError(
        name,
        0,
        `Cannot read WAL segment "${name}": it holds records up to ${nextSeq - 1} but the next segment starts at ` +
          `${next.firstSeq}; the segments come from different logs`,
      );
    }
    for (const record of records) {
      if (record.seq >= expectedSeq) {
        yield record;
        expectedSeq = record.seq + 1;
      }
    }
  }
}

/** The first `length` bytes of a file, fewer if it is shorter: a live segment's records, not its preallocated space. */
function readPrefix(path: string, length: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const bytes = Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) {
      const n = readSync(fd, bytes, read, length - read, read);
      if (n === 0) break;
      read += n;
    }
    return bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
