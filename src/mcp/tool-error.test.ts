import assert from "node:assert/strict";
import { test } from "node:test";
import { StemeApiError } from "../client/api-error.ts";
import { StemeNetworkError } from "../client/network-error.ts";
import { ValidationError } from "../client/validation-error.ts";
import { toolError } from "./tool-error.ts";

const cases: { name: string; error: unknown; body: Record<string, unknown> }[] = [
  {
    name: "an API error keeps the server's code, field, reason, status, request id and wait",
    error: new StemeApiError({
      status: 429,
      body: { error: "rate_limited", message: "Too many requests", request_id: "r-1" },
      retryAfterMs: 1500,
    }),
    body: {
      error: "rate_limited",
      message: "Too many requests",
      status: 429,
      request_id: "r-1",
      retry_after_seconds: 2,
    },
  },
  {
    name: "a field at fault is named",
    error: new StemeApiError({
      status: 400,
      body: { error: "validation_failed", message: "bad", field: "confidence", reason: "out_of_range" },
    }),
    body: {
      error: "validation_failed",
      message: "bad",
      status: 400,
      field: "confidence",
      reason: "out_of_range",
    },
  },
  {
    name: "the SDK's own validation reads like the server's",
    error: new ValidationError("concept_path", "bad_path", "concept_path contains an empty segment"),
    body: {
      error: "validation_failed",
      message: "concept_path contains an empty segment",
      field: "concept_path",
      reason: "bad_path",
    },
  },
  {
    name: "no answer: unreachable",
    error: new StemeNetworkError("network", "POST /v1/query: fetch failed", "r-2"),
    body: {
      error: "unreachable",
      message: "StemeDB did not answer: POST /v1/query: fetch failed",
      request_id: "r-2",
    },
  },
  {
    name: "no answer in time: timeout",
    error: new StemeNetworkError("timeout", "POST /v1/query: no answer within 30000 ms", "r-3"),
    body: {
      error: "timeout",
      message: "StemeDB did not answer: POST /v1/query: no answer within 30000 ms",
      request_id: "r-3",
    },
  },
  {
    name: "anything else keeps its message",
    error: new TypeError("Cannot sign"),
    body: { error: "tool_failed", message: "Cannot sign" },
  },
];

for (const { name, error, body } of cases) {
  test(`toolError: ${name}`, () => {
    const result = toolError(error);
    assert.equal(result.isError, true);
    assert.deepEqual(result.structuredContent, body);
    assert.deepEqual(result.content, [{ type: "text", text: JSON.stringify(body) }]);
  });
}
