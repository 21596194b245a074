import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { makeAssertion } from "../../test/support/assertions.ts";
import { tempDir } from "../../test/support/temp-dir.ts";
import { StemeDb } from "../db/steme-db.ts";
import { normalizeEpoch, normalizeRetraction } from "../model/index.ts";

const NOW_MS = 1_706_745_600_000;
const SOURCE = "5e".repeat(32);

/**
 * The first of `make(0)`, `make(1)`, … whose hash starts with `hexStart`. The indexes scanned by
 * prefix key a record by what it refers to, then by its own hash: one hash in 256 continues such
 * a key with 0xff, past what a range ending at "the prefix followed by 0xff" covers.
 */
function withHashStarting<T extends { readonly hash: string }>(hexStart: string, make: (i: number) => T): T {
  for (let i = 0; i < 100_000; i++) {
    const record = make(i);
    if (record.hash.startsWith(hexStart)) return record;
  }
  throw new Error(`no hash starting with ${hexStart} in 100,000 tries`);
}

// Made out of the suite: it is removed after the whole file, once the store is closed.
const root = tempDir();

describe("scans by prefix find records whose own hash starts with 0xff", () => {
  let db: StemeDb;
  before(async () => {
    db = await StemeDb.open({ walDir: join(root, "wal"), dbDir: join(root, "db") });
  });
  after(async () => {
    await db.close();
  });

  it("claims citing a source, by its hash and by its URI", async () => {
    const cite = (i: number) =>
      makeAssertion({ value: i, source: { hash: SOURCE, uri: "https://example.org/label" } });
    const citing = [withHashStarting("ff", cite), withHashStarting("00", cite), withHashStarting("7f", cite)];
    for (const claim of citing) assert.equal((await db.append(claim)).status, "created");
    const want = citing.map((c) => c.hash).sort();
    assert.deepEqual([...db.store.scanSource({ hash: SOURCE })].map((a) => a.hash).sort(), want);
    assert.deepEqual(
      [...db.store.scanSource({ uri: "https://example.org/label" })].map((a) => a.hash).sort(),
      want,
    );
  });

  it("children of a claim", async () => {
    const parent = makeAssertion({ concept_path: "drugs/parent" });
    await db.append(parent);
    const child = withHashStarting("ff", (i) =>
      makeAssertion({ concept_path: "drugs/parent", value: i, parent: parent.hash }),
    );
    await db.append(child);
    assert.deepEqual(
      [...db.store.children(parent.hash)].map((a) => a.hash),
      [child.hash],
    );
  });

  it("retractions of a source, and the source counts as retracted", async () => {
    const retraction = withHashStarting("ff", (i) =>
      normalizeRetraction({ reason: `withdrawn (${i})` }, { nowMs: NOW_MS, source: SOURCE }),
    );
    await db.appendRecord({ kind: "retraction", record: retraction });
    assert.deepEqual(
      db.store.side.retractionsOf(SOURCE).map((r) => r.record.hash),
      [retraction.hash],
    );
    assert.equal(db.store.side.isSourceRetracted({ hash: SOURCE }, NOW_MS), true);
  });

  it("epochs superseding an epoch", async () => {
    const old = normalizeEpoch({ name: "guidelines-2020" }, { nowMs: NOW_MS });
    await db.appendRecord({ kind: "epoch", record: old });
    const successor = withHashStarting("ff", (i) =>
      normalizeEpoch({ name: `guidelines-${i}`, supersedes: [old.hash] }, { nowMs: NOW_MS }),
    );
    await db.appendRecord({ kind: "epoch", record: successor });
    assert.deepEqual(
      db.store.side.supersededBy(old.hash).map((e) => e.record.hash),
      [successor.hash],
    );
  });
});
