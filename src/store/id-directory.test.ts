import assert from "node:assert/strict";
import { test } from "node:test";
import { tempDir } from "../../test/support/temp-dir.ts";
import { IdDirectory } from "./id-directory.ts";
import { openKeyspaces } from "./keyspaces.ts";
import type { Write } from "./write-batch.ts";

/** A pair directory on a real store whose caches hold only 4 names each way. */
function smallDirectory() {
  const ks = openKeyspaces({ dir: tempDir() });
  const directory = new IdDirectory(ks.pairs, ks.pairIds, 1, 4);
  const commit = (writes: Write[]): void => {
    ks.env.transactionSync(() => {
      for (const [db, key, value] of writes) db.putSync(key, value);
    });
    directory.commit();
  };
  return { ks, directory, commit };
}

const names = (from: number, to: number): string[] =>
  Array.from({ length: to - from }, (_, i) => `drug-${from + i}\u0000dose`);

test("ids stay dense and unique when a batch hands out more names than the caches hold", async () => {
  const { ks, directory, commit } = smallDirectory();
  const writes: Write[] = [];
  const first = names(0, 50).map((name) => directory.intern(name, writes));
  assert.deepEqual(
    first,
    Array.from({ length: 50 }, (_, i) => i + 1),
  );
  assert.deepEqual(
    names(0, 50).map((name) => directory.intern(name, writes)),
    first,
    "a name met again in the same batch keeps its id",
  );
  assert.equal(directory.nameOf(3), names(2, 3)[0], "an uncommitted id is named");
  commit(writes);
  const more: Write[] = [];
  assert.deepEqual(
    names(40, 60).map((name) => directory.intern(name, more)),
    Array.from({ length: 20 }, (_, i) => i + 41),
  );
  commit(more);
  for (const [i, name] of names(0, 60).entries()) {
    assert.equal(directory.find(name), i + 1, `${name}, read back past the caches`);
    assert.equal(directory.nameOf(i + 1), name);
  }
  await ks.env.close();
});

test("a batch that did not commit hands the same ids out again, however many it had", async () => {
  const { ks, directory, commit } = smallDirectory();
  const committed: Write[] = [];
  names(0, 3).forEach((name) => directory.intern(name, committed));
  commit(committed);
  const failed: Write[] = [];
  const before = names(3, 30).map((name) => directory.intern(name, failed));
  directory.forgetUncommitted();
  assert.equal(directory.find(names(3, 4)[0] ?? ""), undefined, "a forgotten name is unknown");
  assert.equal(directory.nextId, 4);
  const retried: Write[] = [];
  assert.deepEqual(
    names(3, 30).map((name) => directory.intern(name, retried)),
    before,
  );
  commit(retried);
  assert.equal(directory.find(names(29, 30)[0] ?? ""), 30);
  await ks.env.close();
});
