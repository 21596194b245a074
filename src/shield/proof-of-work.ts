/** Proof of work that an agent the server does not know yet must attach to get in. */
import { createBLAKE3 } from "hash-wasm";
import { hexToBytes } from "../model/hex.ts";

// One hasher for the process, as in model/content-hash.ts: hash-wasm compiles its WebAssembly
// asynchronously, but init/update/digest are synchronous and nothing can interleave between them.
// Ours, not content-hash's, because that file only hands out hex and the check needs raw bytes.
const hasher = await createBLAKE3(256);
const utf8 = new TextEncoder();
const AGENT_HEX = /^[0-9a-fA-F]{64}$/;
const U64_MAX = 2n ** 64n - 1n;
const DECIMAL = /^[0-9]{1,20}$/;
const DEFAULT_MAX_AGE_SECONDS = 300;
// Clocks drift; a minute ahead is tolerated so that a fast client clock does not lock it out.
const MAX_FUTURE_SECONDS = 60;
const DEFAULT_MAX_REMEMBERED = 100_000;

/**
 * The number of leading zero bits of a digest, reading byte 0's high bit first.
 *
 * @example
 * ```ts
 * leadingZeroBits(new Uint8Array([0x00, 0x1f])); // 11
 * ```
 */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte !== 0) return bits + Math.clz32(byte) - 24;
    bits += 8;
  }
  return bits;
}

/** The bytes an agent id stands for: the 32 raw bytes of a 64-hex id, else its UTF-8. */
function agentBytes(agentId: string): Uint8Array {
  return AGENT_HEX.test(agentId) ? hexToBytes(agentId) : utf8.encode(agentId);
}

/** `nonce u64 LE ‖ agent bytes ‖ timestamp u64 LE`, with the nonce at offset 0 to be rewritten. */
function preimage(agentId: string, timestampSeconds: number): { bytes: Uint8Array; view: DataView } {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new RangeError(`Cannot hash timestamp ${timestampSeconds}: it must be whole Unix seconds ≥ 0`);
  }
  const agent = agentBytes(agentId);
  const bytes = new Uint8Array(8 + agent.length + 8);
  const view = new DataView(bytes.buffer);
  bytes.set(agent, 8);
  view.setBigUint64(8 + agent.length, BigInt(timestampSeconds), true);
  return { bytes, view };
}

/**
 * BLAKE3-256 of `nonce as u64 little-endian ‖ agent bytes ‖ timestamp seconds as u64 little-endian`,
 * where the agent bytes are the 32 raw bytes of a 64-hex agent id, else its UTF-8.
 *
 * @example
 * ```ts
 * leadingZeroBits(powDigest(nonce, agentId, 1_760_000_000)) >= 12; // true for a solved nonce
 * ```
 */
export function powDigest(nonce: bigint, agentId: string, timestampSeconds: number): Uint8Array {
  if (nonce < 0n || nonce > U64_MAX) throw new RangeError(`Cannot hash nonce ${nonce}: it must fit a u64`);
  const { bytes, view } = preimage(agentId, timestampSeconds);
  view.setBigUint64(0, nonce, true);
  return hasher.init().update(bytes).digest("binary");
}

/**
 * The smallest nonce whose `powDigest` has at least `difficulty` leading zero bits: about
 * 2^difficulty hashes. For clients and tests; the server only verifies.
 *
 * @example
 * ```ts
 * const timestamp = Math.floor(Date.now() / 1000);
 * const nonce = solveProofOfWork(agentId, timestamp, 12);
 * fetch(url, { headers: { "X-PoW-Nonce": String(nonce), "X-PoW-Timestamp": String(timestamp) } });
 * ```
 */
