import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { endOfData } from "./end-of-data.ts";

/** Byte by byte: slow and obviously right. */
function oracle(bytes: Uint8Array, from: number): number {
  for (let i = bytes.length - 1; i >= from; i--) if (bytes[i] !== 0) return i + 1;
  return from;
}

test("endOfData finds the end of the non-zero bytes from an offset", () => {
  const cases: [number[], number, number][] = [
    [[], 0, 0],
    [[0, 0, 0], 0, 0],
    [[7, 0, 9, 0, 0], 0, 3],
    [[7, 0, 9, 0, 0], 3, 3],
    [[7, 0, 0], 1, 1],
    [[0, 0, 5], 0, 3],
    [[1], 5, 5],
  ];
  for (const [bytes, from, expected] of cases) {
    assert.equal(endOfData(Uint8Array.from(bytes), from), expected, `${JSON.stringify(bytes)} from ${from}`);
  }
});

test("endOfData agrees with a byte-by-byte scan across its 64 KiB chunks", () => {
  // A zero-filled megabyte with a few bytes set: the set bytes fall in any chunk, at any edge.
  fc.assert(
    fc.property(
      fc.array(fc.nat({ max: 1024 * 1024 - 1 }), { maxLength: 4 }),
      fc.nat({ max: 1024 * 1024 }),
      (set, from) => {
        const bytes = new Uint8Array(1024 * 1024);
        for (const at of set) bytes[at] = 1 + (at % 255);
        assert.equal(endOfData(bytes, from), oracle(bytes, from));
      },
    ),
    { numRuns: 200 },
  );
});
