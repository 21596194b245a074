/**
 * Reads every pair through every view at the end of each simulated day, over HTTP like any
 * client, and keeps what each view answered.
 */
import type { Resolution, StemeClient } from "../client/index.ts";
import { endOfDay } from "./clock.ts";
import type { Observation, ViewAnswers } from "./observations.ts";
import { inPool } from "./pool.ts";
import type { LensView } from "./views.ts";
import type { ArenaPair } from "./world.ts";

/** Queries in flight at once: enough to keep the server busy, under its per-client read limit. */
const CONCURRENT_QUERIES = 8;

const NO_ANSWER: Observation = Object.freeze({
  value: null,
  resolutionConfidence: null,
  conflictScore: 0,
  status: "agreed",
});

/**
 * @example
 * ```ts
 * const judge = new Judge(client, VIEWS, world.pairs);
 * await judge.readDay(tick);
 * judge.answers(0)[tick]?.[pair]?.value; // what recency answered
 * ```
 */
export class Judge {
  readonly #client: StemeClient;
  readonly #views: readonly LensView[];
  readonly #pairs: readonly ArenaPair[];
  readonly #answers: ViewAnswers[];
  #queries = 0;

  constructor(client: StemeClient, views: readonly LensView[], pairs: readonly ArenaPair[]) {
    this.#client = client;
    this.#views = views;
    this.#pairs = pairs;
    this.#answers = views.map(() => []);
  }

  /** Reads every pair through every view as of the end of day `tick`. */
  async readDay(tick: number): Promise<void> {
    const asOf = new Date(endOfDay(tick)).toISOString();
    const day = this.#views.map(() => this.#pairs.map(() => NO_ANSWER));
    const jobs = this.#views.flatMap((view, v) => this.#pairs.map((pair) => ({ view, v, pair })));
    await inPool(jobs, CONCURRENT_QUERIES, async ({ view, v, pair }) => {
      // limit 1: the pair is still resolved over all its candidates; only the listing is cut.
      const answer = await this.#client.query({
        concept_path: pair.conceptPath,
        predicate: pair.predicate,
        lens: view.lens,
        epoch_aware: view.epochAware,
        as_of: asOf,
        limit: 1,
      });
      this.#queries += 1;
      const resolution = answer.resolutions[0];
      (day[v] as Observation[])[pair.index] = resolution === undefined ? NO_ANSWER : observe(resolution);
    });
    day.forEach((answers, v) => {
      (this.#answers[v] as ViewAnswers)[tick] = answers;
    });
  }

  /** Everything view `v` answered, `[tick][pair]`. */
  answers(v: number): ViewAnswers {
    return this.#answers[v] ?? [];
  }

  /** Queries made so far. */
  get queries(): number {
    return this.#queries;
  }
}

function observe(r: Resolution): Observation {
  const value = r.value?.type === "number" && typeof r.value.value === "number" ? r.value.value : null;
  return {
    value,
    resolutionConfidence: r.resolution_confidence,
    conflictScore: r.conflict_score,
    status: r.status,
  };
}
