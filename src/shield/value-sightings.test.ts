import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Value } from "../model/assertion.ts";
import { keyOf, sightingKey, unicodeLetters, ValueSightings } from "./value-sightings.ts";

const WINDOW = 600_000;
const T0 = 1_000_000_000;
const text = (value: string): Value => ({ type: "text", value });
const K = 1;
const KEPT = 2;
const other = (i: number): number => 100 + i;

describe("ValueSightings", () => {
  it("keeps a key's first item until a second sighting, then hands it over once", () => {
    const sightings = new ValueSightings<string>(100);
    assert.equal(sightings.see(K, "first", T0, T0 - WINDOW), undefined);
    assert.deepEqual(sightings.recent(K, T0 - WINDOW), { timeMs: T0, first: "first" });
    assert.deepEqual(sightings.see(K, "second", T0 + 1, T0 + 1 - WINDOW), { promote: "first" });
    assert.deepEqual(sightings.see(K, "third", T0 + 2, T0 + 2 - WINDOW), { promote: undefined });
    assert.deepEqual(sightings.recent(K, T0 - WINDOW), { timeMs: T0 + 2, first: undefined });
  });

  it("starts a key afresh when its last sighting is older than the window", () => {
    const sightings = new ValueSightings<string>(100);
    sightings.see(K, "old", T0, T0 - WINDOW);
    sightings.see(K, "older's repeat", T0 + 1, T0 + 1 - WINDOW);
    const later = T0 + 1 + WINDOW + 1;
    assert.equal(sightings.recent(K, later - WINDOW), undefined);
    assert.equal(sightings.see(K, "new", later, later - WINDOW), undefined);
    assert.deepEqual(sightings.recent(K, later - WINDOW), { timeMs: later, first: "new" });
  });

  it("keeps at most maxKeys keys, dropping the least recently seen", () => {
    const sightings = new ValueSightings<number>(4);
    const since = T0 - WINDOW;
    sightings.see(KEPT, 0, T0, since);
    for (let i = 1; i <= 20; i++) {
      sightings.see(other(i), i, T0, since);
      // Seen again every other key: it stays while keys seen once go.
      if (i % 2 === 0) sightings.see(KEPT, i, T0, since);
    }
    assert.ok(sightings.recent(KEPT, since) !== undefined, "a key seen often stays");
    assert.equal(sightings.recent(other(1), since), undefined, "a key seen once, long ago, is gone");
    const held = Array.from({ length: 20 }, (_, i) => sightings.recent(other(i + 1), since)).filter(
      (s) => s !== undefined,
    );
    assert.ok(held.length <= 4, `${held.length} keys held`);
    assert.ok(sightings.recent(other(20), since) !== undefined, "the last key seen is held");
  });

  it("rejects a size that is not a positive integer", () => {
    for (const size of [0, -1, 1.5, Number.NaN]) assert.throws(() => new ValueSightings(size), RangeError);
  });
});

describe("sightingKey", () => {
  it("gives texts that differ only in case, digits, punctuation, spacing or composition one key", () => {
    const key = sightingKey("agent-1", text("Run 1001 finished: OK!"));
    for (const variant of [
      "run 1002 finished: ok",
      "RUN 77 FINISHED — OK",
      "run finished ok",
      " Run\t1001 finished:OK ",
    ]) {
      assert.equal(sightingKey("agent-1", text(variant)), key, variant);
    }
    assert.equal(sightingKey("a", text("caf\u00e9")), sightingKey("a", text("cafe\u0301")), "NFC");
    assert.equal(sightingKey("a", text("CAF\u00c9")), sightingKey("a", text("caf\u00e9")), "case");
  });

  it("keys ASCII text as the general form does: its Unicode letters, lowercased", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."aZ 9!\t_@[`{é".split("")) }), (value) => {
        assert.equal(sightingKey("a", text(value)), keyOf("a", "text", unicodeLetters(value)));
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary-ascii" }), (value) => {
        assert.equal(sightingKey("a", text(value)), keyOf("a", "text", unicodeLetters(value)));
      }),
    );
  });

  it("is a small integer, and different statements share one about as rarely as random keys would", () => {
    const keys = new Set<number>();
    const statements = 200_000;
    for (let i = 0; i < statements / 2; i++) {
      const word = i.toString(26).replace(/[0-9a-p]/g, (d) => String.fromCharCode(97 + parseInt(d, 26)));
      keys.add(sightingKey(`agent-${i % 7}`, text(`claim ${word}`)));
      keys.add(sightingKey("agent-1", { type: "number", value: i / 7 }));
    }
    for (const key of keys) assert.ok(Number.isInteger(key) && key >= 0 && key < 2 ** 30, `${key}`);
    // Random 30-bit keys: 200,000² ÷ 2³¹ ≈ 19 shared on average; three times that would be a bias.
    const shared = statements - keys.size;
    assert.ok(shared < 60, `${shared} keys shared among ${statements} statements`);
  });

  it("tells apart other letters, other types, other values and other agents", () => {
    const key = sightingKey("agent-1", text("weight loss"));
    assert.notEqual(sightingKey("agent-1", text("weight gain")), key);
    assert.notEqual(sightingKey("agent-2", text("weight loss")), key);
    assert.notEqual(sightingKey("agent-1", { type: "reference", value: "weight loss" }), key);
    const number = (value: number): Value => ({ type: "number", value });
    assert.equal(sightingKey("a", number(280.1)), sightingKey("a", number(280.1)));
    assert.notEqual(sightingKey("a", number(280.1)), sightingKey("a", number(280.4)));
    assert.notEqual(sightingKey("a", number(1)), sightingKey("a", text("1")));
    assert.notEqual(
      sightingKey("a", { type: "boolean", value: true }),
      sightingKey("a", { type: "boolean", value: false }),
    );
  });
});
