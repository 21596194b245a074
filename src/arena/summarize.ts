/** Turns a run's answers into the scores of each view. */
import { accuracyOver, accuracySeries } from "./accuracy.ts";
import type { RecoverySummary, ViewResult } from "./arena-result.ts";
import { brierScore } from "./brier-score.ts";
import { disputeFlags } from "./dispute-flags.ts";
import type { Ground, ViewAnswers } from "./observations.ts";
import { timeToCorrect, type Recovery } from "./time-to-correct.ts";
import type { LensView } from "./views.ts";
import type { TruthChange } from "./world.ts";

/** What scoring needs besides the answers. */
export interface ScoringContext {
  readonly ground: Ground;
  readonly changes: readonly TruthChange[];
  readonly writesOn: (pair: number, tick: number) => number;
  /** Pair-days under the sybil swarm's attack. */
  readonly attacked: (tick: number, pair: number) => boolean;
}

/**
 * The scores of one view.
 *
 * @example
 * ```ts
 * summarizeView(VIEWS[3], judge.answers(3), context).accuracy; // 0.97
 * ```
 */
export function summarizeView(view: LensView, answers: ViewAnswers, context: ScoringContext): ViewResult {
  const { truth, disputed } = context.ground;
  const recoveries = timeToCorrect(answers, truth, context.changes, context.writesOn);
  return {
    id: view.id,
    lens: view.lens,
    epochAware: view.epochAware,
    accuracy: accuracyOver(answers, truth),
    accuracyUnderAttack: accuracyOver(answers, truth, context.attacked),
    accuracyDisputed: accuracyOver(answers, truth, (t, p) => disputed[t]?.[p] === true),
    accuracyCalm: accuracyOver(answers, truth, (t, p) => disputed[t]?.[p] !== true),
    brier: brierScore(answers, truth),
    recovery: summarizeRecoveries(recoveries),
    announcedRecovery: summarizeRecoveries(recoveries.filter((r) => r.change.kind === "announced")),
    driftRecovery: summarizeRecoveries(recoveries.filter((r) => r.change.kind === "drift")),
    flags: disputeFlags(answers, disputed),
    series: accuracySeries(answers, truth),
  };
}

/**
 * Median and maximum days and writes over the recovered changes.
 *
 * @example
 * ```ts
 * summarizeRecoveries([{ change, days: 2, writes: 7 }, { change, days: null, writes: null }]);
 * // { changes: 2, recovered: 1, medianDays: 2, maxDays: 2, medianWrites: 7, maxWrites: 7 }
 * ```
 */
export function summarizeRecoveries(recoveries: readonly Recovery[]): RecoverySummary {
  const days = recoveries.flatMap((r) => (r.days === null ? [] : [r.days]));
  const writes = recoveries.flatMap((r) => (r.writes === null ? [] : [r.writes]));
  return {
    changes: recoveries.length,
    recovered: days.length,
    medianDays: median(days),
    maxDays: days.length === 0 ? Number.NaN : Math.max(...days),
    medianWrites: median(writes),
    maxWrites: writes.length === 0 ? Number.NaN : Math.max(...writes),
  };
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
