/**
 * Whether a view's `status` and `conflict_score` tell disputed pairs from calm ones. A pair is
 * disputed on a day when adversaries wrote to it or its truth changed within the last few days
 * (the runner decides); the rest are calm.
 */
import type { ViewAnswers } from "./observations.ts";

/** How a view flagged disputed and calm pair-days. */
export interface DisputeFlags {
  readonly disputedDays: number;
  readonly calmDays: number;
  /** Share of disputed pair-days the view called `contested`. */
  readonly contestedWhenDisputed: number;
  /** Share of calm pair-days it called `contested` (false alarms). */
  readonly contestedWhenCalm: number;
  readonly meanConflictDisputed: number;
  readonly meanConflictCalm: number;
}

/**
 * Counts over every pair-day with an answer.
 *
 * @example
 * ```ts
 * disputeFlags(answers, disputed).contestedWhenDisputed; // 0.62
 * ```
 */
export function disputeFlags(answers: ViewAnswers, disputed: readonly (readonly boolean[])[]): DisputeFlags {
  const sums = { d: 0, c: 0, dContested: 0, cContested: 0, dConflict: 0, cConflict: 0 };
  disputed.forEach((day, tick) => {
    day.forEach((isDisputed, pair) => {
      const o = answers[tick]?.[pair];
      if (o === undefined || o.value === null) return;
      const contested = o.status === "contested" ? 1 : 0;
      if (isDisputed) {
        sums.d += 1;
        sums.dContested += contested;
        sums.dConflict += o.conflictScore;
      } else {
        sums.c += 1;
        sums.cContested += contested;
        sums.cConflict += o.conflictScore;
      }
    });
  });
  const ratio = (a: number, b: number): number => (b === 0 ? Number.NaN : a / b);
  return {
    disputedDays: sums.d,
    calmDays: sums.c,
    contestedWhenDisputed: ratio(sums.dContested, sums.d),
    contestedWhenCalm: ratio(sums.cContested, sums.c),
    meanConflictDisputed: ratio(sums.dConflict, sums.d),
    meanConflictCalm: ratio(sums.cConflict, sums.c),
  };
}
