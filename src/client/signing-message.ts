import type { SIGNING_PREFIX } from "../model/signature.ts";

// The model's constant lives beside node:crypto code; its type (the literal "stemedb:v1:") is
// imported here so that the compiler fails should the two ever differ.
const PREFIX: typeof SIGNING_PREFIX = "stemedb:v1:";

/**
 * The message an agent signs for a content hash: the UTF-8 string `stemedb:v1:<hash>`
 * (spec/model.md §Signatures and agents). The version prefix keeps a future scheme's signatures
 * from ever verifying as this one's.
 *
 * @example
 * ```ts
 * signingMessage("6145fb09…caeb87"); // "stemedb:v1:6145fb09…caeb87"
 * ```
 */
export function signingMessage(hash: string): string {
  return PREFIX + hash;
}
