/**
 * The last step of each SQL lens, in TypeScript over the few rows the query returns: the parts
 * of StemeDB's rules that are awkward in SQL (a share that is 0 when nothing weighs anything,
 * equal shares when every value weighs 0).
 */
import type { AuthorityRow, ConsensusRow, RecencyRow, SkepticRow } from "./lens-sql.ts";
import type { LensAnswer, SkepticShare } from "./peer.ts";

/** Recency's confidence is the winner's effective confidence (`recencyLens`). */
export function recencyAnswer(row: RecencyRow | undefined): LensAnswer | undefined {
  return row === undefined ? undefined : { valueJson: row.value_json, resolutionConfidence: row.effective };
}

/** Consensus's confidence is the winner's agents over the sum of every value's agents (`consensusLens`). */
export function consensusAnswer(row: ConsensusRow | undefined): LensAnswer | undefined {
  return row === undefined ? undefined : { valueJson: row.value_json, resolutionConfidence: row.share };
}

/**
 * Authority's confidence is the winner's share of the total weight, 0 when nothing weighs
 * anything (`shareOfTotal` in `src/lens/tie-break.ts`).
 */
export function authorityAnswer(row: AuthorityRow | undefined): LensAnswer | undefined {
  if (row === undefined) return undefined;
  const share = row.total > 0 ? Math.min(1, row.weight / row.total) : 0;
  return { valueJson: row.value_json, resolutionConfidence: share };
}

/**
 * Each value's weight over the total of all values, equal shares when every value weighs 0
 * (`valueShares` in `src/lens/value-shares.ts`). The rows arrive in answer order.
 */
export function skepticShares(rows: readonly SkepticRow[]): SkepticShare[] {
  let total = 0;
  for (const row of rows) total += row.value_weight;
  return rows.map((row) => ({
    valueJson: row.value_json,
    share: total > 0 ? row.value_weight / total : 1 / rows.length,
    supporters: row.supporters,
  }));
}
