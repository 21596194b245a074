import type { Signature } from "./assertion.ts";
import { parseHex } from "./hex.ts";
import { describeInput, invalid, isJsonObject, ownValue } from "./invalid.ts";
import { parseTimestamp } from "./timestamp.ts";

/** Most signatures one assertion may carry (an author and co-signers). */
export const SIGNATURES_MAX = 32;

const SIGNATURE_FIELDS = new Set(["agent_id", "signature", "timestamp"]);

/**
 * Parses the `signatures` array: at most 32 `{agent_id: 64 hex, signature: 128 hex, timestamp?}`,
 * one per agent. Checks the format only; `verifyAll` checks the cryptography. A missing signature
 * timestamp defaults to `nowMs`.
 *
 * @example
 * ```ts
 * parseSignatures([{ agent_id: "d75a…511a", signature: "b2ce…c408" }], "signatures", Date.now());
 * ```
 */
export function parseSignatures(input: unknown, field: string, nowMs: number): Signature[] {
  if (!Array.isArray(input)) {
    throw invalid(
      field,
      "wrong_type",
      `${field} must be an array of {"agent_id", "signature", "timestamp"}, got ${describeInput(input)}`,
    );
  }
  const items: readonly unknown[] = input;
  if (items.length > SIGNATURES_MAX) {
    throw invalid(
      field,
      "too_many",
      `${field} holds ${items.length} signatures, over the limit of ${SIGNATURES_MAX}`,
    );
  }
  const signatures: Signature[] = [];
  const signers = new Set<string>();
  // An index loop, not map(): map would skip the holes of a sparse array.
  for (let i = 0; i < items.length; i++) {
    const at = `${field}[${i}]`;
    const item = items[i];
    if (!isJsonObject(item)) {
      throw invalid(
        at,
        "wrong_type",
        `${at} must be an object {"agent_id", "signature", "timestamp"}, got ${describeInput(item)}`,
      );
    }
    for (const key of Object.keys(item)) {
      if (!SIGNATURE_FIELDS.has(key)) {
        throw invalid(
          `${at}.${key}`,
          "unknown_field",
          `${at}.${key} is not a signature field: use only agent_id, signature and timestamp`,
        );
      }
    }
    const agentId = parseHex(requiredMember(item, "agent_id", at), `${at}.agent_id`, 32);
    const signature = parseHex(requiredMember(item, "signature", at), `${at}.signature`, 64);
    const time = ownValue(item, "timestamp");
    const timestampMs = time === undefined ? nowMs : parseTimestamp(time, `${at}.timestamp`);
    if (signers.has(agentId)) {
      throw invalid(
        `${at}.agent_id`,
        "duplicate_signer",
        `${at}.agent_id ${agentId} has already signed this assertion: send one signature per agent`,
      );
    }
    signers.add(agentId);
    signatures.push({ agentId, signature, timestampMs });
  }
  return signatures;
}

function requiredMember(item: Readonly<Record<string, unknown>>, key: string, at: string): unknown {
  const value = ownValue(item, key);
  if (value === undefined) throw invalid(`${at}.${key}`, "required", `${at}.${key} is required`);
  return value;
}
