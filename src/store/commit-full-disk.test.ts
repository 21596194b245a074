import assert from "node:assert/strict";
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { makeAssertion } from "../../test/support/assertions.ts";
import { mountSmallFilesystem, type SmallFilesystem } from "../../test/support/small-filesystem.ts";
import { encodeLogAssertion } from "./assertion-codec.ts";
import { CommitFailure } from "./commit-failure.ts";
import { LmdbStore, type LogEntry } from "./lmdb-store.ts";
import { RecordType } from "./record-type.ts";

const mounted: SmallFilesystem[] = [];
after(() => {
  for (const fs of mounted) fs.unmount();
});

/** Fills `fs` until nothing an unprivileged write can use is left; returns the filler's path. */
function fill(fs: SmallFilesystem): string {
  const path = join(fs.dir, "filler");
  const fd = openSync(path, "w");
  const chunk = Buffer.alloc(64 * 1024, 0x5a);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  } finally {
    closeSync(fd);
  }
  return path;
}

/** `count` new assertions from log sequence `firstSeq`, each with a value of 2 KiB. */
function entries(firstSeq: number, count: number): LogEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    seq: firstSeq + i,
    type: RecordType.assertion,
    payload: encodeLogAssertion(makeAssertion({ value: `${firstSeq + i}:${"x".repeat(2048)}` })).payload,
  }));
}

// A small batch commits on the event loop's thread, a large one on lmdb-js's writer thread: both
// must refuse a full disk the same way, apply nothing, and apply once there is room again.
for (const size of [1, 64]) {
  test(`a batch of ${size} on a full disk is refused as no space, applies nothing, and applies once there is room`, async () => {
    const fs = mountSmallFilesystem(8);
    mounted.push(fs);
    const dir = join(fs.dir, "store");
    mkdirSync(dir);
    const store = LmdbStore.open({ dir });
    try {
      await store.apply(entries(1, 1));
      const filler = fill(fs);
      const batch = entries(2, size);
      const refused = await store.apply(batch).then(
        () => undefined,
        (error: unknown) => error,
      );
      assert.ok(refused instanceof CommitFailure, `refused with a CommitFailure: ${String(refused)}`);
      assert.equal(refused.noSpace, true, `named as no space: ${refused.message}`);
      assert.equal(store.appliedSeq, 1, "the applied position did not move");
      assert.equal(store.assertionCount, 1, "nothing of the batch was stored");

      rmSync(filler);
      assert.deepEqual(await store.apply(batch), Array(size).fill("created"));
      assert.equal(store.appliedSeq, 1 + size);
      assert.equal(store.assertionCount, 1 + size);
    } finally {
      await store.close();
    }
  });
}
