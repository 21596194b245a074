import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import fc from "fast-check";
import { collectGarbage } from "../../test/support/collect-garbage.ts";
import { bytesToHex, hexToBytes, isLowerHex, parseHex } from "./hex.ts";

describe("parseHex", () => {
  it("accepts either case and returns lowercase", () => {
    assert.equal(parseHex("AbCdEf0123456789".repeat(4), "epoch", 32), "abcdef0123456789".repeat(4));
  });

  const rejected: readonly [string, unknown, string][] = [
    ["too short", "ab".repeat(31), "bad_hex"],
    ["too long", "ab".repeat(33), "bad_hex"],
    ["a non-hex character", "g" + "a".repeat(63), "bad_hex"],
    ["a 0x prefix", "0x" + "a".repeat(62), "bad_hex"],
    ["a space", " " + "a".repeat(63), "bad_hex"],
    ["a number", 12, "wrong_type"],
    ["null", null, "wrong_type"],
  ];
  for (const [name, input, reason] of rejected) {
    it(`rejects ${name} (${reason})`, () => {
      assert.throws(() => parseHex(input, "parent", 32), { field: "parent", reason });
    });
  }

  it("says how long the input was", () => {
    assert.throws(() => parseHex("abc", "epoch", 32), {
      message: 'epoch must be 64 hex characters, got "abc", which has 3 characters',
    });
  });
});

describe("hexToBytes and bytesToHex", () => {
  it("round-trip any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array(), (bytes) => {
        const hex = bytesToHex(bytes);
        assert.equal(hex, Buffer.from(bytes).toString("hex"));
        assert.deepEqual(hexToBytes(hex), bytes);
        assert.deepEqual(hexToBytes(hex.toUpperCase()), bytes);
      }),
    );
  });

  it("makes a flat string, which a hash kept in memory needs (a rope of appends took 778 bytes)", () => {
    const count = 20_000;
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    const kept = Array.from({ length: count }, () => bytesToHex(randomBytes(32)));
    collectGarbage();
    const bytesEach = (process.memoryUsage().heapUsed - before) / count;
    assert.equal(kept.length, count);
    // 64 one-byte characters, a header and an array slot: about 90 bytes.
    assert.ok(bytesEach < 200, `${bytesEach.toFixed(0)} bytes a hash`);
  });

  it("throw TypeError on malformed hex", () => {
    assert.throws(() => hexToBytes("abc"), TypeError);
    assert.throws(() => hexToBytes("zz"), TypeError);
  });

  it("isLowerHex checks length and case", () => {
    assert.equal(isLowerHex("ab".repeat(32), 32), true);
    assert.equal(isLowerHex("AB".repeat(32), 32), false);
    assert.equal(isLowerHex("ab", 32), false);
    assert.equal(isLowerHex(5, 32), false);
  });
});
