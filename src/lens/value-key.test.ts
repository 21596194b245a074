import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Value } from "../model/assertion.ts";
import { sameValue, valueKey } from "./value-key.ts";

describe("valueKey / sameValue", () => {
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
      assert.equal(valueKey(a) === valueKey(b), same, "valueKey agrees with sameValue");
    });
  }
});
