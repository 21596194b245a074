import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { Registry } from "prom-client";
import { WindowedSummary } from "./windowed-summary.ts";

function summary(now: () => number = Date.now, registers: Registry[] = []): WindowedSummary {
  return new WindowedSummary({
    name: "test_latency_seconds",
    help: "Latency",
    percentiles: [0.5, 0.9, 0.99],
    maxAgeSeconds: 600,
    ageBuckets: 5,
    registers,
    now,
  });
}

async function quantiles(s: WindowedSummary): Promise<number[]> {
  const { values } = await s.get();
  return values.filter((v) => v.metricName === undefined).map((v) => v.value);
}

function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1] ?? Number.NaN;
}

test("each quantile is within 1 % of the exact one", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.double({ min: 1e-5, max: 50, noNaN: true }), { minLength: 1, maxLength: 500 }),
      async (observations) => {
        const s = summary();
        for (const o of observations) s.observe(o);
        const sorted = [...observations].sort((a, b) => a - b);
        const reported = await quantiles(s);
        [0.5, 0.9, 0.99].forEach((q, i) => {
          const exact = exactQuantile(sorted, q);
          const error = Math.abs((reported[i] ?? Number.NaN) - exact) / exact;
          assert.ok(error <= 0.0101, `q${q}: ${reported[i]} vs exact ${exact}`);
        });
      },
    ),
  );
});

test("observations older than the window leave the quantiles; sum and count keep everything", async () => {
  let now = 0;
  const s = summary(() => now);
  for (let i = 0; i < 100; i++) s.observe(1);
  now = 300_000; // half the window later
  for (let i = 0; i < 100; i++) s.observe(0.001);
  assert.ok(((await quantiles(s))[2] ?? 0) > 0.9, "both halves are in the window: p99 is the slow one");
  now = 700_000; // the slow observations are over 600 s old
  const [p50, , p99] = await quantiles(s);
  assert.ok(Math.abs((p99 ?? 0) - 0.001) < 0.00002, `p99 ${p99}`);
  assert.ok(Math.abs((p50 ?? 0) - 0.001) < 0.00002, `p50 ${p50}`);
  now = 2_000_000;
  assert.ok(Number.isNaN((await quantiles(s))[0]), "an empty window has no quantiles");
  const { values } = await s.get();
  assert.equal(values.find((v) => v.metricName === "test_latency_seconds_count")?.value, 200);
  assert.ok(
    Math.abs((values.find((v) => v.metricName === "test_latency_seconds_sum")?.value ?? 0) - 100.1) < 1e-9,
  );
});

test("negative, infinite and NaN observations are ignored", async () => {
  const s = summary();
  for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) s.observe(bad);
  const { values } = await s.get();
  assert.equal(values.find((v) => v.metricName === "test_latency_seconds_count")?.value, 0);
});

test("it renders as a Prometheus summary through prom-client's registry", async () => {
  const registry = new Registry();
  const s = summary(Date.now, [registry]);
  s.observe(0.25);
  const text = await registry.metrics();
  assert.match(text, /^# TYPE test_latency_seconds summary$/m);
  assert.match(text, /^test_latency_seconds\{quantile="0\.99"\} 0\.2\d+$/m);
  assert.match(text, /^test_latency_seconds_count 1$/m);
  assert.match(text, /^test_latency_seconds_sum 0\.25$/m);
});
