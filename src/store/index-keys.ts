/**
 * Binary keys of the index keyspaces. LMDB orders keys bytewise, so each key is laid out to make
 * the scans we need contiguous ranges:
 *
 * - a pair key `conceptPath 0x00 predicate`: all predicates of one path are adjacent, and a path's
 *   pairs sort before its children's (`0x00` < `/`), so a subtree is one range;
 * - a timeline key `id(u32 BE) time(u64 BE) hash(32)`: one pair's (or one agent's) assertions in
 *   time order, ties broken by hash, 44 bytes whatever the path length. Paths and agents are
 *   interned as u32 ids so the per-assertion index entries stay small.
 *
 * Concept paths and predicates never contain 0x00 (control characters are rejected), so the
 * separator is unambiguous.
 */
const SEPARATOR = 0x00;
export const TIMELINE_KEY_SIZE = 44;

export function pairKey(first: string, second: string): Buffer {
  const a = Buffer.byteLength(first);
  const key = Buffer.allocUnsafe(a + 1 + Buffer.byteLength(second));
  key.write(first, 0);
  key[a] = SEPARATOR;
  key.write(second, a + 1);
  return key;
}

export function splitPairKey(key: Uint8Array): [string, string] {
  const buffer = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  const at = buffer.indexOf(SEPARATOR);
  return [buffer.toString("utf8", 0, at), buffer.toString("utf8", at + 1)];
}

export function timelineKey(id: number, timestampMs: number, hash: string): Buffer {
  const key = Buffer.allocUnsafe(TIMELINE_KEY_SIZE);
  key.writeUInt32BE(id, 0);
  key.writeBigUInt64BE(BigInt(timestampMs), 4);
  key.write(hash, 12, "hex");
  return key;
}

/** The hash (hex) at the end of a timeline key. */
export function timelineHash(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset + 12, 32).toString("hex");
}

/** The first and one-past-last timeline keys of `id` between two times (inclusive, exclusive). */
export function timelineRange(id: number, fromMs = 0, toMs = Number.MAX_SAFE_INTEGER): [Buffer, Buffer] {
  const start = Buffer.alloc(12);
  start.writeUInt32BE(id, 0);
  start.writeBigUInt64BE(BigInt(fromMs), 4);
  const end = Buffer.alloc(12);
  end.writeUInt32BE(id, 0);
  end.writeBigUInt64BE(BigInt(toMs), 4);
  return [start, end];
}

/** Keys starting with `prefix`: from the prefix itself to the prefix followed by 0xff. */
export function prefixRange(prefix: Buffer): [Buffer, Buffer] {
  return [prefix, Buffer.concat([prefix, Buffer.from([0xff])])];
}

/** A source citation key: `0x01 sourceHash(32)` or `0x02 uri`, then 0x00 and the assertion hash. */
export function sourcePrefix(source: { readonly hash: string } | { readonly uri: string }): Buffer {
  return "hash" in source
    ? Buffer.concat([Buffer.from([1]), Buffer.from(source.hash, "hex"), Buffer.from([SEPARATOR])])
    : Buffer.concat([Buffer.from([2]), Buffer.from(source.uri, "utf8"), Buffer.from([SEPARATOR])]);
}

export function sourceKey(prefix: Buffer, assertionHash: string): Buffer {
  return Buffer.concat([prefix, Buffer.from(assertionHash, "hex")]);
}
