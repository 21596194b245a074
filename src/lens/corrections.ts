/**
 * Corrections (`spec/model.md`: "a correction … is a new record that points at the old one"): a
 * claim whose own author later made another claim about the same pair naming it as `parent` is no
 * longer what that author holds, and weighs nothing in any lens. It stays stored and listed (last),
 * and a query that cannot see the correction (`as_of` before it, a filter that drops it) sees the
 * old claim at full weight.
 *
 * Only the author's own correction counts: anyone may name any claim as a parent (a reviewer
 * approving it, a rival disputing it), and that must not silence the claim.
 */
import type { Candidate } from "./candidate.ts";

const NONE: ReadonlySet<string> = new Set();

/**
 * The hashes of the candidates corrected by their own author among `candidates`.
 *
 * @example
 * ```ts
 * const old = cand({ id: "old", agent: "ann", value: "a" });
 * const fix = cand({ id: "fix", agent: "ann", value: "b", parent: old.assertion.hash });
 * correctedByAuthor([old, fix]); // Set { old's hash }
 * ```
 */
export function correctedByAuthor(candidates: readonly Candidate[]): ReadonlySet<string> {
  // Most pairs have no parent links at all: no map to build then.
  if (!candidates.some((c) => c.assertion.parent !== undefined)) return NONE;
  const byHash = new Map(candidates.map((c) => [c.assertion.hash, c]));
  const corrected = new Set<string>();
  for (const c of candidates) {
    const parent = c.assertion.parent;
    if (parent === undefined || parent === c.assertion.hash) continue;
    if (byHash.get(parent)?.assertion.agentId === c.assertion.agentId) corrected.add(parent);
  }
  return corrected;
}

/**
 * Whether `hash` is among `corrected`. Most pairs correct nothing, and a claim read from disk has
 * a new hash string: an empty set is answered without hashing its 64 characters.
 */
export function isCorrected(corrected: ReadonlySet<string>, hash: string): boolean {
  return corrected.size !== 0 && corrected.has(hash);
}

/**
 * `canonical` with the claims their own author corrected moved last, each part in its order: the
 * array itself when none is, as in most pairs.
 */
export function currentFirst(canonical: Candidate[], corrected: ReadonlySet<string>): Candidate[] {
  if (corrected.size === 0) return canonical;
  const current: Candidate[] = [];
  const stale: Candidate[] = [];
  for (const c of canonical) (isCorrected(corrected, c.assertion.hash) ? stale : current).push(c);
  return current.concat(stale);
}
