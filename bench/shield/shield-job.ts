/**
 * The jobs the Shield benchmark gives its load generator (`load-worker.ts`): the HTTP benchmark's
 * `LoadJob`, with two differences the Shield needs. Writes carry claims that pass the content
 * defense (`claim-bodies.ts`) instead of `bench/http`'s assertions, whose values repeat; and every
 * request carries headers: the API key when authentication is on, else `X-Agent-Id`. Results and
 * events are `bench/http`'s own (`LoadResult`, `WorkerEvent`).
 */
import type { LoadJob, RequestPlan } from "../http/load-job.ts";

/** What the requests of one job are; each side derives the bodies from these few numbers. */
export type ShieldPlan =
  | {
      /**
       * Claims `first … first + count − 1` (`claimBody`), `size` to a request: `POST /v1/assert`
       * when `size` is 1, else `POST /v1/assert/batch` (the last request takes what is left).
       */
      readonly kind: "claims";
      readonly size: number;
      readonly first: number;
      readonly count: number;
      readonly seed: number;
    }
  | Extract<RequestPlan, { readonly kind: "query" }>;

/** One run of the closed loop against a server, with the headers every request carries. */
export interface ShieldJob extends LoadJob<ShieldPlan> {
  readonly headers: Readonly<Record<string, string>>;
}
