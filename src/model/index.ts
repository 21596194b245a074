/**
 * The StemeDB data model: assertions, votes, epochs, sources and retractions; their validation and
 * normalisation, RFC 8785 canonical encoding, BLAKE3 content hashes and Ed25519 signatures. Pure
 * code: no I/O.
 */
export type { Assertion, AssertionContent, Lifecycle, Signature, Source, Tier, Value } from "./assertion.ts";
export {
  CONCEPT_PATH_MAX_BYTES,
  PREDICATE_MAX_BYTES,
  parseConceptPath,
  parsePredicate,
} from "./concept-path.ts";
export {
  CONTENT_VERSION,
  blake3Hex,
  canonicalBytes,
  canonicalJson,
  contentHash,
  contentObject,
  type ContentObject,
} from "./content-hash.ts";
export { bytesToHex, hexToBytes, isLowerHex, parseHex } from "./hex.ts";
export { canonicalize } from "./jcs.ts";
export {
  EPOCH_DESCRIPTION_MAX_BYTES,
  EPOCH_NAME_MAX_BYTES,
  EPOCH_SUPERSEDES_MAX,
  epochContentObject,
  epochHash,
  epochToJson,
  normalizeEpoch,
  type Epoch,
  type EpochContent,
  type EpochContentObject,
  type EpochJson,
} from "./epoch.ts";
export { DEFAULT_LIFECYCLE, LIFECYCLES, parseLifecycle } from "./lifecycle.ts";
export {
  ANONYMOUS_AGENT,
  ASSERTION_MAX_JSON_BYTES,
  normalizeAssertion,
  type NormalizeOptions,
} from "./normalize.ts";
export { recordCanonicalBytes, recordHash } from "./record-hash.ts";
export {
  RETRACTION_REASON_MAX_BYTES,
  normalizeRetraction,
  retractionContentObject,
  retractionHash,
  retractionToJson,
  type Retraction,
  type RetractionContent,
  type RetractionContentObject,
  type RetractionJson,
  type RetractionOptions,
} from "./retraction.ts";
export {
  SIGNING_PREFIX,
  agentIdFromSeed,
  generateAgentKey,
  signHash,
  signingMessage,
  verifyAll,
  verifySignature,
} from "./signature.ts";
export { SIGNATURES_MAX, parseSignatures } from "./signatures-field.ts";
export { SOURCE_URI_MAX_BYTES, parseSource } from "./source.ts";
export {
  SOURCE_CONTENT_MAX_BYTES,
  SOURCE_TITLE_MAX_BYTES,
  normalizeSource,
  sourceContentHash,
  sourceToJson,
  type SourceJson,
  type SourceRecord,
} from "./source-record.ts";
export {
  DEFAULT_TIER,
  DEFAULT_TIER_HALF_LIFE_DAYS,
  DEFAULT_TIER_WEIGHTS,
  TIER_NAMES,
  isTier,
  parseTier,
  tierName,
  type TierName,
  type TierTable,
} from "./tier.ts";
export { MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS, formatTimestamp, parseTimestamp } from "./timestamp.ts";
export { TEXT_MAX_BYTES, parseValue, type ValueType } from "./value.ts";
export { verifyVote } from "./vote-signature.ts";
export {
  normalizeVote,
  voteContentObject,
  voteHash,
  voteToJson,
  type Vote,
  type VoteContent,
  type VoteContentObject,
  type VoteJson,
} from "./vote.ts";
export { assertionToJson, signatureToJson, type AssertionJson, type SignatureJson } from "./wire.ts";
export { NEUTRAL_TRUST, TRUST_DELTAS, TRUST_HALF_LIFE_DAYS, adjustTrust, trustAt } from "./trust.ts";
