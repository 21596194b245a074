import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { collectGarbage } from "../../test/support/collect-garbage.ts";
import { tempDir } from "../../test/support/temp-dir.ts";
import { loadConfig } from "./config.ts";
import { createLogger } from "./logging.ts";
import { serve } from "./serve.ts";

/** Starts a server with metrics and the Shield on, writes through it, closes it: weak refs to what it held. */
async function serveAndClose(): Promise<{ db: WeakRef<object>; shield: WeakRef<object> }> {
  const dir = tempDir();
  const config = loadConfig({
    STEMEDB_BIND_ADDR: "127.0.0.1:0",
    STEMEDB_WAL_DIR: join(dir, "wal"),
    STEMEDB_DB_DIR: join(dir, "db"),
    STEMEDB_LOG_LEVEL: "silent",
    STEMEDB_METER_ENABLED: "true",
  });
  const server = await serve(config, createLogger("silent"));
  const response = await fetch(`${server.url}/v1/assert`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      concept_path: "drug/aspirin",
      predicate: "dose_mg",
      value: 100,
      confidence: 0.6,
      agent_id: "agent-1",
    }),
  });
  assert.equal(response.status, 201, await response.text());
  await (await fetch(`${server.url}/metrics`)).text();
  await server.close();
  return { db: new WeakRef(server.db), shield: new WeakRef(server.db.store.shield) };
}

test("a closed server is released: nothing keeps its store, the Shield or the metrics' readers", async () => {
  const refs = await serveAndClose();
  // Collection of what close let go of can take a turn or two of the event loop.
  for (let i = 0; i < 10 && (refs.db.deref() !== undefined || refs.shield.deref() !== undefined); i++) {
    await new Promise((done) => setTimeout(done, 20));
    collectGarbage();
  }
  assert.equal(refs.db.deref(), undefined, "the database is still reachable after close");
  assert.equal(refs.shield.deref(), undefined, "the store's Shield state is still reachable after close");
});
