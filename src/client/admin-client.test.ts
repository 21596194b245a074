import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { tempDir } from "../../test/support/temp-dir.ts";
import { StemeApiError } from "./api-error.ts";
import { buildAssertion } from "./build-assertion.ts";
import {
  AgentPolicy,
  ApiKey,
  ApiKeyList,
  Breaker,
  BreakerList,
  CreatedApiKey,
  HeldWrite,
  QuarantineList,
} from "./schemas/admin-schemas.ts";
import { BackupResult, CompactResult, RebuildResult, WalArchiveResult } from "./schemas/operation-schemas.ts";
import { startTestServer } from "./test-server.ts";
import { assertShape } from "./test-shapes.ts";

test("AdminClient: quarantine, breakers, API keys, agent policy and operations against a real server", async (t) => {
  const server = await startTestServer({
    STEMEDB_QUARANTINE_PATTERNS: '["casino"]',
    STEMEDB_AUTH_ENABLED: "true",
  });
  const admin = server.client().admin;

  let writer = server.client();
  await t.test("API keys: create, use, list, revoke", async () => {
    const created = await admin.createApiKey({
      agent_id: "promoter",
      name: "sdk test key",
      tier_cap: "expert",
    });
    assertShape(CreatedApiKey, created, "created key");
    assert.equal(created.tier_cap, "expert");
    writer = server.client({ apiKey: created.key });
    const spare = await admin.createApiKey({ name: "spare" });
    const { api_keys } = await admin.listApiKeys();
    assertShape(ApiKeyList, { api_keys }, "key list");
    assert.deepEqual(api_keys.map((k) => k.id).sort(), [created.id, spare.id].sort());
    const revoked = await admin.revokeApiKey(spare.id);
    assertShape(ApiKey, revoked, "revoked key");
    assert.notEqual(revoked.revoked_at, null);
    await assert.rejects(server.client({ apiKey: spare.key }).query({ concept_path: "*" }), (error) => {
      assert.ok(error instanceof StemeApiError);
      assert.equal(error.status, 403);
      return true;
    });
  });

  const held: string[] = [];
  await t.test("quarantine: list, approve, reject", async () => {
    for (const value of ["Best casino bonus", "Casino jackpot tips"]) {
      const result = await writer.assert(
        buildAssertion({ concept_path: "games/poker", predicate: "best_site", value, confidence: 0.5 }),
      );
      assert.equal(result.status, "quarantined");
      held.push(result.hash);
    }
    const list = await admin.quarantine();
    assertShape(QuarantineList, list, "quarantine list");
    assert.equal(list.pending_count, 2);
    assert.deepEqual(list.quarantined.map((h) => h.hash).sort(), [...held].sort());
    const approved = await admin.approve(held[0] ?? "", { note: "a legitimate review" });
    assertShape(HeldWrite, approved, "approved write");
    assert.equal(approved.state, "approved");
    assert.equal(approved.note, "a legitimate review");
    const rejected = await admin.reject(held[1] ?? "");
    assert.equal(rejected.state, "rejected");
    await assert.rejects(
      admin.approve(held[1] ?? ""),
      (error) => error instanceof StemeApiError && error.status === 409,
    );
    const reviewed = await admin.quarantine({ state: "all" });
    assert.deepEqual(reviewed.quarantined.map((h) => h.state).sort(), ["approved", "rejected"]);
  });

  await t.test("circuit breakers: ban, list, unban, reset", async () => {
    const banned = await admin.ban("promoter");
    assertShape(Breaker, banned, "breaker");
    assert.equal(banned.banned, true);
    await assert.rejects(writer.query({ concept_path: "*" }, { retries: 0 }), (error) => {
      assert.ok(error instanceof StemeApiError);
      assert.equal(error.code, "circuit_open");
      return true;
    });
    const list = await admin.circuitBreakers();
    assertShape(BreakerList, list, "breaker list");
    assert.ok(list.circuit_breakers.some((b) => b.agent_id === "promoter" && b.banned));
    assert.equal((await admin.unban("promoter")).banned, false);
    assert.equal((await admin.resetBreaker("promoter")).state, "CLOSED");
  });

  await t.test("agent policy", async () => {
    const policy = await admin.setAgentPolicy("promoter", { tier_cap: "community", quota_per_hour: 5000 });
    assertShape(AgentPolicy, policy, "policy");
    assert.equal(policy.tier_cap, "community");
    const agent = await writer.agent("promoter");
    assert.equal(agent.tier_cap, "community");
    assert.equal(agent.quota.limit, 5000);
    assert.equal((await admin.setAgentPolicy("promoter", { quota_per_hour: null })).quota_per_hour, null);
  });

  await t.test("operations: backup, WAL archive, compaction, index rebuild", async () => {
    const backup = await admin.backup();
    assertShape(BackupResult, backup, "backup");
    assert.ok(existsSync(join(backup.path, "backup-metadata.json")));
    const archive = tempDir("stemedb-sdk-archive-");
    const pass = await admin.archiveWal({ to: archive });
    assertShape(WalArchiveResult, pass, "WAL archive pass");
    assert.equal(pass.dir, archive);
    const compacted = await admin.compact();
    assertShape(CompactResult, compacted, "compaction");
    const rebuilt = await admin.rebuildIndexes();
    assertShape(RebuildResult, rebuilt, "rebuild");
    assert.equal(rebuilt.assertion_count, 1, "the approved write; the rejected one stays out");
  });

  await t.test("the admin token is required", async () => {
    await assert.rejects(
      server.client({ adminToken: "not-the-admin-token" }).admin.listApiKeys(),
      (error) => {
        assert.ok(error instanceof StemeApiError);
        assert.equal(error.status, 403);
        assert.equal(error.code, "admin_token_invalid");
        return true;
      },
    );
  });
});
