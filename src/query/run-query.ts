import { DEFAULT_LENS_OPTIONS, resolve, type LensOptions, type Resolution } from "../lens/index.ts";
import type { LmdbStore, Pair } from "../store/lmdb-store.ts";
import { collectCandidates, type FlaggedCandidate } from "./collect-candidates.ts";
import type { Evidence } from "./evidence.ts";
import type { QuerySpec } from "./query-spec.ts";
import { selectPairs } from "./select-pairs.ts";

/** One pair's answer. */
export interface PairAnswer {
  readonly pair: Pair;
  readonly resolution: Resolution;
}

export interface QueryAnswer {
  /** The instant the query saw the world at: `as_of`, else now. */
  readonly nowMs: number;
  readonly pairs: readonly PairAnswer[];
  /** Candidates in answer order (pair by pair, each ranked by the lens), at most `limit`. */
  readonly assertions: readonly FlaggedCandidate[];
  /** True when `limit` cut the answer short. */
  readonly truncated: boolean;
}

/**
 * The Cortex: selects the pairs, collects and filters their candidates, and resolves each pair
 * through the lens. Pairs are answered whole: the limit stops the reading of further pairs, so a
 * resolution is never computed from a partial candidate set.
 */
export function runQuery(
  store: LmdbStore,
  evidence: Evidence,
  spec: QuerySpec,
  options: { nowMs: number; lensOptions?: LensOptions },
): QueryAnswer {
  const nowMs = spec.asOfMs ?? options.nowMs;
  const lensOptions = options.lensOptions ?? DEFAULT_LENS_OPTIONS;
  const pairs: PairAnswer[] = [];
  const assertions: FlaggedCandidate[] = [];
  let truncated = false;
  for (const pair of selectPairs(store, spec)) {
    if (assertions.length >= spec.limit) {
      truncated = true;
      break;
    }
    const candidates = collectCandidates(store, evidence, pair, spec, nowMs);
    if (candidates.length === 0) continue;
    const resolution = resolve(spec.lens, candidates, lensOptions);
    pairs.push({ pair, resolution });
    for (const candidate of resolution.ranked) {
      if (assertions.length >= spec.limit) {
        truncated = true;
        break;
      }
      assertions.push(candidate as FlaggedCandidate);
    }
  }
  return { nowMs, pairs, assertions, truncated };
}
