/**
 * The simulated calendar. A run starts on 2100-01-01 UTC, one tick a day.
 *
 * Why fixed, and why in the future: fixed dates make every content hash, and so every tie-break,
 * the same in every run of a seed. In the future, because the server reads an author's trust at
 * its own clock rather than at a query's `as_of` (`query/collect-candidates.ts`), and trust decays
 * toward 0.5 only toward later times: with every record dated after the server's clock, the trust
 * a query sees is the trust the run has built, not that trust decayed over the years between the
 * simulated dates and today. Confidence decay, votes' voter trust, epochs and retractions are all
 * read at `as_of`, which the arena sets to the end of each simulated day.
 */
export const SIMULATED_START_MS = Date.UTC(2100, 0, 1);
export const DAY_MS = 86_400_000;

/** Records of a day are a second apart, in the order their actions were decided. */
export const ACTION_SPACING_MS = 1_000;

/** The time of the `seq`-th record of day `tick`. */
export function actionTime(tick: number, seq: number): number {
  return SIMULATED_START_MS + tick * DAY_MS + (seq + 1) * ACTION_SPACING_MS;
}

/** The last millisecond of day `tick`: the `as_of` the day's answers are read at. */
export function endOfDay(tick: number): number {
  return SIMULATED_START_MS + (tick + 1) * DAY_MS - 1;
}
