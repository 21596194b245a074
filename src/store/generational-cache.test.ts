import assert from "node:assert/strict";
import { test } from "node:test";
import { GenerationalCache } from "./generational-cache.ts";

const byLength = (value: readonly string[]): number => value.length;

test("a cached value is returned until deleted", () => {
  const cache = new GenerationalCache<number, readonly string[]>({ maxWeight: 10, weigh: byLength });
  cache.set(1, ["a"]);
  assert.deepEqual(cache.get(1), ["a"]);
  cache.delete(1);
  assert.equal(cache.get(1), undefined);
});

test("the cache keeps at most its weight, dropping what was least recently used", () => {
  const cache = new GenerationalCache<number, readonly string[]>({ maxWeight: 8, weigh: byLength });
  for (let key = 0; key < 100; key++) {
    cache.set(key, ["x", "y"]);
    let kept = 0;
    for (let k = 0; k <= key; k++) if (cache.get(k) !== undefined) kept += 2;
    assert.ok(kept <= 8, `after ${key + 1} sets the cache holds weight ${kept}, over its 8`);
  }
  assert.notEqual(cache.get(99), undefined, "the newest entry is kept");
  assert.equal(cache.get(0), undefined, "the oldest entry is gone");
});

test("reading an entry of the previous generation keeps it through the next turnover", () => {
  const cache = new GenerationalCache<string, readonly string[]>({ maxWeight: 4, weigh: byLength });
  cache.set("hot", ["1"]);
  cache.set("b", ["1"]);
  cache.set("c", ["1"]); // turnover: "hot" and "b" are now the previous generation
  assert.notEqual(cache.get("hot"), undefined); // moved back to the current generation
  cache.set("d", ["1"]); // turnover: "b" is dropped with the old previous generation
  assert.notEqual(cache.get("hot"), undefined);
  assert.equal(cache.get("b"), undefined);
});

test("a value heavier than half the budget is not cached, and replaces nothing", () => {
  const cache = new GenerationalCache<string, readonly string[]>({ maxWeight: 4, weigh: byLength });
  cache.set("small", ["1"]);
  cache.set("huge", ["1", "2", "3"]);
  assert.equal(cache.get("huge"), undefined);
  assert.notEqual(cache.get("small"), undefined);
});

test("setting a key again replaces its value and its weight", () => {
  const cache = new GenerationalCache<string, readonly string[]>({ maxWeight: 4, weigh: byLength });
  cache.set("k", ["1", "2"]);
  cache.set("k", ["3"]);
  cache.set("other", ["4"]);
  assert.deepEqual(cache.get("k"), ["3"]);
  assert.deepEqual(cache.get("other"), ["4"], "the replaced value's weight was given back");
});

test("a negative or fractional budget is refused", () => {
  assert.throws(() => new GenerationalCache({ maxWeight: -1, weigh: () => 1 }), RangeError);
  assert.throws(() => new GenerationalCache({ maxWeight: 1.5, weigh: () => 1 }), RangeError);
});
