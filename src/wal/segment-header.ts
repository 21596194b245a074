import { crc32c } from "@node-rs/crc32";

/**
 * Every WAL segment starts with this fixed 32-byte header:
 *
 * | offset | size | field                                              |
 * |--------|------|----------------------------------------------------|
 * | 0      | 8    | magic `STEMEWAL`                                   |
 * | 8      | 4    | format version (u32 LE)                            |
 * | 12     | 8    | segment number (u64 LE), equal to the file's name  |
 * | 20     | 8    | sequence number of the segment's first record      |
 * | 28     | 4    | CRC32C of bytes 0..28                              |
 *
 * The first sequence number makes every record's sequence derivable without reading earlier
 * segments, and lets recovery see when a range of the log is missing.
 */
export const SEGMENT_MAGIC = Buffer.from("STEMEWAL", "ascii");
export const SEGMENT_FORMAT_VERSION = 1;
export const SEGMENT_HEADER_SIZE = 32;

export interface SegmentHeader {
  readonly version: number;
  readonly segmentNumber: number;
  readonly firstSeq: number;
}

export function encodeSegmentHeader(segmentNumber: number, firstSeq: number): Buffer {
  const header = Buffer.alloc(SEGMENT_HEADER_SIZE);
  SEGMENT_MAGIC.copy(header, 0);
  header.writeUInt32LE(SEGMENT_FORMAT_VERSION, 8);
  header.writeBigUInt64LE(BigInt(segmentNumber), 12);
  header.writeBigUInt64LE(BigInt(firstSeq), 20);
  header.writeUInt32LE(crc32c(header.subarray(0, 28)), 28);
  return header;
}

/** Why a header could not be read; the caller turns it into an error naming the file. */
export type HeaderProblem = "short" | "magic" | "version" | "checksum";

export function decodeSegmentHeader(bytes: Buffer): SegmentHeader | HeaderProblem {
  if (bytes.length < SEGMENT_HEADER_SIZE) return "short";
  if (!bytes.subarray(0, 8).equals(SEGMENT_MAGIC)) return "magic";
  const version = bytes.readUInt32LE(8);
  if (version !== SEGMENT_FORMAT_VERSION) return "version";
  if (bytes.readUInt32LE(28) !== crc32c(bytes.subarray(0, 28))) return "checksum";
  return {
    version,
    segmentNumber: Number(bytes.readBigUInt64LE(12)),
    firstSeq: Number(bytes.readBigUInt64LE(20)),
  };
}
