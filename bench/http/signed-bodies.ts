import { Buffer } from "node:buffer";
import { createPrivateKey, sign, type KeyObject } from "node:crypto";
import { generateAgentKey, normalizeAssertion, signHash, signingMessage } from "../../src/model/index.ts";
import { mulberry32 } from "../ingest/prng.ts";
import { assertionBody } from "./assertion-bodies.ts";

const AGENTS = 100;

interface Signer {
  readonly agentId: string;
  readonly seedHex: string;
  readonly key: KeyObject;
}

/**
 * `count` signed assertion bodies (assertions `first …`), each with one Ed25519 signature by one
 * of 100 agents over the hash the server will compute: the body carries its `timestamp`, so
 * `normalizeAssertion` here and on the server hash the same content.
 *
 * `signHash` imports the private key on every call (~0.5 ms), which would make the pool take
 * longer to build than the run it feeds; signing with the key imported once (~45 µs) gives the
 * same bytes, since Ed25519 is deterministic (RFC 8032 §5.1.6), and the first body is checked
 * against `signHash` to prove it.
 */
export function signedBodies(first: number, count: number, seed: number): string[] {
  const prng = mulberry32(seed);
  const signers = Array.from({ length: AGENTS }, signer);
  const out: string[] = [];
  for (let i = first; i < first + count; i++) {
    const body = assertionBody(i, prng);
    // nowMs is only the default timestamp, and the body has its own.
    const { hash } = normalizeAssertion(body, { nowMs: 0 });
    const by = prng.pick(signers);
    const signature = sign(null, Buffer.from(signingMessage(hash), "utf8"), by.key).toString("hex");
    if (i === first && signature !== signHash(hash, by.seedHex)) {
      throw new Error(
        `Cannot sign the workload: the cached key's signature of ${hash} differs from signHash`,
      );
    }
    body["signatures"] = [{ agent_id: by.agentId, signature, timestamp: body["timestamp"] }];
    out.push(JSON.stringify(body));
  }
  return out;
}

/** A fresh agent key, with its private key imported once (as a JWK: RFC 8037 OKP, seed and public key). */
function signer(): Signer {
  const { agentId, seedHex } = generateAgentKey();
  const base64url = (hex: string): string => Buffer.from(hex, "hex").toString("base64url");
  const key = createPrivateKey({
    key: { kty: "OKP", crv: "Ed25519", d: base64url(seedHex), x: base64url(agentId) },
    format: "jwk",
  });
  return { agentId, seedHex, key };
}
