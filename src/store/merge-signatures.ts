import type { Assertion } from "../model/index.ts";

/**
 * Adds the signatures of `incoming` that come from agents not yet among `stored`'s signers.
 * Signatures are not part of the content hash, so a co-signer re-sends the same content with its
 * own signature; the first signer stays the author. Returns `stored` itself when nothing is new,
 * which makes applying the same record twice change nothing.
 */
export function mergeSignatures(stored: Assertion, incoming: Assertion): Assertion {
  const signers = new Set(stored.signatures.map((s) => s.agentId));
  const added = incoming.signatures.filter((s) => !signers.has(s.agentId));
  if (added.length === 0) return stored;
  return { ...stored, signatures: [...stored.signatures, ...added] };
}
