/**
 * Calibration of `resolution_confidence`: the Brier score, the mean of (confidence − outcome)²
 * where the outcome is 1 when the answer is right and 0 when wrong. 0 is perfect; always saying
 * 0.5 scores 0.25; confidently wrong answers push it toward 1.
 */
import { isRight, type ViewAnswers } from "./observations.ts";

/**
 * The Brier score over every answer that carries a confidence; NaN when none does.
 *
 * @example
 * ```ts
 * brierScore([[{ value: 1, resolutionConfidence: 0.8, … }]], [[1]]); // (0.8 − 1)² = 0.04
 * ```
 */
export function brierScore(answers: ViewAnswers, truth: readonly (readonly number[])[]): number {
  let sum = 0;
  let n = 0;
  truth.forEach((day, tick) => {
    day.forEach((value, pair) => {
      const o = answers[tick]?.[pair];
      if (o === undefined || o.value === null || o.resolutionConfidence === null) return;
      const outcome = isRight(o, value) ? 1 : 0;
      sum += (o.resolutionConfidence - outcome) ** 2;
      n += 1;
    });
  });
  return n === 0 ? Number.NaN : sum / n;
}
