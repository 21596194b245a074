import { bytesToHex, hexToBytes } from "../model/hex.ts";

// Ed25519 (RFC 8032) through WebCrypto only, which Node ≥ 20 and current browsers provide as
// `globalThis.crypto.subtle`: no node:crypto, so the same code runs in both.

const ED25519 = { name: "Ed25519" };

// Named from the global `crypto` rather than from a library's declarations, so that the same
// source type-checks against Node's types and the DOM's.
type SubtleCrypto = typeof globalThis.crypto.subtle;
/** A WebCrypto key. */
export type CryptoKey = Awaited<ReturnType<SubtleCrypto["importKey"]>>;
// RFC 8410 PKCS#8 `PrivateKeyInfo` header for a raw 32-byte Ed25519 seed (RFC 8032 §5.1.5's
// private key): WebCrypto imports private keys only in PKCS#8 or JWK form, never raw.
const PKCS8_PREFIX = hexToBytes("302e020100300506032b657004220420");

/** A private key ready to sign, and the public key (the agent id) that goes with it. */
export interface Ed25519Key {
  readonly privateKey: CryptoKey;
  /** The 32-byte public key as 64 lowercase hex: the agent id. */
  readonly agentId: string;
}

/**
 * Imports a 32-byte Ed25519 seed and derives its public key. The key that signs is not
 * extractable: once imported, the seed cannot be read back out of WebCrypto.
 *
 * @example
 * ```ts
 * // RFC 8032 §7.1 TEST 1
 * const key = await importSeed(hexToBytes("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
 * key.agentId; // "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
 * ```
 */
export async function importSeed(seed: Uint8Array): Promise<Ed25519Key> {
  if (seed.length !== 32)
    throw new TypeError(`Cannot import an Ed25519 seed of ${seed.length} bytes: it must be 32`);
  const pkcs8 = new Uint8Array(PKCS8_PREFIX.length + 32);
  pkcs8.set(PKCS8_PREFIX);
  pkcs8.set(seed, PKCS8_PREFIX.length);
  const subtle = webCrypto();
  // WebCrypto has no "public key of this private key"; its JWK export carries it as `x`.
  const exportable = await subtle.importKey("pkcs8", pkcs8, ED25519, true, ["sign"]);
  const { x } = await subtle.exportKey("jwk", exportable);
  if (x === undefined) throw new TypeError("Cannot derive the Ed25519 public key: the JWK export has no x");
  const privateKey = await subtle.importKey("pkcs8", pkcs8, ED25519, false, ["sign"]);
  return { privateKey, agentId: bytesToHex(base64UrlToBytes(x)) };
}

/**
 * Signs the UTF-8 bytes of `message`; returns the 64-byte signature as 128 lowercase hex.
 * Ed25519 is deterministic: the same key and message always give the same signature.
 *
 * @example
 * ```ts
 * await ed25519Sign(key.privateKey, "stemedb:v1:6145…eb87"); // "b2ce…c408"
 * ```
 */
export async function ed25519Sign(privateKey: CryptoKey, message: string): Promise<string> {
  const signature = await webCrypto().sign(ED25519, privateKey, new TextEncoder().encode(message));
  return bytesToHex(new Uint8Array(signature));
}

/**
 * Checks an Ed25519 signature (128 hex) of the UTF-8 bytes of `message` by `agentId` (64 hex).
 * False for a signature that does not verify and for a malformed key or signature.
 *
 * @example
 * ```ts
 * await ed25519Verify(agentId, "stemedb:v1:6145…eb87", signature); // true
 * ```
 */
export async function ed25519Verify(agentId: string, message: string, signature: string): Promise<boolean> {
  if (!/^[0-9a-fA-F]{64}$/.test(agentId) || !/^[0-9a-fA-F]{128}$/.test(signature)) return false;
  const subtle = webCrypto();
  let publicKey: CryptoKey;
  try {
    publicKey = await subtle.importKey("raw", hexToBytes(agentId), ED25519, false, ["verify"]);
  } catch {
    return false; // 32 bytes that are not a curve point verify nothing
  }
  return subtle.verify(ED25519, publicKey, hexToBytes(signature), new TextEncoder().encode(message));
}

/** 32 random bytes from the platform's cryptographic generator, for a new seed. */
export function randomSeed(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(32));
}

function webCrypto(): SubtleCrypto {
  const subtle = globalThis.crypto.subtle as SubtleCrypto | undefined;
  if (subtle === undefined) {
    throw new TypeError(
      "Cannot sign: this runtime has no WebCrypto (globalThis.crypto.subtle); use Node ≥ 20 or a browser in a secure context (https or localhost)",
    );
  }
  return subtle;
}

function base64UrlToBytes(text: string): Uint8Array {
  const base64 = text
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(text.length / 4) * 4, "=");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}
