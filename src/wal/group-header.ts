/**
 * Group headers: every group commit starts with a frame of the WAL's own type holding the commit's
 * wall-clock time and the byte length of the records that follow in the group. The time lets
 * point-in-time recovery tell which records were written by a given moment; the length makes a
 * group all or nothing, so a batch written in one commit never comes back in part: a group cut
 * short (a crash in the middle of its write, the disk full) is dropped whole. The frame is not a
 * record: it has no sequence number and readers never hand it out.
 */

/** Frame type reserved by the WAL for group headers; record types stay below it. */
export const GROUP_HEADER_TYPE = 255;

const PAYLOAD_SIZE = 12;

/** Bytes of a group header on disk: the frame header and the payload. */
export const GROUP_HEADER_FRAME_SIZE = 9 + PAYLOAD_SIZE;

export interface GroupHeader {
  /** When the group commit began, Unix milliseconds. */
  readonly timeMs: number;
  /** Bytes of the record frames that follow the header in this group. */
  readonly groupBytes: number;
}

/** The payload: Unix milliseconds as a big-endian u64, then the group's length as a u32. */
export function encodeGroupHeader(header: GroupHeader): Buffer {
  const payload = Buffer.alloc(PAYLOAD_SIZE);
  payload.writeBigUInt64BE(BigInt(header.timeMs));
  payload.writeUInt32BE(header.groupBytes, 8);
  return payload;
}

/** The header in a frame's payload, or undefined when the payload is not one. */
export function decodeGroupHeader(payload: Buffer): GroupHeader | undefined {
  if (payload.length !== PAYLOAD_SIZE) return undefined;
  return { timeMs: Number(payload.readBigUInt64BE(0)), groupBytes: payload.readUInt32BE(8) };
}
