import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { testApp } from "../support/test-app.ts";

// Inputs the endpoint fuzz found answering 500 or a body without request_id, pinned here so that
// they are tried on every run, not only when the fuzz happens to draw them again.

const UNLIMITED = {
  STEMEDB_RATE_LIMIT_ENABLED: "false",
  STEMEDB_QUOTA_ENABLED: "false",
  STEMEDB_BREAKER_ENABLED: "false",
};

interface Answer {
  readonly statusCode: number;
  readonly headers: Record<string, unknown>;
  readonly body: string;
}

function assertErrorBody(res: Answer, field?: string): void {
  assert.ok(res.statusCode >= 400 && res.statusCode < 500, `a 4xx: ${res.statusCode} ${res.body}`);
  const body = JSON.parse(res.body) as Record<string, unknown>;
  for (const key of ["error", "message", "request_id"]) {
    assert.ok(typeof body[key] === "string", `the error body has "${key}": ${res.body}`);
  }
  assert.equal(body["request_id"], res.headers["x-request-id"], "request_id matches X-Request-Id");
  if (field !== undefined) assert.equal(body["field"], field, res.body);
}

describe("fuzz findings", () => {
  it("answers a malformed percent-escape or an over-long path parameter with the error body", async () => {
    // Was fastify's own {"error":"Bad Request","code":"FST_ERR_BAD_URL"} (or 414 FST_ERR_MAX_PARAM_LENGTH)
    // without request_id; fixed by `frameworkErrors` in build-app.ts.
    const { app } = await testApp(UNLIMITED);
    for (const url of [
      "/v1/assertions/%ff",
      "/v1/assertions/%",
      "/v1/trace/%E0%A4%A",
      "/v1/sources/%C0%AF/impact",
    ]) {
      const res = await app.inject({ method: "GET", url });
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assertErrorBody(res);
    }
    assertErrorBody(await app.inject({ method: "GET", url: `/v1/assertions/${"a".repeat(101)}` }));
  });

  it("refuses an agent_id over LMDB's key limit in the audit list with 400", async () => {
    // Was a 500: QueryAudit.list built a key over LMDB's 1,978 bytes.
    const { app } = await testApp(UNLIMITED);
    await app.inject({ method: "GET", url: "/v1/query?concept_path=*" });
    for (const agentId of ["x".repeat(129), "x".repeat(1970), "x".repeat(4000)]) {
      const res = await app.inject({ method: "GET", url: `/v1/audit/queries?agent_id=${agentId}` });
      assert.equal(res.statusCode, 400, res.body);
      assertErrorBody(res, "agent_id");
    }
  });

  it("prices a GET that declares a Content-Length over 2^53 without failing", async () => {
    // Was a 500: the quota meter priced Number(content-length) = 9007199254740992 and threw RangeError.
    const { app } = await testApp();
    for (const length of ["9007199254740993", "18446744073709551615"]) {
      const res = await app.inject({
        method: "GET",
        url: "/v1/skeptic?concept_path=a&predicate=p",
        headers: { "content-length": length },
      });
      assert.ok(res.statusCode < 500, `no 5xx for Content-Length ${length}: ${res.body}`);
    }
  });
});
