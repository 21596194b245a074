import assert from "node:assert/strict";
import { test } from "node:test";
import { crc32c } from "@node-rs/crc32";
import fc from "fast-check";
import { decodeFrame, encodeFrame, FRAME_HEADER_SIZE } from "./record-frame.ts";

/** Bitwise CRC32C (Castagnoli, reflected polynomial 0x82F63B78): slow and obviously right. */
function crc32cOracle(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

test("crc32c matches the RFC 3720 B.4 test vectors and a bitwise oracle", () => {
  const vectors: [Uint8Array, number][] = [
    [new Uint8Array(32), 0x8a9136aa],
    [new Uint8Array(32).fill(0xff), 0x62a8ab43],
    [Uint8Array.from({ length: 32 }, (_, i) => i), 0x46dd794e],
    [Uint8Array.from({ length: 32 }, (_, i) => 31 - i), 0x113fdb5c],
    [Buffer.from("123456789"), 0xe3069283],
  ];
  for (const [input, expected] of vectors) {
    assert.equal(crc32c(Buffer.from(input)), expected);
    assert.equal(crc32cOracle(input), expected);
  }
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 2048 }),
      (bytes) => crc32c(Buffer.from(bytes)) === crc32cOracle(bytes),
    ),
  );
});

test("a frame round-trips and every single-byte change is caught", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 255 }),
      fc.uint8Array({ maxLength: 300 }),
      fc.nat(),
      fc.integer({ min: 1, max: 255 }),
      (type, payload, where, flip) => {
        const frame = encodeFrame(type, payload);
        const decoded = decodeFrame(frame, 0);
        assert.ok(typeof decoded === "object");
        assert.equal(decoded.type, type);
        assert.deepEqual(new Uint8Array(decoded.payload), payload);
        assert.equal(decoded.end, FRAME_HEADER_SIZE + payload.length);

        const damaged = Buffer.from(frame);
        const index = where % damaged.length;
        damaged[index] = (damaged[index] ?? 0) ^ flip;
        assert.equal(typeof decodeFrame(damaged, 0), "string");
      },
    ),
  );
});

test("a cut frame is reported as truncated, not as data", () => {
  const frame = encodeFrame(1, Buffer.from("hello world"));
  for (let cut = 0; cut < frame.length; cut++) {
    assert.equal(decodeFrame(frame.subarray(0, cut), 0), "truncated");
  }
});

test("encodeFrame refuses types outside 1..255", () => {
  assert.throws(() => encodeFrame(0, Buffer.alloc(1)), RangeError);
  assert.throws(() => encodeFrame(256, Buffer.alloc(1)), RangeError);
});