export function solveProofOfWork(agentId: string, timestampSeconds: number, difficulty: number): bigint {
  checkDifficulty(difficulty);
  const { bytes, view } = preimage(agentId, timestampSeconds);
  // A number counter written as two u32 halves: far cheaper per try than bigint arithmetic.
  for (let nonce = 0; nonce <= Number.MAX_SAFE_INTEGER; nonce++) {
    view.setUint32(0, nonce >>> 0, true);
    view.setUint32(4, Math.floor(nonce / 2 ** 32), true);
    if (leadingZeroBits(hasher.init().update(bytes).digest("binary")) >= difficulty) return BigInt(nonce);
  }
  throw new RangeError(`Cannot solve difficulty ${difficulty}: no nonce below 2^53 works`);
}

function checkDifficulty(difficulty: number): void {
  if (!Number.isSafeInteger(difficulty) || difficulty < 0 || difficulty > 256) {
    throw new RangeError(`Cannot use proof-of-work difficulty ${difficulty}: it must be an integer 0 to 256`);
  }
}

/** The verdict on a request's proof of work; a failure's message tells the client what to do. */
export type PowCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: "missing" | "malformed" | "stale" | "replayed" | "insufficient";
      readonly message: string;
    };

const OK: PowCheck = { ok: true };

/**
 * Checks the `X-PoW-Nonce` and `X-PoW-Timestamp` headers against a difficulty. A timestamp older
 * than `maxAgeSeconds` (default 300) or more than 60 s ahead is stale; a proof accepted once is
 * refused as replayed while its timestamp is still fresh. Time is the `nowMs` argument.
 *
 * Memory: accepted proofs are remembered until their timestamp goes stale, at most
 * `maxRemembered` of them (default 100,000, at least 2), the oldest half forgotten at the cap.
 * Filling that costs an attacker a solved proof per entry, and a proof forgotten early is still
 * only good until it goes stale.
 *
 * @example
 * ```ts
 * const verifier = new ProofOfWorkVerifier({ maxAgeSeconds: 300 });
 * const { "x-pow-nonce": nonce, "x-pow-timestamp": timestamp } = request.headers;
 * const check = verifier.verify(agentId, 16, nonce, timestamp, Date.now());
 * if (!check.ok) throw new ProofOfWorkRequiredError(16, check.message);
 * ```
 */
export class ProofOfWorkVerifier {
  readonly #maxAgeSeconds: number;
  readonly #maxRemembered: number;
  /** How long a generation lasts: a proof accepted now is stale within one (see `#rotate`). */
  readonly #periodMs: number;
  // Accepted proofs as `agent NUL nonce NUL timestamp`, in two generations (see `#rotate`).
  #current = new Set<string>();
  #previous = new Set<string>();
  #periodStartMs = -Infinity;

