import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { LshIndex } from "./lsh-index.ts";
import { minHash, shingles } from "./min-hash.ts";

/** Scopes: any safe integer (the content defense's are 30-bit keys). */
const SCOPE = 0x1f_ffff_ffff_fff0;
const AGENT_1 = 1;
const AGENT_2 = 2;

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

/** Every candidate's item: a threshold of 0 confirms each one. */
function candidates(
  index: LshIndex<string>,
  signature: Uint32Array,
  scope: number,
  sinceMs?: number,
): string[] {
  return index.similar(signature, scope, 0, sinceMs).map((match) => match.item);
}

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
    const index = new LshIndex<string>();
    pairs.forEach(([a], i) => {
      index.add(`id${i}`, minHash(a!), AGENT_1, i);
    });
    const missed = pairs.filter(([, b], i) => !candidates(index, minHash(b!), AGENT_1).includes(`id${i}`));
    assert.deepEqual(missed, []);
  });

  it("rarely makes unrelated texts candidates", () => {
    const texts = fc.sample(letters, { numRuns: 1200, seed: 2 });
    const index = new LshIndex<string>();
    texts.slice(0, 1000).forEach((t, i) => {
      index.add(`id${i}`, minHash(t), AGENT_1, i);
    });
    const found = texts.slice(1000).reduce((n, t) => n + candidates(index, minHash(t), AGENT_1).length, 0);
    // 200 queries × 1000 entries = 200,000 pairs; measured 0.
    assert.ok(found <= 20, `${found} candidates among 200,000 unrelated pairs`);
  });

  it("confirms candidates by their estimated similarity", () => {
    const index = new LshIndex<string>();
    const base = "drug://semaglutide | effect | weight loss of about 15 percent over 68 weeks";
    index.add("base", minHash(base), SCOPE, 0);
    const [match] = index.similar(minHash(base + "!"), SCOPE, 0.8);
    assert.ok(match !== undefined && match.item === "base", "a variant one character longer is found");
    assert.ok(match.similarity >= 0.8 && match.similarity < 1, `similarity ${match.similarity}`);
    assert.equal(match.timeMs, 0);
    assert.deepEqual(index.similar(minHash(base + "!"), SCOPE, 1), [], "not identical");
  });

  it("keeps scopes apart", () => {
    const index = new LshIndex<string>();
    const signature = minHash("drug://semaglutide | effect | weight loss");
    index.add("mine", signature, AGENT_1, 0);
    index.add("theirs", signature, AGENT_2, 0);
    assert.deepEqual(candidates(index, signature, AGENT_1), ["mine"]);
    assert.deepEqual(candidates(index, signature, AGENT_2), ["theirs"]);
    assert.deepEqual(candidates(index, signature, 3), []);
  });

  it("returns each entry once, and entries sharing buckets all, newest first", () => {
    const index = new LshIndex<string>();
    const signature = minHash("same text");
    index.add("a", signature, SCOPE, 0);
    index.add("b", signature, SCOPE, 0);
    assert.deepEqual(candidates(index, signature, SCOPE), ["b", "a"]);
  });

  it("overwrites the oldest entry when full", () => {
    const index = new LshIndex<string>({ maxEntries: 3 });
    for (const id of ["a", "b", "c"]) index.add(id, minHash(UNRELATED[id] ?? id), SCOPE, 0);
    index.add("a again", minHash(UNRELATED["a"] ?? ""), SCOPE, 1);
    index.add("d", minHash(UNRELATED["d"] ?? ""), SCOPE, 2);
    assert.equal(index.size, 3);
    assert.deepEqual(candidates(index, minHash(UNRELATED["a"] ?? ""), SCOPE), ["a again"]);
    assert.deepEqual(candidates(index, minHash(UNRELATED["b"] ?? ""), SCOPE), []);
    assert.deepEqual(candidates(index, minHash(UNRELATED["c"] ?? ""), SCOPE), ["c"]);
    assert.deepEqual(candidates(index, minHash(UNRELATED["d"] ?? ""), SCOPE), ["d"]);
  });

  it("stays right through thousands of adds, growing and wrapping around", () => {
    const index = new LshIndex<number>({ maxEntries: 3000 });
    for (let i = 0; i < 10_000; i++) index.add(i, minHash(`claim number ${i % 4000}`), SCOPE, i);
    assert.equal(index.size, 3000);
    // Entries 7000..9999 are held: texts 3000..3999 once (i = 7000..7999), 0..1999 once.
    const found = (text: number) =>
      index.similar(minHash(`claim number ${text}`), SCOPE, 1).map((m) => m.item);
    assert.deepEqual(found(3500), [7500]);
    assert.deepEqual(found(1500), [9500]);
    assert.deepEqual(found(2500), [], "entry 6500 was overwritten");
  });

  it("leaves out entries older than the query's window", () => {
    const index = new LshIndex<string>();
    const texts = new Map([
      [10, UNRELATED["a"] ?? ""],
      [20, UNRELATED["b"] ?? ""],
      [30, UNRELATED["c"] ?? ""],
    ]);
    texts.forEach((text, t) => {
      index.add(`t${t}`, minHash(text), SCOPE, t);
    });
    assert.deepEqual(candidates(index, minHash(texts.get(10) ?? ""), SCOPE, 10), ["t10"]);
    assert.deepEqual(candidates(index, minHash(texts.get(10) ?? ""), SCOPE, 11), []);
    assert.deepEqual(candidates(index, minHash(texts.get(30) ?? ""), SCOPE, 30), ["t30"]);
  });

  it("takes a bucket's newest entries when it is crowded", () => {
    const index = new LshIndex<string>({ maxBucketSize: 2 });
    const signature = minHash("same text");
    for (const id of ["a", "b", "c"]) index.add(id, signature, SCOPE, 0);
    assert.deepEqual(candidates(index, signature, SCOPE), ["c", "b"]);
    assert.equal(index.size, 3);
  });

  it("agrees with a plain list under any sequence of adds and queries (property)", () => {
    // Any safe integer: 7 and 2³² + 7 share their low word, and must stay apart.
    const scopes = [0, 7, 2 ** 32 + 7, Number.MAX_SAFE_INTEGER];
    const op = fc.record({ text: fc.nat(5), scope: fc.constantFrom(...scopes), advance: fc.nat(3) });
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 80 }),
        fc.nat(12),
        fc.integer({ min: 1, max: 9 }),
        (ops, back, max) => {
          const index = new LshIndex<number>({ maxEntries: max, maxBucketSize: 100 });
          const model: { text: number; scope: number; timeMs: number }[] = [];
          let now = 0;
          ops.forEach((o, i) => {
            now += o.advance;
            model.push({ text: o.text, scope: o.scope, timeMs: now });
            index.add(i, minHash(`text number ${o.text}`), o.scope, now);
            const held = model.map((e, id) => ({ ...e, id })).slice(-max);
            assert.equal(index.size, held.length);
            for (let text = 0; text <= 5; text++) {
              for (const scope of scopes) {
                const expected = held
                  .filter((e) => e.text === text && e.scope === scope && e.timeMs >= now - back)
                  .map((e) => e.id);
                const found = index
                  .similar(minHash(`text number ${text}`), scope, 1, now - back)
                  .map((m) => m.item);
                assert.deepEqual(
                  found.sort((x, y) => x - y),
                  expected,
                  `text ${text} in ${scope}`,
                );
              }
            }
          });
        },
      ),
    );
  });

  it("rejects a signature of the wrong length and a bad shape", () => {
    assert.throws(() => {
      new LshIndex<string>().add("x", minHash("x", 64), SCOPE, 0);
    }, RangeError);
    assert.throws(() => new LshIndex<string>().similar(minHash("x", 64), SCOPE, 0), RangeError);
    assert.throws(() => new LshIndex({ bands: 0 }), RangeError);
    assert.throws(() => new LshIndex({ maxEntries: 1.5 }), RangeError);
  });
});
