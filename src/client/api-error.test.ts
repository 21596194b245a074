import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, test } from "node:test";
import { StemeApiError } from "./api-error.ts";
import { buildAssertion } from "./build-assertion.ts";
import { Signer } from "./signer.ts";
import { StemeClient } from "./steme-client.ts";
import { startTestServer } from "./test-server.ts";

/** Runs `call` and returns the `StemeApiError` it rejects with. */
async function apiError(call: Promise<unknown>): Promise<StemeApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof StemeApiError) return error;
    throw error;
  }
  throw new Error("the call succeeded; an error answer was expected");
}

test("error answers of the real server become StemeApiErrors with status, code, field, reason and request id", async () => {
  const server = await startTestServer();
  const client = server.client();

  const invalid = await apiError(
    client.assert({
      concept_path: "drugs/aspirin",
      predicate: "max_daily_dose_mg",
      value: 4000,
      confidence: 2,
    }),
  );
  assert.equal(invalid.status, 400);
  assert.equal(invalid.code, "validation_failed");
  assert.equal(invalid.field, "confidence");
  assert.match(invalid.requestId ?? "", /^[0-9a-f]{32}$/, "the id the client sent, echoed");
  assert.match(invalid.message, /confidence/);
  const badPath = await apiError(
    client.assert({ concept_path: "drugs//aspirin", predicate: "p", value: 1, confidence: 1 }),
  );
  assert.equal(badPath.field, "concept_path");
  assert.equal(badPath.reason, "bad_path");

  const item = await apiError(
    client.assertBatch([
      buildAssertion({ concept_path: "a/b", predicate: "p", value: 1, confidence: 1 }),
      { concept_path: "a/b", predicate: "p", value: 2, confidence: -1 },
    ]),
  );
  assert.equal(item.field, "assertions[1].confidence", "a batch error names the item");

  const signer = await Signer.generate();
  const signed = await signer.signAssertion(
    buildAssertion({ concept_path: "a/c", predicate: "p", value: 1, confidence: 1 }),
  );
  const tampered = await apiError(client.assert({ ...signed, value: 2 }));
  assert.equal(tampered.status, 400);
  assert.equal(tampered.code, "invalid_signature", "the signature covers the content");
  assert.equal(tampered.field, "signatures[0].signature");

  const missing = await apiError(client.getAssertion("0".repeat(64)));
  assert.equal(missing.status, 404);
  assert.equal(missing.code, "not_found");
  assert.equal(missing.request, `GET /v1/assertions/${"0".repeat(64)}`);
});

test("an error page from something in front of the server still gives a StemeApiError", async () => {
  // A proxy that lost its upstream answers with HTML, not StemeDB's JSON body.
  const proxy = createServer((_request, response) => {
    response
      .writeHead(502, { "content-type": "text/html" })
      .end("<html><body><h1>502 Bad Gateway</h1></body></html>");
  });
  await new Promise<void>((listening) => proxy.listen(0, "127.0.0.1", listening));
  after(() => proxy.close());
  const address = proxy.address();
  assert.ok(address !== null && typeof address === "object");
  const client = new StemeClient({ baseUrl: `http://127.0.0.1:${address.port}` });
  const error = await apiError(client.concepts());
  assert.equal(error.status, 502);
  assert.equal(error.code, "http_error");
  assert.match(error.message, /^HTTP 502 Bad Gateway: <html>/);
});

test("with authentication on, a missing key is 401 and a wrong one 403", async () => {
  const server = await startTestServer({ STEMEDB_AUTH_ENABLED: "true" });
  const anonymous = await apiError(server.client().query({ concept_path: "*" }));
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.code, "unauthenticated");
  const wrong = await apiError(server.client({ apiKey: "sk_not_a_key" }).query({ concept_path: "*" }));
  assert.ok(wrong.status === 401 || wrong.status === 403, `got ${wrong.status}`);
});
