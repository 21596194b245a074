/**
 * The count and XOR of the content hashes of one shard (those starting with one byte), as the
 * store indexes them: shorter keys count as zero-padded to 32 bytes.
 */
export interface ShardSum {
  readonly count: number;
  /** 64 hex: the XOR of the shard's hashes; all zeros for an empty shard. */
  readonly xor: string;
}

/** A node's convergence digest: one sum per shard `00`…`ff`, taken at one applied position. */
export interface ShardDigest {
  readonly appliedSeq: number;
  readonly count: number;
  /** By shard (two hex digits), every one of the 256. */
  readonly shards: Readonly<Record<string, ShardSum>>;
}

const SHARDS = 256;
const HASH_BYTES = 32;

/**
 * Sums the content hashes a node holds into 256 shards by their first byte. Two nodes that
 * applied the same log hold the same hashes, so their digests at the same applied position are
 * equal; a shard that differs is one to replay. XOR makes the sum independent of order and cheap
 * to compute (about 0.1 µs a hash), and a missing or extra hash always changes the count.
 *
 * @example
 * ```ts
 * const digest = shardDigest(store.contentHashes(), store.appliedSeq);
 * digest.shards["ab"]; // { count: 3912, xor: "5f…" }
 * ```
 */
export function shardDigest(hashes: Iterable<Uint8Array>, appliedSeq: number): ShardDigest {
  const counts = new Uint32Array(SHARDS);
  const xors = new Uint8Array(SHARDS * HASH_BYTES);
  let count = 0;
  for (const hash of hashes) {
    const shard = hash[0] ?? 0;
    counts[shard] = (counts[shard] ?? 0) + 1;
    const base = shard * HASH_BYTES;
    for (let i = 0; i < HASH_BYTES; i++) xors[base + i] = (xors[base + i] ?? 0) ^ (hash[i] ?? 0);
    count += 1;
  }
  const shards: Record<string, ShardSum> = {};
  for (let shard = 0; shard < SHARDS; shard++) {
    const xor = Buffer.from(xors.subarray(shard * HASH_BYTES, (shard + 1) * HASH_BYTES)).toString("hex");
    shards[shardName(shard)] = { count: counts[shard] ?? 0, xor };
  }
  return { appliedSeq, count, shards };
}

/** A shard's name: its byte in two lowercase hex digits. */
export function shardName(shard: number): string {
  return shard.toString(16).padStart(2, "0");
}

/** The shards whose sums differ between two digests. */
export function differingShards(a: ShardDigest, b: ShardDigest): string[] {
  const differ: string[] = [];
  for (let shard = 0; shard < SHARDS; shard++) {
    const name = shardName(shard);
    const x = a.shards[name];
    const y = b.shards[name];
    if (x?.count !== y?.count || x?.xor !== y?.xor) differ.push(name);
  }
  return differ;
}
