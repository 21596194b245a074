import { crc32c } from "@node-rs/crc32";

/**
 * A WAL record on disk: `[length u32 LE][CRC32C u32 LE][type u8][payload]`.
 * `length` counts the payload bytes only; the CRC32C (Castagnoli, RFC 3720 appendix B.4) covers
 * the type byte and the payload, so a flipped type is caught as surely as a flipped payload byte.
 */
export const FRAME_HEADER_SIZE = 9;
/** The largest payload we accept; anything larger in a length field is corruption, not data. */
export const MAX_PAYLOAD_SIZE = 32 * 1024 * 1024;

export function encodeFrame(type: number, payload: Uint8Array): Buffer {
  if (!Number.isInteger(type) || type < 1 || type > 255) {
    throw new RangeError(`WAL record type must be an integer from 1 to 255, got ${type}`);
  }
  if (payload.length > MAX_PAYLOAD_SIZE) {
    throw new RangeError(`WAL record payload is ${payload.length} bytes; the limit is ${MAX_PAYLOAD_SIZE}`);
  }
  const frame = Buffer.allocUnsafe(FRAME_HEADER_SIZE + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame[8] = type;
  frame.set(payload, FRAME_HEADER_SIZE);
  frame.writeUInt32LE(crc32c(frame.subarray(8)), 4);
  return frame;
}

export interface DecodedFrame {
  readonly type: number;
  readonly payload: Buffer;
  /** Offset just past this frame. */
  readonly end: number;
}

/** What is wrong with the bytes at an offset, when they are not a whole valid frame. */
export type FrameProblem = "truncated" | "bad_length" | "checksum";

/**
 * The end of the frame at `offset`, from its length field alone: its checksum is not checked. For
 * stepping over records a reader already has; a damaged length then lands on bytes that fail to
 * decode as the next frame, so damage still shows, only later.
 */
export function skipFrame(bytes: Buffer, offset: number): number | FrameProblem {
  if (offset + FRAME_HEADER_SIZE > bytes.length) return "truncated";
  const length = bytes.readUInt32LE(offset);
  if (length > MAX_PAYLOAD_SIZE) return "bad_length";
  const end = offset + FRAME_HEADER_SIZE + length;
  if (end > bytes.length) return "truncated";
  return bytes[offset + 8] === 0 ? "checksum" : end;
}

/** The end of the frame at `offset` once its checksum is checked, without making its payload. */
export function checkFrame(bytes: Buffer, offset: number): number | FrameProblem {
  const end = skipFrame(bytes, offset);
  if (typeof end === "string") return end;
  return crc32c(bytes.subarray(offset + 8, end)) === bytes.readUInt32LE(offset + 4) ? end : "checksum";
}

/** Decodes the frame at `offset`; the payload is a view into `bytes`, not a copy. */
export function decodeFrame(bytes: Buffer, offset: number): DecodedFrame | FrameProblem {
  const end = checkFrame(bytes, offset);
  if (typeof end === "string") return end;
  return { type: bytes[offset + 8] as number, payload: bytes.subarray(offset + FRAME_HEADER_SIZE, end), end };
}
