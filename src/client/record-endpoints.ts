import type { ApiCall } from "./api-call.ts";
import type {
  EpochInput,
  EpochWritten,
  RetractionInput,
  RetractionWritten,
  SourceImpact,
  SourceInfo,
  SourceInput,
  SourceParameters,
  SourceWritten,
  VoteInput,
  VoteWritten,
} from "./api-types.ts";
import type { ReadOptions, RequestOptions } from "./client-options.ts";
import { segment, sendJson, sendRead, sendWrite } from "./endpoint-calls.ts";
import type { HttpTransport } from "./http-transport.ts";

/**
 * The endpoints of the records around claims: votes, epochs, sources and their retraction.
 * `StemeClient` is built on it, so they are called as `client.vote(...)`, `client.registerSource(...)`.
 *
 * @example
 * ```ts
 * const client = new StemeClient({ baseUrl: "http://127.0.0.1:18180", agentId: "my-agent" });
 * const { hash } = await client.registerSource({ uri: "https://example.org/paper", content: text });
 * await client.retractSource(hash, buildRetraction({ source: hash, reason: "the paper was withdrawn" }));
 * ```
 */
export class RecordEndpoints {
  readonly #transport: HttpTransport;

  /** Made by `StemeClient`'s constructor, with its transport. */
  protected constructor(transport: HttpTransport) {
    this.#transport = transport;
  }

  /**
   * `POST /v1/vote`: backs an assertion with a weight (0 to 1); an agent's later vote on the same
   * assertion replaces its earlier one. Sign it with `signer.signVote` to vote as that agent.
   *
   * @example
   * ```ts
   * await client.vote(await signer.signVote(buildVote({ assertion: hash, weight: 0.8 })));
   * ```
   */
  vote(vote: VoteInput, options: RequestOptions = {}): Promise<VoteWritten> {
    return sendWrite(this.#transport, "/v1/vote", vote, [vote], options);
  }

  /**
   * `POST /v1/epoch`: declares an epoch (a paradigm), superseding earlier ones: with
   * `epoch_aware: true`, queries drop the claims of superseded epochs.
   *
   * @example
   * ```ts
   * const { hash } = await client.declareEpoch(buildEpoch({ name: "guidelines-2026", supersedes: [oldEpoch] }));
   * ```
   */
  declareEpoch(epoch: EpochInput, options: RequestOptions = {}): Promise<EpochWritten> {
    return sendWrite(this.#transport, "/v1/epoch", epoch, [epoch], options);
  }

  /**
   * `POST /v1/sources`: registers a source, the evidence assertions cite. Its identity is the
   * BLAKE3 of its content (`hashSource`), so registering it again is harmless.
   *
   * @example
   * ```ts
   * const { hash } = await client.registerSource({ uri: "https://example.org/paper", title: "A paper", content: text });
   * ```
   */
  registerSource(source: SourceInput, options: RequestOptions = {}): Promise<SourceWritten> {
    // Idempotent whatever the timestamp: the source's identity is its content hash, and a second
    // registration of the same hash is merged into the first.
    const call: ApiCall = { method: "POST", path: "/v1/sources", body: source, idempotent: true };
    return sendJson(this.#transport, call, options);
  }

  /**
   * `POST /v1/sources/{hash}/retract`: withdraws a source. Every assertion citing it is then flagged
   * `source_retracted` and left out of answers unless a query sets `include_retracted`.
   *
   * @example
   * ```ts
   * await client.retractSource(sourceHash, buildRetraction({ reason: "the paper was withdrawn" }));
   * ```
   */
  retractSource(
    hash: string,
    retraction: RetractionInput = {},
    options: RequestOptions = {},
  ): Promise<RetractionWritten> {
    return sendWrite(
      this.#transport,
      `/v1/sources/${segment(hash)}/retract`,
      retraction,
      [retraction],
      options,
    );
  }

  /**
   * `GET /v1/sources/{hash}`: a source's registration and retractions; `include_content: "true"`
   * adds its content as base64.
   *
   * @example
   * ```ts
   * const info = await client.getSource(sourceHash, { include_content: "true" });
   * info.retracted; // false
   * ```
   */
  getSource(hash: string, parameters: SourceParameters = {}, options: ReadOptions = {}): Promise<SourceInfo> {
    return sendRead(this.#transport, `/v1/sources/${segment(hash)}`, parameters, options);
  }

  /**
   * `GET /v1/sources/{hash}/impact`: the invalidation cascade: every assertion citing the source.
   *
   * @example
   * ```ts
   * const impact = await client.sourceImpact(sourceHash);
   * impact.assertion_count;
   * ```
   */
  sourceImpact(hash: string, options: ReadOptions = {}): Promise<SourceImpact> {
    return sendRead(this.#transport, `/v1/sources/${segment(hash)}/impact`, {}, options);
  }
}
