import { basename } from "node:path";
import { ChecksumError } from "../errors.ts";
import { endOfData } from "./end-of-data.ts";
import { decodeGroupHeader, GROUP_HEADER_TYPE } from "./group-header.ts";
import { checkFrame, decodeFrame, FRAME_HEADER_SIZE, skipFrame, type FrameProblem } from "./record-frame.ts";
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
  /**
   * Where valid frames after the damage would show the damage is not a torn end: past the group
   * the bad frame belongs to, since a group cut short may still hold whole frames of its own.
   */
  readonly searchFrom: number;
}

/** Where a scan ended: the damage it stopped at, if any, and the sequence number after the last record. */
export interface ScanEnd {
  readonly stop: ScanStop | undefined;
  readonly nextSeq: number;
}

/**
 * Walks the records of one segment held in memory. A group (a header and the frames its length
 * covers) is visited only when every frame of it is whole and valid; else the scan stops at the
 * group's header. `stop` says where it stopped if the bytes after the last whole group are not
 * (undefined: clean end). Frames without a group header are visited one by one, as segments
 * written before group headers hold them. Without `visit`, records are checked and counted only.
 *
 * Records before `fromSeq` are stepped over by their lengths, neither checked nor visited: a
 * replay wants the few records after the store's position, at the end of a segment of hundreds of
 * thousands, which the store has already. Group headers are always checked.
 */
export function scanSegment(
  bytes: Buffer,
  header: SegmentHeader,
  visit?: (record: WalRecord) => void,
  fromSeq = header.firstSeq,
): ScanEnd {
  let offset = SEGMENT_HEADER_SIZE;
  let seq = header.firstSeq;
  const stopAt = (problem: FrameProblem, searchFrom: number): ScanEnd => ({
    stop: { offset, problem, searchFrom },
    nextSeq: seq,
  });
  // The checked frames of a group, by where they start: visited only once the whole group is.
  const starts: number[] = [];
  while (offset < bytes.length) {
    if (seq < fromSeq && bytes[offset + 8] !== GROUP_HEADER_TYPE) {
      const end = skipFrame(bytes, offset);
      if (typeof end === "string") return stopAt(end, offset + 1);
      seq += 1;
      offset = end;
      continue;
    }
    const frame = decodeFrame(bytes, offset);
    if (typeof frame === "string") return stopAt(frame, offset + 1);
    const group = frame.type === GROUP_HEADER_TYPE ? decodeGroupHeader(frame.payload) : undefined;
    if (group === undefined) {
      const { type, payload } = frame;
      visit?.({ seq, type, payload, segmentNumber: header.segmentNumber, offset, committedAtMs: undefined });
      seq += 1;
      offset = frame.end;
      continue;
    }
    const groupEnd = frame.end + group.groupBytes;
    starts.length = 0;
    let skipped = 0;
    for (let at = frame.end; at < Math.min(groupEnd, bytes.length);) {
      const skipping = seq + skipped < fromSeq;
      const end = skipping ? skipFrame(bytes, at) : checkFrame(bytes, at);
      if (typeof end === "string" || end > groupEnd) {
        return stopAt(typeof end === "string" ? end : "bad_length", groupEnd);
      }
      if (skipping) skipped += 1;
      else starts.push(at);
      at = end;
    }
    if (groupEnd > bytes.length) return stopAt("truncated", groupEnd);
    seq += skipped;
    for (const at of starts) {
      visit?.({
        seq,
        type: bytes[at + 8] as number,
        payload: bytes.subarray(at + FRAME_HEADER_SIZE, at + FRAME_HEADER_SIZE + bytes.readUInt32LE(at)),
        segmentNumber: header.segmentNumber,
        offset: at,
        committedAtMs: group.timeMs,
      });
      seq += 1;
    }
    offset = groupEnd;
  }
  return { stop: undefined, nextSeq: seq };
}

/**
 * Counts the valid records (group headers are not records) of a segment and where they end;
 * records before `checkFromSeq` are stepped over unchecked, as `scanSegment` does.
 */
export function measureSegment(
  bytes: Buffer,
  header: SegmentHeader,
  checkFromSeq = header.firstSeq,
): { count: number; end: number; stop: ScanStop | undefined } {
  const { stop, nextSeq } = scanSegment(bytes, header, undefined, checkFromSeq);
  return { count: nextSeq - header.firstSeq, end: stop?.offset ?? bytes.length, stop };
}

/**
 * After a bad frame at `from`, is there any valid frame later in the bytes? If so the damage is in
 * the middle of the log, not a torn tail, and must not be truncated away silently.
 */
export function findValidFrameAfter(bytes: Buffer, from: number): number | undefined {
  // A frame's type byte (at +8) is never 0, so no frame starts 8 bytes or less before the end of
  // the non-zero bytes: the zeros a segment is filled with past its records are not searched.
  const last = endOfData(bytes, from + 1) - 9;
  for (let offset = from + 1; offset <= last && offset + 9 <= bytes.length; offset++) {
    const type = bytes[offset + 8];
    if (type === undefined || type === 0) continue;
    const length = bytes.readUInt32LE(offset);
    if (offset + 9 + length > bytes.length) continue;
    if (typeof decodeFrame(bytes, offset) === "object") return offset;
  }
  return undefined;
}
