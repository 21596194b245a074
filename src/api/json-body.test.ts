import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { testApp } from "../../test/support/test-app.ts";
import { JsonBodyError, parseJsonBytes } from "./json-body.ts";

const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

describe("parseJsonBytes", () => {
  const accepted: readonly [string, Buffer, unknown][] = [
    ["an object", bytes('{"a":1}'), { a: 1 }],
    [
      "UTF-8 text",
      bytes('{"p":"caf\u00e9 \u65e5\u672c \ud83d\ude00"}'),
      { p: "caf\u00e9 \u65e5\u672c \ud83d\ude00" },
    ],
    ["a byte order mark", bytes([0xef, 0xbb, 0xbf], '{"a":1}'), { a: 1 }],
    ["a constructor key holding a string", bytes('{"constructor":"x"}'), { constructor: "x" }],
    ["a __proto__ string value", bytes('{"a":"__proto__"}'), { a: "__proto__" }],
    ["a scalar", bytes("42"), 42],
  ];
  for (const [name, input, expected] of accepted) {
    it(`accepts ${name}`, () => {
      assert.deepEqual(parseJsonBytes(input), expected);
    });
  }

  const rejected: readonly [string, Buffer, RegExp][] = [
    ["a lone 0xFF", bytes('{"a":"', [0xff], '"}'), /not valid UTF-8 \(byte 0xFF at offset 6\)/],
    ["a truncated sequence", bytes('{"a":"', [0xe2, 0x82], '"}'), /byte 0xE2 at offset 6/],
    ["an overlong slash", bytes('{"a":"', [0xc0, 0xaf], '"}'), /byte 0xC0 at offset 6/],
    ["an encoded surrogate", bytes('{"a":"', [0xed, 0xa0, 0x80], '"}'), /byte 0xED at offset 6/],
    ["a code point over U+10FFFF", bytes('{"a":"', [0xf4, 0x90, 0x80, 0x80], '"}'), /byte 0xF4/],
    ["Latin-1 text", Buffer.from('{"a":"caf\u00e9"}', "latin1"), /byte 0xE9 at offset 9/],
    ["UTF-16", Buffer.from('{"a":1}', "utf16le"), /in JSON at position 1/],
    ["a syntax error", bytes("{a:1}"), /JSON/],
    ["NaN", bytes('{"a":NaN}'), /JSON/],
    ["a top-level __proto__", bytes('{"__proto__":{"polluted":1}}'), /"__proto__" key at the top level/],
    ["a nested __proto__", bytes('{"a":[{"__proto__":null}]}'), /"__proto__" key in a\[0\]/],
    ["an escaped __proto__", bytes('{"\\u005f_proto\\u005F_":{}}'), /"__proto__" key/],
    ["constructor.prototype", bytes('{"constructor":{"prototype":{"x":1}}}'), /"constructor" key holding/],
    ["spaced constructor", bytes('{"b":{"constructor" :{"prototype":1}}}'), /in b/],
  ];
  for (const [name, input, message] of rejected) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => parseJsonBytes(input),
        (error: unknown) => {
          assert.ok(error instanceof JsonBodyError, `expected a JsonBodyError, got ${String(error)}`);
          assert.equal(error.code, "FST_ERR_CTP_INVALID_JSON_BODY");
          assert.equal(error.statusCode, 400);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }

  it("walks 100,000 levels of nesting without recursion", () => {
    const depth = 100_000;
    const text = '{"a":'.repeat(depth) + '{"__proto__":1}' + "}".repeat(depth);
    assert.throws(() => parseJsonBytes(bytes(text)), /"__proto__" key in a\.a/);
  });

  it("agrees with JSON.parse on every valid UTF-8 JSON text without poisoned keys", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        if (text.includes('"__proto__"')) return;
        assert.deepEqual(parseJsonBytes(bytes(text)), JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it("refuses exactly the byte strings TextDecoder refuses, naming an offset", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (raw) => {
        const input = bytes('"', [...raw], '"');
        let valid = true;
        try {
          new TextDecoder("utf-8", { fatal: true }).decode(input);
        } catch {
          valid = false;
        }
        if (valid) return;
        assert.throws(() => parseJsonBytes(input), /not valid UTF-8 \(byte 0x[0-9A-F]{2} at offset \d+\)/);
      }),
      { numRuns: 500 },
    );
  });
});

describe("the application/json parser in the app", () => {
  it("answers 400 malformed_json for invalid UTF-8 and stores nothing", async () => {
    const { app, db } = await testApp();
    const payload = bytes(
      '{"concept_path":"cafe/',
      [0xff, 0xfe],
      '","predicate":"p","value":"v","confidence":0.5}',
    );
    const res = await app.inject({
      method: "POST",
      url: "/v1/assert",
      headers: { "content-type": "application/json" },
      payload,
    });
    assert.equal(res.statusCode, 400, res.body);
    const body = res.json<{ error: string; message: string; request_id: string }>();
    assert.equal(body.error, "malformed_json");
    assert.match(body.message, /^The body is not valid JSON: the bytes are not valid UTF-8/);
    assert.equal(body.request_id, res.headers["x-request-id"]);
    assert.equal(db.store.assertionCount, 0);
  });

  it("still accepts UTF-8 JSON with a charset parameter, and says so for an empty body", async () => {
    const { app } = await testApp();
    const ok = await app.inject({
      method: "POST",
      url: "/v1/assert",
      headers: { "content-type": "application/json; charset=UTF-8" },
      payload: bytes('{"concept_path":"caf\u00e9/x","predicate":"p","value":"v","confidence":0.5}'),
    });
    assert.equal(ok.statusCode, 201, ok.body);
    const empty = await app.inject({
      method: "POST",
      url: "/v1/assert",
      headers: { "content-type": "application/json" },
      payload: "",
    });
    assert.equal(empty.statusCode, 400, empty.body);
    assert.equal(empty.json<{ error: string }>().error, "malformed_json");
  });
});
