import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { startServer } from "../support/server-process.ts";
import { tempDir } from "../support/temp-dir.ts";

const run = promisify(execFile);
const CLI = join(import.meta.dirname, "..", "..", "bin", "stemedb.js");

async function stemedb(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

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
