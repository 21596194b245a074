/** Accuracy of a view: the share of pairs whose answer names the true value. */
import { isRight, type ViewAnswers } from "./observations.ts";

/**
 * The accuracy of each day: right answers over pairs (a pair with no answer counts as wrong).
 *
 * @example
 * ```ts
 * accuracySeries([[{ value: 1, … }, { value: 2, … }]], [[1, 3]]); // [0.5]
 * ```
 */
export function accuracySeries(answers: ViewAnswers, truth: readonly (readonly number[])[]): number[] {
  return truth.map((day, tick) => {
    if (day.length === 0) return 0;
    let right = 0;
    day.forEach((value, pair) => {
      if (isRight(answers[tick]?.[pair], value)) right += 1;
    });
    return right / day.length;
  });
}

/**
 * The share of right answers over the pair-days `include` selects (all by default); NaN when it
 * selects none.
 */
export function accuracyOver(
  answers: ViewAnswers,
  truth: readonly (readonly number[])[],
  include: (tick: number, pair: number) => boolean = () => true,
): number {
  let right = 0;
  let total = 0;
  truth.forEach((day, tick) => {
    day.forEach((value, pair) => {
      if (!include(tick, pair)) return;
      total += 1;
      if (isRight(answers[tick]?.[pair], value)) right += 1;
    });
  });
  return total === 0 ? Number.NaN : right / total;
}
