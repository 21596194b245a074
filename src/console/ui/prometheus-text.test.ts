import assert from "node:assert/strict";
import { test } from "node:test";
import { parsePrometheusText, sampleValue } from "./prometheus-text.ts";

const TEXT = `# HELP stemedb_assertions_total Assertions stored by this process
# TYPE stemedb_assertions_total counter
stemedb_assertions_total 42
stemedb_query_latency_seconds{quantile="0.5"} 0.0012
stemedb_query_latency_seconds{quantile="0.99"} 0.0042
stemedb_query_latency_seconds_count 17
stemedb_circuit_breaker_state{state="OPEN"} 2
stemedb_requests_rejected_total{reason="rate_limit",note="a \\"quoted\\" } value"} 3 1700000000000
not a sample line
`;

test("samples are read with their labels; comments and other lines are skipped", () => {
  const samples = parsePrometheusText(TEXT);
  assert.equal(samples.length, 6);
  assert.equal(sampleValue(samples, "stemedb_assertions_total"), 42);
  assert.equal(sampleValue(samples, "stemedb_query_latency_seconds", { quantile: "0.99" }), 0.0042);
  assert.equal(sampleValue(samples, "stemedb_query_latency_seconds_count"), 17);
  assert.equal(sampleValue(samples, "stemedb_circuit_breaker_state", { state: "OPEN" }), 2);
  const rejected = samples.find((s) => s.name === "stemedb_requests_rejected_total");
  assert.ok(rejected !== undefined);
  assert.deepEqual(rejected.labels, { reason: "rate_limit", note: 'a "quoted" } value' });
  assert.equal(rejected.value, 3, "a timestamp after the value is not the value");
});

test("a metric the server does not export has no value", () => {
  assert.equal(sampleValue(parsePrometheusText(TEXT), "stemedb_missing"), undefined);
  assert.equal(
    sampleValue(parsePrometheusText(TEXT), "stemedb_circuit_breaker_state", { state: "CLOSED" }),
    undefined,
  );
});
