import assert from "node:assert/strict";
import { get, type IncomingMessage } from "node:http";
import { test } from "node:test";
import { testApp } from "../../test/support/test-app.ts";

test("changes since a time list new assertions and the winners they changed", async () => {
  const { app } = await testApp();
  const pair = { concept_path: "lib/tls/verify", predicate: "default" };
  await app.inject({
    method: "POST",
    url: "/v1/assert",
    payload: { ...pair, value: true, confidence: 0.9, timestamp: 1_700_000_000 },
  });
  await app.inject({
    method: "POST",
    url: "/v1/assert",
    payload: { ...pair, concept_path: "other/x", value: 1, confidence: 0.9, timestamp: 1_700_000_500 },
  });
  await app.inject({
    method: "POST",
    url: "/v1/assert",
    payload: { ...pair, value: false, confidence: 0.6, timestamp: 1_700_001_000 },
  });
  const response = await app.inject({
    method: "GET",
    url: "/v1/changes?concept_path=lib/*&since=1700000100",
  });
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json<{
    new_assertions: { value: { value: unknown } }[];
    changed_winners: {
      concept_path: string;
      before: { value: { value: unknown } };
      after: { value: { value: unknown } };
    }[];
  }>();
  assert.deepEqual(
    body.new_assertions.map((a) => a.value.value),
    [false],
  );
  assert.equal(body.changed_winners.length, 1);
  const change = body.changed_winners.at(0);
  assert.equal(change?.before.value.value, true);
  assert.equal(change.after.value.value, false);
  const unchanged = await app.inject({
    method: "GET",
    url: "/v1/changes?concept_path=lib/*&since=1700000100&lens=confidence",
  });
  assert.deepEqual(
    unchanged.json<{ changed_winners: unknown[] }>().changed_winners,
    [],
    "the confidence lens still picks the 0.9 claim",
  );
  assert.equal((await app.inject({ method: "GET", url: "/v1/changes?since=yesterday" })).statusCode, 400);
});

test("watch streams new assertions under the path and winner changes as Server-Sent Events", async () => {
  const { app } = await testApp();
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  const response = await new Promise<IncomingMessage>((resolve) =>
    get(`${url}/v1/watch?concept_path=jwt/*`, resolve),
  );
  assert.equal(response.headers["content-type"], "text/event-stream");
  let text = "";
  response.setEncoding("utf8");
  response.on("data", (chunk: string) => (text += chunk));
  const waitFor = async (pattern: RegExp): Promise<void> => {
    for (let i = 0; i < 500 && !pattern.test(text); i++) await new Promise((done) => setTimeout(done, 10));
    assert.match(text, pattern);
  };
  await waitFor(/: watching jwt\/\*/);
  const post = (payload: object): Promise<Response> =>
    fetch(`${url}/v1/assert`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
    });
  await post({ concept_path: "elsewhere", predicate: "p", value: 1, confidence: 0.5 });
  await post({ concept_path: "jwt/alg", predicate: "expected", value: "RS256", confidence: 0.9 });
  await waitFor(/event: winner\ndata: .*RS256/);
  assert.match(text, /event: assertion\ndata: .*"concept_path":"jwt\/alg"/);
  assert.doesNotMatch(text, /elsewhere/, "assertions outside the path are not sent");
  response.destroy();
});

test(
  "closing the server ends the open watch streams instead of waiting for their clients",
  { timeout: 10_000 },
  async () => {
    const { app } = await testApp();
    const url = await app.listen({ host: "127.0.0.1", port: 0 });
    const response = await new Promise<IncomingMessage>((resolve) => get(`${url}/v1/watch`, resolve));
    const ended = new Promise<void>((resolve) => response.on("end", resolve).resume());
    const began = Date.now();
    await app.close();
    await ended;
    assert.ok(Date.now() - began < 5_000, `closing took ${Date.now() - began} ms`);
  },
);
