import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { isInvisibleFormat, parseString, utf8Length } from "./string-field.ts";

describe("isInvisibleFormat", () => {
  // Unicode 15 Bidi_Control (PropList.txt), plus ZWSP, word joiner, BOM and soft hyphen.
  const invisible = [0x00ad, 0x061c, 0x200b, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e];
  const more = [0x2060, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff];
  for (const c of [...invisible, ...more]) {
    it(`refuses U+${c.toString(16).toUpperCase().padStart(4, "0")}`, () => {
      assert.equal(isInvisibleFormat(c), true);
    });
  }
  // Joiners that scripts and emoji need, and the neighbours of each refused range.
  for (const c of [
    0x0041, 0x00ac, 0x00ae, 0x061b, 0x200a, 0x200c, 0x200d, 0x2029, 0x202f, 0x2061, 0x2065, 0x206a, 0xfefe,
  ]) {
    it(`allows U+${c.toString(16).toUpperCase().padStart(4, "0")}`, () => {
      assert.equal(isInvisibleFormat(c), false);
    });
  }
});

describe("parseString with visibleOnly", () => {
  const name = { expected: "a name", maxBytes: 64, nfc: true, visibleOnly: true } as const;
  const text = { expected: "free text", maxBytes: 64, allowControl: true } as const;

  it("refuses an invisible character in a name, naming it and its index", () => {
    assert.throws(() => parseString("ab\u202ecd", "predicate", name), {
      name: "ValidationError",
      field: "predicate",
      reason: "invisible_character",
      message:
        "predicate contains the invisible formatting character U+202E at index 2, which would make two " +
        "different names look the same: remove it",
    });
  });

  it("leaves free text alone", () => {
    assert.equal(parseString("ab\u202ecd\u200b", "reason", text), "ab\u202ecd\u200b");
  });

  it("only ever refuses what isInvisibleFormat names, and counts bytes as before", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 16 }), (s) => {
        const plain = { expected: "x", maxBytes: 1000, allowControl: true, allowEmpty: true } as const;
        const invisible = Array.from(s).some((ch) => isInvisibleFormat(ch.codePointAt(0) ?? 0));
        let refused = false;
        try {
          parseString(s, "f", { ...plain, visibleOnly: true });
        } catch (error) {
          refused = true;
          assert.equal((error as { reason?: string }).reason, "invisible_character");
        }
        assert.equal(refused, invisible, `refused exactly when ${JSON.stringify(s)} holds one`);
        if (!refused) assert.equal(utf8Length(parseString(s, "f", plain)), Buffer.byteLength(s));
      }),
      { numRuns: 500 },
    );
  });
});
