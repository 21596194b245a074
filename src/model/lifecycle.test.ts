import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseLifecycle } from "./lifecycle.ts";

describe("parseLifecycle", () => {
  const accepted: readonly [string, string][] = [
    ["proposed", "proposed"],
    ["Proposed", "proposed"],
    ["under_review", "under_review"],
    ["UnderReview", "under_review"],
    ["under-review", "under_review"],
    ["UNDER_REVIEW", "under_review"],
    ["approved", "approved"],
    ["Deprecated", "deprecated"],
    ["REJECTED", "rejected"],
  ];
  for (const [input, stage] of accepted) {
    it(`reads "${input}" as ${stage}`, () => {
      assert.equal(parseLifecycle(input, "lifecycle"), stage);
    });
  }

  const rejected: readonly [unknown, string][] = [
    ["accepted", "unknown_value"],
    ["", "unknown_value"],
    ["toString", "unknown_value"],
    [1, "wrong_type"],
    [["approved"], "wrong_type"],
  ];
  for (const [input, reason] of rejected) {
    it(`rejects ${JSON.stringify(input)} (${reason})`, () => {
      assert.throws(() => parseLifecycle(input, "lifecycle"), { field: "lifecycle", reason });
    });
  }
});
