import { formatCount } from "../ingest/table.ts";
import { CONCEPTS } from "./assertion-bodies.ts";
import { withBenchServer } from "./bench-server.ts";
import type { LoadProcess, MeasuredRun } from "./load-process.ts";
import type { QueryRow } from "./report.ts";
import { reportRun } from "./report-run.ts";

export interface QueryBenchOptions {
  /** Assertions to load before querying. */
  readonly records: number;
  readonly window: { readonly warmupMs: number; readonly durationMs: number };
  readonly progress: (line: string) => void;
}

export interface QueryRuns {
  readonly loaded: MeasuredRun;
  readonly queries: readonly QueryRow[];
  /** Distinct (concept_path, predicate) pairs in the store. */
  readonly pairs: number;
}

/** Loading is a bulk job, as an importer would do it: large batches, a few at a time. */
export const LOAD = { size: 5_000, concurrency: 4 } as const;
const CONCURRENCY = 64;
const HOT_PAIRS = 100;
const LENSES = ["recency", "consensus"] as const;
// Query bodies are cycled, so this many distinct ones spread over every pair.
const DISTINCT_QUERIES = 20_000;

/**
 * Loads `records` assertions into a fresh server through the API (the server holds the data
 * directory's lock, so the store cannot be filled behind its back), then queries it: a hot set of
 * 100 pairs and uniformly random pairs, through a cheap lens (recency) and one that weighs every
 * candidate (consensus).
 */
export async function measureQueries(load: LoadProcess, options: QueryBenchOptions): Promise<QueryRuns> {
  const { records, window, progress } = options;
  return withBenchServer(async (server) => {
    progress(`Loading ${formatCount(records)} assertions in batches of ${formatCount(LOAD.size)}...`);
    const loaded = await load.run({
      url: server.url,
      concurrency: LOAD.concurrency,
      warmupMs: 0,
      durationMs: null,
      plan: { kind: "batch", size: LOAD.size, first: 0, count: records, seed: 4 },
    });
    reportRun(loaded, progress);
    // A failed batch would leave pairs with fewer candidates than the report says.
    if (server.db.store.assertionCount !== records) {
      throw new Error(
        `Cannot query a partial store: ${records} assertions were sent but the store holds ${server.db.store.assertionCount}`,
      );
    }

    const pairs = Math.min(records, CONCEPTS);
    const queries: QueryRow[] = [];
    for (const hot of [true, false]) {
      for (const lens of LENSES) {
        const label = hot ? `hot (${HOT_PAIRS} pairs)` : `cold (all ${formatCount(pairs)})`;
        progress(`POST /v1/query, ${label}, lens ${lens}, concurrency ${CONCURRENCY}...`);
        const run = await load.run({
          url: server.url,
          concurrency: CONCURRENCY,
          ...window,
          plan: {
            kind: "query",
            lens,
            pairs,
            ...(hot ? { hot: HOT_PAIRS } : {}),
            distinct: DISTINCT_QUERIES,
            seed: 5,
          },
        });
        queries.push({ pairs: label, lens, concurrency: CONCURRENCY, run: reportRun(run, progress) });
      }
    }
    return { loaded, queries, pairs };
  });
}
