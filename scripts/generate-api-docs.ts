/**
 * Writes docs/api.md from the OpenAPI document of the real application.
 * Usage: npm run docs:api (the test suite checks that the committed file is up to date).
 */
import { writeFileSync } from "node:fs";
import { renderApiReference } from "../test/support/api-reference.ts";

writeFileSync(new URL("../docs/api.md", import.meta.url), await renderApiReference());
process.stdout.write("docs/api.md written\n");
