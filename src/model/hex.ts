import { describeInput, invalid } from "./invalid.ts";

const HEX = /^[0-9a-fA-F]*$/;
const LOWER_HEX = /^[0-9a-f]*$/;
/** The two ASCII codes of each byte's hex digits, at 2 × byte and 2 × byte + 1. */
const BYTE_HEX_CODES = Uint8Array.from({ length: 512 }, (_, i) =>
  "0123456789abcdef".charCodeAt(i % 2 === 0 ? (i >> 1) >> 4 : (i >> 1) & 15),
);
const ASCII = new TextDecoder();

/**
 * Validates a hex field of exactly `bytes` bytes and returns it in lowercase, the only form that
 * is hashed and stored (upper case input is accepted so that clients need not care).
 *
 * @example
 * ```ts
 * parseHex("AB".repeat(32), "epoch", 32); // "ab".repeat(32)
 * ```
 */
export function parseHex(input: unknown, field: string, bytes: number): string {
  const expected = `${bytes * 2} hex characters`;
  if (typeof input !== "string") {
    throw invalid(
      field,
      "wrong_type",
      `${field} must be a string of ${expected}, got ${describeInput(input)}`,
    );
  }
  if (input.length !== bytes * 2 || !HEX.test(input)) {
    const problem =
      input.length === bytes * 2 ? "has a character outside 0-9a-f" : `has ${input.length} characters`;
    throw invalid(
      field,
      "bad_hex",
      `${field} must be ${expected}, got ${describeInput(input)}, which ${problem}`,
    );
  }
  return input.toLowerCase();
}

/** True for a lowercase hex string of exactly `bytes` bytes. */
export function isLowerHex(input: unknown, bytes: number): input is string {
  return typeof input === "string" && input.length === bytes * 2 && LOWER_HEX.test(input);
}

/**
 * Decodes hex (either case) to bytes. Throws `TypeError` on an odd length or a non-hex character:
 * validate untrusted input with `parseHex` first.
 *
 * @example
 * ```ts
 * hexToBytes("00ff"); // Uint8Array [0, 255]
 * ```
 */
export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  if (hex.length % 2 !== 0 || !HEX.test(hex)) {
    throw new TypeError(
      `Cannot decode hex ${describeInput(hex)}: it needs an even number of 0-9a-f characters`,
    );
  }
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/**
 * Encodes bytes as lowercase hex.
 *
 * @example
 * ```ts
 * bytesToHex(new Uint8Array([0, 255])); // "00ff"
 * ```
 */
export function bytesToHex(bytes: Uint8Array): string {
  // Decoded from the digits' codes, not appended pair by pair: V8 makes each append past 12
  // characters a node of a rope, and a 64-character hash kept as a rope (in the store's caches,
  // the Shield's window) took 778 bytes instead of 91; decoding is twice as fast too.
  const codes = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    const at = (bytes[i] as number) * 2;
    codes[2 * i] = BYTE_HEX_CODES[at] as number;
    codes[2 * i + 1] = BYTE_HEX_CODES[at + 1] as number;
  }
  return ASCII.decode(codes);
}
