import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { renderApiReference } from "../../test/support/api-reference.ts";

test("docs/api.md is generated from the OpenAPI document and up to date (npm run docs:api)", async () => {
  const generated = await renderApiReference();
  const committed = readFileSync(new URL("../../docs/api.md", import.meta.url), "utf8");
  assert.equal(committed, generated, "docs/api.md is stale: run npm run docs:api");
  for (const path of [
    "POST /v1/assert`",
    "GET /v1/query`",
    "GET /v1/health`",
    "POST /v1/vote`",
    "GET /v1/watch`",
  ]) {
    assert.ok(generated.includes(path), `the reference documents ${path}`);
  }
});
