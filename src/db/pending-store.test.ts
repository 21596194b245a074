import assert from "node:assert/strict";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { makeAssertion } from "../../test/support/assertions.ts";
import { tempDir } from "../../test/support/temp-dir.ts";
import { compactStore } from "./compact.ts";
import { discardPendingStore } from "./pending-store.ts";
import { prepareCompactedStore, prepareRebuiltStore } from "./prepare-store.ts";
import { StemeDb } from "./steme-db.ts";

function dataDirs(): { walDir: string; dbDir: string } {
  const root = tempDir();
  return { walDir: join(root, "wal"), dbDir: join(root, "db") };
}

async function write(db: StemeDb, from: number, count: number): Promise<void> {
  const claims = Array.from({ length: count }, (_, i) =>
    makeAssertion({ concept_path: `pending/${(from + i) % 40}`, value: `value ${from + i}` }),
  );
  await Promise.all(claims.map((a) => db.append(a)));
}

async function contents(dirs: {
  walDir: string;
  dbDir: string;
}): Promise<{ count: number; hashes: string[] }> {
  const db = await StemeDb.open(dirs);
  try {
    return { count: db.store.assertionCount, hashes: [...db.store.hashes()] };
  } finally {
    await db.close();
  }
}

describe("pending stores", () => {
  for (const [name, prepare] of [
    ["compacted", prepareCompactedStore],
    ["rebuilt", prepareRebuiltStore],
  ] as const) {
    it(`swaps a ${name} store in at the next open, with the writes made after it replayed`, async () => {
      const dirs = dataDirs();
      const db = await StemeDb.open(dirs);
      await write(db, 0, 300);
      const info = await prepare(db);
      assert.equal(info.assertion_count, 300);
      assert.ok(info.bytes_after > 0 && info.bytes_before > 0, JSON.stringify(info));
      await write(db, 300, 50);
      const expected = [...db.store.hashes()];
      await db.close();
      assert.ok(existsSync(`${dirs.dbDir}.next`), "prepared beside the live store");

      const after = await contents(dirs);
      assert.equal(after.count, 350);
      assert.deepEqual(after.hashes, expected);
      assert.ok(!existsSync(`${dirs.dbDir}.next`), "swapped in and gone");
    });
  }

  it("rebuilds from the log when a crash came between removing the old file and renaming the new", async () => {
    const dirs = dataDirs();
    const db = await StemeDb.open(dirs);
    await write(db, 0, 100);
    await prepareCompactedStore(db);
    const expected = [...db.store.hashes()];
    await db.close();
    rmSync(join(dirs.dbDir, "data.mdb"));
    rmSync(join(`${dirs.dbDir}.next`), { recursive: true });
    assert.deepEqual((await contents(dirs)).hashes, expected);
  });

  it("is dropped by discardPendingStore, leaving the live store as it is", async () => {
    const dirs = dataDirs();
    const db = await StemeDb.open(dirs);
    await write(db, 0, 20);
    await prepareRebuiltStore(db);
    await write(db, 20, 20);
    await db.close();
    discardPendingStore(dirs.dbDir);
    assert.ok(!existsSync(`${dirs.dbDir}.next`));
    assert.equal((await contents(dirs)).count, 40);
  });

  it("compacts a stopped server's store at once, and refuses while a server runs", async () => {
    const dirs = dataDirs();
    const db = await StemeDb.open(dirs);
    await write(db, 0, 200);
    await assert.rejects(compactStore(dirs), /in use by process/);
    const expected = [...db.store.hashes()];
    await db.close();
    const info = await compactStore(dirs);
    assert.ok(info.bytes_after <= info.bytes_before, JSON.stringify(info));
    assert.ok(!existsSync(`${dirs.dbDir}.next`), "swapped in at once");
    assert.deepEqual((await contents(dirs)).hashes, expected);
  });
});
