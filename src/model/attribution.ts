import type { Signature } from "./assertion.ts";
import { describeInput, invalid } from "./invalid.ts";
import type { NormalizeOptions } from "./normalize.ts";
import { parseString } from "./string-field.ts";

/** Attribution of unsigned writes when no identity is known. */
export const ANONYMOUS_AGENT = "anonymous";

/**
 * Who a record is attributed to: its first signer, else the write-time identity
 * (`options.agentId`: the API key's agent or `X-Agent-Id`), else `"anonymous"`. Identity comes from
 * signatures or from the authenticated caller, never from the body alone (`spec/model.md`
 * §Signatures and agents): a body `agent_id` must be a string, must equal the first signer when
 * there is one, and is otherwise ignored. That lets a record read from the API be posted back.
 *
 * @example
 * ```ts
 * attribution("someone", [], { nowMs: 0, agentId: "key:ops" }); // "key:ops"
 * attribution(undefined, [], { nowMs: 0 }); // "anonymous"
 * ```
 */
export function attribution(
  claimed: unknown,
  signatures: readonly Signature[],
  options: NormalizeOptions,
): string {
  const author = signatures[0]?.agentId;
  if (claimed !== undefined) {
    const text = parseString(claimed, "agent_id", { expected: "an agent id string", maxBytes: 256 });
    if (author !== undefined && text.toLowerCase() !== author) {
      throw invalid(
        "agent_id",
        "agent_mismatch",
        `agent_id must be the first signer's agent id ${author}, got ${describeInput(text)}: ` +
          "the first signature names the author (or omit agent_id)",
      );
    }
  }
  return author ?? options.agentId ?? ANONYMOUS_AGENT;
}
