/**
 * The targets of the issue, as ratios measured in the same run: StemeDB ≥ 3× PostgreSQL's durable
 * write throughput and ≥ 5× its lens-query throughput, ahead of SQLite on every row, and lens p99
 * ≤ 5 ms at 1,000,000 claims. Each holds or not for StemeDB in process and over HTTP separately.
 */
import type { Figures, RowId, RowKind, RowSpec, SystemId } from "./rows.ts";

/** The two ways StemeDB runs, each held to every target. */
export const STEMEDB_VARIANTS = ["stemedb", "http"] as const;
export type StemeDbVariant = (typeof STEMEDB_VARIANTS)[number];

/** The peers StemeDB is compared with. */
export const PEERS = ["postgres", "sqlite"] as const;
export type PeerSystem = (typeof PEERS)[number];

/** The claims the p99 target is set at. */
export const P99_TARGET_RECORDS = 1_000_000;
export const P99_TARGET_MS = 5;

/** Results by row, then by system. */
export type Results = ReadonlyMap<RowId, Partial<Record<SystemId, Figures>>>;

export interface TargetCheck {
  readonly row: RowId;
  readonly variant: StemeDbVariant;
  /** e.g. "≥ 3× PostgreSQL". */
  readonly target: string;
  readonly met: boolean;
}

/** How much more StemeDB does than the peer (for a `time` row: how much less time it takes). */
export function ratio(results: Results, row: RowId, variant: StemeDbVariant, peer: PeerSystem): number {
  const figures = results.get(row);
  const ours = figures?.[variant]?.perSecond ?? Number.NaN;
  const theirs = figures?.[peer]?.perSecond ?? Number.NaN;
  return ours / theirs;
}

/**
 * The least ratio over PostgreSQL a row of `kind` must reach, or undefined when the issue sets
 * none (ahead of SQLite is then the only target).
 *
 * @example
 * ```ts
 * postgresTarget("lens"); // 5
 * ```
 */
export function postgresTarget(kind: RowKind): number | undefined {
  if (kind === "write") return 3;
  if (kind === "lens") return 5;
  return undefined;
}

/** Whether StemeDB's `ratio` over `peer` holds the row's target; undefined when there is none. */
export function holds(kind: RowKind, peer: PeerSystem, value: number): boolean | undefined {
  if (peer === "sqlite") return value > 1;
  const least = postgresTarget(kind);
  return least === undefined ? undefined : value >= least;
}

/**
 * Every target of every row for both StemeDB variants. The p99 target is checked at whatever size
 * ran; the report says when that is not 1,000,000.
 *
 * @example
 * ```ts
 * checkTargets(rowSpecs(plan), results).filter((c) => !c.met);
 * ```
 */
export function checkTargets(rows: readonly RowSpec[], results: Results): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const row of rows) {
    for (const variant of STEMEDB_VARIANTS) {
      for (const peer of PEERS) {
        const met = holds(row.kind, peer, ratio(results, row.id, variant, peer));
        if (met === undefined) continue;
        const target = peer === "sqlite" ? "ahead of SQLite" : `≥ ${postgresTarget(row.kind)}× PostgreSQL`;
        checks.push({ row: row.id, variant, target, met });
      }
      if (row.kind === "lens") {
        const p99 = results.get(row.id)?.[variant]?.p99Ms ?? Number.NaN;
        checks.push({ row: row.id, variant, target: `p99 ≤ ${P99_TARGET_MS} ms`, met: p99 <= P99_TARGET_MS });
      }
    }
  }
  return checks;
}
