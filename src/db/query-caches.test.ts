import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { makeAssertion, signed } from "../../test/support/assertions.ts";
import { tempDir } from "../../test/support/temp-dir.ts";
import { generateAgentKey } from "../model/index.ts";
import { StemeDb } from "./steme-db.ts";

// The query engine reads pairs and trust through caches (`LmdbStore.pairAssertions`,
// `SideRecords.trustOf`); these tests read first, so that the cache is filled, then write.

async function openDb(): Promise<StemeDb> {
  const root = tempDir();
  return StemeDb.open({ walDir: join(root, "wal"), dbDir: join(root, "db") });
}

function pairOf(db: StemeDb): NonNullable<ReturnType<StemeDb["store"]["findPair"]>> {
  const pair = db.store.findPair("drugs/semaglutide", "gastroparesis_risk");
  assert.ok(pair !== undefined);
  return pair;
}

test("a pair read through the cache shows a claim written to it afterwards", async () => {
  const db = await openDb();
  const first = makeAssertion({ value: "rare" }, "agent-a");
  await db.append(first);
  assert.deepEqual(
    db.store.pairAssertions(pairOf(db)).map((a) => a.hash),
    [first.hash],
  );
  const second = makeAssertion({ value: "common", timestamp: 1_706_745_700 }, "agent-b");
  await db.append(second);
  assert.deepEqual(
    db.store.pairAssertions(pairOf(db)).map((a) => a.hash),
    [first.hash, second.hash],
  );
  await db.close();
});

test("a pair read through the cache shows a co-signature added afterwards", async () => {
  const db = await openDb();
  const author = generateAgentKey();
  const cosigner = generateAgentKey();
  await db.append(signed(makeAssertion(), author.seedHex, author.agentId));
  assert.equal(db.store.pairAssertions(pairOf(db))[0]?.signatures.length, 1);
  await db.append(signed(makeAssertion(), cosigner.seedHex, cosigner.agentId));
  assert.equal(db.store.pairAssertions(pairOf(db))[0]?.signatures.length, 2);
  await db.close();
});

test("a time range cut from a cached pair equals the range read from the store", async () => {
  const db = await openDb();
  const seconds = [1_706_745_600, 1_706_745_700, 1_706_745_800, 1_706_745_900];
  for (const [i, timestamp] of seconds.entries()) {
    await db.append(makeAssertion({ value: `v${i}`, timestamp }, `agent-${i}`));
  }
  const pair = pairOf(db);
  const ranges = [
    { fromMs: 1_706_745_700_000 },
    { toMs: 1_706_745_800_000 },
    { fromMs: 1_706_745_700_000, toMs: 1_706_745_800_001 },
    { fromMs: 1_706_746_000_000 },
  ];
  const uncached = ranges.map((range) => db.store.pairAssertions(pair, range).map((a) => a.hash));
  db.store.pairAssertions(pair); // the whole pair: cached from here on
  for (const [i, range] of ranges.entries()) {
    const cut = db.store.pairAssertions(pair, range).map((a) => a.hash);
    assert.deepEqual(cut, uncached[i], `range ${JSON.stringify(range)}`);
    assert.deepEqual(
      cut,
      [...db.store.scanPair(pair, range)].map((a) => a.hash),
    );
  }
  await db.close();
});

test("an agent's trust read before a change of it shows the change", async () => {
  const db = await openDb();
  const claim = makeAssertion({ value: "rare" }, "author");
  await db.append(claim);
  const before = db.store.side.trustOf("author", Date.UTC(2024, 1, 1));
  await db.append(
    makeAssertion(
      { value: "rare", lifecycle: "approved", parent: claim.hash, timestamp: 1_706_745_700 },
      "reviewer",
    ),
  );
  const after = db.store.side.trustOf("author", Date.UTC(2024, 1, 1));
  assert.ok(after > before, `an approval by another agent raises trust: ${before} → ${after}`);
  await db.close();
});
