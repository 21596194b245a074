import assert from "node:assert/strict";
import { test } from "node:test";
import { LENS_NAMES } from "../lens/index.ts";
import { testApp } from "../../test/support/test-app.ts";

test("every lens answers over HTTP with a resolution of the documented shape", async () => {
  const { app } = await testApp();
  const pair = { concept_path: "jwt/validation", predicate: "check_aud" };
  const claims: [string, object][] = [
    [
      "ietf",
      { ...pair, value: true, confidence: 0.95, authority_tier: "regulatory", source: { uri: "rfc://7519" } },
    ],
    [
      "wiki",
      {
        ...pair,
        value: false,
        confidence: 0.7,
        authority_tier: "expert",
        source: { uri: "wiki://internal/2024" },
      },
    ],
    ["blogger", { ...pair, value: false, confidence: 0.6, authority_tier: "anecdotal" }],
  ];
  for (const [agent, claim] of claims) {
    const written = await app.inject({
      method: "POST",
      url: "/v1/assert",
      headers: { "x-agent-id": agent },
      payload: claim,
    });
    assert.equal(written.statusCode, 201, written.body);
  }
  for (const lens of LENS_NAMES) {
    const response = await app.inject({
      method: "GET",
      url: `/v1/query?concept_path=jwt/validation&lens=${lens}`,
    });
    assert.equal(response.statusCode, 200, `${lens}: ${response.body}`);
    const body = response.json<{
      lens: string;
      assertions: unknown[];
      resolutions: Record<string, unknown>[];
    }>();
    assert.equal(body.lens, lens);
    assert.equal(body.assertions.length, 3, lens);
    const [resolution] = body.resolutions;
    assert.ok(resolution !== undefined, `${lens} resolves the pair`);
    for (const key of [
      "concept_path",
      "predicate",
      "winner",
      "value",
      "candidates_count",
      "resolution_confidence",
      "conflict_score",
      "status",
    ]) {
      assert.ok(key in resolution, `${lens} reports ${key}`);
    }
    assert.ok(["unanimous", "agreed", "contested"].includes(String(resolution["status"])), `${lens} status`);
    if (lens === "skeptic") {
      assert.equal(resolution["winner"], null, "skeptic names no winner");
      assert.equal((resolution["values"] as unknown[]).length, 2);
    } else {
      assert.ok(typeof resolution["winner"] === "string", `${lens} names a winner`);
    }
    if (lens === "layered")
      assert.equal((resolution["layers"] as unknown[]).length, 3, "one layer per tier present");
  }
  const authority = await app.inject({
    method: "GET",
    url: "/v1/query?concept_path=jwt/validation&lens=authority",
  });
  assert.deepEqual(authority.json<{ resolutions: { value: unknown }[] }>().resolutions[0]?.value, {
    type: "boolean",
    value: true,
  });
  const consensus = await app.inject({
    method: "GET",
    url: "/v1/query?concept_path=jwt/validation&lens=consensus",
  });
  assert.deepEqual(consensus.json<{ resolutions: { value: unknown }[] }>().resolutions[0]?.value, {
    type: "boolean",
    value: false,
  });
});
