import { resolve } from "../lens/index.ts";
import type { Assertion } from "../model/index.ts";
import type { LmdbStore, Pair } from "../store/lmdb-store.ts";
import { collectCandidates } from "./collect-candidates.ts";
import type { Evidence } from "./evidence.ts";
import type { PathSelector, QuerySpec } from "./query-spec.ts";
import { selectPairs } from "./select-pairs.ts";

export interface WinnerChange {
  readonly pair: Pair;
  readonly before: Assertion | null;
  readonly after: Assertion | null;
}

export interface Changes {
  readonly newAssertions: readonly Assertion[];
  readonly changedWinners: readonly WinnerChange[];
}

/** The winner of one pair through a lens as of an instant. */
export function winnerOf(
  store: LmdbStore,
  evidence: Evidence,
  pair: Pair,
  spec: QuerySpec,
  asOfMs: number,
): Assertion | null {
  const candidates = collectCandidates(store, evidence, pair, { ...spec, asOfMs }, asOfMs);
  return candidates.length === 0 ? null : (resolve(spec.lens, candidates).winner?.assertion ?? null);
}

/**
 * What changed under a path since an instant: assertions made since then (by their timestamps),
 * and each pair whose winner through the lens differs now from then.
 */
export function changesSince(
  store: LmdbStore,
  evidence: Evidence,
  spec: QuerySpec,
  sinceMs: number,
  nowMs: number,
  limit: number,
): Changes {
  const newAssertions: Assertion[] = [];
  const changedWinners: WinnerChange[] = [];
  for (const pair of selectPairs(store, spec)) {
    const fresh = store.scanPair(pair, { fromMs: sinceMs, toMs: nowMs + 1 });
    if (fresh.length === 0) continue;
    if (newAssertions.length < limit) newAssertions.push(...fresh.slice(0, limit - newAssertions.length));
    const before = winnerOf(store, evidence, pair, spec, sinceMs - 1);
    const after = winnerOf(store, evidence, pair, spec, nowMs);
    if (before?.hash !== after?.hash) changedWinners.push({ pair, before, after });
  }
  return { newAssertions, changedWinners };
}

/** Whether a concept path is selected by a path selector. */
export function pathSelected(path: PathSelector, conceptPath: string): boolean {
  switch (path.kind) {
    case "all":
      return true;
    case "exact":
      return conceptPath === path.conceptPath;
    case "subtree":
      return conceptPath === path.prefix || conceptPath.startsWith(`${path.prefix}/`);
  }
}
