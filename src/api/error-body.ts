import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import {
  AuthenticationError,
  ChecksumError,
  ConflictError,
  NotFoundError,
  PermissionError,
  ProofOfWorkRequiredError,
  QuotaError,
  SignatureError,
  UnavailableError,
  ValidationError,
} from "../errors.ts";

/** The JSON body of every error response (`spec/api.md` §Conventions). */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
  readonly field?: string;
  readonly reason?: string;
  /** Leading zero bits a proof of work needs (428 only). */
  readonly difficulty?: number;
  readonly request_id: string;
}

interface Mapped {
  readonly status: number;
  readonly body: Omit<ErrorBody, "request_id">;
  readonly retryAfterSeconds?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The one place where errors become responses. Domain errors map to their status; fastify's own
 * errors (malformed JSON, body too large, schema validation) get the same body shape; anything
 * else is a 500 whose details stay in the log, never in the response.
 */
export function mapError(error: unknown): Mapped {
  if (error instanceof ValidationError) {
    return {
      status: 400,
      body: { error: "validation_failed", message: error.message, field: error.field, reason: error.reason },
    };
  }
  if (error instanceof SignatureError) {
    return { status: 400, body: { error: "invalid_signature", message: error.message, field: error.field } };
  }
  if (error instanceof NotFoundError)
    return { status: 404, body: { error: "not_found", message: error.message } };
  if (error instanceof QuotaError) {
    return {
      status: 429,
      body: { error: error.code, message: error.message },
      retryAfterSeconds: error.retryAfterSeconds,
      headers: error.headers,
    };
  }
  if (error instanceof AuthenticationError) {
    return {
      status: 401,
      body: { error: "unauthenticated", message: error.message },
      headers: { "www-authenticate": 'Bearer realm="stemedb"' },
    };
  }
  if (error instanceof PermissionError) {
    return {
      status: 403,
      body: {
        error: error.code,
        message: error.message,
        ...(error.field !== undefined ? { field: error.field } : {}),
      },
    };
  }
  if (error instanceof ProofOfWorkRequiredError) {
    return {
      status: 428,
      body: { error: "proof_of_work_required", message: error.message, difficulty: error.difficulty },
    };
  }
  if (error instanceof ConflictError)
    return { status: 409, body: { error: "conflict", message: error.message } };
  if (error instanceof UnavailableError) {
    return {
      status: 503,
      body: { error: "unavailable", message: error.message },
      retryAfterSeconds: error.retryAfterSeconds,
    };
  }
  if (error instanceof ChecksumError) {
    return { status: 500, body: { error: "storage_corrupt", message: error.message } };
  }
  return mapFrameworkError(error as Partial<FastifyError>);
}

function mapFrameworkError(error: Partial<FastifyError>): Mapped {
  const validation = error.validation?.[0];
  if (validation !== undefined) {
    const missing = (validation.params as { missingProperty?: string } | undefined)?.missingProperty;
    const path = jsonPath([
      ...validation.instancePath.split("/").slice(1),
      ...(missing !== undefined ? [missing] : []),
    ]);
    const field = path === "" ? (error.validationContext ?? "body") : path;
    return {
      status: 400,
      body: {
        error: "validation_failed",
        message: `${field} ${validation.message ?? "is invalid"}`,
        field,
        reason: validation.keyword,
      },
    };
  }
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return {
        status: 413,
        body: { error: "body_too_large", message: "The request body is larger than this endpoint accepts" },
      };
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return {
        status: 415,
        body: {
          error: "unsupported_media_type",
          message: "Send the body as JSON (Content-Type: application/json)",
        },
      };
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return {
        status: 400,
        body: { error: "malformed_json", message: "The body is empty; send a JSON object" },
      };
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return {
        status: 400,
        body: { error: "malformed_json", message: `The body is not valid JSON: ${error.message ?? ""}` },
      };
    default:
      break;
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    const isJson = error instanceof SyntaxError;
    return {
      status: error.statusCode,
      body: {
        error: isJson ? "malformed_json" : "bad_request",
        message: isJson ? `The body is not valid JSON: ${error.message}` : (error.message ?? "Bad request"),
      },
    };
  }
  return {
    status: 500,
    body: { error: "internal_error", message: "Internal error; the server log has the details" },
  };
}

/** `["assertions", "5", "confidence"]` → `assertions[5].confidence`, the form the normaliser uses. */
function jsonPath(segments: readonly string[]): string {
  return segments.reduce((path, segment) => {
    if (/^\d+$/.test(segment)) return `${path}[${segment}]`;
    return path === "" ? segment : `${path}.${segment}`;
  }, "");
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const mapped = mapError(error);
  if (mapped.status >= 500) request.log.error({ err: error }, "request failed");
  if (mapped.retryAfterSeconds !== undefined)
    reply.header("retry-after", String(Math.max(1, Math.ceil(mapped.retryAfterSeconds))));
  for (const [name, value] of Object.entries(mapped.headers ?? {})) reply.header(name, value);
  return reply.status(mapped.status).send({ ...mapped.body, request_id: request.id });
}
