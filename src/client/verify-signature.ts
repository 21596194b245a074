import { ed25519Verify } from "./ed25519.ts";
import { signingMessage } from "./signing-message.ts";

/**
 * Checks one signature of a content hash, as the server does: Ed25519 by `agent_id` (the public
 * key, 64 hex) over `stemedb:v1:<hash>`. False for a signature that does not verify or is
 * malformed. Lets a browser check the signers of what it reads without trusting the server.
 *
 * @example
 * ```ts
 * const assertion = await client.getAssertion(hash);
 * const valid = await Promise.all(assertion.signatures.map((s) => verifySignature(assertion.hash, s)));
 * ```
 */
export function verifySignature(
  hash: string,
  signature: { readonly agent_id: string; readonly signature: string },
): Promise<boolean> {
  if (!/^[0-9a-fA-F]{64}$/.test(hash)) return Promise.resolve(false);
  return ed25519Verify(signature.agent_id, signingMessage(hash.toLowerCase()), signature.signature);
}