  constructor(options: { readonly maxAgeSeconds?: number; readonly maxRemembered?: number } = {}) {
    this.#maxAgeSeconds = options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
    this.#maxRemembered = options.maxRemembered ?? DEFAULT_MAX_REMEMBERED;
    this.#periodMs = (this.#maxAgeSeconds + MAX_FUTURE_SECONDS) * 1000;
    if (!(this.#maxAgeSeconds > 0 && Number.isSafeInteger(this.#maxRemembered) && this.#maxRemembered >= 2)) {
      throw new RangeError(
        `Cannot create a ProofOfWorkVerifier with maxAgeSeconds ${this.#maxAgeSeconds} and maxRemembered ${this.#maxRemembered}: need > 0 and an integer ≥ 2`,
      );
    }
  }

  /** How many accepted proofs are remembered now (at most `maxRemembered`). */
  get size(): number {
    return this.#current.size + this.#previous.size;
  }

  /** Accepts a fresh, unused nonce whose digest has at least `difficulty` leading zero bits. */
  verify(
    agentId: string,
    difficulty: number,
    nonceHeader: string | undefined,
    timestampHeader: string | undefined,
    nowMs: number,
  ): PowCheck {
    checkDifficulty(difficulty);
    if (
      nonceHeader === undefined ||
      nonceHeader === "" ||
      timestampHeader === undefined ||
      timestampHeader === ""
    ) {
      return refuse(
        "missing",
        `This agent is unknown, so a proof of work is required. ${instructions(difficulty)}`,
      );
    }
    const nonce = DECIMAL.test(nonceHeader) ? BigInt(nonceHeader) : -1n;
    if (nonce < 0n || nonce > U64_MAX) {
      return refuse(
        "malformed",
        `X-PoW-Nonce must be a decimal integer from 0 to 2^64 − 1, got ${quote(nonceHeader)}. ${instructions(difficulty)}`,
      );
    }
    const timestamp = DECIMAL.test(timestampHeader) ? Number(timestampHeader) : -1;
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
      return refuse(
        "malformed",
        `X-PoW-Timestamp must be whole Unix seconds, got ${quote(timestampHeader)}. ${instructions(difficulty)}`,
      );
    }
    const ageSeconds = nowMs / 1000 - timestamp;
    if (ageSeconds > this.#maxAgeSeconds || -ageSeconds > MAX_FUTURE_SECONDS) {
      const problem =
        ageSeconds > 0 ? `older than ${this.#maxAgeSeconds} s` : `more than ${MAX_FUTURE_SECONDS} s ahead`;
      const now = Math.floor(nowMs / 1000);
      return refuse(
        "stale",
        `X-PoW-Timestamp ${timestamp} is ${problem} of server time ${now}; solve again with the current time. ${instructions(difficulty)}`,
      );
    }
    // Both spellings of a hex id hash the same bytes, so they must share one replay entry.
    const key = `${AGENT_HEX.test(agentId) ? agentId.toLowerCase() : agentId}\u0000${nonce}\u0000${timestamp}`;
    this.#rotate(nowMs);
    if (this.#current.has(key) || this.#previous.has(key)) {
      return refuse(
        "replayed",
        `This nonce and timestamp were already used; solve again with a new nonce or timestamp. ${instructions(difficulty)}`,
      );
    }
    const bits = leadingZeroBits(powDigest(nonce, agentId, timestamp));
    if (bits < difficulty) {
      return refuse(
        "insufficient",
        `The digest has ${bits} leading zero bits; ${difficulty} are required. ${instructions(difficulty)}`,
      );
    }
    if (this.#current.size >= Math.floor(this.#maxRemembered / 2)) this.#shift(nowMs);
    this.#current.add(key);
    return OK;
  }

  /**
   * Two generations instead of an expiry per proof, so nothing is ever scanned. A proof's timestamp
   * is at most 60 s ahead when accepted, so it is stale one period (maxAgeSeconds + 60 s) later.
   * Generations shift at least a period apart and a proof is dropped at its second shift, by which
   * time it is stale; after two idle periods both generations are stale. Only a shift forced by
   * `maxRemembered` forgets fresh proofs.
   */
  #rotate(nowMs: number): void {
    const elapsedMs = nowMs - this.#periodStartMs;
    if (elapsedMs >= 2 * this.#periodMs) this.#current = new Set();
    if (elapsedMs >= this.#periodMs) this.#shift(nowMs);
  }

  #shift(nowMs: number): void {
    this.#previous = this.#current;
    this.#current = new Set();
    this.#periodStartMs = nowMs;
  }
}

/** What a client must do, appended to every refusal so that the error alone is enough to comply. */
function instructions(difficulty: number): string {
  return (
    "Solve: find a nonce such that BLAKE3(nonce as u64 little-endian ‖ agent id bytes (the 32 raw bytes " +
    "of a 64-hex id, else UTF-8) ‖ timestamp in Unix seconds as u64 little-endian) has " +
    `${difficulty} leading zero bits; send X-PoW-Nonce and X-PoW-Timestamp`
  );
}

function refuse(reason: Exclude<PowCheck, { ok: true }>["reason"], message: string): PowCheck {
  return { ok: false, reason, message };
}

function quote(header: string): string {
  return JSON.stringify(header.length > 40 ? `${header.slice(0, 40)}…` : header);
}
