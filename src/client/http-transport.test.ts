import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import { after, test } from "node:test";
import { StemeApiError } from "./api-error.ts";
import { buildAssertion } from "./build-assertion.ts";
import { StemeNetworkError } from "./network-error.ts";
import { StemeClient } from "./steme-client.ts";
import { startTestServer } from "./test-server.ts";

/** A `fetch` that records the status of every attempt (0 for no answer) and passes it on. */
function recordingFetch(): { fetch: typeof fetch; statuses: number[] } {
  const statuses: number[] = [];
  return {
    statuses,
    fetch: async (input, init) => {
      try {
        const response = await fetch(input, init);
        statuses.push(response.status);
        return response;
      } catch (error) {
        statuses.push(0);
        throw error;
      }
    },
  };
}

/** A claim that is new each time, so the Shield's duplicate detection leaves it alone. */
let n = 0;
function claim(): ReturnType<typeof buildAssertion> {
  n += 1;
  return buildAssertion({
    concept_path: `retries/item-${n}`,
    predicate: "weight_kg",
    value: n * 1.5,
    confidence: 0.6,
  });
}

/** A TCP server that accepts connections and never answers: a partition, as the client sees it. */
async function blackHole(): Promise<string> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => sockets.add(socket));
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  after(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  const address = server.address();
  assert.ok(address !== null && typeof address === "object");
  return `http://127.0.0.1:${address.port}`;
}

/** A loopback URL where nothing listens: connections are refused. */
async function closedPort(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((listening) => probe.listen(0, "127.0.0.1", listening));
  const address = probe.address();
  await new Promise((closed) => probe.close(closed));
  assert.ok(address !== null && typeof address === "object");
  return `http://127.0.0.1:${address.port}`;
}

test("a 429 from the real rate limiter is retried after its Retry-After, then succeeds", async () => {
  const server = await startTestServer({ STEMEDB_RATE_LIMIT_WRITES: "1:1" });
  const recorder = recordingFetch();
  const client = server.client({ fetch: recorder.fetch });
  await client.assert(claim());
  const began = performance.now();
  const result = await client.assert(claim());
  const waited = performance.now() - began;
  assert.equal(result.status, "created");
  assert.deepEqual(recorder.statuses, [201, 429, 201]);
  // The limiter refills one token a second and says so (Retry-After: 1); the client waited for it.
  assert.ok(waited >= 900, `waited ${Math.round(waited)} ms for the Retry-After`);
});

test("when the retries are spent the 429 reaches the caller as a typed error", async () => {
  const server = await startTestServer({ STEMEDB_RATE_LIMIT_WRITES: "1:1" });
  const client = server.client({ retries: 0 });
  await client.assert(claim());
  await assert.rejects(client.assert(claim()), (error) => {
    assert.ok(error instanceof StemeApiError);
    assert.equal(error.status, 429);
    assert.equal(error.code, "rate_limited");
    assert.ok((error.retryAfterMs ?? 0) >= 1000, "with the wait the server asked for");
    assert.match(error.requestId ?? "", /^[0-9a-f]{32}$/, "with the id the client sent");
    assert.equal(error.request, "POST /v1/assert");
    return true;
  });
});

test("a Retry-After longer than maxRetryDelayMs (a spent hourly quota) fails at once", async () => {
  const server = await startTestServer({ STEMEDB_QUOTA_PER_HOUR: "15" });
  const recorder = recordingFetch();
  const client = server.client({ agentId: "metered", fetch: recorder.fetch, maxRetryDelayMs: 0 });
  await client.assert(claim());
  await assert.rejects(client.assert(claim()), (error) => {
    assert.ok(error instanceof StemeApiError);
    assert.equal(error.code, "quota_exceeded");
    assert.ok((error.retryAfterMs ?? 0) >= 1000, "retryAfterMs says when the quota resets");
    return true;
  });
  assert.deepEqual(recorder.statuses, [201, 429], "no attempt after the 429");
});

