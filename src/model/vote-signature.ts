import { SignatureError } from "../errors.ts";
import { signingMessage, verifySignature } from "./signature.ts";
import { voteHash, type Vote } from "./vote.ts";

// Apart from vote.ts so that the vote's rules stay free of node:crypto: the SDK, which must run in
// browsers, validates and hashes votes with them.

/**
 * Verifies a vote's signature, if it has one, over the hash of its content, and throws
 * `SignatureError` (field `signature`, the voter's agent id) when it does not verify. The hash is
 * recomputed from the content rather than trusted from `v.hash`, so a signature never vouches for
 * content it did not cover; a `v.hash` that disagrees is a `RangeError` (a vote not made by
 * `normalizeVote`).
 *
 * @example
 * ```ts
 * verifyVote(normalizeVote(body, { nowMs: Date.now() })); // throws SignatureError on a bad signature
 * ```
 */
export function verifyVote(v: Vote): void {
  const hash = voteHash(v);
  if (hash !== v.hash) {
    throw new RangeError(`Cannot verify vote ${v.hash}: its content hashes to ${hash}`);
  }
  if (v.signature === undefined) return;
  if (!verifySignature(hash, { agentId: v.agentId, signature: v.signature, timestampMs: v.timestampMs })) {
    throw new SignatureError(
      "signature",
      v.agentId,
      `signature does not verify for agent ${v.agentId}: sign the UTF-8 message ` +
        `"${signingMessage(hash)}" with that agent's Ed25519 key`,
    );
  }
}
