import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { prefixRange } from "./index-keys.ts";

/** Whether LMDB's range `{ start, end }` (end exclusive, none for "to the last key") holds `key`. */
function inRange(key: Buffer, range: { start: Buffer; end?: Buffer }): boolean {
  return (
    Buffer.compare(key, range.start) >= 0 && (range.end === undefined || Buffer.compare(key, range.end) < 0)
  );
}

// Bytes drawn mostly from the edges, so that prefixes and keys end in 0xff (and 0x00) often.
const byte = fc.oneof(fc.constantFrom(0x00, 0x01, 0xfe, 0xff), fc.integer({ min: 0, max: 255 }));
const bytes = (maxLength: number): fc.Arbitrary<Buffer> =>
  fc.array(byte, { maxLength }).map((b) => Buffer.from(b));

describe("prefixRange", () => {
  it("holds a key exactly when the key starts with the prefix", () => {
    fc.assert(
      fc.property(bytes(6), bytes(6), fc.boolean(), (prefix, tail, extend) => {
        // Half the keys extend the prefix, the others are anything near it.
        const key = extend ? Buffer.concat([prefix, tail]) : tail;
        const starts = key.subarray(0, prefix.length).equals(prefix);
        assert.equal(
          inRange(key, prefixRange(prefix)),
          starts,
          `${prefix.toString("hex")} / ${key.toString("hex")}`,
        );
      }),
      { numRuns: 20_000 },
    );
  });

  it("holds keys that continue the prefix with 0xff, and ends after a prefix of 0xff bytes", () => {
    const prefix = Buffer.from([0x01, 0xab]);
    assert.ok(inRange(Buffer.from([0x01, 0xab, 0xff, 0x00]), prefixRange(prefix)));
    assert.ok(inRange(Buffer.from([0x01, 0xab, 0xff, 0xff, 0xff]), prefixRange(prefix)));
    assert.deepEqual(prefixRange(Buffer.from([0x01, 0xff, 0xff])).end, Buffer.from([0x02]));
    assert.equal(prefixRange(Buffer.from([0xff, 0xff])).end, undefined, "no key sorts after every 0xff… key");
    assert.equal(prefixRange(Buffer.alloc(0)).end, undefined, "the empty prefix is every key");
  });

  it("leaves the prefix it is given unchanged", () => {
    const prefix = Buffer.from([0x05, 0xff]);
    prefixRange(prefix);
    assert.deepEqual(prefix, Buffer.from([0x05, 0xff]));
  });
});
