import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { confidenceLens } from "./confidence.ts";
import { cand, hashOf } from "./test-candidates.ts";

describe("confidenceLens", () => {
  it("picks the highest effective confidence, not the highest stated one", () => {
    const r = confidenceLens([
      cand({ id: "stale", value: "a", confidence: 0.95, effective: 0.3, timestampMs: 1 }),
      cand({ id: "fresh", value: "b", confidence: 0.7, timestampMs: 2 }),
    ]);
    assert.equal(r.winner?.assertion.hash, hashOf("fresh"), "decay demotes the stale claim");
    assert.equal(r.resolutionConfidence, 0.7, "resolution confidence is the winner's effective confidence");
  });

  it("breaks equal effective confidence by the newer timestamp", () => {
    const r = confidenceLens([
      cand({ id: "older", confidence: 0.6, timestampMs: 1 }),
      cand({ id: "newer", confidence: 0.6, timestampMs: 2 }),
    ]);
    assert.equal(r.winner?.assertion.hash, hashOf("newer"), "newer wins the tie");
  });

  it("then by the higher stated confidence, then the smaller hash", () => {
    const sameEffective = [
      cand({ id: "p", confidence: 0.9, effective: 0.5, timestampMs: 1 }),
      cand({ id: "q", confidence: 0.6, effective: 0.5, timestampMs: 1 }),
    ];
    assert.equal(confidenceLens(sameEffective).winner?.assertion.hash, hashOf("p"), "higher stated wins");
    const identical = [
      cand({ id: "r", confidence: 0.6, hash: "f".repeat(64) }),
      cand({ id: "s", confidence: 0.6, hash: "0".repeat(64) }),
    ];
    assert.equal(confidenceLens(identical).winner?.assertion.hash, "0".repeat(64), "smaller hash wins");
  });

  it("is unanimous when every claim holds the same value", () => {
    const r = confidenceLens([cand({ id: "a", value: "v" }), cand({ id: "b", value: "v", confidence: 0.1 })]);
    assert.equal(r.status, "unanimous");
    assert.equal(r.conflictScore, 0);
  });
});
