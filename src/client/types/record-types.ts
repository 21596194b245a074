import type * as Records from "../schemas/record-schemas.ts";
import type { StaticOf } from "../schemas/shared-schemas.ts";

/**
 * `POST /v1/vote` body; make it with `buildVote`, sign it with `signer.signVote`.
 *
 * @example
 * ```ts
 * const vote: VoteInput = { assertion: hash, weight: 0.8 };
 * ```
 */
export type VoteInput = StaticOf<typeof Records.VoteInput>;

/**
 * A vote as the API prints it.
 *
 * @example
 * ```ts
 * const { vote }: { vote: Vote } = await client.vote(input);
 * ```
 */
export type Vote = StaticOf<typeof Records.Vote>;

/**
 * The answer to `POST /v1/vote`: `created`, or `exists` for the same vote again.
 *
 * @example
 * ```ts
 * const written: VoteWritten = await client.vote(await signer.signVote(buildVote({ assertion: hash })));
 * ```
 */
export type VoteWritten = StaticOf<typeof Records.VoteWritten>;

/**
 * `POST /v1/epoch` body; make it with `buildEpoch`, sign it with `signer.signEpoch`.
 *
 * @example
 * ```ts
 * const epoch: EpochInput = { name: "guidelines-2026", supersedes: [oldEpochHash] };
 * ```
 */
export type EpochInput = StaticOf<typeof Records.EpochInput>;

/**
 * An epoch as the API prints it.
 *
 * @example
 * ```ts
 * const superseded: Epoch[] = (await client.trace(hash)).epoch?.superseded_by ?? [];
 * ```
 */
export type Epoch = StaticOf<typeof Records.Epoch>;

/**
 * The answer to `POST /v1/epoch`.
 *
 * @example
 * ```ts
 * const { hash }: EpochWritten = await client.declareEpoch(buildEpoch({ name: "guidelines-2026" }));
 * ```
 */
export type EpochWritten = StaticOf<typeof Records.EpochWritten>;

/**
 * `POST /v1/sources` body; `buildSource` makes one with its hash computed.
 *
 * @example
 * ```ts
 * const source: SourceInput = { uri: "https://example.org/paper", title: "A paper", content: "…" };
 * ```
 */
export type SourceInput = StaticOf<typeof Records.SourceInput>;

/**
 * A registered source as the API prints it.
 *
 * @example
 * ```ts
 * const registered: SourceRecord | null = (await client.getSource(sourceHash)).source;
 * ```
 */
export type SourceRecord = StaticOf<typeof Records.SourceRecord>;

/**
 * The answer to `POST /v1/sources`.
 *
 * @example
 * ```ts
 * const { hash }: SourceWritten = await client.registerSource(buildSource({ content: "…" }));
 * ```
 */
export type SourceWritten = StaticOf<typeof Records.SourceWritten>;

/**
 * `POST /v1/sources/{hash}/retract` body; every member is optional.
 *
 * @example
 * ```ts
 * const retraction: RetractionInput = { reason: "the paper was withdrawn" };
 * ```
 */
export type RetractionInput = StaticOf<typeof Records.RetractionInput>;

/**
 * A retraction as the API prints it.
 *
 * @example
 * ```ts
 * const retractions: Retraction[] = (await client.getSource(sourceHash)).retractions;
 * ```
 */
export type Retraction = StaticOf<typeof Records.Retraction>;

/**
 * The answer to `POST /v1/sources/{hash}/retract`.
 *
 * @example
 * ```ts
 * const written: RetractionWritten = await client.retractSource(sourceHash, { reason: "withdrawn" });
 * ```
 */
export type RetractionWritten = StaticOf<typeof Records.RetractionWritten>;
