import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Prng } from "./prng.ts";

describe("Prng", () => {
  it("gives the same stream for the same seed, another for another seed", () => {
    const draw = (seed: number): number[] => {
      const rng = new Prng(seed);
      return Array.from({ length: 5 }, () => rng.next());
    };
    assert.deepEqual(draw(7), draw(7));
    assert.notDeepEqual(draw(7), draw(8));
  });

  it("forks streams by label, independent of how far the parent has drawn", () => {
    const a = new Prng(7);
    const b = new Prng(7);
    b.next();
    b.next();
    assert.equal(a.fork("expert-1").next(), b.fork("expert-1").next());
    assert.notEqual(a.fork("expert-1").next(), a.fork("expert-2").next());
  });

  it("stays in range", () => {
    const rng = new Prng(1);
    for (let i = 0; i < 1000; i++) {
      const x = rng.next();
      assert.ok(x >= 0 && x < 1);
      const n = rng.int(6);
      assert.ok(Number.isInteger(n) && n >= 0 && n < 6);
    }
  });

  it("samples distinct elements, all of them when asked for more", () => {
    const rng = new Prng(3);
    const items = [1, 2, 3, 4, 5];
    const three = rng.sample(items, 3);
    assert.equal(new Set(three).size, 3);
    assert.deepEqual(rng.sample(items, 9).sort(), items);
  });

  it("makes 64-hex seeds, the same per label in every run", () => {
    const key = new Prng(7).fork("sybil-3").hex32();
    assert.match(key, /^[0-9a-f]{64}$/);
    assert.equal(new Prng(7).fork("sybil-3").hex32(), key);
  });

  it("refuses what it cannot do", () => {
    assert.throws(() => new Prng(1.5), RangeError);
    assert.throws(() => new Prng(1).int(0), RangeError);
    assert.throws(() => new Prng(1).pick([]), RangeError);
  });
});
