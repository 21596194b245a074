import type { ShardSum } from "./shard-digest.ts";

/** One member's digest as the comparison takes it: the sums by shard (`00`…`ff`). */
export interface MemberDigest {
  readonly member: string;
  readonly shards: Readonly<Record<string, ShardSum>>;
}

/** One member's sum of one shard. */
export interface MemberSum {
  readonly member: string;
  readonly sum: ShardSum;
}

/**
 * A shard the members do not all hold alike. `outvoted`: more than half hold `majority`, and the
 * `outvoted` members hold something else (theirs is the copy to repair). `split`: no value is held
 * by more than half (two members that disagree, say), so no copy can be called the right one.
 */
export type ShardDisagreement =
  | {
      readonly kind: "outvoted";
      readonly shard: string;
      readonly majority: ShardSum;
      readonly outvoted: readonly MemberSum[];
    }
  | { readonly kind: "split"; readonly shard: string; readonly sums: readonly MemberSum[] };

const EMPTY: ShardSum = { count: 0, xor: "0".repeat(64) };

/**
 * Compares the members' digests shard by shard: in each shard the value (count and XOR) held by
 * more than half of the members wins, and every member holding another value is named. A shard a
 * digest lacks counts as empty. Shards in order, members in the order given; shards on which all
 * agree are left out, so an empty answer means the members converged.
 *
 * @example
 * ```ts
 * const disagreements = compareDigests([
 *   { member: "node1", shards: a.shards },
 *   { member: "node2", shards: b.shards },
 *   { member: "node3", shards: c.shards },
 * ]);
 * // [{ kind: "outvoted", shard: "ab", majority: { count: 3912, xor: "5f…" }, outvoted: [{ member: "node3", … }] }]
 * ```
 */
export function compareDigests(digests: readonly MemberDigest[]): ShardDisagreement[] {
  const shards = [...new Set(digests.flatMap((d) => Object.keys(d.shards)))].sort();
  const disagreements: ShardDisagreement[] = [];
  for (const shard of shards) {
    const sums = digests.map((d) => ({ member: d.member, sum: d.shards[shard] ?? EMPTY }));
    const groups = new Map<string, MemberSum[]>();
    for (const entry of sums) {
      const key = `${entry.sum.count}:${entry.sum.xor}`;
      groups.set(key, [...(groups.get(key) ?? []), entry]);
    }
    if (groups.size <= 1) continue;
    const largest = [...groups.values()].reduce((a, b) => (b.length > a.length ? b : a));
    const winner = largest[0];
    if (winner === undefined || largest.length * 2 <= digests.length) {
      disagreements.push({ kind: "split", shard, sums });
      continue;
    }
    const outvoted = sums.filter((entry) => !largest.includes(entry));
    disagreements.push({ kind: "outvoted", shard, majority: winner.sum, outvoted });
  }
  return disagreements;
}
