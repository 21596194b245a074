import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { silentLogger } from "../logger.ts";
import { generateAgentKey, normalizeAssertion, signHash } from "../model/index.ts";
import { resolveAdminToken } from "../shield/admin-token.ts";
import { ADMIN_AUTH, testApp } from "../../test/support/test-app.ts";
import { tempDir } from "../../test/support/temp-dir.ts";

const claim = { concept_path: "auth/test", predicate: "status", value: "green", confidence: 0.7 };

test("with auth on, every request needs a key: 401 missing or unknown, 403 revoked; health and metrics stay open", async () => {
  const { app } = await testApp({ STEMEDB_AUTH_ENABLED: "true" });
  const missing = await app.inject({ method: "POST", url: "/v1/assert", payload: claim });
  assert.equal(missing.statusCode, 401, missing.body);
  assert.equal(missing.json<{ error: string }>().error, "unauthenticated");
  assert.match(String(missing.headers["www-authenticate"]), /^Bearer/);
  for (const url of ["/v1/health", "/metrics", "/v1/openapi.json"]) {
    assert.equal((await app.inject({ method: "GET", url })).statusCode, 200, `${url} needs no key`);
  }
  const unknown = await app.inject({
    method: "GET",
    url: "/v1/concepts",
    headers: { authorization: "Bearer stm_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
  });
  assert.equal(unknown.statusCode, 401, unknown.body);

  const created = await app.inject({
    method: "POST",
    url: "/v1/admin/api-keys",
    headers: { authorization: ADMIN_AUTH },
    payload: { agent_id: "reporter", name: "the reporting agent" },
  });
  assert.equal(created.statusCode, 201, created.body);
  const key = created.json<{ id: string; key: string; agent_id: string }>();
  assert.match(key.key, /^stm_[0-9a-f]{16}_/);
  const listed = await app.inject({
    method: "GET",
    url: "/v1/admin/api-keys",
    headers: { authorization: ADMIN_AUTH },
  });
  assert.ok(!listed.body.includes(key.key), "the secret is never shown again");

  const auth = { authorization: `Bearer ${key.key}` };
  const written = await app.inject({ method: "POST", url: "/v1/assert", headers: auth, payload: claim });
  assert.equal(written.statusCode, 201, written.body);
  assert.equal(written.json<{ assertion: { agent_id: string } }>().assertion.agent_id, "reporter");

  const revoked = await app.inject({
    method: "DELETE",
    url: `/v1/admin/api-keys/${key.id}`,
    headers: { authorization: ADMIN_AUTH },
  });
  assert.equal(revoked.statusCode, 200, revoked.body);
  assert.ok(revoked.json<{ revoked_at: string | null }>().revoked_at !== null, "revoked_at is set");
  const refused = await app.inject({ method: "GET", url: "/v1/concepts", headers: auth });
  assert.equal(refused.statusCode, 403, refused.body);
  assert.equal(refused.json<{ error: string }>().error, "api_key_revoked");
  const gone = await app.inject({
    method: "DELETE",
    url: "/v1/admin/api-keys/key_nothing",
    headers: { authorization: ADMIN_AUTH },
  });
  assert.equal(gone.statusCode, 404, gone.body);
});

test("admin endpoints always need the admin token, even with auth off: 401 without, 403 wrong", async () => {
  const { app } = await testApp();
  const without = await app.inject({ method: "GET", url: "/v1/admin/quarantine" });
  assert.equal(without.statusCode, 401, without.body);
  const wrong = await app.inject({
    method: "GET",
    url: "/v1/admin/circuit_breakers",
    headers: { authorization: "Bearer not-the-admin-token" },
  });
  assert.equal(wrong.statusCode, 403, wrong.body);
  assert.equal(wrong.json<{ error: string }>().error, "admin_token_invalid");
  const right = await app.inject({
    method: "GET",
    url: "/v1/admin/circuit_breakers",
    headers: { authorization: ADMIN_AUTH },
  });
  assert.equal(right.statusCode, 200, right.body);
});

test("without STEMEDB_ADMIN_TOKEN a token is created once, mode 0600, and read back on the next start", () => {
  const file = join(tempDir(), "data", "admin-token");
  const first = resolveAdminToken({ fromEnv: undefined, file, logger: silentLogger });
  assert.equal(first.created, true);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.ok(first.token.length >= 40, "256 random bits, base64url");
  const second = resolveAdminToken({ fromEnv: undefined, file, logger: silentLogger });
  assert.deepEqual(second, { token: first.token, file, created: false });
  const env = resolveAdminToken({ fromEnv: "from-the-environment-0123", file, logger: silentLogger });
  assert.equal(env.token, "from-the-environment-0123");
});

test("a tier cap on a key or an agent refuses more authoritative tiers with 403 naming the cap", async () => {
  const { app } = await testApp();
  const key = (
    await app.inject({
      method: "POST",
      url: "/v1/admin/api-keys",
      headers: { authorization: ADMIN_AUTH },
      payload: { agent_id: "crowd", tier_cap: "community" },
    })
  ).json<{ key: string }>().key;
  const auth = { authorization: `Bearer ${key}` };
  const regulatory = await app.inject({
    method: "POST",
    url: "/v1/assert",
    headers: auth,
    payload: { ...claim, authority_tier: "regulatory" },
  });
  assert.equal(regulatory.statusCode, 403, regulatory.body);
  const body = regulatory.json<{ error: string; field: string; message: string }>();
  assert.equal(body.error, "tier_not_allowed");
  assert.equal(body.field, "authority_tier");
  assert.match(body.message, /community/);
  const community = await app.inject({
    method: "POST",
    url: "/v1/assert",
    headers: auth,
    payload: { ...claim, authority_tier: "community" },
  });
  assert.equal(community.statusCode, 201, community.body);

  const policy = await app.inject({
    method: "PUT",
    url: "/v1/admin/agents/field-agent",
    headers: { authorization: ADMIN_AUTH },
    payload: { tier_cap: "expert" },
  });
  assert.equal(policy.statusCode, 200, policy.body);
  const capped = await app.inject({
    method: "POST",
    url: "/v1/assert/batch",
    headers: { "x-agent-id": "field-agent" },
    payload: {
      assertions: [
        { ...claim, authority_tier: "expert" },
        { ...claim, value: "red", authority_tier: "clinical" },
      ],
    },
  });
  assert.equal(capped.statusCode, 403, capped.body);
  assert.equal(capped.json<{ field: string }>().field, "assertions[1].authority_tier");
  const profile = await app.inject({ method: "GET", url: "/v1/agents/field-agent" });
  assert.equal(profile.json<{ tier_cap: string }>().tier_cap, "expert");
});

test("signature-required mode refuses unsigned writes and takes signed ones", async () => {
  const { app } = await testApp({ STEMEDB_REQUIRE_SIGNATURES: "true" });
  const unsigned = await app.inject({ method: "POST", url: "/v1/assert", payload: claim });
  assert.equal(unsigned.statusCode, 400, unsigned.body);
  assert.equal(unsigned.json<{ field: string }>().field, "signatures");
  const agent = generateAgentKey();
  const fixed = { ...claim, timestamp: 1_700_000_000 };
  const { hash } = normalizeAssertion(fixed, { nowMs: Date.now() });
  const signed = {
    ...fixed,
    signatures: [{ agent_id: agent.agentId, signature: signHash(hash, agent.seedHex) }],
  };
  const accepted = await app.inject({ method: "POST", url: "/v1/assert", payload: signed });
  assert.equal(accepted.statusCode, 201, accepted.body);
});

test("votes and other records made with an API key are attributed to the key's agent", async () => {
  const { app } = await testApp({ STEMEDB_AUTH_ENABLED: "true" });
  const key = (
    await app.inject({
      method: "POST",
      url: "/v1/admin/api-keys",
      headers: { authorization: ADMIN_AUTH },
      payload: { agent_id: "ingest-bot" },
    })
  ).json<{ key: string }>().key;
  const auth = { authorization: `Bearer ${key}`, "x-agent-id": "someone-else" };
  const written = await app.inject({ method: "POST", url: "/v1/assert", headers: auth, payload: claim });
  const hash = written.json<{ hash: string }>().hash;
  const vote = await app.inject({
    method: "POST",
    url: "/v1/vote",
    headers: auth,
    payload: { assertion: hash, weight: 1 },
  });
  assert.equal(vote.statusCode, 201, vote.body);
  assert.equal(vote.json<{ vote: { agent_id: string } }>().vote.agent_id, "ingest-bot");
});
