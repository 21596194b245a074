/** The pure scores of the arena: accuracy, Brier, time to correct, dispute flags. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { accuracyOver, accuracySeries } from "./accuracy.ts";
import { brierScore } from "./brier-score.ts";
import { disputeFlags } from "./dispute-flags.ts";
import type { Observation, ViewAnswers } from "./observations.ts";
import { summarizeRecoveries } from "./summarize.ts";
import { timeToCorrect } from "./time-to-correct.ts";
import type { TruthChange } from "./world.ts";

const said = (
  value: number | null,
  rc: number | null = 0.8,
  status: Observation["status"] = "agreed",
): Observation => ({
  value,
  resolutionConfidence: rc,
  conflictScore: status === "contested" ? 0.9 : 0.1,
  status,
});

describe("accuracy", () => {
  const truth = [
    [1, 2],
    [1, 3],
  ];
  const answers: ViewAnswers = [
    [said(1), said(2)],
    [said(1), said(null)],
  ];
  it("per day, a missing answer counting as wrong", () => {
    assert.deepEqual(accuracySeries(answers, truth), [1, 0.5]);
  });
  it("over selected pair-days", () => {
    assert.equal(accuracyOver(answers, truth), 0.75);
    assert.equal(
      accuracyOver(answers, truth, (_t, pair) => pair === 1),
      0.5,
    );
    assert.ok(Number.isNaN(accuracyOver(answers, truth, () => false)));
  });
});

describe("brierScore", () => {
  it("is the mean squared distance of the confidence from being right", () => {
    const answers: ViewAnswers = [[said(1, 0.8), said(5, 0.6), said(null, null)]];
    assert.ok(Math.abs(brierScore(answers, [[1, 2, 3]]) - (0.04 + 0.36) / 2) < 1e-12);
  });
  it("is NaN without any confidence", () => {
    assert.ok(Number.isNaN(brierScore([[said(1, null)]], [[1]])));
  });
});

describe("timeToCorrect", () => {
  // Pair 0 changes from 1 to 2 on day 2 and to 3 on day 8.
  const truth = [1, 1, 2, 2, 2, 2, 2, 2, 3, 3].map((v) => [v]);
  const changes: TruthChange[] = [
    { pair: 0, tick: 2, value: 2, kind: "drift" },
    { pair: 0, tick: 8, value: 3, kind: "announced" },
  ];
  const answer = (values: number[]): ViewAnswers => values.map((v) => [said(v)]);
  const oneWrite = (): number => 1;

  it("counts days and writes to the first of three right days in a row", () => {
    const r = timeToCorrect(answer([1, 1, 1, 2, 1, 2, 2, 2, 3, 3]), truth, changes, oneWrite);
    assert.deepEqual(
      r.map((x) => [x.days, x.writes]),
      [
        [3, 4],
        [0, 1],
      ],
      "a lucky day (3) is not a recovery; the last change has only two days left",
    );
  });

  it("reports a change never recovered from before the next one", () => {
    const r = timeToCorrect(answer([1, 1, 1, 1, 1, 1, 1, 1, 2, 2]), truth, changes, oneWrite);
    assert.deepEqual(
      r.map((x) => x.days),
      [null, null],
    );
    assert.deepEqual(summarizeRecoveries(r).recovered, 0);
  });

  it("summarises median and maximum over the recovered ones", () => {
    const change = changes[0] as TruthChange;
    const s = summarizeRecoveries([
      { change, days: 1, writes: 3 },
      { change, days: 5, writes: 9 },
      { change, days: 2, writes: 4 },
      { change, days: null, writes: null },
    ]);
    assert.deepEqual(s, {
      changes: 4,
      recovered: 3,
      medianDays: 2,
      maxDays: 5,
      medianWrites: 4,
      maxWrites: 9,
    });
  });
});

describe("disputeFlags", () => {
  it("tells how often disputed and calm pair-days were called contested", () => {
    const answers: ViewAnswers = [
      [said(1, 0.5, "contested"), said(1, 0.5, "agreed"), said(1, 0.5, "contested"), said(null)],
    ];
    const f = disputeFlags(answers, [[true, true, false, false]]);
    assert.equal(f.disputedDays, 2);
    assert.equal(f.calmDays, 1, "no answer, no flag to judge");
    assert.equal(f.contestedWhenDisputed, 0.5);
    assert.equal(f.contestedWhenCalm, 1);
    assert.ok(Math.abs(f.meanConflictDisputed - 0.5) < 1e-12);
  });
});
