/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the one byte sequence for a JSON value that every
 * implementation agrees on, so that a hash of it can serve as an identity.
 */

// A surrogate code point matched in `u` mode is necessarily unpaired (a pair is one astral code point).
const LONE_SURROGATE = /\p{Cs}/u;
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Serialises a JSON value canonically (RFC 8785): no whitespace, object members sorted by the
 * UTF-16 code units of their names, numbers in ECMAScript form, strings escaped as
 * `JSON.stringify` does. Accepts `null`, booleans, finite numbers, strings, arrays and plain
 * objects; throws `TypeError` on anything else (`undefined`, `NaN`, `Infinity`, functions,
 * bigints, symbols, class instances) and on strings with unpaired surrogates, since RFC 8785 §3.1
 * takes I-JSON (RFC 7493) input only.
 *
 * @example
 * ```ts
 * canonicalize({ b: [1e21, -0], a: "\u20ac" }); // '{"a":"€","b":[1e+21,0]}'
 * ```
 */
export function canonicalize(value: unknown): string {
  switch (typeof value) {
    case "string":
      return canonicalString(value);
    case "number":
      return canonicalNumber(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      if (Array.isArray(value)) return canonicalArray(value);
      return canonicalObject(value);
    default:
      throw new TypeError(`Cannot canonicalize a ${typeof value}: JCS (RFC 8785) encodes JSON values only`);
  }
}

/**
 * A string as JCS prints it. RFC 8785 §3.2.2.2 specifies exactly ECMAScript's `JSON.stringify`
 * escaping: `\"`, `\\`, `\b \t \n \f \r`, other C0 controls as lowercase `\u00xx`, everything else
 * (DEL, U+2028, non-ASCII) as is.
 */
export function canonicalString(text: string): string {
  if (ANY_SURROGATE.test(text) && LONE_SURROGATE.test(text)) {
    throw new TypeError(
      `Cannot canonicalize ${JSON.stringify(text.slice(0, 40))}: it has an unpaired surrogate`,
    );
  }
  return JSON.stringify(text);
}

/**
 * A number as JCS prints it. RFC 8785 §3.2.2.3 specifies ECMAScript's Number-to-String
 * (ECMA-262 §7.1.12.1): shortest round-trip digits, exponent from 1e21 and below 1e-6, `-0` as `0`.
 */
export function canonicalNumber(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`Cannot canonicalize ${n}: JSON numbers are finite`);
  return String(n);
}

function canonicalArray(items: readonly unknown[]): string {
  let out = "[";
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ",";
    out += canonicalize(items[i]);
  }
  return out + "]";
}

function canonicalObject(object: object): string {
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError("Cannot canonicalize a class instance: JCS (RFC 8785) encodes plain objects only");
  }
  const record = object as Readonly<Record<string, unknown>>;
  // RFC 8785 §3.2.3: sort by the names' UTF-16 code units, which is exactly what the default
  // `Array.prototype.sort` comparison does (not code points, not locale order).
  const keys = Object.keys(record).sort();
  let out = "";
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) {
      throw new TypeError(`Cannot canonicalize member "${key}": undefined is not a JSON value`);
    }
    out += (out === "" ? "{" : ",") + canonicalString(key) + ":" + canonicalize(member);
  }
  return out === "" ? "{}" : out + "}";
}
