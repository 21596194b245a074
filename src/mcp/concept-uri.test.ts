import assert from "node:assert/strict";
import { test } from "node:test";
import { UriTemplate } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import fc from "fast-check";
import { CONCEPT_URI_TEMPLATE, conceptPathOfPrefix, conceptUri } from "./concept-uri.ts";

const template = new UriTemplate(CONCEPT_URI_TEMPLATE);

/** The concept path the MCP SDK's own template matching reads back from a URI, as a server would. */
function readBack(uri: string): string | undefined {
  const variables = template.match(new URL(uri).toString());
  return variables === null ? undefined : conceptPathOfPrefix(variables["prefix"] ?? "");
}

const cases: { path: string; uri: string }[] = [
  { path: "drugs", uri: "stemedb://concepts/drugs" },
  { path: "drugs/aspirin", uri: "stemedb://concepts/drugs/aspirin" },
  { path: "code://python/requests", uri: "stemedb://concepts/code%3A//python/requests" },
  { path: "städte/köln bonn", uri: "stemedb://concepts/st%C3%A4dte/k%C3%B6ln%20bonn" },
  { path: "q?a#b/100%", uri: "stemedb://concepts/q%3Fa%23b/100%25" },
];

for (const { path, uri } of cases) {
  test(`conceptUri: ${path}`, () => {
    assert.equal(conceptUri(path), uri);
    assert.equal(readBack(uri), path);
  });
}

test("conceptUri: the top level is the concepts resource itself", () => {
  assert.equal(conceptUri(""), "stemedb://concepts");
  assert.equal(template.match("stemedb://concepts"), null, "not a match of the template");
});

test("conceptUri: every path survives the URI and the SDK's template matching", () => {
  // `.` and `..` are no concept path's segments (the model refuses them), and URL parsing would
  // resolve them away.
  const segment = fc
    .string({ unit: "grapheme", minLength: 1, maxLength: 12 })
    .filter((s) => !s.includes("/") && s !== "." && s !== "..");
  fc.assert(
    fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segments) => {
      const path = segments.join("/");
      assert.equal(readBack(conceptUri(path)), path);
    }),
  );
});

test("conceptPathOfPrefix: a malformed escape is a RangeError naming the URI", () => {
  assert.throws(() => conceptPathOfPrefix("drugs/%E0%A4%A"), {
    name: "RangeError",
    message: /stemedb:\/\/concepts\/drugs\/%E0%A4%A/,
  });
});
