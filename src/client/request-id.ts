import { bytesToHex } from "../model/hex.ts";

/**
 * A new request id: 32 random hex characters, sent as `X-Request-Id` on every attempt of one call,
 * so the server's log ties the attempts together and errors can name the request. Uses
 * `crypto.getRandomValues`, which browsers offer outside secure contexts too (unlike `randomUUID`).
 *
 * @example
 * ```ts
 * newRequestId(); // "3f9c1a…" (32 hex characters)
 * ```
 */
export function newRequestId(): string {
  return bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(16)));
}
