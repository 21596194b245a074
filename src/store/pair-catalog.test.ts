import assert from "node:assert/strict";
import { test } from "node:test";
import { tempDir } from "../../test/support/temp-dir.ts";
import { pairName } from "./index-keys.ts";
import { openKeyspaces } from "./keyspaces.ts";
import { PairCatalog } from "./pair-catalog.ts";
import type { Write } from "./write-batch.ts";

/** A pair catalog on a real store, and how to commit the rows its directory hands out. */
function catalog() {
  const ks = openKeyspaces({ dir: tempDir() });
  const pairs = new PairCatalog(ks);
  const intern = (conceptPath: string, predicate: string, writes: Write[]): number =>
    pairs.directory.intern(pairName(conceptPath, predicate), writes);
  const commit = (writes: Write[]): void => {
    ks.env.transactionSync(() => {
      for (const [db, key, value] of writes) db.putSync(key, value);
    });
    pairs.directory.commit();
  };
  return { ks, pairs, intern, commit };
}

test("pairs are found by name, many predicates of one path among them, before and after a reopen", async () => {
  const { ks, pairs, intern, commit } = catalog();
  const writes: Write[] = [];
  // More predicates of one path than are found without their joined name, and paths that are
  // prefixes of one another.
  const names: [string, string][] = [
    ...Array.from({ length: 100 }, (_, i): [string, string] => ["drug/aspirin", `p${i}`]),
    ["drug/aspirin/safety", "p0"],
    ["drug/aspirin2", "p0"],
  ];
  const ids = names.map(([path, predicate]) => intern(path, predicate, writes));
  commit(writes);
  for (let round = 0; round < 3; round++) {
    for (const [i, [conceptPath, predicate]] of names.entries()) {
      assert.deepEqual(pairs.find(conceptPath, predicate), { id: ids[i], conceptPath, predicate });
    }
  }
  assert.equal(pairs.find("drug/aspirin", "p100"), undefined);
  assert.equal(pairs.find("drug/aspirin\u0000p0", ""), undefined, "no name is taken apart wrongly");
  const reopened = new PairCatalog(ks);
  for (const [i, [conceptPath, predicate]] of names.entries()) {
    assert.equal(reopened.find(conceptPath, predicate)?.id, ids[i]);
  }
  await ks.env.close();
});

test("a pair of a batch that failed is not remembered: its id may name another pair next", async () => {
  const { ks, pairs, intern, commit } = catalog();
  const committed: Write[] = [];
  intern("drug/aspirin", "dose", committed);
  commit(committed);
  assert.equal(pairs.find("drug/aspirin", "dose")?.id, 1);

  // Found (by name and by id) while its batch is being planned, then the batch fails.
  const failed: Write[] = [];
  const id = intern("drug/aspirin", "withdrawn", failed);
  assert.deepEqual(pairs.find("drug/aspirin", "withdrawn"), {
    id,
    conceptPath: "drug/aspirin",
    predicate: "withdrawn",
  });
  assert.equal(pairs.pair(id)?.predicate, "withdrawn");
  pairs.directory.forgetUncommitted();

  // The retry hands the same id to another pair, as a batch with other records first would.
  const retry: Write[] = [];
  assert.equal(intern("drug/aspirin", "recalled", retry), id);
  commit(retry);
  assert.equal(pairs.find("drug/aspirin", "withdrawn"), undefined);
  assert.deepEqual(pairs.find("drug/aspirin", "recalled"), {
    id,
    conceptPath: "drug/aspirin",
    predicate: "recalled",
  });
  assert.equal(pairs.pair(id)?.predicate, "recalled");
  assert.equal(pairs.find("drug/aspirin", "dose")?.id, 1);
  await ks.env.close();
});
