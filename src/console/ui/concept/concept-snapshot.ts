import type { LensName, QueryResponse, StemeClient, Trace } from "../../../client/index.ts";
import { LENS_NAMES } from "../../../model/lens-names.ts";
import { inParallel } from "../in-parallel.ts";

/** Claims read per query: a concept page, not an export. */
export const CLAIM_LIMIT = 1_000;
/** Claims whose provenance (votes, signers' trust) is read: one call each. */
export const TRACE_LIMIT = 200;
const TRACES_IN_PARALLEL = 6;

/** Everything the concept page shows at one instant. */
export interface ConceptSnapshot {
  readonly path: string;
  /** The instant the answers are for; `undefined` for now. */
  readonly asOf: string | undefined;
  /** Each lens's answer (claims citing retracted sources left out, as by default). */
  readonly answers: ReadonlyMap<LensName, QueryResponse>;
  /** Every claim, newest first, those citing retracted sources included and flagged. */
  readonly claims: QueryResponse;
  /** Provenance of the newest `TRACE_LIMIT` claims, by hash. */
  readonly traces: ReadonlyMap<string, Trace>;
}

/**
 * Reads a concept as of an instant: one query per lens, the claims (retracted sources
 * included), and the provenance of each claim.
 *
 * @example
 * ```ts
 * const snapshot = await loadSnapshot(client, "drugs/aspirin", undefined, signal);
 * snapshot.answers.get("authority")?.resolutions[0]?.value;
 * ```
 */
export async function loadSnapshot(
  client: StemeClient,
  path: string,
  asOf: string | undefined,
  signal: AbortSignal,
): Promise<ConceptSnapshot> {
  const at = asOf === undefined ? {} : { as_of: asOf };
  const ask = (lens: LensName, includeRetracted = false): Promise<QueryResponse> =>
    client.query(
      {
        concept_path: path,
        lens,
        limit: CLAIM_LIMIT,
        ...at,
        ...(includeRetracted ? { include_retracted: true } : {}),
      },
      { signal },
    );
  const [claims, ...answers] = await Promise.all([
    ask("recency", true),
    ...LENS_NAMES.map((lens) => ask(lens)),
  ]);
  const traced = claims.assertions.slice(0, TRACE_LIMIT);
  const traces = await inParallel(traced, TRACES_IN_PARALLEL, (claim) =>
    client.trace(claim.hash, { signal }),
  );
  return {
    path,
    asOf,
    claims,
    answers: new Map(LENS_NAMES.map((lens, i) => [lens, answers[i] as QueryResponse])),
    traces: new Map(traced.map((claim, i) => [claim.hash, traces[i] as Trace])),
  };
}

/**
 * The predicates of a snapshot, in alphabetical order.
 *
 * @example
 * ```ts
 * predicatesOf(snapshot); // ["interacts_with", "max_daily_dose_mg"]
 * ```
 */
export function predicatesOf(snapshot: ConceptSnapshot): string[] {
  return [...new Set(snapshot.claims.assertions.map((claim) => claim.predicate))].sort();
}
