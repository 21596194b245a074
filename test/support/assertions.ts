import { normalizeAssertion, signHash, type Assertion } from "../../src/model/index.ts";

/** A valid assertion with the given overrides, normalised as the write path would. */
export function makeAssertion(overrides: Record<string, unknown> = {}, agentId?: string): Assertion {
  return normalizeAssertion(
    {
      concept_path: "drugs/semaglutide",
      predicate: "gastroparesis_risk",
      value: "rare",
      confidence: 0.9,
      authority_tier: "clinical",
      timestamp: 1_706_745_600,
      ...overrides,
    },
    { nowMs: 1_706_745_600_000, ...(agentId !== undefined ? { agentId } : {}) },
  );
}

/** The same content signed by the agent of `seedHex`. */
export function signed(assertion: Assertion, seedHex: string, agentId: string): Assertion {
  return {
    ...assertion,
    agentId: assertion.signatures[0]?.agentId ?? agentId,
    signatures: [
      ...assertion.signatures,
      { agentId, signature: signHash(assertion.hash, seedHex), timestampMs: 1_706_745_600_000 },
    ],
  };
}
