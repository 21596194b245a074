/**
 * The inputs a hostile or broken client sends, as raw text (so that `1e309`, `-0` and `NaN` reach
 * the server exactly as written), for the endpoint fuzzer.
 */
import fc from "fast-check";

/** A piece of request text sent as is; prints short in fast-check counterexamples. */
export class Raw {
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  [fc.toStringMethod](): string {
    return this.text.length <= 80
      ? `Raw(${this.text})`
      : `Raw(${this.text.slice(0, 60)}… ${this.text.length} chars)`;
  }
}

const DEPTH = 10_000;
const hex = (n: number, c = "a"): string => c.repeat(n);

/** JSON values (valid JSON text) that break type, range, hex, path or size rules of some field. */
export const HOSTILE_JSON: readonly string[] = [
  "null",
  "true",
  "false",
  "0",
  "-0",
  "-1",
  "2",
  "0.5",
  "1e309",
  "-1e309",
  "1e-400",
  "18446744073709551616",
  "-9223372036854775809",
  "9007199254740993",
  `1${"0".repeat(400)}`,
  `0.${"0".repeat(400)}1`,
  "123456789".repeat(200),
  '""',
  '" "',
  '"x"',
  '"\\u0000"',
  '"\\ud800"',
  '"\\udc00\\ud800"',
  '"\\u202e"',
  '"\\u0085"',
  '"\\u001b[31m"',
  '"\\ufffd"',
  '"NaN"',
  '"Infinity"',
  '"-0"',
  '"1e309"',
  '"0x10"',
  `"${"x".repeat(100_000)}"`,
  "[]",
  "{}",
  "[null]",
  "[[]]",
  '{"":""}',
  '{"type":"number","value":1e309}',
  '{"Number":"NaN"}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  "[".repeat(DEPTH) + "]".repeat(DEPTH),
  '{"a":'.repeat(DEPTH) + "1" + "}".repeat(DEPTH),
  // Bad hex where a hash, agent id or signature is expected.
  '"zz"',
  `"${hex(63)}"`,
  `"${hex(65)}"`,
  `"${hex(64, "g")}"`,
  `"${hex(64, "A")}"`,
  `" ${hex(63)}"`,
  `"0x${hex(62)}"`,
  `"${hex(128)}"`,
  `"${hex(127)}g"`,
  `"${hex(64, "\\u0430")}"`,
  // Paths and times at the edges.
  '"../../etc/passwd"',
  '"a/../b"',
  '"a/./b"',
  '"a//b"',
  '"*"',
  '"cafe\\u0301/x"',
  '"2026-02-30T00:00:00Z"',
  '"+275760-09-13T00:00:00Z"',
  '"1970-01-01T00:00:00-00:01"',
  '"9999-12-31T23:59:60Z"',
];

/** Tokens that are not JSON at all, in a value's place (they make the whole body malformed). */
export const NOT_JSON_TOKENS: readonly string[] = [
  "NaN",
  "Infinity",
  "-Infinity",
  "undefined",
  "01",
  ".5",
  "+1",
  "0x10",
  "'x'",
  '"\\x41"',
  '"tab\there"',
];

/** Whole bodies that are not JSON, or not the JSON a client means. */
export const MALFORMED_TEXT: readonly string[] = [
  "",
  " ",
  "{",
  "}",
  '{"a":}',
  '{"a":1,}',
  "[1,2",
  '{"a" 1}',
  "{a:1}",
  "{'a':1}",
  '{"a":1}{"b":2}',
  '{"a":1} x',
  "NaN",
  "Infinity",
  "-Infinity",
  "undefined",
  "nul",
  "1e309",
  '"\\ud800"',
  '{"a":"\\x"}',
  '{"a":"\u0000"}',
  "\ufeff{}",
  "\u0000",
  "[".repeat(DEPTH),
  "[".repeat(DEPTH) + "]".repeat(DEPTH),
  '{"a":'.repeat(DEPTH) + "1" + "}".repeat(DEPTH),
  "[".repeat(100_000) + "]".repeat(100_000),
  "<html><body>hi</body></html>",
  "a=1&b=2",
];

/** Keys a client may add to an object: prototype names, empty, control characters. */
export const HOSTILE_KEYS: readonly string[] = [
  "__proto__",
  "constructor",
  "prototype",
  "hasOwnProperty",
  "toString",
  "",
  "\u0000",
  "concept_path ",
  "CONCEPT_PATH",
];

/** Query-string values (sent percent-encoded). */
export const HOSTILE_QUERY_VALUES: readonly string[] = [
  "",
  " ",
  "*",
  "**",
  "a/*/b",
  "/*",
  "../x",
  "a/./b",
  "\u0000",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u202e",
  "\ufffd",
  "%",
  "%ff",
  "1e309",
  "-1e309",
  "NaN",
  "Infinity",
  "-0",
  "0",
  "-1",
  "18446744073709551616",
  "9".repeat(400),
  "x".repeat(4000),
  "true",
  "null",
  "[]",
  "{}",
  hex(63),
  hex(64, "g"),
  hex(64, "A"),
  "2026-02-30T00:00:00Z",
  "__proto__",
];

/** Raw query-string pieces (not encoded): bad escapes, brackets, prototype keys, repeats. */
export const RAW_QUERY: readonly string[] = [
  "%",
  "%zz",
  "a=%ff",
  "=",
  "&&",
  "=&=",
  "a[b]=1",
  "a[]=1&a[]=2",
  "__proto__[polluted]=1",
  "__proto__.polluted=1",
  "constructor[prototype][polluted]=1",
  "__proto__=x",
  "concept_path=a&concept_path=b",
  "limit=1&limit=2",
  `${"x".repeat(4000)}=1`,
  "a=1;b=2",
  "a=%00",
  "a=%C0%AF",
];

/** Path-parameter values (sent percent-encoded): malformed hashes, traversal, prototype names. */
export const HOSTILE_PATH_VALUES: readonly string[] = [
  "zz",
  "0",
  "-1",
  "1e309",
  "NaN",
  "null",
  "undefined",
  "..",
  ".",
  "a/b",
  "../../etc/passwd",
  "\u0000",
  "\u202e",
  "%ff",
  "%",
  "__proto__",
  "constructor",
  hex(63),
  hex(65),
  hex(64, "g"),
  hex(64, "A"),
  ` ${hex(63)}`,
  `0x${hex(62)}`,
];

/** Path-parameter text sent without percent-encoding: broken escapes, a segment too long to route. */
export const RAW_PATH_VALUES: readonly string[] = ["%ff", "%", "%zz", "%E0%A4%A", "%C0%AF", "a".repeat(101)];

/** Content types other than `application/json`, and broken spellings of it. */
export const CONTENT_TYPES: readonly string[] = [
  "text/plain",
  "text/json",
  "text/html",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/octet-stream",
  "application/xml",
  "application/jsonx",
  "application/json-seq",
  "application/merge-patch+json",
  "application/vnd.api+json",
  "application/json; charset=utf-16",
  "application/json; charset=latin1",
  "application/json;;",
  "application/json; charset=",
  "application/json, text/plain",
  "APPLICATION/JSON",
  "application/ json",
  "application",
  "*/*",
  ";",
  "",
];

/** HTTP methods, for routes that do not answer them. */
export const METHODS: readonly string[] = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"];

/** A printable header value (visible ASCII, space and obs-text), which real HTTP parsers accept. */
export const headerValue: fc.Arbitrary<string> = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)),
  ),
  maxLength: 80,
});
