/**
 * Property-test support for votes, epochs, sources and retractions (test support only; not
 * re-exported by `index.ts`): text arbitraries, client spellings of times and hex, and JSON
 * re-serialisation with other key orders and whitespace.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { ValidationError } from "../errors.ts";
import { utf8Length } from "./string-field.ts";
import { MAX_TIMESTAMP_MS, formatTimestamp } from "./timestamp.ts";

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/; // eslint-disable-line no-control-regex

/** A one-line label (a name or title): 1 to `maxBytes` UTF-8 bytes, no control characters. */
export const label = (maxBytes: number): fc.Arbitrary<string> =>
  fc
    .string({ unit: "grapheme", minLength: 1, maxLength: 12 })
    .filter((s) => !CONTROL.test(s) && utf8Length(s) <= maxBytes);

/** Free text: any code points, control characters included, at least one character. */
export const freeText: fc.Arbitrary<string> = fc.string({ unit: "binary", minLength: 1, maxLength: 24 });

/** A time as integer Unix milliseconds in the model's range. */
export const timestampMs = fc.integer({ min: 0, max: MAX_TIMESTAMP_MS });

/** The choices a client makes that must not change a record: hex case, time form, explicit nulls. */
export const spelling = fc.record({
  upperHex: fc.boolean(),
  timeForm: fc.constantFrom("rfc3339", "seconds", "offset"),
  nulls: fc.boolean(),
  alias: fc.boolean(),
});
export type Spelling = typeof spelling extends fc.Arbitrary<infer S> ? S : never;

/** A 64-hex value as a client may write it. */
export function spellHex(hex: string, s: Spelling): string {
  return s.upperHex ? hex.toUpperCase() : hex;
}

/** One way of writing the instant `ms`: RFC 3339 UTC, Unix seconds, or RFC 3339 at -01:30. */
export function spellTime(ms: number, s: Spelling): unknown {
  if (s.timeForm === "seconds") return ms / 1000;
  const iso = formatTimestamp(ms);
  if (s.timeForm === "rfc3339" || ms < 90 * 60_000) return iso;
  return new Date(ms - 90 * 60_000).toISOString().replace("Z", "-01:30");
}

/** Key orders and whitespace for `respell`. */
export const layout = fc.record({
  order: fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
  ws: fc.constantFrom("", " ", "\n  ", "\t"),
});
export type Layout = typeof layout extends fc.Arbitrary<infer L> ? L : never;

/** The same JSON body as text with its object members reordered and whitespace added, parsed back. */
export function respell(body: unknown, l: Layout): unknown {
  return JSON.parse(jsonText(body, l, 0));
}

function jsonText(value: unknown, l: Layout, depth: number): string {
  const { ws } = l;
  if (Array.isArray(value)) {
    return `[${ws}${value.map((v) => jsonText(v, l, depth + 1)).join(`,${ws}`)}${ws}]`;
  }
  if (typeof value === "object" && value !== null) {
    const keyed = Object.entries(value).map((entry, i) => ({
      entry,
      key: (l.order[(i + depth) % l.order.length] ?? 0) + i / 1000,
    }));
    keyed.sort((a, b) => a.key - b.key);
    const members = keyed.map(
      ({ entry: [k, v] }) => `${JSON.stringify(k)}${ws}:${ws}${jsonText(v, l, depth + 1)}`,
    );
    return `{${ws}${members.join(`,${ws}`)}${ws}}`;
  }
  return JSON.stringify(value);
}

/**
 * Runs `normalize` and lets it either succeed or throw a well-formed `ValidationError` (a field, a
 * snake_case reason, no trailing period); anything else fails the property.
 */
export function onlyValidationErrors(normalize: () => unknown): void {
  try {
    normalize();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    assert.equal(typeof error.field, "string", "the field is a string");
    assert.match(error.reason, /^[a-z_]+$/, `reason ${error.reason} is snake_case`);
    assert.doesNotMatch(error.message, /\.$/, `message ${error.message} has no trailing period`);
  }
}

/** A copy of `body` with `key` dropped, or set to `junk` (even `__proto__`, as an own property). */
export function withField(
  body: Record<string, unknown>,
  key: string,
  junk: unknown,
  drop: boolean,
): Record<string, unknown> {
  const out = { ...body };
  if (drop) Reflect.deleteProperty(out, key);
  else Object.defineProperty(out, key, { value: junk, enumerable: true, configurable: true, writable: true });
  return out;
}

/**
 * Asserts that `run` throws a `ValidationError` for `field` with `reason`, and a message without
 * a trailing period.
 */
export function assertInvalid(run: () => unknown, field: string, reason: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
    assert.deepEqual([error.field, error.reason], [field, reason], error.message);
    assert.doesNotMatch(error.message, /\.$/, `message ${error.message} has no trailing period`);
    return true;
  });
}

/** A shallow copy of `object` without `key`. */
export function omit<T extends object, K extends keyof T>(object: T, key: K): Omit<T, K> {
  const out: Partial<T> = { ...object };
  Reflect.deleteProperty(out, key);
  return out as Omit<T, K>;
}
