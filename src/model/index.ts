/**
 * The StemeDB data model: assertion types, validation and normalisation, RFC 8785 canonical
 * encoding, BLAKE3 content hashes and Ed25519 signatures. Pure code: no I/O.
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
export { DEFAULT_LIFECYCLE, LIFECYCLES, parseLifecycle } from "./lifecycle.ts";
export {
  ANONYMOUS_AGENT,
  ASSERTION_MAX_JSON_BYTES,
  normalizeAssertion,
  type NormalizeOptions,
} from "./normalize.ts";
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
export { assertionToJson, signatureToJson, type AssertionJson, type SignatureJson } from "./wire.ts";
