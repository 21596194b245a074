/**
 * How long a view takes to give the new truth after a pair's truth changes: in days, and in the
 * claims written to the pair meanwhile (what "a bounded number of writes" is counted in).
 */
import { isRight, type ViewAnswers } from "./observations.ts";
import type { TruthChange } from "./world.ts";

/** A view's recovery from one change; `days` and `writes` are null when it never recovered. */
export interface Recovery {
  readonly change: TruthChange;
  readonly days: number | null;
  readonly writes: number | null;
}

/** Days a view must stay right for its recovery to count: one lucky day is not a recovery. */
export const STABLE_DAYS = 3;

/**
 * For each change, the first day from which the view is right for `STABLE_DAYS` days in a row
 * (or until the pair's next change or the end of the run, if sooner), counted from the day of
 * the change. `writesOn(pair, tick)` counts the claims stored on the pair that day; the writes of
 * a recovery are those of the days from the change to the recovery, both included.
 *
 * @example
 * ```ts
 * timeToCorrect(answers, truth, world.allChanges(), board.writesOn.bind(board));
 * // [{ change: { pair: 4, tick: 21, … }, days: 2, writes: 9 }, …]
 * ```
 */
export function timeToCorrect(
  answers: ViewAnswers,
  truth: readonly (readonly number[])[],
  changes: readonly TruthChange[],
  writesOn: (pair: number, tick: number) => number,
): Recovery[] {
  const ticks = truth.length;
  return changes.map((change) => {
    const next = changes.find((c) => c.pair === change.pair && c.tick > change.tick)?.tick ?? ticks;
    const right = (t: number): boolean => isRight(answers[t]?.[change.pair], truth[t]?.[change.pair]);
    for (let t = change.tick; t < next; t++) {
      const until = Math.min(t + STABLE_DAYS, next);
      let stable = true;
      for (let u = t; u < until && stable; u++) stable = right(u);
      if (!stable) continue;
      let writes = 0;
      for (let u = change.tick; u <= t; u++) writes += writesOn(change.pair, u);
      return { change, days: t - change.tick, writes };
    }
    return { change, days: null, writes: null };
  });
}
