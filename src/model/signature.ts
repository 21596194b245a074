import { Buffer } from "node:buffer";
import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from "node:crypto";
import { SignatureError } from "../errors.ts";
import type { Signature } from "./assertion.ts";
import { isLowerHex } from "./hex.ts";

/** Prefix of every signed message; the version lets a future scheme never collide with this one. */
export const SIGNING_PREFIX = "stemedb:v1:";

// RFC 8410 DER wrappers for a raw Ed25519 key, so node:crypto can import the 32 bytes of RFC 8032:
// PKCS#8 `PrivateKeyInfo` holding the 32-byte seed (RFC 8032 §5.1.5's private key) …
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
// … and SPKI `SubjectPublicKeyInfo` holding the 32-byte public key A.
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

// Importing a public key costs more than a verify, and a few agents write most assertions.
const PUBLIC_KEY_CACHE_LIMIT = 10_000;
const publicKeys = new Map<string, KeyObject>();

/**
 * The message an agent signs for an assertion: the UTF-8 string `stemedb:v1:<hash>`.
 *
 * @example
 * ```ts
 * signingMessage("6145…eb87"); // "stemedb:v1:6145…eb87"
 * ```
 */
export function signingMessage(hash: string): string {
  return SIGNING_PREFIX + hash;
}

/**
 * Signs a content hash with an agent's 32-byte Ed25519 seed (64 hex). Returns the 64-byte
 * signature as 128 lowercase hex. Ed25519 (RFC 8032) is deterministic: same inputs, same signature.
 *
 * @example
 * ```ts
 * const { seedHex, agentId } = generateAgentKey();
 * const signature = signHash(assertion.hash, seedHex);
 * verifySignature(assertion.hash, { agentId, signature, timestampMs: Date.now() }); // true
 * ```
 */
export function signHash(hash: string, seedHex: string): string {
  checkHash(hash);
  const signature = sign(null, Buffer.from(signingMessage(hash), "utf8"), privateKeyFromSeed(seedHex));
  return signature.toString("hex");
}

/**
 * Checks one signature over a content hash. Returns `false` for a signature that does not verify
 * and for a malformed agent id or signature (wrong length, not hex, not a curve point).
 *
 * @example
 * ```ts
 * verifySignature(assertion.hash, assertion.signatures[0]); // true
 * ```
 */
export function verifySignature(hash: string, sig: Signature): boolean {
  if (!isLowerHex(hash, 32)) return false;
  const signature = sig.signature.toLowerCase();
  if (!isLowerHex(signature, 64)) return false;
  const key = publicKey(sig.agentId.toLowerCase());
  if (key === undefined) return false;
  // node:crypto's Ed25519 (OpenSSL) verifies per RFC 8032 §5.1.7, rejecting S ≥ L.
  return verify(null, Buffer.from(signingMessage(hash), "utf8"), key, Buffer.from(signature, "hex"));
}

/**
 * Verifies every signature of an assertion, in order, and throws `SignatureError` naming the
 * first that fails (`signatures[i].signature` and its agent, for the circuit breaker).
 *
 * @example
 * ```ts
 * verifyAll(assertion.hash, assertion.signatures); // throws SignatureError on a bad one
 * ```
 */
export function verifyAll(hash: string, signatures: readonly Signature[]): void {
  signatures.forEach((sig, i) => {
    if (!verifySignature(hash, sig)) {
      throw new SignatureError(
        `signatures[${i}].signature`,
        sig.agentId,
        `signatures[${i}].signature does not verify for agent ${sig.agentId}: sign the UTF-8 message ` +
          `"${signingMessage(hash)}" with that agent's Ed25519 key`,
      );
    }
  });
}

/**
 * A new random agent key: the 32-byte seed to keep secret and the agent id (public key) to share,
 * both as 64 hex characters.
 *
 * @example
 * ```ts
 * const { seedHex, agentId } = generateAgentKey();
 * agentIdFromSeed(seedHex) === agentId; // true
 * ```
 */
export function generateAgentKey(): { readonly seedHex: string; readonly agentId: string } {
  const seedHex = randomBytes(32).toString("hex");
  return { seedHex, agentId: agentIdFromSeed(seedHex) };
}

/**
 * The agent id (Ed25519 public key, 64 hex) of a 32-byte seed given as 64 hex.
 *
 * @example
 * ```ts
 * // RFC 8032 §7.1 TEST 1
 * agentIdFromSeed("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
 * // "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
 * ```
 */
export function agentIdFromSeed(seedHex: string): string {
  const spki = createPublicKey(privateKeyFromSeed(seedHex)).export({ format: "der", type: "spki" });
  return spki.subarray(SPKI_PREFIX.length).toString("hex");
}

function privateKeyFromSeed(seedHex: string): KeyObject {
  if (!isLowerHex(seedHex.toLowerCase(), 32)) {
    throw new TypeError("Cannot use this Ed25519 seed: it must be 64 hex characters (32 bytes)");
  }
  return createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, Buffer.from(seedHex, "hex")]),
    format: "der",
    type: "pkcs8",
  });
}

function publicKey(agentId: string): KeyObject | undefined {
  const cached = publicKeys.get(agentId);
  if (cached !== undefined) return cached;
  if (!isLowerHex(agentId, 32)) return undefined;
  let key: KeyObject;
  try {
    key = createPublicKey({
      key: Buffer.concat([SPKI_PREFIX, Buffer.from(agentId, "hex")]),
      format: "der",
      type: "spki",
    });
  } catch {
    return undefined; // 32 bytes that OpenSSL refuses as a public key: it verifies nothing
  }
  if (publicKeys.size >= PUBLIC_KEY_CACHE_LIMIT) {
    // A Map iterates in insertion order: the first key is the oldest.
    const oldest = publicKeys.keys().next();
    if (oldest.done !== true) publicKeys.delete(oldest.value);
  }
  publicKeys.set(agentId, key);
  return key;
}

function checkHash(hash: string): void {
  if (!isLowerHex(hash, 32)) {
    throw new TypeError(`Cannot sign ${JSON.stringify(hash)}: a content hash is 64 lowercase hex characters`);
  }
}
