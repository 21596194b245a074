/**
 * The protocol between the benchmark (which runs the server) and the load generator (a separate
 * process, so that the server's event loop has a core of its own): one job per line of JSON on
 * the worker's stdin, and event lines back on its stdout. Plain data only, so both sides share the
 * types without sharing any state.
 */

/** What the requests of one job are. Each side derives the bodies from these few numbers. */
export type RequestPlan =
  | {
      /** `POST /v1/assert`: request i carries assertion `first + i`, distinct from every other. */
      readonly kind: "assert";
      readonly signed: boolean;
      readonly first: number;
      readonly count: number;
      readonly seed: number;
    }
  | {
      /**
       * `POST /v1/assert/batch`: assertions `first … first + count − 1`, `size` to a request (the
       * last request takes what is left).
       */
      readonly kind: "batch";
      readonly size: number;
      readonly first: number;
      readonly count: number;
      readonly seed: number;
    }
  | {
      /**
       * `POST /v1/query` for one (concept_path, predicate) pair per request, drawn from the first
       * `pairs` pairs of the workload (`hot` of them only, when set), cycling through `distinct`
       * pre-built bodies.
       */
      readonly kind: "query";
      readonly lens: string;
      readonly pairs: number;
      readonly hot?: number;
      readonly distinct: number;
      readonly seed: number;
    };

/**
 * One run of the closed loop against a server. `Plan` is this benchmark's `RequestPlan` unless a
 * worker of another benchmark (started with `LoadProcess.start(worker)`) prepares plans of its own.
 */
export interface LoadJob<Plan = RequestPlan> {
  /** The server's base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Workers, each with its own keep-alive connection, each sending again as soon as answered. */
  readonly concurrency: number;
  /** Run but not counted, so JIT compilation and connection set-up are not measured. */
  readonly warmupMs: number;
  /** The measured window; `null` runs until the plan's requests are all sent (a load). */
  readonly durationMs: number | null;
  readonly plan: Plan;
  /** Sent with every request besides `content-type` and `content-length`, e.g. an API key. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What the load generator measured in the window. */
export interface LoadResult {
  /** Requests answered within the window (any status). */
  readonly requests: number;
  /** Assertions (writes) or queries those requests carried. */
  readonly items: number;
  /** Answers with a status of 400 or more, plus requests that failed without an answer. */
  readonly errors: number;
  readonly seconds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Mean size of a response body, bytes. */
  readonly meanResponseBytes: number;
  /** Responses by HTTP status, and `"failed"` for requests without one. */
  readonly statuses: Readonly<Record<string, number>>;
  /** The first error, for the progress log: a status with the start of its body, or the socket error. */
  readonly firstError?: string;
  /** The plan's requests ran out before the window ended, so the window was cut short. */
  readonly exhausted: boolean;
  /** The load generator's CPU time ÷ wall time over the window (all its threads). */
  readonly clientCpuCores: number;
}

/** A line the worker writes on stdout. */
export type WorkerEvent =
  | { readonly kind: "window-start" }
  | { readonly kind: "window-end" }
  | { readonly kind: "result"; readonly result: LoadResult }
  | { readonly kind: "error"; readonly message: string };
