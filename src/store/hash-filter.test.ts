import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import fc from "fast-check";
import { makeAssertion } from "../../test/support/assertions.ts";
import { tempDir } from "../../test/support/temp-dir.ts";
import { encodeLogAssertion } from "./assertion-codec.ts";
import { HashFilter, fillFromIndex } from "./hash-filter.ts";
import { HASH_KEY, hashKey } from "./index-keys.ts";
import { LmdbStore } from "./lmdb-store.ts";
import { RecordType } from "./record-type.ts";

const hexHash = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => Buffer.from(bytes).toString("hex"));

function filledWith(hashes: readonly string[], expected = hashes.length): HashFilter {
  const filter = new HashFilter(expected);
  for (const hash of hashes) filter.addKey(hashKey(hash));
  filter.markFilled();
  return filter;
}

test("a filter never says absent of a hash added to it, in either case of hex", () => {
  fc.assert(
    fc.property(fc.array(hexHash, { maxLength: 200 }), fc.nat({ max: 1_000 }), (hashes, expected) => {
      // Sized for fewer or more than it gets: levels are added as it outgrows the first.
      const filter = filledWith(hashes, expected);
      for (const hash of hashes) {
        assert.equal(filter.mayHold(hash), true);
        assert.equal(filter.mayHold(hash.toUpperCase()), true);
      }
    }),
  );
});

test("a filter outgrowing its size keeps every hash and few false positives", () => {
  const held = Array.from({ length: 300_000 }, () => randomBytes(32).toString("hex"));
  const filter = filledWith(held, 0);
  assert.ok(filter.bytes > 128 * 1024, `it grew past its first level (${filter.bytes} bytes)`);
  assert.ok(
    held.every((hash) => filter.mayHold(hash)),
    "no hash added is reported absent",
  );
  const others = Array.from({ length: 100_000 }, () => randomBytes(32).toString("hex"));
  const falsePositives = others.filter((hash) => filter.mayHold(hash)).length;
  // About 0.8 % a level at capacity; three levels, none full.
  assert.ok(falsePositives < 3_000, `${falsePositives} false positives in 100,000`);
});

test("until it is filled, or for a string that is not hex, a filter says a hash may be held", () => {
  const filter = new HashFilter(10);
  const hash = randomBytes(32).toString("hex");
  assert.equal(filter.mayHold(hash), true, "not filled: the index decides");
  filter.markFilled();
  assert.equal(filter.mayHold(hash), false);
  assert.equal(filter.mayHold(`${hash.slice(0, 10)}zz${hash.slice(12)}`), true, "not hex");
  assert.equal(filter.mayHold(hash.slice(0, HASH_KEY * 2 - 1)), true, "shorter than an index key");
});

test("filling reads the index a chunk per turn from past the last key read, then marks it filled", async () => {
  const keys = Array.from({ length: 1_000 }, () => randomBytes(HASH_KEY)).sort((a, b) =>
    Buffer.compare(a, b),
  );
  const filter = new HashFilter(keys.length);
  const reads: number[] = [];
  fillFromIndex(
    filter,
    (start, limit) => {
      const from = start === undefined ? 0 : keys.findIndex((key) => Buffer.compare(key, start) >= 0);
      const chunk = from < 0 ? [] : keys.slice(from, from + limit);
      reads.push(chunk.length);
      return chunk;
    },
    300,
  );
  assert.deepEqual(reads, [], "nothing is read while the store opens");
  while (!filter.filled) await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(reads, [300, 300, 300, 100]);
  for (const key of keys) assert.equal(filter.mayHold(key.toString("hex").padEnd(64, "0")), true);
});

test("a fill stopped before it is done leaves the filter unfilled, and reads no more", async () => {
  const filter = new HashFilter(10);
  let reads = 0;
  const stop = fillFromIndex(filter, () => {
    reads += 1;
    return [];
  });
  stop();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(reads, 0);
  assert.equal(filter.filled, false);
});

test("a reopened store tells stored hashes from others, before and after its filter is filled", async () => {
  const dir = tempDir();
  const written = LmdbStore.open({ dir });
  // More than one chunk of the fill.
  const assertions = Array.from({ length: 20_000 }, (_, i) => makeAssertion({ value: i }));
  for (let from = 0; from < assertions.length; from += 5_000) {
    written.applySync(
      assertions.slice(from, from + 5_000).map((assertion, i) => ({
        seq: from + i + 1,
        type: RecordType.assertion,
        payload: encodeLogAssertion(assertion).payload,
      })),
    );
  }
  await written.close();

  const store = LmdbStore.open({ dir });
  try {
    const sample = assertions.filter((_, i) => i % 97 === 0);
    const absent = Array.from({ length: 1_000 }, () => randomBytes(32).toString("hex"));
    const check = (): void => {
      for (const a of sample) {
        assert.equal(store.has(a.hash), true);
        assert.equal(store.get(a.hash)?.hash, a.hash);
      }
      for (const hash of absent) assert.equal(store.has(hash) || store.get(hash) !== undefined, false);
    };
    check();
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    check();
    const again = store.applySync(
      assertions.map((assertion, i) => ({
        seq: 20_001 + i,
        type: RecordType.assertion,
        payload: encodeLogAssertion(assertion).payload,
      })),
    );
    assert.ok(
      again.every((outcome) => outcome === "exists"),
      "every assertion, whichever chunk read its key, is known stored",
    );
    assert.equal(store.assertionCount, 20_000);
  } finally {
    await store.close();
  }
});
