import type { ValueShare } from "../client/api-types.ts";
import { plainValue, type PlainValue } from "./claim-digest.ts";

/** One distinct value of a pair, as the skeptic weighs it. */
export interface ShareDigest {
  readonly value: PlainValue;
  /** This value's part of the total weight, 0 to 1. */
  readonly share: number;
  readonly weight: number;
  /** Distinct agents holding the value. */
  readonly supporters: number;
  /** The strongest authority tier among its claims. */
  readonly best_tier: string;
  /** Hashes of the claims holding it (for trace). */
  readonly claims: readonly string[];
}

/**
 * A skeptic value share with a plain value, its claims named as such.
 *
 * @example
 * ```ts
 * const shares = analysis.values.map(shareDigest);
 * shares[0]?.share; // e.g. 0.71
 * ```
 */
export function shareDigest(share: ValueShare): ShareDigest {
  return {
    value: plainValue(share.value),
    share: share.share,
    weight: share.weight,
    supporters: share.supporters,
    best_tier: share.best_tier,
    claims: share.assertions,
  };
}
