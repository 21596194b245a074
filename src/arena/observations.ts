/**
 * What each view answered for each pair on each day, reduced to what the metrics need, and the
 * truth it is scored against.
 */
import type { Resolution } from "../client/index.ts";

/** One answer: the winning value (null: no answer), how sure the lens was, how contested the pair. */
export interface Observation {
  readonly value: number | null;
  readonly resolutionConfidence: number | null;
  readonly conflictScore: number;
  readonly status: Resolution["status"];
}

/** Every answer of one view: `days[tick][pair]`. */
export type ViewAnswers = Observation[][];

/** What the world was while the answers were given: `truth[tick][pair]`, `disputed[tick][pair]`. */
export interface Ground {
  readonly truth: readonly (readonly number[])[];
  readonly disputed: readonly (readonly boolean[])[];
}

/** Whether an answer names the true value (no answer is not right). */
export function isRight(o: Observation | undefined, truth: number | undefined): boolean {
  return o !== undefined && o.value !== null && o.value === truth;
}
