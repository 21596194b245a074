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

/** A quota, rate limit or open circuit breaker refuses the request for now. */
export class QuotaError extends Error {
  override readonly name = "QuotaError";
  /** Seconds after which the caller may try again. */
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
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
