/**
 * The StemeDB SDK (`stemedb/client`): a typed client of the HTTP API, an Ed25519 `Signer`, builders
 * and content hashes that match the server's byte for byte. Runs in Node ≥ 20 and in browsers:
 * it uses `fetch` and WebCrypto only. See docs/sdk.md for a tutorial.
 *
 * @example
 * ```ts
 * import { Signer, StemeClient, buildAssertion } from "stemedb/client";
 *
 * const client = new StemeClient({ baseUrl: "http://127.0.0.1:18180" });
 * const signer = await Signer.generate();
 * const claim = buildAssertion({ concept_path: "drugs/aspirin", predicate: "max_daily_dose_mg", value: 4000, confidence: 0.9 });
 * await client.assert(await signer.signAssertion(claim));
 * ```
 *
 * @module
 */
export { StemeClient } from "./steme-client.ts";
export { AdminClient } from "./admin-client.ts";
export type { ClientOptions, ReadOptions, RequestOptions } from "./client-options.ts";
export type { HttpMethod, QueryValue } from "./api-call.ts";
export type { OpenApiDocument } from "./openapi-document.ts";
export type { WatchEvent } from "./watch-events.ts";

export { StemeApiError } from "./api-error.ts";
export { StemeNetworkError, type NetworkFailure } from "./network-error.ts";
export { ValidationError } from "./validation-error.ts";

export { PRIVATE_KEY_VARIABLE, Signer, type SignatureInput, type Signed } from "./signer.ts";
export { signingMessage } from "./signing-message.ts";
export { verifySignature } from "./verify-signature.ts";

export { hashAssertion } from "./hash-assertion.ts";
export { hashEpoch, hashRetraction, hashSource, hashVote } from "./hash-records.ts";

export {
  buildAssertion,
  type AssertionDraft,
  type AssertionFields,
  type ClaimValue,
} from "./build-assertion.ts";
export { buildEpoch, type EpochDraft, type EpochFields } from "./build-epoch.ts";
export { buildRetraction, type RetractionDraft, type RetractionFields } from "./build-retraction.ts";
export { buildSource, type SourceDraft, type SourceFields } from "./build-source.ts";
export { buildVote, type VoteDraft, type VoteFields } from "./build-vote.ts";
export { referenceValue } from "./reference-value.ts";
export type { TimeInput } from "./time-input.ts";

export type { Lifecycle, Tier, TierName, Value } from "./model-types.ts";
export { LENS_NAMES } from "../model/lens-names.ts";
export type * from "./api-types.ts";
