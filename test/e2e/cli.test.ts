import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { stemedb } from "../support/cli-process.ts";
import { startServer } from "../support/server-process.ts";
import { tempDir } from "../support/temp-dir.ts";

test("the CLI asserts (signed and unsigned), queries and analyses conflicts against a running server", async () => {
  const root = tempDir();
  const server = await startServer({ STEMEDB_WAL_DIR: join(root, "wal"), STEMEDB_DB_DIR: join(root, "db") });
  const base = ["--server", server.url];
  const pair = ["--concept-path", "drugs/semaglutide", "--predicate", "gastroparesis_risk"];

  const created = await stemedb([
    "assert",
    ...base,
    ...pair,
    "--value",
    "rare",
    "--confidence",
    "0.9",
    "--tier",
    "regulatory",
  ]);
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /^created [0-9a-f]{64}\n$/);

  const key = JSON.parse((await stemedb(["keygen", "--json"])).stdout) as {
    agent_id: string;
    private_key: string;
  };
  const signed = await stemedb(
    [
      "assert",
      ...base,
      ...pair,
      "--value",
      "severe",
      "--confidence",
      "0.8",
      "--tier",
      "anecdotal",
      "--sign",
      "--json",
    ],
    { STEMEDB_PRIVATE_KEY: key.private_key },
  );
  assert.equal(signed.code, 0, signed.stderr);
  const signedBody = JSON.parse(signed.stdout) as { assertion: { agent_id: string; signatures: unknown[] } };
  assert.equal(signedBody.assertion.agent_id, key.agent_id);
  assert.equal(signedBody.assertion.signatures.length, 1);

  const table = await stemedb(["query", ...base, "drugs/semaglutide", "--lens", "authority"]);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /concept_path\s+predicate\s+value\s+status/);
  assert.match(table.stdout, /drugs\/semaglutide\s+gastroparesis_risk\s+"rare"\s+agreed/);

  const skeptic = await stemedb(["skeptic", ...base, "drugs/semaglutide", "gastroparesis_risk"]);
  assert.equal(skeptic.code, 0, skeptic.stderr);
  assert.match(skeptic.stdout, /"severe"/);

  const bad = await stemedb(["assert", ...base, ...pair, "--value", "x", "--confidence", "7"]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /400 validation_failed \(confidence\)/);
  await server.stop();
});

test("the admin commands manage API keys, the quarantine and breakers with the server's own token file", async () => {
  const root = tempDir();
  const dbDir = join(root, "db");
  const server = await startServer({
    STEMEDB_WAL_DIR: join(root, "wal"),
    STEMEDB_DB_DIR: dbDir,
    STEMEDB_AUTH_ENABLED: "true",
    STEMEDB_QUARANTINE_PATTERNS: '["lottery"]',
  });
  // No token given: the CLI finds the file the server created beside its store.
  const env = { STEMEDB_DB_DIR: dbDir, STEMEDB_ADMIN_TOKEN: "" };
  const base = ["--server", server.url];
  const created = await stemedb(
    ["keys", "create", ...base, "--agent-id", "writer", "--tier-cap", "expert"],
    env,
  );
  assert.equal(created.code, 0, created.stderr);
  const [id, secret] = created.stdout.split("\n");
  assert.match(id ?? "", /^key_[0-9a-f]{16}$/);
  assert.match(secret ?? "", /^stm_/);
  const listed = await stemedb(["keys", "list", ...base], env);
  assert.match(listed.stdout, new RegExp(`${id ?? ""}.*writer.*expert`));

  const write = (value: string) =>
    stemedb(
      [
        "assert",
        ...base,
        "--concept-path",
        "games/odds",
        "--predicate",
        "tip",
        "--value",
        value,
        "--confidence",
        "0.5",
      ],
      { STEMEDB_API_KEY: secret ?? "" },
    );
  const held = await write("win the lottery today");
  assert.equal(held.code, 0, held.stderr);
  const [status, hash] = held.stdout.trim().split(" ");
  assert.equal(status, "quarantined");
  const pending = await stemedb(["quarantine", "list", ...base], env);
  assert.match(pending.stdout, /pattern_match/);
  const approved = await stemedb(["quarantine", "approve", ...base, hash ?? "", "--note", "a real tip"], env);
  assert.equal(approved.stdout, `approved ${hash ?? ""}\n`, approved.stderr);

  const banned = await stemedb(["breakers", "ban", ...base, "writer"], env);
  assert.equal(banned.stdout, "writer OPEN (banned)\n", banned.stderr);
  const refused = await write("a second tip");
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /429 circuit_open/);
  assert.match((await stemedb(["breakers", "list", ...base], env)).stdout, /writer.*OPEN.*true/);
  await stemedb(["breakers", "unban", ...base, "writer"], env);

  const revoked = await stemedb(["keys", "revoke", ...base, id ?? ""], env);
  assert.match(revoked.stdout, /^revoked key_/);
  const denied = await write("a third tip");
  assert.match(denied.stderr, /403 api_key_revoked/);
  const noToken = await stemedb(["keys", "list", ...base], {
    STEMEDB_DB_DIR: join(root, "elsewhere", "db"),
    STEMEDB_ADMIN_TOKEN: "",
  });
  assert.equal(noToken.code, 1);
  assert.match(noToken.stderr, /No admin token/);
});
