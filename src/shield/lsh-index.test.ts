import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { LshIndex } from "./lsh-index.ts";
import { minHash, shingles } from "./min-hash.ts";

function exactJaccard(a: string, b: string): number {
  const left = new Set(shingles(a));
  const right = new Set(shingles(b));
  let shared = 0;
  for (const s of left) if (right.has(s)) shared++;
  return shared / (left.size + right.size - shared);
}

const letters = fc.string({
  unit: fc.constantFrom(...Array.from("abcdefghijklmnopqrstuvwxyz ")),
  minLength: 40,
  maxLength: 200,
});

/** Claims that share almost no shingles, so only an entry's own text finds it. */
const UNRELATED: Readonly<Record<string, string>> = {
  a: "drug://aspirin | max_dose_mg | 4000",
  b: "city://paris/bridges | opened_in | 1932 quietly",
  c: "code://python/requests/tls | verify | true",
  d: "weather://oslo/january | mean_temperature_c | -4.3",
};

describe("LshIndex", () => {
  it("finds a near-duplicate (exact Jaccard ≥ 0.9) every time in 500 pairs", () => {
    // 1 − (1 − 0.9⁸)¹⁶ ≈ 0.9999 per pair at the threshold, more above it.
    const pairs = fc
      .sample(fc.tuple(letters, fc.nat(), fc.constantFrom("x", "y", "z")), { numRuns: 2000, seed: 1 })
      .map(([base, at, c]) => [
        base,
        base.slice(0, at % base.length) + c + base.slice((at % base.length) + 1),
      ])
      .filter(([a, b]) => a !== b && exactJaccard(a!, b!) >= 0.9)
      .slice(0, 500);
    assert.equal(pairs.length, 500);
    const index = new LshIndex();
    pairs.forEach(([a], i) => {
      index.add(`id${i}`, minHash(a!), "agent", i);
    });
    const missed = pairs.filter(([, b], i) => !index.candidates(minHash(b!), "agent").includes(`id${i}`));
    assert.deepEqual(missed, []);
  });

  it("rarely makes unrelated texts candidates", () => {
    const texts = fc.sample(letters, { numRuns: 1200, seed: 2 });
    const index = new LshIndex();
    texts.slice(0, 1000).forEach((t, i) => {
      index.add(`id${i}`, minHash(t), "agent", i);
    });
    const found = texts.slice(1000).reduce((n, t) => n + index.candidates(minHash(t), "agent").length, 0);
    // 200 queries × 1000 entries = 200,000 pairs; measured 0.
    assert.ok(found <= 20, `${found} candidates among 200,000 unrelated pairs`);
  });

  it("keeps scopes apart", () => {
    const index = new LshIndex();
    const signature = minHash("drug://semaglutide | effect | weight loss");
    index.add("mine", signature, "agent-1", 0);
    index.add("theirs", signature, "agent-2", 0);
    assert.deepEqual(index.candidates(signature, "agent-1"), ["mine"]);
    assert.deepEqual(index.candidates(signature, "agent-2"), ["theirs"]);
    assert.deepEqual(index.candidates(signature, "agent-3"), []);
  });

  it("returns each id once, and ids sharing buckets all", () => {
    const index = new LshIndex();
    const signature = minHash("same text");
    index.add("a", signature, "s", 0);
    index.add("b", signature, "s", 0);
    assert.deepEqual(index.candidates(signature, "s").sort(), ["a", "b"]);
    index.remove("a");
    assert.deepEqual(index.candidates(signature, "s"), ["b"]);
    index.remove("b");
    assert.deepEqual(index.candidates(signature, "s"), []);
  });

  it("evicts the oldest entry when full, counting a re-added id as new", () => {
    const index = new LshIndex({ maxEntries: 3 });
    for (const id of ["a", "b", "c"]) {
      index.add(id, minHash(UNRELATED[id] ?? id), "s", 0);
    }
    index.add("a", minHash(UNRELATED["a"] ?? ""), "s", 1);
    index.add("d", minHash(UNRELATED["d"] ?? ""), "s", 2);
    assert.equal(index.size, 3);
    assert.equal(index.get("b"), undefined);
    assert.deepEqual(index.candidates(minHash(UNRELATED["b"] ?? ""), "s"), []);
    assert.deepEqual([index.get("a")?.timeMs, index.get("c")?.timeMs, index.get("d")?.timeMs], [1, 0, 2]);
  });

  it("stays right through thousands of re-adds and evictions", () => {
    const index = new LshIndex({ maxEntries: 10 });
    for (let i = 0; i < 5000; i++) index.add(`id${i % 25}`, minHash(`claim ${i % 25}`), "s", i);
    assert.equal(index.size, 10);
    for (let i = 4990; i < 5000; i++) assert.equal(index.get(`id${i % 25}`)?.timeMs, i);
    assert.equal(index.removeOlderThan(4995), 5);
    const held = ["id20", "id21", "id22", "id23", "id24"];
    assert.ok(index.candidates(minHash("claim 24"), "s").includes("id24"));
    assert.ok(index.candidates(minHash("claim 14"), "s").every((id) => held.includes(id)));
  });

  it("removes entries older than a time, oldest first", () => {
    const index = new LshIndex();
    const texts = new Map([
      [10, UNRELATED["a"] ?? ""],
      [20, UNRELATED["b"] ?? ""],
      [30, UNRELATED["c"] ?? ""],
    ]);
    texts.forEach((text, t) => {
      index.add(`t${t}`, minHash(text), "s", t);
    });
    assert.equal(index.removeOlderThan(20), 1);
    assert.equal(index.get("t10"), undefined);
    assert.deepEqual(index.candidates(minHash(texts.get(10) ?? ""), "s"), []);
    assert.equal(index.removeOlderThan(31), 2);
    assert.equal(index.size, 0);
  });

  it("keeps a bucket's newest ids when it overflows", () => {
    const index = new LshIndex({ maxBucketSize: 2 });
    const signature = minHash("same text");
    for (const id of ["a", "b", "c"]) {
      index.add(id, signature, "s", 0);
    }
    assert.deepEqual(index.candidates(signature, "s").sort(), ["b", "c"]);
    assert.equal(index.size, 3);
  });

  it("agrees with a plain list under any sequence of adds and removals", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("add"), id: fc.nat(5), text: fc.nat(3), scope: fc.nat(1) }),
      fc.record({ kind: fc.constant("remove"), id: fc.nat(5) }),
      fc.record({ kind: fc.constant("removeOlderThan"), back: fc.nat(8) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const index = new LshIndex({ maxEntries: 4 });
        let model: { id: string; text: number; scope: string; timeMs: number }[] = [];
        ops.forEach((o, now) => {
          if (o.kind === "add") {
            const id = `id${o.id}`;
            model = model.filter((e) => e.id !== id);
            model.push({ id, text: o.text, scope: `s${o.scope}`, timeMs: now });
            if (model.length > 4) model.shift();
            index.add(id, minHash(`text number ${o.text}`), `s${o.scope}`, now);
          } else if (o.kind === "remove") {
            model = model.filter((e) => e.id !== `id${o.id}`);
            index.remove(`id${o.id}`);
          } else {
            model = model.filter((e) => e.timeMs >= now - o.back);
            index.removeOlderThan(now - o.back);
          }
          assert.equal(index.size, model.length);
          for (const e of model) assert.equal(index.get(e.id)?.timeMs, e.timeMs);
          for (const text of [0, 1, 2, 3]) {
            for (const scope of ["s0", "s1"]) {
              const expected = model.filter((e) => e.text === text && e.scope === scope).map((e) => e.id);
              const found = index.candidates(minHash(`text number ${text}`), scope);
              assert.deepEqual(found.filter((id) => expected.includes(id)).sort(), expected.sort());
              assert.ok(found.every((id) => model.some((e) => e.id === id && e.scope === scope)));
            }
          }
        });
      }),
    );
  });

  it("rejects a signature of the wrong length and a bad shape", () => {
    assert.throws(() => {
      new LshIndex().add("x", minHash("x", 64), "s", 0);
    }, RangeError);
    assert.throws(() => new LshIndex({ bands: 0 }), RangeError);
    assert.throws(() => new LshIndex({ maxEntries: 1.5 }), RangeError);
  });
});
