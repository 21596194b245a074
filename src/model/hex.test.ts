import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
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
