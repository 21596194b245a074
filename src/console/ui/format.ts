import type { Value } from "../../client/index.ts";

/** A value as the API prints it: the tagged form, typed loosely by the answers' schemas. */
type PrintedValue = { readonly type: Value["type"]; readonly value: string | number | boolean };

// How the console prints values. Pure functions: the browser tests use them too, to compute from
// the SDK's answers what a page must show.

/**
 * A claimed value as text: text as is, numbers and booleans as JSON prints them, a reference as
 * `→ path`; `—` for no value.
 *
 * @example
 * ```ts
 * formatValue({ type: "number", value: 4000 }); // "4000"
 * ```
 */
export function formatValue(value: PrintedValue | null | undefined): string {
  if (value === null || value === undefined) return "—";
  if (value.type === "reference") return `→ ${String(value.value)}`;
  return String(value.value);
}

/**
 * A confidence or weight in 0..1 with three decimals, trailing zeros dropped.
 *
 * @example
 * ```ts
 * formatConfidence(0.9134); // "0.913"
 * ```
 */
export function formatConfidence(confidence: number | null | undefined): string {
  if (confidence === null || confidence === undefined) return "—";
  return String(Number(confidence.toFixed(3)));
}

/**
 * A share in 0..1 as a whole percentage.
 *
 * @example
 * ```ts
 * formatShare(0.6667); // "67%"
 * ```
 */
export function formatShare(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/**
 * The first characters of a hash or key, enough to tell them apart on a page.
 *
 * @example
 * ```ts
 * shortId(assertion.hash); // "6145d1a8c0" for a hash of 64 hex
 * ```
 */
export function shortId(id: string): string {
  return /^[0-9a-f]{64}$/.test(id) ? id.slice(0, 10) : id;
}

/**
 * An RFC 3339 time as the browser's local date and time, to the second.
 *
 * @example
 * ```ts
 * formatTime("2026-02-11T14:30:00.000Z"); // "2026-02-11 15:30:00" in Paris
 * ```
 */
export function formatTime(time: string | number | null | undefined): string {
  if (time === null || time === undefined) return "—";
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return String(time);
  const pad = (n: number): string => String(n).padStart(2, "0");
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/**
 * A duration in seconds as days, hours, minutes and seconds (the two largest units).
 *
 * @example
 * ```ts
 * formatDuration(93_784); // "1 d 2 h"
 * ```
 */
export function formatDuration(seconds: number): string {
  const units: readonly [string, number][] = [
    ["d", 86_400],
    ["h", 3_600],
    ["min", 60],
    ["s", 1],
  ];
  const parts: string[] = [];
  let rest = Math.max(0, Math.floor(seconds));
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || (parts.length === 0 && size === 1)) parts.push(`${count} ${unit}`);
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}

/**
 * A rate per second with a precision that suits its size.
 *
 * @example
 * ```ts
 * formatRate(0.25); // "0.25/s"
 * ```
 */
export function formatRate(perSecond: number | undefined): string {
  if (perSecond === undefined || !Number.isFinite(perSecond)) return "—";
  const digits = perSecond >= 100 ? 0 : perSecond >= 10 ? 1 : 2;
  return `${perSecond.toFixed(digits)}/s`;
}

/**
 * A duration in seconds as milliseconds, for latencies.
 *
 * @example
 * ```ts
 * formatLatency(0.0042); // "4.2 ms"
 * ```
 */
export function formatLatency(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return "—";
  const ms = seconds * 1000;
  return `${ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(1) : ms.toFixed(2)} ms`;
}

/**
 * A count with thousands separators.
 *
 * @example
 * ```ts
 * formatCount(1234567); // "1,234,567"
 * ```
 */
export function formatCount(count: number): string {
  return Math.round(count).toLocaleString("en-US");
}

/**
 * The path and predicate a query asked about, from its audited parameters.
 *
 * @example
 * ```ts
 * askedAbout({ concept_path: "drugs/*", predicate: "max_daily_dose_mg" }); // "drugs/* · max_daily_dose_mg"
 * ```
 */
export function askedAbout(parameters: Readonly<Record<string, unknown>>): string {
  const path = parameters["concept_path"] ?? parameters["subject"];
  const predicate = parameters["predicate"];
  const parts = [path, predicate].filter((p): p is string => typeof p === "string");
  return parts.length === 0 ? "—" : parts.join(" · ");
}

/**
 * A count and a noun, the noun in the plural unless the count is one.
 *
 * @example
 * ```ts
 * counted(1, "claim"); // "1 claim"
 * counted(1200, "claim"); // "1,200 claims"
 * ```
 */
export function counted(count: number, noun: string): string {
  return `${formatCount(count)} ${count === 1 ? noun : `${noun}s`}`;
}
