/**
 * Binary keys of the keyspaces. LMDB orders keys bytewise, so each key is laid out to make the
 * scans we need contiguous ranges:
 *
 * - a pair name `conceptPath 0x00 predicate`: all predicates of one path are adjacent, and a
 *   path's pairs sort before its children's (`0x00` < `/`), so a subtree is one range;
 * - a timeline key `pairId(u32 BE) time(u64 BE) hash(32)`: one pair's assertions in time order,
 *   ties broken by hash;
 * - secondary indexes (by agent, by source) end with only the first `HASH_PREFIX` bytes of the
 *   assertion hash and point at the timeline by (pairId, time): the full hash is read back from
 *   the timeline key and compared, so the shortened key never returns a wrong assertion.
 *
 * Concept paths and predicates never contain 0x00 (control characters are rejected), so the
 * separator is unambiguous.
 */
export const SEPARATOR = "\u0000";
export const TIMELINE_KEY_SIZE = 44;
/** Where a timeline key's time (u64) and hash (32 bytes) start. */
export const TIMELINE_TIME_AT = 4;
export const TIMELINE_HASH_AT = 12;
/** Bytes of an assertion hash kept in secondary index keys: 2^48 work to find two that collide. */
export const HASH_PREFIX = 12;
/** Bytes of an assertion hash in the hash index key: collisions need 2^64 work. */
export const HASH_KEY = 16;
const TWO_32 = 4_294_967_296;

function writeU64(buffer: Buffer, value: number, offset: number): void {
  buffer.writeUInt32BE(Math.floor(value / TWO_32), offset);
  buffer.writeUInt32BE(value >>> 0, offset + 4);
}

/** The big-endian u64 at `offset`, read from the bytes: no Buffer view is made for it. */
export function readU64(bytes: Uint8Array, offset: number): number {
  return readU32(bytes, offset) * TWO_32 + readU32(bytes, offset + 4);
}

function readU32(bytes: Uint8Array, offset: number): number {
  if (offset < 0 || offset + 4 > bytes.length) throw new RangeError(`No u32 at offset ${offset}`);
  return (
    (bytes[offset] as number) * 0x1000000 +
    (((bytes[offset + 1] as number) << 16) |
      ((bytes[offset + 2] as number) << 8) |
      (bytes[offset + 3] as number))
  );
}

/** The pair name: also the key of the pair directory. */
export function pairName(conceptPath: string, predicate: string): string {
  return conceptPath + SEPARATOR + predicate;
}

export function splitPairName(name: string): [string, string] {
  const at = name.indexOf(SEPARATOR);
  return [name.slice(0, at), name.slice(at + 1)];
}

export function timelineKey(pairId: number, timestampMs: number, hash: string): Buffer {
  const key = Buffer.allocUnsafe(TIMELINE_KEY_SIZE);
  key.writeUInt32BE(pairId, 0);
  writeU64(key, timestampMs, TIMELINE_TIME_AT);
  key.write(hash, TIMELINE_HASH_AT, "hex");
  return key;
}

/** The hash (hex) at the end of a timeline key. */
export function timelineHash(key: Uint8Array): string {
  // LMDB hands keys as Buffers: reading one directly spares a view object per key.
  if (Buffer.isBuffer(key)) return key.toString("hex", TIMELINE_HASH_AT, TIMELINE_KEY_SIZE);
  return Buffer.from(key.buffer, key.byteOffset + TIMELINE_HASH_AT, 32).toString("hex");
}

/** `id(u32) time(u64)`: the start of an id's time range, or a location (pairId, time). */
export function idTime(id: number, timestampMs: number): Buffer {
  const key = Buffer.allocUnsafe(12);
  key.writeUInt32BE(id, 0);
  writeU64(key, timestampMs, 4);
  return key;
}

/** The first and one-past-last keys of `id` between two times (inclusive, exclusive). */
export function idTimeRange(id: number, fromMs = 0, toMs = Number.MAX_SAFE_INTEGER): [Buffer, Buffer] {
  return [idTime(id, fromMs), idTime(id, toMs)];
}

/** `agentNum · time · hash prefix`: an agent's assertions in time order. */
export function agentKey(agentNum: number, timestampMs: number, hash: string): Buffer {
  const key = Buffer.allocUnsafe(12 + HASH_PREFIX);
  key.writeUInt32BE(agentNum, 0);
  writeU64(key, timestampMs, 4);
  key.write(hash.slice(0, HASH_PREFIX * 2), 12, "hex");
  return key;
}

/** The hash index key: the first `HASH_KEY` bytes of the hash. */
export function hashKey(hash: string): Buffer {
  return Buffer.from(hash.slice(0, HASH_KEY * 2), "hex");
}

/** A range of keys for LMDB: `start` inclusive, `end` exclusive, no `end` for "to the last key". */
export interface KeyRange {
  readonly start: Buffer;
  readonly end?: Buffer;
}

/**
 * Every key starting with `prefix`: from the prefix itself up to, not including, the first key
 * past them all (the prefix with its last byte below 0xff raised by one, the 0xff bytes after it
 * dropped). Not "the prefix followed by 0xff": a key that continues with 0xff, as one in 256
 * hashes do, sorts after that and would be missed.
 */
export function prefixRange(prefix: Buffer): KeyRange {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const byte = prefix[i] ?? 0xff;
    if (byte === 0xff) continue;
    const end = Buffer.from(prefix.subarray(0, i + 1));
    end[i] = byte + 1;
    return { start: prefix, end };
  }
  return { start: prefix };
}

/** A source citation prefix: `0x01 sourceHash(32) 0x00` or `0x02 uri 0x00`. */
export function sourcePrefix(source: { readonly hash: string } | { readonly uri: string }): Buffer {
  return "hash" in source
    ? Buffer.concat([Buffer.from([1]), Buffer.from(source.hash, "hex"), Buffer.from([0])])
    : Buffer.concat([Buffer.from([2]), Buffer.from(source.uri, "utf8"), Buffer.from([0])]);
}

/** A source citation key: the prefix, then the citing assertion's hash prefix. */
export function sourceKey(prefix: Buffer, assertionHash: string): Buffer {
  return Buffer.concat([prefix, Buffer.from(assertionHash.slice(0, HASH_PREFIX * 2), "hex")]);
}
