import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { canonicalize } from "./jcs.ts";

/** A double from its IEEE 754 bits, as RFC 8785 Appendix B lists them. */
function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe("canonicalize (RFC 8785)", () => {
  // RFC 8785 Appendix B: IEEE 754 value → JCS text.
  const numbers: readonly [bits: string, expected: string][] = [
    ["0000000000000000", "0"],
    ["8000000000000000", "0"], // -0
    ["0000000000000001", "5e-324"],
    ["8000000000000001", "-5e-324"],
    ["7fefffffffffffff", "1.7976931348623157e+308"],
    ["ffefffffffffffff", "-1.7976931348623157e+308"],
    ["4340000000000000", "9007199254740992"],
    ["c340000000000000", "-9007199254740992"],
    ["4430000000000000", "295147905179352830000"],
    ["44b52d02c7e14af5", "9.999999999999997e+22"],
    ["44b52d02c7e14af6", "1e+23"],
    ["44b52d02c7e14af7", "1.0000000000000001e+23"],
    ["444b1ae4d6e2ef4e", "999999999999999700000"],
    ["444b1ae4d6e2ef4f", "999999999999999900000"],
    ["444b1ae4d6e2ef50", "1e+21"],
    ["3eb0c6f7a0b5ed8c", "9.999999999999997e-7"],
    ["3eb0c6f7a0b5ed8d", "0.000001"],
    ["41b3de4355555553", "333333333.3333332"],
    ["41b3de4355555554", "333333333.33333325"],
    ["41b3de4355555555", "333333333.3333333"],
    ["41b3de4355555556", "333333333.3333334"],
    ["41b3de4355555557", "333333333.33333343"],
    ["becbf647612f3696", "-0.0000033333333333333333"],
    ["43143ff3c1cb0959", "1424953923781206.2"],
  ];
  for (const [bits, expected] of numbers) {
    it(`prints the double ${bits} as ${expected}`, () => {
      assert.equal(canonicalize(fromBits(bits)), expected);
    });
  }

  it("prints the decimal spellings of the brief: 1e21, 1e-7, -0", () => {
    assert.equal(
      canonicalize([1e21, 1e20, 1e-7, 1e-6, -0, 1.0, 1]),
      "[1e+21,100000000000000000000,1e-7,0.000001,0,1,1]",
    );
  });

  it("sorts members by UTF-16 code units (RFC 8785 §3.2.3 example)", () => {
    const input = {
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis",
    };
    assert.equal(
      canonicalize(input),
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it("reproduces the RFC 8785 §3.2.4 example", () => {
    const input: unknown = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    );
    assert.equal(
      canonicalize(input),
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it("escapes strings like JSON.stringify and nothing more", () => {
    const cases: readonly [string, string][] = [
      ["\b\t\n\f\r", '"\\b\\t\\n\\f\\r"'],
      ["\u0000\u001f", '"\\u0000\\u001f"'],
      ['"\\/', '"\\"\\\\/"'],
      ["\u007f\u2028\u2029é😀", '"\u007f\u2028\u2029é😀"'],
    ];
    for (const [input, expected] of cases) assert.equal(canonicalize(input), expected);
  });

  it("keeps array order, nests, and prints empty containers", () => {
    assert.equal(canonicalize({ b: [3, { d: 1, c: [] }], a: {} }), '{"a":{},"b":[3,{"c":[],"d":1}]}');
    assert.equal(canonicalize(Object.assign(Object.create(null) as object, { z: null })), '{"z":null}');
  });

  const rejected: readonly [string, unknown][] = [
    ["NaN", NaN],
    ["Infinity", Infinity],
    ["-Infinity", [-Infinity]],
    ["undefined", undefined],
    ["an undefined member", { a: undefined }],
    ["an undefined array item", [undefined]],
    ["a function", () => 1],
    ["a bigint", 1n],
    ["a symbol", Symbol("s")],
    ["a Date", new Date(0)],
    ["a Map", new Map()],
    ["a lone high surrogate", "a\ud800"],
    ["a lone low surrogate key", { "\udc00": 1 }],
  ];
  for (const [name, value] of rejected) {
    it(`throws TypeError on ${name}`, () => {
      assert.throws(() => canonicalize(value), TypeError);
    });
  }

  it("agrees with an independent reference, and is idempotent through JSON.parse", () => {
    // Written differently on purpose: explicit code-unit comparison, JSON.stringify for leaves.
    // (Not JSON.stringify of a re-sorted object: JS orders integer-like keys first.)
    const byCodeUnits = (a: string, b: string): number => {
      for (let i = 0; i < Math.min(a.length, b.length); i++) {
        const d = a.charCodeAt(i) - b.charCodeAt(i);
        if (d !== 0) return d;
      }
      return a.length - b.length;
    };
    const reference = (v: unknown): string => {
      if (Array.isArray(v)) return `[${v.map(reference).join(",")}]`;
      if (typeof v === "object" && v !== null) {
        const keys = Object.keys(v).sort(byCodeUnits);
        return `{${keys.map((k) => `${JSON.stringify(k)}:${reference((v as Record<string, unknown>)[k])}`).join(",")}}`;
      }
      return JSON.stringify(v);
    };
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalize(value);
        assert.equal(text, reference(value));
        assert.equal(canonicalize(JSON.parse(text)), text);
      }),
      { numRuns: 500 },
    );
  });
});
