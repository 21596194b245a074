/**
 * Everything the systems are given, made once before anything is timed: the bulk claims, the
 * claims written one at a time, and the pairs and subtrees the queries ask about.
 */
import { mulberry32, type Prng } from "../ingest/prng.ts";
import {
  BATCH_SIZE,
  PAIRS_PER_DRUG,
  claimShape,
  drugPrefix,
  makeClaims,
  type ClaimShape,
  type Pair,
} from "./claim-generator.ts";
import type { BenchClaim } from "./peer.ts";

/** The pairs and subtrees the query rows ask about. */
export interface QueryTargets {
  /** A few pairs asked over and over. */
  readonly hot: readonly Pair[];
  /** Every other pair with claims, in random order: each cold row takes a slice no row asked before. */
  readonly cold: readonly Pair[];
  /** Drug subtrees (`area/drug`), in random order. */
  readonly prefixes: readonly string[];
}

/** The workload apart from the bulk claims, which are large and kept in a file of their own. */
export interface Workload {
  readonly shape: ClaimShape;
  readonly targets: QueryTargets;
  /** Written one durable commit each by one client. */
  readonly singlesOneClient: readonly BenchClaim[];
  /** Written one durable commit each by many clients at once. */
  readonly singlesManyClients: readonly BenchClaim[];
  /** The writes of the mixed row, taken in order until its time is up. */
  readonly mixedWrites: readonly BenchClaim[];
}

export interface WorkloadSizes {
  readonly records: number;
  readonly singlesOneClient: number;
  readonly singlesManyClients: number;
  readonly mixedWrites: number;
}

/** Hot pairs: few enough that every system keeps them in its caches. */
const HOT_PAIRS = 100;
// Each stream of claims has its own seed and its own agents, so no two repeat each other.
const BULK = { seed: 1, agents: "agent" };
const SINGLES = { seed: 2, agents: "writer" };
const MIXED = { seed: 3, agents: "mixer" };
/** The claims the recovery row's writers send until they are killed, made by the writer itself. */
export const RECOVERY = { seed: 4, agents: "recovery" } as const;
const TARGETS_SEED = 5;

/**
 * Makes the workload of `sizes`: `records` bulk claims in batches of `BATCH_SIZE` (one agent per
 * batch), the claims of the write rows, and the query targets among the pairs the bulk fills.
 *
 * @example
 * ```ts
 * const { bulk, workload } = makeWorkload({ records: 20_000, singlesOneClient: 100, singlesManyClients: 640, mixedWrites: 2_000 });
 * ```
 */
export function makeWorkload(sizes: WorkloadSizes): { bulk: BenchClaim[]; workload: Workload } {
  const shape = claimShape(sizes.records);
  const bulk = makeClaims(shape, { count: sizes.records, batchSize: BATCH_SIZE, ...BULK });
  const singles = makeClaims(shape, {
    count: sizes.singlesOneClient + sizes.singlesManyClients,
    batchSize: 1,
    ...SINGLES,
  });
  const mixedWrites = makeClaims(shape, { count: sizes.mixedWrites, batchSize: 1, ...MIXED });
  return {
    bulk,
    workload: {
      shape,
      targets: queryTargets(shape, bulk),
      singlesOneClient: singles.slice(0, sizes.singlesOneClient),
      singlesManyClients: singles.slice(sizes.singlesOneClient),
      mixedWrites,
    },
  };
}

function queryTargets(shape: ClaimShape, bulk: readonly BenchClaim[]): QueryTargets {
  const prng = mulberry32(TARGETS_SEED);
  const filled = new Map<string, Pair>();
  for (const claim of bulk) {
    const key = `${claim.conceptPath}\n${claim.predicate}`;
    if (!filled.has(key)) filled.set(key, { conceptPath: claim.conceptPath, predicate: claim.predicate });
  }
  const pairs = shuffled([...filled.values()], prng);
  const drugs = Array.from({ length: shape.pairs / PAIRS_PER_DRUG }, (_, drug) => drugPrefix(drug));
  const hot = Math.min(HOT_PAIRS, Math.floor(pairs.length / 2));
  return { hot: pairs.slice(0, hot), cold: pairs.slice(hot), prefixes: shuffled(drugs, prng) };
}

/** Fisher–Yates with the seeded generator. */
function shuffled<T>(items: T[], prng: Prng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = prng.below(i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
