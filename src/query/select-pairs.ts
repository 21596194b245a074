import type { LmdbStore, Pair } from "../store/lmdb-store.ts";
import type { QuerySpec } from "./query-spec.ts";

/** The (concept path, predicate) pairs a query reads, in concept path then predicate order. */
export function* selectPairs(store: LmdbStore, spec: QuerySpec): Generator<Pair> {
  const { path, predicate } = spec;
  if (path.kind === "exact" && predicate !== undefined) {
    const pair = store.findPair(path.conceptPath, predicate);
    if (pair !== undefined) yield pair;
    return;
  }
  if (path.kind === "all" && predicate !== undefined) {
    yield* store.pairsOfPredicate(predicate);
    return;
  }
  const pairs =
    path.kind === "exact"
      ? store.pairsOfPath(path.conceptPath)
      : store.pairsUnder(path.kind === "all" ? "" : path.prefix);
  for (const pair of pairs) if (predicate === undefined || pair.predicate === predicate) yield pair;
}
