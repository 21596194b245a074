import assert from "node:assert/strict";
import { test } from "node:test";
import { ADMIN_AUTH, testApp } from "../support/test-app.ts";
import { fuzzEveryEndpoint } from "./fuzz.ts";

// Limits off, so that the fuzz reaches the validation behind them (a 429 would also pass), and the
// admin token on every request, so that admin routes are fuzzed past their authentication.
const UNLIMITED = {
  STEMEDB_RATE_LIMIT_ENABLED: "false",
  STEMEDB_QUOTA_ENABLED: "false",
  STEMEDB_BREAKER_ENABLED: "false",
};

test("every documented endpoint answers hostile input with a clear 4xx and stores nothing invalid", async () => {
  const { app, db } = await testApp(UNLIMITED);
  const before = db.store.assertionCount;
  const seed = process.env["FUZZ_SEED"];
  const report = await fuzzEveryEndpoint(app, {
    runs: Number(process.env["FUZZ_RUNS"] ?? 20),
    headers: { authorization: ADMIN_AUTH },
    ...(seed !== undefined ? { seed: Number(seed) } : {}),
  });

  for (const key of [
    "POST /v1/assert",
    "POST /v1/assert/batch",
    "GET /v1/assertions/{hash}",
    "GET /v1/query",
  ]) {
    assert.ok(report.operations.includes(key), `${key} is read from the OpenAPI document and fuzzed`);
  }
  assert.ok(report.requests > 2000, `thousands of requests were sent (${report.requests})`);
  assert.ok(report.created.size > 0, "the valid templates were stored, so reads saw real hashes");

  // Stored: exactly the writes answered `created`, plus quarantined ones an admin approved.
  const approved = [...report.quarantined].filter((hash) => db.get(hash) !== undefined);
  assert.equal(
    db.store.assertionCount,
    before + report.created.size + approved.length,
    "only the writes answered `created` (or approved from quarantine) are stored",
  );
  for (const hash of report.created) assert.ok(db.get(hash) !== undefined, `created ${hash} is readable`);
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined, "Object.prototype is not polluted");

  const health = await app.inject({ method: "GET", url: "/v1/health" });
  assert.equal(health.statusCode, 200, `the app still serves: ${health.body}`);
});

test("with the default limits on, every answer is still a documented 2xx or a clear 4xx (429 included)", async () => {
  const { app, db } = await testApp();
  const before = db.store.assertionCount;
  const report = await fuzzEveryEndpoint(app, { runs: 3 });
  const approved = [...report.quarantined].filter((hash) => db.get(hash) !== undefined);
  assert.equal(
    db.store.assertionCount,
    before + report.created.size + approved.length,
    "nothing else stored",
  );
});
