/**
 * Domain errors that callers catch. Misuse of an API (a wrong argument type from our own code)
 * throws the closest built-in (`TypeError`, `RangeError`) instead. The HTTP layer maps each of these
 * to one status and the JSON error body of the API contract.
 */

/** Input that breaks a rule of the data model. Nothing was stored. */
export class ValidationError extends Error {
  override readonly name = "ValidationError";
  /** JSON path of the offending field, e.g. `confidence` or `signatures[0].signature`. */
  readonly field: string;
  /** Short machine-readable reason, e.g. `out_of_range`, `required`, `bad_hex`. */
  readonly reason: string;

  constructor(field: string, reason: string, message: string) {
    super(message);
    this.field = field;
    this.reason = reason;
  }
}

/** A signature that is well formed but does not verify. Nothing was stored. */
export class SignatureError extends Error {
  override readonly name = "SignatureError";
  readonly field: string;
  /** The agent whose signature failed, for the circuit breaker. */
  readonly agentId: string;

  constructor(field: string, agentId: string, message: string) {
    super(message);
    this.field = field;
    this.agentId = agentId;
  }
}

/** An id or hash that names nothing stored. */
export class NotFoundError extends Error {
  override readonly name = "NotFoundError";
}

/** Bytes on disk that do not match their checksum or framing. */
export class ChecksumError extends Error {
  override readonly name = "ChecksumError";
  readonly segment: string;
  readonly offset: number;

  constructor(segment: string, offset: number, message: string) {
    super(message);
    this.segment = segment;
    this.offset = offset;
  }
}

/** Which limit refused a request: the error code of the 429 response. */
export type LimitCode = "rate_limited" | "quota_exceeded" | "circuit_open";

/** A quota, rate limit or open circuit breaker refuses the request for now. */
export class QuotaError extends Error {
  override readonly name = "QuotaError";
  /** Seconds after which the caller may try again. */
  readonly retryAfterSeconds: number;
  readonly code: LimitCode;
  /** Response headers that explain the refusal (`x-circuit-breaker-state`, `X-Quota-*`). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    message: string,
    retryAfterSeconds: number,
    code: LimitCode = "rate_limited",
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
    this.code = code;
    this.headers = headers;
  }
}

/** Missing or unknown credentials (401). */
export class AuthenticationError extends Error {
  override readonly name = "AuthenticationError";
}

/** Credentials that are known but may not do this (403): revoked key, wrong admin token, tier cap. */
export class PermissionError extends Error {
  override readonly name = "PermissionError";
  /** Machine-readable code: `api_key_revoked`, `admin_token_invalid`, `tier_not_allowed`, … */
  readonly code: string;
  readonly field: string | undefined;

  constructor(code: string, message: string, field?: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

/** An unknown agent must first solve a proof of work of this difficulty (428). */
export class ProofOfWorkRequiredError extends Error {
  override readonly name = "ProofOfWorkRequiredError";
  /** Leading zero bits the BLAKE3 digest must have. */
  readonly difficulty: number;

  constructor(difficulty: number, message: string) {
    super(message);
    this.difficulty = difficulty;
  }
}

/** The request conflicts with the current state (409): e.g. a quarantine entry already decided. */
export class ConflictError extends Error {
  override readonly name = "ConflictError";
}

/** The database cannot serve this request now (closed, recovering, disk full, log failed). */
export class UnavailableError extends Error {
  override readonly name = "UnavailableError";
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds = 1, options?: ErrorOptions) {
    super(message, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
