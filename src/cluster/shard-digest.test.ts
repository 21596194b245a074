import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { it } from "node:test";
import fc from "fast-check";
import { differingShards, shardDigest } from "./shard-digest.ts";

it("a digest does not depend on the order the hashes come in", () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 50 }), (hashes) => {
      const shuffled = [...hashes].reverse();
      assert.deepEqual(shardDigest(hashes, 7), shardDigest(shuffled, 7));
    }),
  );
});

it("a missing hash changes its shard's count and only its shard", () => {
  const hashes = Array.from({ length: 500 }, () => randomBytes(32));
  const whole = shardDigest(hashes, 1);
  const missing = hashes[123] ?? Buffer.alloc(32);
  const less = shardDigest(
    hashes.filter((h) => h !== missing),
    1,
  );
  const shard = missing.toString("hex").slice(0, 2);
  assert.deepEqual(differingShards(whole, less), [shard]);
  assert.equal((whole.shards[shard]?.count ?? 0) - (less.shards[shard]?.count ?? 0), 1);
  assert.equal(whole.count, 500);
});

it("an empty store has 256 empty shards", () => {
  const digest = shardDigest([], 0);
  assert.equal(Object.keys(digest.shards).length, 256);
  assert.deepEqual(digest.shards["ff"], { count: 0, xor: "0".repeat(64) });
});
