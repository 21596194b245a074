/**
 * StemeDB over HTTP: one client of the real server (`stemedb-server.ts`), on its own keep-alive
 * connection. Claims go in by `POST /v1/assert/batch` (one request, one durable commit, per
 * agent's claims, the agent in `X-Agent-Id` as an unsigned writer sends it) or `POST /v1/assert`
 * for one; the order of claims by different agents is not kept, which no lens depends on;
 * lenses are `POST /v1/query` and `GET /v1/skeptic`.
 *
 * Two things differ from the other peers, both from the API itself. The query's "now" is sent as
 * `as_of`, which also leaves out claims timestamped after it, so the answers are the other
 * peers' only when no stored claim is newer than `nowMs` (the benchmark's claims never are). And
 * the API prints confidences and shares rounded to 6 decimals.
 */
import { Agent } from "node:http";
import type { Value } from "../../src/model/index.ts";
import { MAX_QUERY_LIMIT } from "../../src/query/query-spec.ts";
import { valueJson } from "./bench-claim.ts";
import { allocatedBytes } from "./disk-usage.ts";
import { httpCall, type HttpReply } from "./http-call.ts";
import type { BenchClaim, LensAnswer, Peer, SkepticShare } from "./peer.ts";

/** Decimal places the API keeps in confidences and shares (`src/query/answer-json.ts`). */
export const API_DECIMALS = 6;

/** The most items `POST /v1/assert/batch` takes. */
const BATCH_LIMIT = 10_000;

export interface HttpPeerOptions {
  /** The server's base URL. */
  readonly url: string;
  /** The server's data directory, which `bytesOnDisk` counts whole. */
  readonly dataDir: string;
  /**
   * Which client this is (0 and up): it connects from loopback address `127.0.0.<2 + client>`
   * and reads as agent `reader-<client>`, because the Shield limits request rates per client
   * address and meters quotas per agent, and the benchmark's clients stand for separate ones.
   */
  readonly client?: number;
}

interface QueryReply {
  readonly resolutions: readonly {
    readonly value: Value | null;
    readonly resolution_confidence: number | null;
  }[];
  readonly truncated: boolean;
}

interface SkepticReply {
  readonly values: readonly { readonly value: Value; readonly share: number; readonly supporters: number }[];
}

/**
 * StemeDB's answers over its HTTP API.
 *
 * @example
 * ```ts
 * const peer = new HttpPeer({ url: server.url, dataDir: server.dataDir, client: 3 });
 * await peer.recency("cardiology/x/safety", "boxed_warning", Date.UTC(2026, 0, 1));
 * await peer.close();
 * ```
 */
export class HttpPeer implements Peer {
  readonly name = "StemeDB over HTTP";
  readonly #base: URL;
  readonly #dataDir: string;
  readonly #agent = new Agent({ keepAlive: true });
  readonly #localAddress: string;
  readonly #readerId: string;

  constructor(options: HttpPeerOptions) {
    const client = options.client ?? 0;
    if (!Number.isInteger(client) || client < 0 || client > 250) {
      throw new RangeError(`Cannot be client ${client}: clients are numbered 0 to 250`);
    }
    this.#base = new URL(options.url);
    this.#dataDir = options.dataDir;
    this.#localAddress = `127.0.0.${2 + client}`;
    this.#readerId = `reader-${client}`;
  }

  async ingest(claims: readonly BenchClaim[]): Promise<void> {
    for (const run of runsByAgent(claims)) {
      const headers = { "x-agent-id": run[0]?.agentId ?? "" };
      const reply =
        run.length === 1
          ? await this.#post("/v1/assert", assertionBody(run[0] as BenchClaim), headers)
          : await this.#post("/v1/assert/batch", { assertions: run.map(assertionBody) }, headers);
      // Held claims would be left out of every answer: the peers would no longer store the same.
      if (reply.text.includes('"status":"quarantined"')) {
        throw new Error(
          `Cannot ingest through the API: the Shield held claims by ${headers["x-agent-id"]} in quarantine`,
        );
      }
    }
  }

  async recency(conceptPath: string, predicate: string, nowMs: number): Promise<LensAnswer | undefined> {
    return this.#lens("recency", conceptPath, predicate, nowMs);
  }

  async consensus(conceptPath: string, predicate: string, nowMs: number): Promise<LensAnswer | undefined> {
    return this.#lens("consensus", conceptPath, predicate, nowMs);
  }

