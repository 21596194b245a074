import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { CandidateWeights } from "./candidate-weights.ts";

describe("CandidateWeights", () => {
  it("answers as a Map filled the same way would, for few candidates and many (property)", () => {
    const hash = fc.stringMatching(/^[0-9a-f]{64}$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ hash, weight: fc.double({ noNaN: true }) }), {
          maxLength: 40,
          selector: (e) => e.hash,
        }),
        fc.array(hash, { maxLength: 5 }),
        (entries, others) => {
          const weights = new CandidateWeights();
          const map = new Map<string, number>();
          for (const { hash, weight } of entries) {
            weights.add(hash, weight);
            map.set(hash, weight);
          }
          assert.equal(weights.size, map.size);
          assert.deepStrictEqual([...weights], [...map]);
          assert.deepStrictEqual([...weights.values()], [...map.values()]);
          assert.deepStrictEqual(Object.fromEntries(weights), Object.fromEntries(map));
          // Looked up by equal strings that are other objects, as a query's hashes can be.
          for (const key of [...entries.map((e) => Buffer.from(e.hash, "hex").toString("hex")), ...others]) {
            assert.equal(weights.get(key), map.get(key));
            assert.equal(weights.has(key), map.has(key));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("finds a weight added after a lookup built its index", () => {
    const weights = new CandidateWeights();
    for (let i = 0; i < 20; i++) weights.add(i.toString(16).padStart(64, "0"), i);
    assert.equal(weights.get((19).toString(16).padStart(64, "0")), 19);
    weights.add("ff".repeat(32), 0.5);
    assert.equal(weights.get("ff".repeat(32)), 0.5);
    assert.equal(weights.size, 21);
  });
});
