/**
 * A time as the builders take it: RFC 3339 text, Unix seconds (fractions allowed), or a `Date`.
 *
 * @example
 * ```ts
 * const times: TimeInput[] = ["2026-02-11T14:30:00Z", 1770820200, new Date()];
 * ```
 */
export type TimeInput = string | number | Date;

/**
 * A time in a form the server's parser takes (RFC 3339 text or Unix seconds), `nowMs` when absent.
 *
 * @example
 * ```ts
 * toTimestampInput(new Date(0), Date.now()); // "1970-01-01T00:00:00.000Z"
 * toTimestampInput(undefined, 1_700_000_000_000); // "2023-11-14T22:13:20.000Z"
 * ```
 */
export function toTimestampInput(time: TimeInput | undefined, nowMs: number): string | number {
  if (time === undefined) return new Date(nowMs).toISOString();
  if (time instanceof Date) {
    if (Number.isNaN(time.getTime())) throw new RangeError("Cannot use an invalid Date as a timestamp");
    return time.toISOString();
  }
  return time;
}