test("network errors: reads and timestamped writes are retried, other writes are not", async () => {
  const baseUrl = await closedPort();
  const recorder = recordingFetch();
  const client = new StemeClient({ baseUrl, fetch: recorder.fetch, retries: 2, maxRetryDelayMs: 20 });
  const refused = (error: unknown): boolean => {
    assert.ok(error instanceof StemeNetworkError, String(error));
    assert.equal(error.failure, "network");
    assert.match(error.message, /ECONNREFUSED/);
    return true;
  };

  await assert.rejects(client.concepts(), refused);
  assert.deepEqual(recorder.statuses, [0, 0, 0], "a read: three attempts");

  recorder.statuses.length = 0;
  await assert.rejects(client.assert(claim()), refused);
  assert.deepEqual(recorder.statuses, [0, 0, 0], "a timestamped write is the same write again: retried");

  recorder.statuses.length = 0;
  const untimed = { concept_path: "retries/untimed", predicate: "weight_kg", value: 1, confidence: 0.6 };
  await assert.rejects(client.assert(untimed), refused);
  assert.deepEqual(recorder.statuses, [0], "without a timestamp a resend could store a second claim");

  recorder.statuses.length = 0;
  await assert.rejects(client.admin.createApiKey(), refused);
  assert.deepEqual(recorder.statuses, [0], "a second attempt could make a second key");
});

test("timeoutMs bounds a whole call: StemeNetworkError with failure timeout", async () => {
  const client = new StemeClient({ baseUrl: await blackHole(), timeoutMs: 200 });
  const began = performance.now();
  await assert.rejects(client.health(), (error) => {
    assert.ok(error instanceof StemeNetworkError);
    assert.equal(error.failure, "timeout");
    assert.match(error.message, /GET \/v1\/health: no answer within 200 ms/);
    return true;
  });
  assert.ok(performance.now() - began < 2000, "gave up at the deadline");
});

test("the caller's AbortSignal stops a call, and a wait between retries, with its reason", async () => {
  const hole = new StemeClient({ baseUrl: await blackHole() });
  const stop = new Error("the user navigated away");
  await assert.rejects(hole.query({ concept_path: "*" }, { signal: AbortSignal.timeout(50) }), (error) => {
    assert.ok(error instanceof DOMException && error.name === "TimeoutError", String(error));
    return true;
  });

  const server = await startTestServer({ STEMEDB_RATE_LIMIT_WRITES: "1:1" });
  const client = server.client();
  await client.assert(claim());
  const controller = new AbortController();
  const began = performance.now();
  setTimeout(() => {
    controller.abort(stop);
  }, 100);
  await assert.rejects(client.assert(claim(), { signal: controller.signal }), (error) => error === stop);
  assert.ok(performance.now() - began < 900, "did not wait out the Retry-After");
});

test("a 503 is retried after its Retry-After; health() reports it instead", async () => {
  const server = await startTestServer();
  const recorder = recordingFetch();
  const client = server.client({ fetch: recorder.fetch });
  server.ctx.state.draining = true;
  const health = await client.health();
  assert.equal(health.status, "unhealthy", "health() resolves with the 503's body");
  assert.equal(health.reason, "shutting down");
  assert.deepEqual(recorder.statuses, [503], "and does not retry");

  // The same endpoint through `request`, where a 503 is an error to retry: the server says
  // Retry-After: 5 while draining; it is back before that.
  recorder.statuses.length = 0;
  setTimeout(() => {
    server.ctx.state.draining = false;
  }, 500);
  const began = performance.now();
  const body = await client.request<{ status: string }>("GET", "/v1/health", { idempotent: true });
  assert.equal(body.status, "healthy");
  assert.deepEqual(recorder.statuses, [503, 200]);
  assert.ok(performance.now() - began >= 4900, "waited for the Retry-After");
});
