/**
 * Commit-time frames: before the records of a group commit, the WAL writes a frame of its own
 * type holding the wall-clock time of the commit, so point-in-time recovery can tell which
 * records were written by a given moment. The frame is not a record: it has no sequence number,
 * readers never hand it out, and it costs 17 bytes once per millisecond at most (and at the start
 * of each segment, so every record's time is found within its own segment).
 */

/** Frame type reserved by the WAL for commit-time frames; record types stay below it. */
export const COMMIT_CLOCK_TYPE = 255;

/** Bytes of a commit-time frame on disk: the frame header and the 8-byte time. */
export const COMMIT_CLOCK_FRAME_SIZE = 9 + 8;

/** The payload of a commit-time frame: Unix milliseconds, big-endian u64. */
export function encodeCommitClock(timeMs: number): Buffer {
  const payload = Buffer.alloc(8);
  payload.writeBigUInt64BE(BigInt(timeMs));
  return payload;
}

export function decodeCommitClock(payload: Buffer): number {
  return Number(payload.readBigUInt64BE(0));
}
