/**
 * Valid requests for the fuzzer: built-in templates for the v1 endpoints, and the pool of stored
 * values (hashes, query ids, agent ids) that path parameters and templates draw from.
 */

/** A valid request for one operation: its body, query and path parameters. */
export interface Example {
  readonly body?: unknown;
  readonly query?: Readonly<Record<string, string>>;
  readonly params?: Readonly<Record<string, string>>;
}

/** Makes a valid request; `real("source")` is a stored value of that kind (see `Pools`). */
export type Template = (real: (kind: string) => string) => Example;

const ASSERTION = {
  concept_path: "fuzz/seed",
  predicate: "p",
  value: "v",
  confidence: 0.5,
  authority_tier: "expert",
  source: { uri: "https://example.org/fuzz", hash: "ab".repeat(32) },
  timestamp: "2026-01-01T00:00:00Z",
  lifecycle: "proposed",
};

/** Valid requests for the endpoints of v1, so that fuzzing reaches the checks behind the schema. */
export const DEFAULT_TEMPLATES: Readonly<Record<string, Template>> = {
  "POST /v1/assert": () => ({ body: ASSERTION }),
  "POST /v1/assertions": () => ({ body: { ...ASSERTION, value: 2 } }),
  "POST /v1/assert/batch": () => ({ body: { assertions: [{ ...ASSERTION, value: true }, ASSERTION] } }),
  "POST /v1/vote": (real) => ({ body: { assertion: real("assertion"), weight: 0.5 } }),
  "POST /v1/epoch": () => ({ body: { name: "fuzz epoch", description: "d" } }),
  "POST /v1/sources": () => ({ body: { content: "fuzz source", title: "t" } }),
  "POST /v1/sources/{hash}/retract": (real) => ({
    body: { reason: "fuzz" },
    params: { hash: real("source") },
  }),
  "POST /v1/query": () => ({ body: { concept_path: "fuzz/*", predicate: "p", lens: "consensus", limit: 5 } }),
  "GET /v1/query": () => ({ query: { concept_path: "fuzz/*", lens: "authority", limit: "5" } }),
  "GET /v1/skeptic": () => ({ query: { concept_path: "fuzz/seed", predicate: "p" } }),
  "GET /v1/changes": () => ({ query: { since: "0", concept_path: "fuzz/*", limit: "5" } }),
  "GET /v1/concepts": () => ({ query: { prefix: "fuzz" } }),
  "GET /v1/watch": () => ({ query: { concept_path: "fuzz/*" } }),
  "GET /v1/audit/queries": () => ({ query: { limit: "5" } }),
  "GET /v1/audit/query/{query_id}": (real) => ({ params: { query_id: real("query_id") } }),
  "GET /v1/agents/{agent_id}": (real) => ({ params: { agent_id: real("agent_id") } }),
  "GET /v1/sources/{hash}": (real) => ({ params: { hash: real("source") } }),
  "GET /v1/sources/{hash}/impact": (real) => ({ params: { hash: real("source") } }),
  "GET /v1/assertions/{hash}": (real) => ({ params: { hash: real("assertion") } }),
  "GET /v1/trace/{hash}": (real) => ({ params: { hash: real("assertion") } }),
};

/** Stored values seen in 2xx answers (hashes by record kind, query ids, agent ids), for path parameters. */
export class Pools {
  readonly #values = new Map<string, string[]>();

  add(kind: string, value: string): void {
    const list = this.#values.get(kind) ?? [];
    if (!list.includes(value) && list.length < 32) list.push(value);
    this.#values.set(kind, list);
  }

  /** The `n`th value of `kind` (hashes of any kind when none), or 64 zeros when nothing is stored. */
  pick(kind: string, n = 0): string {
    const list = this.#values.get(kind) ?? this.#values.get("hash") ?? [];
    return list.length === 0 ? "0".repeat(64) : (list[n % list.length] ?? "");
  }

  harvest(body: unknown): void {
    if (typeof body !== "object" || body === null) return;
    const record = body as Record<string, unknown>;
    if (typeof record["query_id"] === "string") this.add("query_id", record["query_id"]);
    if (Array.isArray(record["results"])) for (const r of record["results"] as unknown[]) this.harvest(r);
    if (typeof record["hash"] !== "string") return;
    for (const kind of ["assertion", "source", "vote", "epoch", "retraction"]) {
      const inner = record[kind];
      if (typeof inner !== "object" || inner === null) continue;
      this.add("hash", record["hash"]);
      this.add(kind, record["hash"]);
      const agent = (inner as Record<string, unknown>)["agent_id"];
      if (typeof agent === "string") this.add("agent_id", agent);
    }
  }
}
