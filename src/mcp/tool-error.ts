import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { StemeApiError } from "../client/api-error.ts";
import { StemeNetworkError } from "../client/network-error.ts";
import { ValidationError } from "../client/validation-error.ts";

/**
 * What a failed tool call tells the model: the server's error code (`validation_failed`,
 * `not_found`, `rate_limited`, `quota_exceeded`, …), what is wrong, and where the server or
 * the SDK named them, the field at fault and why, the HTTP status, the request id and how long
 * to wait before retrying.
 */
export interface ToolErrorBody {
  readonly [member: string]: unknown;
  readonly error: string;
  readonly message: string;
  readonly field?: string;
  readonly reason?: string;
  readonly status?: number;
  readonly request_id?: string;
  readonly retry_after_seconds?: number;
}

/**
 * A failure as an MCP tool error (`isError: true`), not a protocol error: the model reads it and
 * can correct its input, whereas a protocol error would only tell its client that the call broke.
 * API errors keep the server's code, field and message; the SDK's builders reject bad input
 * before sending with the same `validation_failed` code, so both read alike.
 *
 * @example
 * ```ts
 * const result = toolError(new ValidationError("confidence", "out_of_range", "confidence must be from 0 to 1"));
 * result.structuredContent; // { error: "validation_failed", field: "confidence", reason: "out_of_range", … }
 * ```
 */
export function toolError(error: unknown): CallToolResult {
  const body = describeFailure(error);
  return { isError: true, content: [{ type: "text", text: JSON.stringify(body) }], structuredContent: body };
}

function describeFailure(error: unknown): ToolErrorBody {
  if (error instanceof StemeApiError) {
    return {
      error: error.code,
      message: error.message,
      status: error.status,
      ...(error.field !== undefined ? { field: error.field } : {}),
      ...(error.reason !== undefined ? { reason: error.reason } : {}),
      ...(error.requestId !== undefined ? { request_id: error.requestId } : {}),
      ...(error.retryAfterMs !== undefined
        ? { retry_after_seconds: Math.ceil(error.retryAfterMs / 1000) }
        : {}),
    };
  }
  if (error instanceof ValidationError) {
    return { error: "validation_failed", message: error.message, field: error.field, reason: error.reason };
  }
  if (error instanceof StemeNetworkError) {
    return {
      error: error.failure === "timeout" ? "timeout" : "unreachable",
      message: `StemeDB did not answer: ${error.message}`,
      request_id: error.requestId,
    };
  }
  return { error: "tool_failed", message: error instanceof Error ? error.message : String(error) };
}
