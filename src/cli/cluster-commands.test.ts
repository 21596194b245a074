import assert from "node:assert/strict";
import { test } from "node:test";
import { stemedb } from "../../test/support/cli-process.ts";
import { TEST_ADMIN_TOKEN } from "../../test/support/test-app.ts";
import { tempDir } from "../../test/support/temp-dir.ts";
import { buildAssertion } from "../client/build-assertion.ts";
import { startTestServer } from "../client/test-server.ts";

// Cluster mode end to end (three nodes on NATS) is in test/cluster/; here, one real server that
// runs alone, which both commands treat as a cluster of one.

test("stemedb cluster status and verify against a single node", async (t) => {
  const server = await startTestServer();
  const client = server.client();
  for (const value of [1, 2, 3]) {
    await client.assert(
      buildAssertion({ concept_path: "cli/cluster", predicate: "n", value, confidence: 0.5 }),
    );
  }
  const { node_id: nodeId, applied_seq: applied } = await client.health();
  // No env file, token file or variable of the machine running the tests decides anything here.
  const env = { STEMEDB_URL: "http://127.0.0.1:1", STEMEDB_ADMIN_TOKEN: "", STEMEDB_DB_DIR: tempDir() };

  await t.test("status: the node as the only member, with its health", async () => {
    const status = await stemedb(["cluster", "status", "--url", server.url], env);
    assert.equal(status.code, 0, status.stderr);
    const lines = status.stdout.split("\n");
    assert.equal(lines[0], "The node runs alone (cluster mode is off)");
    assert.match(lines[1] ?? "", /^id\s+url\s+version\s+applied_seq\s+updated_at\s+health\s+lag\s+reason$/);
    const row = lines[3] ?? "";
    assert.ok(row.startsWith(`${nodeId}  `), row);
    assert.ok(row.includes(server.url), row);
    assert.match(row, new RegExp(`\\s${applied}\\s+\\S+Z\\s+healthy\\s+-$`));

    const json = await stemedb(["cluster", "status", "--url", server.url, "--json"], env);
    assert.equal(json.code, 0, json.stderr);
    const body = JSON.parse(json.stdout) as {
      alone: boolean;
      members: { id: string; url: string; health: { status: string } }[];
    };
    assert.equal(body.alone, true);
    assert.deepEqual(
      body.members.map((m) => [m.id, m.url, m.health.status]),
      [[nodeId, server.url, "healthy"]],
    );
  });

  await t.test("verify: one member agrees with itself, --repair has nothing to do", async () => {
    const verify = await stemedb(
      ["cluster", "verify", "--url", server.url, "--repair", "--admin-token", TEST_ADMIN_TOKEN],
      env,
    );
    assert.equal(verify.code, 0, verify.stderr);
    assert.equal(
      verify.stdout,
      "The node runs alone (cluster mode is off): it is the only member\n" +
        `1 member agrees on 3 hashes in 256 shards at sequence ${applied}\n`,
    );
    const plain = await stemedb(["cluster", "verify", "--attempts", "1"], {
      ...env,
      STEMEDB_URL: server.url,
    });
    assert.equal(plain.code, 0, plain.stderr);
  });

  await t.test("failures: one line on stderr and exit 1", async () => {
    const unreachable = await stemedb(["cluster", "verify", "--url", "http://127.0.0.1:1"], env);
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.stderr, /^stemedb: GET \/v1\/cluster\/members: fetch failed/);
    const noToken = await stemedb(["cluster", "verify", "--url", server.url, "--repair"], env);
    assert.equal(noToken.code, 1);
    assert.match(noToken.stderr, /^stemedb: No admin token: pass --admin-token/);
    assert.equal(noToken.stdout, "", "nothing compared before the token is known");
    const attempts = await stemedb(["cluster", "verify", "--url", server.url, "--attempts", "0"], env);
    assert.equal(attempts.code, 1);
    assert.match(attempts.stderr, /--attempts <n>.*a whole number from 1 to 100/);
  });
});
