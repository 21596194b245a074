import { describeInput, invalid } from "./invalid.ts";

/** The earliest time the model stores: the Unix epoch. */
export const MIN_TIMESTAMP_MS = 0;
/** The latest time the model stores: 9999-12-31T23:59:59.999Z, the last RFC 3339 four-digit year. */
export const MAX_TIMESTAMP_MS = 253402300799999;

// RFC 3339 §5.6 `date-time`; §5.6 also allows lowercase `t` and `z`. The seconds field may say 60
// (a leap second) in RFC 3339, but Unix time has no such second, so it is rejected as out of range.
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const EXPECTED = "an RFC 3339 time such as 2026-02-11T14:30:00Z or a number of Unix seconds";

/**
 * Parses a time to integer Unix milliseconds: an RFC 3339 string (any offset; a fraction beyond
 * milliseconds is truncated) or a finite number of Unix **seconds** (fractions allowed, rounded to
 * the millisecond). The result lies in `MIN_TIMESTAMP_MS … MAX_TIMESTAMP_MS`.
 *
 * @example
 * ```ts
 * parseTimestamp("2026-02-11T14:30:00Z", "timestamp"); // 1770820200000
 * parseTimestamp(1706745600.5, "timestamp"); // 1706745600500
 * ```
 */
export function parseTimestamp(input: unknown, field: string): number {
  let ms: number;
  if (typeof input === "number") {
    if (!Number.isFinite(input)) {
      throw invalid(field, "out_of_range", `${field} must be ${EXPECTED}, got ${describeInput(input)}`);
    }
    ms = Math.round(input * 1000);
  } else if (typeof input === "string") {
    ms = parseRfc3339(input, field);
  } else {
    throw invalid(field, "wrong_type", `${field} must be ${EXPECTED}, got ${describeInput(input)}`);
  }
  if (!(ms >= MIN_TIMESTAMP_MS && ms <= MAX_TIMESTAMP_MS)) {
    throw invalid(
      field,
      "out_of_range",
      `${field} must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z, got ${describeInput(input)}`,
    );
  }
  return ms;
}

/**
 * Formats integer Unix milliseconds as RFC 3339 UTC with milliseconds, the API's output form.
 * Throws `RangeError` outside `MIN_TIMESTAMP_MS … MAX_TIMESTAMP_MS`.
 *
 * @example
 * ```ts
 * formatTimestamp(1770820200000); // "2026-02-11T14:30:00.000Z"
 * ```
 */
export function formatTimestamp(ms: number): string {
  if (!Number.isInteger(ms) || ms < MIN_TIMESTAMP_MS || ms > MAX_TIMESTAMP_MS) {
    throw new RangeError(
      `Cannot format timestamp ${ms}: it must be integer milliseconds from 0 to ${MAX_TIMESTAMP_MS}`,
    );
  }
  // The date part comes from toISOString (for years 0000–9999 exactly RFC 3339's), once a day and
  // kept; the time of day is arithmetic. Every candidate of every query answer has a timestamp,
  // and toISOString costs 350 ns where this costs 95.
  const day = Math.floor(ms / MS_PER_DAY);
  let date = dayPrefixes.get(day);
  if (date === undefined) {
    date = new Date(day * MS_PER_DAY).toISOString().slice(0, 11);
    if (dayPrefixes.size >= DAY_PREFIXES_KEPT) dayPrefixes.clear();
    dayPrefixes.set(day, date);
  }
  let rest = ms - day * MS_PER_DAY;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  const minute = rest % 60;
  const hour = (rest - minute) / 60;
  return `${date}${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[second]}.${THREE_DIGITS[milli]}Z`;
}

/** `YYYY-MM-DDT` of the days formatted lately, by day number; cleared when it holds this many. */
const DAY_PREFIXES_KEPT = 4096;
const dayPrefixes = new Map<number, string>();
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, "0"));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, "0"));

function parseRfc3339(text: string, field: string): number {
  const m = RFC3339.exec(text);
  if (m === null) {
    throw invalid(field, "bad_format", `${field} must be ${EXPECTED}, got ${describeInput(text)}`);
  }
  const year = group(m, 1);
  const month = group(m, 2);
  const day = group(m, 3);
  const hour = group(m, 4);
  const minute = group(m, 5);
  const second = group(m, 6);
  const offsetHour = group(m, 9);
  const offsetMinute = group(m, 10);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offsetHour > 23 ||
    offsetMinute > 59
  ) {
    throw invalid(field, "out_of_range", `${field} is not a valid date and time: ${describeInput(text)}`);
  }
  // The fraction is kept as text: Number("0.1239") would round, and the contract truncates.
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, "0"));
  const offsetMs = (m[8] === "-" ? -1 : 1) * (offsetHour * 60 + offsetMinute) * MS_PER_MINUTE;
  const localMs =
    daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  return localMs - offsetMs;
}

/** A numeric capture group; an absent optional group (no offset: `Z`) counts as 0. */
function group(match: RegExpExecArray, index: number): number {
  return Number(match[index] ?? 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`). Not
 * `Date.UTC`, which maps years 0–99 to 1900–1999.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
