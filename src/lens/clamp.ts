/**
 * Guards for the numbers lenses receive. A read must always answer, so one corrupt derived value
 * (a NaN trust, a negative vote) is treated as "no weight" instead of poisoning a whole resolution
 * with NaN or flipping a ranking with a negative number.
 */

/** `x` when it is a finite number ≥ 0, else 0. */
export function nonNegative(x: number): number {
  return Number.isFinite(x) && x > 0 ? x : 0;
}

/** `x` clamped to 0..1; NaN and −Infinity become 0. */
export function unit(x: number): number {
  return Math.min(1, nonNegative(x === Infinity ? 1 : x));
}