  async authority(conceptPath: string, predicate: string, nowMs: number): Promise<LensAnswer | undefined> {
    return this.#lens("authority", conceptPath, predicate, nowMs);
  }

  async skeptic(conceptPath: string, predicate: string, nowMs: number): Promise<SkepticShare[]> {
    const url = new URL("/v1/skeptic", this.#base);
    url.searchParams.set("concept_path", conceptPath);
    url.searchParams.set("predicate", predicate);
    url.searchParams.set("as_of", new Date(nowMs).toISOString());
    const reply = ok(
      await httpCall(this.#agent, {
        method: "GET",
        url,
        headers: { "x-agent-id": this.#readerId },
        localAddress: this.#localAddress,
      }),
      url,
    );
    return (JSON.parse(reply.text) as SkepticReply).values.map((v) => ({
      valueJson: valueJson(v.value),
      share: v.share,
      supporters: v.supporters,
    }));
  }

  async prefixRecency(prefix: string, nowMs: number): Promise<number> {
    const answer = await this.#query({
      concept_path: `${prefix}/*`,
      lens: "recency",
      limit: MAX_QUERY_LIMIT,
      as_of: new Date(nowMs).toISOString(),
    });
    if (answer.truncated) {
      throw new RangeError(
        `Cannot count the pairs under "${prefix}": the subtree has more than ${MAX_QUERY_LIMIT} candidates`,
      );
    }
    return answer.resolutions.length;
  }

  /** Bytes of the server's whole data directory (WAL, store, admin token), allocated on disk. */
  async bytesOnDisk(): Promise<number> {
    return allocatedBytes(this.#dataDir);
  }

  /** Closes this client's connections; the server keeps running. */
  async close(): Promise<void> {
    this.#agent.destroy();
  }

  async #lens(
    lens: "recency" | "consensus" | "authority",
    conceptPath: string,
    predicate: string,
    nowMs: number,
  ): Promise<LensAnswer | undefined> {
    // The answer alone, as the SQL peers return it: `limit` caps the claims listed with it, while
    // the lens still weighs every claim of the pair.
    const answer = await this.#query({
      concept_path: conceptPath,
      predicate,
      lens,
      limit: 1,
      as_of: new Date(nowMs).toISOString(),
    });
    const resolution = answer.resolutions[0];
    if (resolution?.value == null || resolution.resolution_confidence === null) return undefined;
    return { valueJson: valueJson(resolution.value), resolutionConfidence: resolution.resolution_confidence };
  }

  async #query(body: object): Promise<QueryReply> {
    const reply = await this.#post("/v1/query", body, { "x-agent-id": this.#readerId });
    return JSON.parse(reply.text) as QueryReply;
  }

  async #post(path: string, body: object, headers: Readonly<Record<string, string>>): Promise<HttpReply> {
    const url = new URL(path, this.#base);
    return ok(
      await httpCall(this.#agent, {
        method: "POST",
        url,
        body: JSON.stringify(body),
        headers,
        localAddress: this.#localAddress,
      }),
      url,
    );
  }
}

/** The claim as an unsigned writer posts it; `hash` makes the server check it computes the same. */
function assertionBody(claim: BenchClaim): object {
  return {
    concept_path: claim.conceptPath,
    predicate: claim.predicate,
    value: JSON.parse(claim.valueJson) as Value,
    confidence: claim.confidence,
    authority_tier: claim.tier,
    timestamp: new Date(claim.timestampMs).toISOString(),
    hash: claim.hash,
  };
}

/** The claims of each agent, in order, at most a batch per request: one request each. */
function runsByAgent(claims: readonly BenchClaim[]): BenchClaim[][] {
  const byAgent = new Map<string, BenchClaim[]>();
  for (const claim of claims) {
    const list = byAgent.get(claim.agentId) ?? [];
    list.push(claim);
    byAgent.set(claim.agentId, list);
  }
  const runs: BenchClaim[][] = [];
  for (const list of byAgent.values()) {
    for (let i = 0; i < list.length; i += BATCH_LIMIT) runs.push(list.slice(i, i + BATCH_LIMIT));
  }
  return runs;
}

function ok(reply: HttpReply, url: URL): HttpReply {
  if (reply.status >= 200 && reply.status < 300) return reply;
  throw new Error(`${url.pathname} answered HTTP ${reply.status}: ${reply.text.slice(0, 300)}`);
}
