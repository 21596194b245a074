import assert from "node:assert/strict";
import { test } from "node:test";
import type { Assertion } from "../model/index.ts";
import { DecodedPairs } from "./decoded-pairs.ts";

/** A cache over a reader that counts its reads of each pair. */
function countingPairs(maxAssertions = 1_000) {
  const reads = new Map<number, number>();
  const pairs = new DecodedPairs(maxAssertions, (pairId) => {
    reads.set(pairId, (reads.get(pairId) ?? 0) + 1);
    return [{ hash: String(pairId), timestampMs: pairId } as Assertion];
  });
  return { pairs, readsOf: (pairId: number) => reads.get(pairId) ?? 0 };
}

test("a pair is kept from its second read on, so a pair asked once is not kept", () => {
  const { pairs, readsOf } = countingPairs();
  pairs.of(7);
  assert.equal(readsOf(7), 1);
  pairs.of(7);
  assert.equal(readsOf(7), 2, "the first read was not kept");
  pairs.of(7);
  pairs.of(7);
  assert.equal(readsOf(7), 2, "the second read was kept");
});

test("a scan of pairs asked once leaves the pairs asked often in the cache", () => {
  const { pairs, readsOf } = countingPairs(100);
  for (const hot of [1, 2, 3]) {
    pairs.of(hot);
    pairs.of(hot);
  }
  for (let cold = 1_000; cold < 101_000; cold++) pairs.of(cold);
  for (const hot of [1, 2, 3]) {
    pairs.of(hot);
    assert.equal(readsOf(hot), 2, `pair ${hot} was read again after the scan`);
  }
});

test("every pair read twice in a row is kept, whichever slot of the filter it shares", () => {
  const { pairs, readsOf } = countingPairs();
  for (let id = 1; id <= 5_000; id++) {
    pairs.of(id);
    pairs.of(id);
  }
  let reread = 0;
  for (let id = 4_900; id <= 5_000; id++) {
    pairs.of(id);
    if (readsOf(id) > 2) reread++;
  }
  assert.equal(reread, 0);
});

test("a forgotten pair is read again, and a time range is cut from the kept pair", () => {
  const { pairs, readsOf } = countingPairs();
  pairs.of(9);
  pairs.of(9);
  pairs.forget(9);
  pairs.of(9);
  assert.equal(readsOf(9), 3);
  assert.deepEqual(pairs.of(9, { toMs: 9 }), []);
  assert.equal(pairs.of(9, { fromMs: 9 }).length, 1);
});
