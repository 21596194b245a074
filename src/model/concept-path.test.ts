import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseConceptPath, parsePredicate } from "./concept-path.ts";

describe("parseConceptPath", () => {
  const accepted: readonly [string, string][] = [
    ["drug/aspirin/safety", "drug/aspirin/safety"],
    ["Tesla_Inc", "Tesla_Inc"],
    ["Semaglutide:MuscleMass", "Semaglutide:MuscleMass"],
    ["code://python/requests/tls", "code://python/requests/tls"],
    ["x-y+z.1://a", "x-y+z.1://a"],
    ["a/.../b", "a/.../b"],
    ["a/.b/c.", "a/.b/c."],
    ["with space/ok", "with space/ok"],
    ["cafe\u0301/me\u0301nu", "caf\u00e9/m\u00e9nu"], // NFC
    ["\u65e5\u672c/\ud83d\ude00", "\u65e5\u672c/\ud83d\ude00"],
    ["a".repeat(512), "a".repeat(512)],
    ["\u00e9".repeat(256), "\u00e9".repeat(256)], // 512 bytes
    ["e\u0301".repeat(170), "\u00e9".repeat(170)], // 510 bytes only after NFC
    ["emoji/\u{1f468}\u200d\u{1f469}\u200d\u{1f467}", "emoji/\u{1f468}\u200d\u{1f469}\u200d\u{1f467}"], // ZWJ sequence
    [
      "fa/\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
      "fa/\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
    ], // Persian ZWNJ
    ["he/\u05e9\u05dc\u05d5\u05dd/x", "he/\u05e9\u05dc\u05d5\u05dd/x"], // right-to-left without controls
    // Dots are only refused as a whole segment of one or two.
    [".hidden/a./..b/.../x.y", ".hidden/a./..b/.../x.y"],
    ["code://.../a", "code://.../a"],
  ];
  for (const [input, expected] of accepted) {
    it(`accepts ${JSON.stringify(input.slice(0, 40))}`, () => {
      assert.equal(parseConceptPath(input, "concept_path"), expected);
    });
  }

  const rejected: readonly [string, unknown, string][] = [
    ["an empty path", "", "empty"],
    ["a leading slash", "/a", "bad_path"],
    ["a trailing slash", "a/", "bad_path"],
    ["a doubled slash", "a//b", "bad_path"],
    ["a lone slash", "/", "bad_path"],
    ["a . segment", "a/./b", "bad_path"],
    ["a .. segment", "a/../b", "bad_path"],
    ["a leading ..", "..", "bad_path"],
    ["a scheme alone", "code://", "bad_path"],
    ["a slash after the scheme", "code:///a", "bad_path"],
    ["a .. after the scheme", "code://../a", "bad_path"],
    ["a scheme starting with a digit", "1a://b", "bad_path"],
    ["513 bytes", "a".repeat(513), "too_long"],
    ["257 two-byte characters", "\u00e9".repeat(257), "too_long"],
    ["a NUL", "a\u0000b", "control_character"],
    ["a newline", "a\nb", "control_character"],
    ["a DEL", "a\u007fb", "control_character"],
    ["a C1 control", "a\u0085b", "control_character"],
    ["the first C1 control", "a\u0080b", "control_character"],
    ["the last C1 control", "a\u009fb", "control_character"],
    ["an escape", "a\u001b[31mb", "control_character"],
    ["a right-to-left override", "drug/\u202eefas", "invisible_character"],
    ["a left-to-right isolate", "a/\u2066b\u2069", "invisible_character"],
    ["a right-to-left mark", "a\u200f/b", "invisible_character"],
    ["an Arabic letter mark", "a\u061cb", "invisible_character"],
    ["a zero-width space", "ca\u200bfe/x", "invisible_character"],
    ["a byte order mark", "\ufeffa/b", "invisible_character"],
    ["a soft hyphen", "caf\u00adé", "invisible_character"],
    ["a lone surrogate", "a\udc00", "bad_unicode"],
    ["a number", 42, "wrong_type"],
    ["an array", ["a"], "wrong_type"],
  ];
  for (const [name, input, reason] of rejected) {
    it(`rejects ${name} (${reason})`, () => {
      assert.throws(() => parseConceptPath(input, "subject"), {
        name: "ValidationError",
        field: "subject",
        reason,
      });
    });
  }

  it("says what is wrong and what to do", () => {
    assert.throws(() => parseConceptPath("a//b", "concept_path"), {
      message:
        'concept_path contains an empty segment at "/" in "a//b": join non-empty segments with single slashes',
    });
    assert.throws(() => parseConceptPath("a\tb", "concept_path"), {
      message: "concept_path contains the control character U+0009 at index 1: remove it",
    });
  });
});

describe("parsePredicate", () => {
  const accepted: readonly [string, string][] = [
    ["has_revenue", "has_revenue"],
    ["a/b", "a/b"],
    [" spaced ", " spaced "],
    ["gro\u0308\u00dfe", "gr\u00f6\u00dfe"],
    ["p".repeat(256), "p".repeat(256)],
  ];
  for (const [input, expected] of accepted) {
    it(`accepts ${JSON.stringify(input.slice(0, 40))}`, () => {
      assert.equal(parsePredicate(input, "predicate"), expected);
    });
  }

  const rejected: readonly [string, unknown, string][] = [
    ["an empty predicate", "", "empty"],
    ["257 bytes", "p".repeat(257), "too_long"],
    ["a tab", "a\tb", "control_character"],
    ["a bidi override", "p\u202e", "invisible_character"],
    ["null", null, "wrong_type"],
  ];
  for (const [name, input, reason] of rejected) {
    it(`rejects ${name} (${reason})`, () => {
      assert.throws(() => parsePredicate(input, "predicate"), { field: "predicate", reason });
    });
  }
});
