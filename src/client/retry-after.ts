/**
 * The wait a `Retry-After` header asks for, in milliseconds (RFC 9110 §10.2.3): either
 * `delay-seconds` (a non-negative integer; a decimal is accepted too) or an HTTP date, counted from
 * `nowMs`. A date in the past is no wait (0). Returns `undefined` for a missing or malformed header.
 *
 * @example
 * ```ts
 * parseRetryAfter("2", Date.now()); // 2000
 * parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("2015-10-21T07:27:30Z")); // 30000
 * parseRetryAfter("soon", Date.now()); // undefined
 * ```
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // A date must name a weekday or month; Date.parse alone would read "12" as a year.
  if (!/[A-Za-z]/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
