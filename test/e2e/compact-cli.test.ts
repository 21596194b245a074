import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { StemeClient } from "../../src/client/index.ts";
import { stemedb } from "../support/cli-process.ts";
import { startServer } from "../support/server-process.ts";
import { tempDir } from "../support/temp-dir.ts";

async function health(url: string): Promise<number> {
  return (await new StemeClient({ baseUrl: url }).health()).assertion_count;
}

test("stemedb compact and rebuild: prepared by a running server and swapped in at its restart, or at once offline", async () => {
  const root = tempDir();
  const env = { STEMEDB_WAL_DIR: join(root, "data", "wal"), STEMEDB_DB_DIR: join(root, "data", "db") };
  const server = await startServer(env);
  const assertions = Array.from({ length: 500 }, (_, i) => ({
    concept_path: `test/compact/${i % 50}`,
    predicate: `p${i}`,
    value: i,
    confidence: 0.9,
  }));
  const loaded = await new StemeClient({ baseUrl: server.url }).assertBatch(assertions);
  assert.deepEqual(new Set(loaded.results.map((r) => r.status)), new Set(["created"]));
  const withServer = { ...env, STEMEDB_URL: server.url };

  const compacted = await stemedb(["compact"], withServer);
  assert.equal(compacted.code, 0, compacted.stderr);
  assert.match(
    compacted.stdout,
    /^Compacted the store: \d+ → \d+ bytes \(-?\d+ reclaimed\); the running server swaps it in at its next start\n$/,
  );
  const rebuilt = await stemedb(["rebuild"], withServer);
  assert.equal(rebuilt.code, 0, rebuilt.stderr);
  assert.match(
    rebuilt.stdout,
    /^Rebuilt 500 assertions from the WAL beside the live store; the running server swaps it in/,
  );
  assert.equal(await server.stop(), 0);

  const restarted = await startServer(env);
  assert.match(restarted.output(), /Swapped in the rebuilt store/);
  assert.equal(await health(restarted.url), 500);
  assert.equal(await restarted.stop(), 0);

  const offline = await stemedb(["compact"], env);
  assert.equal(offline.code, 0, offline.stderr);
  assert.match(offline.stdout, /^Compacted the store: \d+ → \d+ bytes \(-?\d+ reclaimed\)\n$/);
  const last = await startServer(env);
  assert.equal(await health(last.url), 500);
});
