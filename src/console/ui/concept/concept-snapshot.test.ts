import assert from "node:assert/strict";
import { test } from "node:test";
import { LENS_NAMES } from "../../../lens/candidate.ts";
import { CONSOLE_LENSES } from "./concept-snapshot.ts";

test("the concept page shows every lens the server has, in the spec's order", () => {
  assert.deepEqual(CONSOLE_LENSES, LENS_NAMES);
});
