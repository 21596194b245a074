import { basename } from "node:path";
import { ChecksumError } from "../errors.ts";
import { COMMIT_CLOCK_TYPE, decodeCommitClock } from "./commit-clock.ts";
import { decodeFrame, type FrameProblem } from "./record-frame.ts";
import { decodeSegmentHeader, SEGMENT_HEADER_SIZE, type SegmentHeader } from "./segment-header.ts";

/** One record read back from the log, with its position. */
export interface WalRecord {
  readonly seq: number;
  readonly type: number;
  /** A view into the segment's bytes; copy it if it must outlive the segment buffer. */
  readonly payload: Buffer;
  readonly segmentNumber: number;
  readonly offset: number;
  /**
   * When the group commit that wrote it began, Unix milliseconds; undefined in segments written
   * before commit times were recorded.
   */
  readonly committedAtMs: number | undefined;
}

/** Reads and checks a segment's header, naming the file in the error when it is wrong. */
export function readHeader(path: string, bytes: Buffer): SegmentHeader {
  const header = decodeSegmentHeader(bytes);
  if (typeof header === "object") return header;
  const reason = {
    short: `the file is ${bytes.length} bytes, shorter than the ${SEGMENT_HEADER_SIZE}-byte header`,
    magic: "magic bytes are wrong",
    version: `format version ${bytes.length >= 12 ? bytes.readUInt32LE(8) : "?"} is unknown (this build reads version 1)`,
    checksum: "header checksum mismatch",
  }[header];
  throw new ChecksumError(basename(path), 0, `Cannot open WAL segment "${basename(path)}": ${reason}`);
}

/** Where a scan stopped early, and why. */
export interface ScanStop {
  readonly offset: number;
  readonly problem: FrameProblem;
}

/**
 * Walks the records of one segment held in memory, up to `limit` bytes. Returns where it stopped
 * if the bytes after the last valid record are not a whole valid frame (undefined: clean end).
 */
export function scanSegment(
  bytes: Buffer,
  header: SegmentHeader,
  visit: (record: WalRecord) => void,
  limit = bytes.length,
): ScanStop | undefined {
  const view = limit === bytes.length ? bytes : bytes.subarray(0, limit);
  let offset = SEGMENT_HEADER_SIZE;
  let seq = header.firstSeq;
  let committedAtMs: number | undefined;
  while (offset < view.length) {
    const frame = decodeFrame(view, offset);
    if (typeof frame === "string") return { offset, problem: frame };
    if (frame.type === COMMIT_CLOCK_TYPE && frame.payload.length === 8) {
      committedAtMs = decodeCommitClock(frame.payload);
    } else {
      const { type, payload } = frame;
      visit({ seq, type, payload, segmentNumber: header.segmentNumber, offset, committedAtMs });
      seq += 1;
    }
    offset = frame.end;
  }
  return undefined;
}

/** Counts the valid records (commit-time frames are not records) of a segment and where they end. */
export function measureSegment(
  bytes: Buffer,
  header: SegmentHeader,
): { count: number; end: number; stop: ScanStop | undefined } {
  let count = 0;
  const stop = scanSegment(bytes, header, () => {
    count += 1;
  });
  return { count, end: stop?.offset ?? bytes.length, stop };
}

/**
 * After a bad frame at `from`, is there any valid frame later in the bytes? If so the damage is in
 * the middle of the log, not a torn tail, and must not be truncated away silently.
 */
export function findValidFrameAfter(bytes: Buffer, from: number): number | undefined {
  for (let offset = from + 1; offset + 9 <= bytes.length; offset++) {
    const type = bytes[offset + 8];
    if (type === undefined || type === 0) continue;
    const length = bytes.readUInt32LE(offset);
    if (offset + 9 + length > bytes.length) continue;
    if (typeof decodeFrame(bytes, offset) === "object") return offset;
  }
  return undefined;
}
