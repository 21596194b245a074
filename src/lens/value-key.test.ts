import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Value } from "../model/assertion.ts";
import type { Candidate } from "./candidate.ts";
import { cand } from "./test-candidates.ts";
import { sameValue } from "./value-key.ts";
import { groupByValue } from "./value-shares.ts";

describe("sameValue / groupByValue", () => {
  const cases: readonly [Value, Value, boolean][] = [
    [{ type: "number", value: 1 }, { type: "number", value: 1 }, true],
    [{ type: "number", value: 1 }, { type: "text", value: "1" }, false],
    [{ type: "number", value: 0 }, { type: "number", value: -0 }, true],
    [{ type: "number", value: 0.1 + 0.2 }, { type: "number", value: 0.3 }, false],
    [{ type: "text", value: "true" }, { type: "boolean", value: true }, false],
    [{ type: "text", value: "a/b" }, { type: "reference", value: "a/b" }, false],
    [{ type: "text", value: "Rare" }, { type: "text", value: "rare" }, false],
    [{ type: "boolean", value: false }, { type: "boolean", value: false }, true],
  ];
  for (const [a, b, same] of cases) {
    it(`${JSON.stringify(a)} ${same ? "=" : "≠"} ${JSON.stringify(b)}`, () => {
      assert.equal(sameValue(a, b), same, "sameValue");
      const groups = groupByValue([cand({ id: "a", value: a }), cand({ id: "b", value: b })]);
      assert.equal(groups.length, same ? 1 : 2, "groupByValue agrees with sameValue");
    });
  }
});

describe("groupByValue", () => {
  it("makes one group per class of sameValue, in order of first appearance (property)", () => {
    const value = fc.oneof(
      fc.constantFrom(0, -0, 1, 1.5, 1e21).map((v): Value => ({ type: "number", value: v })),
      fc.boolean().map((v): Value => ({ type: "boolean", value: v })),
      fc.constantFrom("1", "true", "a/b", "Rare").map((v): Value => ({ type: "text", value: v })),
      fc.constantFrom("a/b", "1").map((v): Value => ({ type: "reference", value: v })),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 20 }), (values) => {
        const candidates = values.map((v, i) => cand({ id: String(i), value: v }));
        // The definition: each candidate joins the first group whose value is the same.
        const expected: Candidate[][] = [];
        for (const c of candidates) {
          const group = expected.find((g) =>
            sameValue((g[0] as Candidate).assertion.value, c.assertion.value),
          );
          if (group === undefined) expected.push([c]);
          else group.push(c);
        }
        assert.deepEqual(groupByValue(candidates), expected);
      }),
    );
  });
});
