import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { ChecksumError } from "../errors.ts";
import type { SegmentInfo } from "./recover.ts";
import { readHeader, scanSegment, type WalRecord } from "./segment-scan.ts";

export interface ReadOptions {
  /** First sequence number wanted; earlier records are skipped. */
  readonly fromSeq: number;
  /** Bytes of the last segment that are durable; bytes past it may be a write in progress. */
  readonly tailSize: number;
  /** Called when the log has a hole (a segment moved aside or cut short): those records are lost. */
  readonly onGap?: (fromSeq: number, toSeq: number) => void;
}

/**
 * Reads records in log order from `fromSeq` on. Every frame is checked against its CRC32C;
 * damage inside a sealed segment throws `ChecksumError` naming the segment and offset, because
 * skipping it would silently drop acknowledged writes.
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
    const bytes = readFileSync(segment.path);
    const header = readHeader(segment.path, bytes);
    const isTail = next === undefined;
    const records: WalRecord[] = [];
    const stop = scanSegment(
      bytes,
      header,
      (record) => records.push(record),
      isTail ? options.tailSize : bytes.length,
    );
    if (stop !== undefined) {
      const name = basename(segment.path);
      throw new ChecksumError(
        name,
        stop.offset,
        `Cannot read WAL segment "${name}": record at offset ${stop.offset} is corrupt (${stop.problem}); ` +
          `restore the segment from the WAL archive, or move it aside to start without its records`,
      );
    }
    const endSeq = header.firstSeq + records.length;
    if (next !== undefined && endSeq > next.firstSeq) {
      const name = basename(segment.path);
      throw new ChecksumError(
        name,
        0,
        `Cannot read WAL segment "${name}": it holds records up to ${endSeq - 1} but the next segment starts at ` +
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
